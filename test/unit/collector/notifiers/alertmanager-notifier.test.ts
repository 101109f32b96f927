import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ALERT_NAMES,
  buildAlertmanagerAlert,
  combineResults,
  createAlertmanagerNotifier,
} from '../../../../collector/notifiers/alertmanager-notifier.ts';
import type { AlertShape } from '../../../../collector/notifiers/alertmanager-notifier.ts';
import type { NotifyResult } from '../../../../collector/notifiers/notifier.ts';
import { isAppError } from '../../../../shared/errors.ts';
import { FakeClock } from '../../../../shared/testing/fake-clock.ts';
import { makeNotification } from '../../../helpers/notification-fixture.ts';

const shape: AlertShape = { alertNames: DEFAULT_ALERT_NAMES, firingTtlMs: 3_600_000, extraLabels: { source: 'vigie' } };
const now = new Date('2025-07-12T12:05:00Z');

describe('buildAlertmanagerAlert', () => {
  it('labels a firing alert with its identity and keeps it alive for firingTtlMs', () => {
    const alert = buildAlertmanagerAlert(makeNotification({ kind: 'down' }), now, shape);
    expect(alert.labels).toEqual({
      source: 'vigie',
      alertname: 'ScribeServerOffDuringMaintenanceWindow',
      severity: 'critical',
      uai: '0860021F',
      server: 'scribe',
      academie: 'Poitiers',
      cause: 'power_loss',
      window: 'Bascule 2025',
    });
    expect(alert.startsAt).toBe('2025-07-12T12:02:00.000Z');
    expect(alert.endsAt).toBe('2025-07-12T13:05:00.000Z');
    expect(alert.generatorURL).toBe('http://collecteur.example/api/v1/servers/0860021F/scribe');
    expect(alert.annotations.summary).toContain('éteint pendant la période de maintenance « Bascule 2025 » depuis 14:02');
    expect(alert.annotations.description).toContain('Cause : Coupure de courant ou plantage');
    expect(alert.annotations).toMatchObject({ etablissement: 'Collège Jean Moulin', notification_id: 'outbox-1', kind: 'down' });
  });

  it.each([
    ['resolves at the return instant', '2025-07-12T12:04:00Z', '2025-07-12T12:04:00.000Z'],
    ['never resolves in the future (clock skew)', '2025-07-12T12:09:00Z', '2025-07-12T12:05:00.000Z'],
  ])('kind up %s', (_name, endedAt, expectedEnd) => {
    const alert = buildAlertmanagerAlert(makeNotification({ kind: 'up', state: 'online', endedAt: new Date(endedAt) }), now, shape);
    expect(alert.endsAt).toBe(expectedEnd);
    expect(alert.startsAt).toBe('2025-07-12T12:02:00.000Z');
  });

  it('keeps the labels the down notification announced when the cause was refined since', () => {
    const up = makeNotification({
      kind: 'up',
      state: 'online',
      cause: 'network',
      severity: 'warning',
      window: undefined,
      announced: { cause: 'power_loss', severity: 'critical', windowName: 'Bascule 2025' },
    });
    const alert = buildAlertmanagerAlert(up, now, shape);
    expect(alert.labels).toMatchObject({ cause: 'power_loss', severity: 'critical', window: 'Bascule 2025' });
    expect(alert.annotations.summary).toContain('(coupure réseau ou collecteur (resté sous tension))');
  });

  it('omits the window and academie labels when there are none', () => {
    const alert = buildAlertmanagerAlert(
      makeNotification({ window: undefined, server: { academie: undefined }, generatorUrl: undefined }),
      now,
      shape,
    );
    expect(alert.labels).not.toHaveProperty('window');
    expect(alert.labels).not.toHaveProperty('academie');
    expect(alert.labels.alertname).toBe('ScribeServerOffline');
    expect(alert).not.toHaveProperty('generatorURL');
  });

  it('announced without a window means no window label even if the server is now in one', () => {
    const alert = buildAlertmanagerAlert(
      makeNotification({ kind: 'reminder', announced: { cause: 'power_loss', severity: 'warning' } }),
      now,
      shape,
    );
    expect(alert.labels).not.toHaveProperty('window');
    expect(alert.labels).toMatchObject({ severity: 'warning', alertname: 'ScribeServerOffline' });
  });

  it('drops a generatorURL that is not a URL', () => {
    expect(buildAlertmanagerAlert(makeNotification({ generatorUrl: '/relative' }), now, shape)).not.toHaveProperty('generatorURL');
  });

  it('identity labels cannot be overridden by extra labels', () => {
    const alert = buildAlertmanagerAlert(makeNotification(), now, { ...shape, extraLabels: { severity: 'info', uai: 'x' } });
    expect(alert.labels).toMatchObject({ severity: 'critical', uai: '0860021F' });
  });
});

describe('combineResults', () => {
  it.each<[string, NotifyResult[], NotifyResult]>([
    ['one sent wins', [{ status: 'failed', error: 'a' }, { status: 'sent' }], { status: 'sent' }],
    [
      'retryable beats failed, shortest Retry-After',
      [{ status: 'failed', error: 'a' }, { status: 'retryable', error: 'b', retryInMs: 9 }, { status: 'retryable', error: 'c', retryInMs: 4 }],
      { status: 'retryable', error: 'a; b; c', retryInMs: 4 },
    ],
    ['retryable without delay', [{ status: 'retryable', error: 'b' }], { status: 'retryable', error: 'b' }],
    ['all failed', [{ status: 'failed', error: 'a' }, { status: 'failed', error: 'b' }], { status: 'failed', error: 'a; b' }],
  ])('%s', (_name, results, expected) => {
    expect(combineResults(results)).toEqual(expected);
  });
});

describe('createAlertmanagerNotifier', () => {
  const clock = new FakeClock();
  it.each<[string, Parameters<typeof createAlertmanagerNotifier>[0], string]>([
    ['bad URL', { url: 'not a url', clock }, 'url is invalid'],
    ['non-http URL', { url: 'ftp://am:21', clock }, 'url is invalid'],
    ['no URL', { url: [], clock }, 'expected at least one URL'],
    ['bad label name', { url: 'http://am:9093', clock, extraLabels: { 'bad-name': 'x' } }, 'extraLabels is invalid'],
    ['bad alert name', { url: 'http://am:9093', clock, alertNames: { inWindow: 'Serveur éteint', outsideWindow: 'X' } }, 'alertNames.inWindow is invalid'],
    ['zero TTL', { url: 'http://am:9093', clock, firingTtlMs: 0 }, 'firingTtlMs is invalid'],
    ['negative timeout', { url: 'http://am:9093', clock, timeoutMs: -1 }, 'timeoutMs is invalid'],
  ])('rejects %s with ERR_NOTIFY_CONFIG', (_name, options, fragment) => {
    let caught: unknown;
    try {
      createAlertmanagerNotifier(options);
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'ERR_NOTIFY_CONFIG')).toBe(true);
    expect((caught as Error).message).toContain(fragment);
  });
});
