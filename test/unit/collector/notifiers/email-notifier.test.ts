import { describe, expect, it } from 'vitest';
import { createEmailNotifier, mailThreadHeaders, messageIdDomain } from '../../../../collector/notifiers/email-notifier.ts';
import { isAppError } from '../../../../shared/errors.ts';
import { FakeClock } from '../../../../shared/testing/fake-clock.ts';
import { makeNotification } from '../../../helpers/notification-fixture.ts';

describe('messageIdDomain', () => {
  it.each([
    ['Vigie <vigie@ac-poitiers.fr>', 'ac-poitiers.fr'],
    ['vigie@ac-creteil.fr', 'ac-creteil.fr'],
    ['nobody', 'vigie.invalid'],
  ])('%s → %s', (from, expected) => {
    expect(messageIdDomain(from)).toBe(expected);
  });
});

describe('mailThreadHeaders', () => {
  const down = mailThreadHeaders(makeNotification({ kind: 'down', id: '1' }), 'ac-poitiers.fr');
  const reminder = mailThreadHeaders(makeNotification({ kind: 'reminder', id: '2' }), 'ac-poitiers.fr');
  const up = mailThreadHeaders(makeNotification({ kind: 'up', id: '3/x y' }), 'ac-poitiers.fr');
  const other = mailThreadHeaders(makeNotification({ kind: 'down', id: '4', since: new Date('2025-07-13T00:00:00Z') }), 'ac-poitiers.fr');

  it('gives the down mail the thread id and makes the others reply to it', () => {
    expect(down.messageId).toMatch(/^<vigie\.[0-9a-f]{24}@ac-poitiers\.fr>$/);
    expect(down.inReplyTo).toBeUndefined();
    expect(reminder.inReplyTo).toBe(down.messageId);
    expect(up.inReplyTo).toBe(down.messageId);
  });

  it('keeps ids unique per notification and valid', () => {
    expect(new Set([down.messageId, reminder.messageId, up.messageId]).size).toBe(3);
    expect(up.messageId).toMatch(/\.3_x_y@ac-poitiers\.fr>$/);
  });

  it('starts a new thread for another outage', () => {
    expect(other.messageId).not.toBe(down.messageId);
  });
});

describe('createEmailNotifier', () => {
  const clock = new FakeClock();
  const ok = { smtp: { host: 'smtp.example', port: 25 }, from: 'Vigie <vigie@ac-poitiers.fr>', to: ['dsi@ac-poitiers.fr'], clock };
  it.each<[string, Parameters<typeof createEmailNotifier>[0], string]>([
    ['no host', { ...ok, smtp: { port: 25 } }, 'smtp.host is invalid'],
    ['bad from', { ...ok, from: 'Vigie' }, 'from is invalid, expected an e-mail address'],
    ['no recipient', { ...ok, to: [] }, 'to is invalid, expected at least one address'],
    ['bad recipient', { ...ok, to: ['dsi@ac-poitiers.fr', 'pas une adresse'] }, "to[1] is invalid, expected an e-mail address (actual: 'pas une adresse')"],
    ['bad timeout', { ...ok, timeoutMs: Number.NaN }, 'timeoutMs is invalid'],
  ])('rejects %s with ERR_NOTIFY_CONFIG', (_name, options, fragment) => {
    let caught: unknown;
    try {
      createEmailNotifier(options);
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'ERR_NOTIFY_CONFIG')).toBe(true);
    expect((caught as Error).message).toContain(fragment);
  });

  it('accepts a valid configuration', () => {
    expect(createEmailNotifier(ok).channel).toBe('email');
  });
});
