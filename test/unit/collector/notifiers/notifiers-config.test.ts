import { describe, expect, it } from 'vitest';
import { NotifiersConfigSchema, createNotifiers } from '../../../../collector/notifiers/notifiers-config.ts';
import type { NotifiersConfig } from '../../../../collector/notifiers/notifiers-config.ts';
import { validateConfig } from '../../../../shared/config/validate.ts';
import { isAppError } from '../../../../shared/errors.ts';
import { FakeClock } from '../../../../shared/testing/fake-clock.ts';

const clock = new FakeClock();
const files: Record<string, string> = { '/etc/vigie/webhook.secret': 'a-secret-from-a-file-0123\n', '/etc/vigie/smtp.pass': 'p4ss' };
const readFile = (p: string): string => {
  const content = files[p];
  if (content === undefined) throw new Error(`ENOENT: no such file, open '${p}'`);
  return content;
};
const deps = { clock, reminderEveryMs: 4 * 3_600_000, readFile };

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('NotifiersConfigSchema', () => {
  it('defaults to no channel (and the grouping defaults)', () => {
    expect(validateConfig(NotifiersConfigSchema, undefined, 'test')).toEqual({ grouping: { delaySeconds: 30, maxPerHourPerChannel: 20 } });
  });

  it.each([
    ['an Alertmanager without URL', { alertmanager: { urls: [] } }, 'alertmanager.urls is invalid'],
    ['a non-http webhook URL', { webhook: { url: 'ftp://x', secret: 'x'.repeat(16) } }, 'webhook.url is invalid'],
    ['a short inline secret', { webhook: { url: 'http://x', secret: 'short' } }, 'webhook.secret is invalid'],
    ['an unknown key', { email: { from: 'a@b.fr', to: ['c@d.fr'], smtp: { host: 'h', pasword: 'typo' } } }, 'email.smtp.pasword is invalid'],
    ['a bad label name', { alertmanager: { urls: ['http://am'], extraLabels: { 'a-b': 'x' } } }, 'alertmanager.extraLabels'],
  ])('rejects %s', (_name, raw, fragment) => {
    const err = thrown(() => validateConfig(NotifiersConfigSchema, raw, 'collector.yaml'));
    expect(isAppError(err, 'ERR_CONFIG_INVALID')).toBe(true);
    expect((err as Error).message).toContain(fragment);
  });
});

describe('createNotifiers', () => {
  it('builds one notifier per configured channel', () => {
    const config: NotifiersConfig = {
      alertmanager: { urls: ['http://127.0.0.1:9093'], timeout: '5s' },
      webhook: { url: 'https://hooks.example/vigie', secretFile: '/etc/vigie/webhook.secret' },
      email: { from: 'Vigie <vigie@ac-poitiers.fr>', to: ['dsi@ac-poitiers.fr'], smtp: { host: 'smtp.example', port: 587, user: 'vigie', passwordFile: '/etc/vigie/smtp.pass' } },
    };
    expect(createNotifiers(config, deps).map((n) => n.channel)).toEqual(['alertmanager', 'webhook', 'email']);
  });

  it('builds nothing without configuration', () => {
    expect(createNotifiers({}, deps)).toEqual([]);
  });

  it.each<[string, NotifiersConfig, string]>([
    ['a missing webhook secret', { webhook: { url: 'http://x' } }, 'webhook.secret is missing'],
    ['both secret and secretFile', { webhook: { url: 'http://x', secret: 'x'.repeat(16), secretFile: '/etc/vigie/webhook.secret' } }, 'are both set'],
    ['an unreadable secret file', { webhook: { url: 'http://x', secretFile: '/nope' } }, "webhook.secretFile '/nope' cannot be read (ENOENT"],
    ['a zero duration', { alertmanager: { urls: ['http://am'], firingTtl: '0s' } }, 'alertmanager.firingTtl is invalid'],
    ['a short secret from a file', { webhook: { url: 'http://x', secretFile: '/etc/vigie/smtp.pass' } }, 'secret is invalid, expected at least 16 characters'],
  ])('rejects %s with ERR_NOTIFY_CONFIG', (_name, config, fragment) => {
    const err = thrown(() => createNotifiers(config, deps));
    expect(isAppError(err, 'ERR_NOTIFY_CONFIG')).toBe(true);
    expect((err as Error).message).toContain(fragment);
  });
});
