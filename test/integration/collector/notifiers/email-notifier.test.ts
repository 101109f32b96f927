// The e-mail notifier against a real SMTP server (smtp-server): the French down mail and the back-online mail
// arrive with their headers; SMTP refusals are classified retryable (4xx) or permanent (5xx).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmailNotifier } from '../../../../collector/notifiers/email-notifier.ts';
import { FakeClock } from '../../../../shared/testing/fake-clock.ts';
import { freePort } from '../../../helpers/daemon-process.ts';
import { makeNotification } from '../../../helpers/notification-fixture.ts';
import { parseMail, startSmtpSink } from '../../../helpers/smtp-sink.ts';
import type { SmtpSink } from '../../../helpers/smtp-sink.ts';

const clock = new FakeClock('2025-07-12T12:02:03Z');

describe('e-mail notifier with a real SMTP server', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });
  beforeEach(() => {
    sink.rejectRecipient(() => undefined);
    sink.rejectData(undefined);
  });

  const notifier = (to: string[] = ['dsi@ac-poitiers.fr', 'astreinte@ac-poitiers.fr']): ReturnType<typeof createEmailNotifier> =>
    createEmailNotifier({ smtp: { host: sink.host, port: sink.port }, from: 'Vigie <vigie@ac-poitiers.fr>', to, clock, timeoutMs: 5_000 });

  it('delivers the French down mail, then the back-online mail in the same thread', async () => {
    const before = sink.mails.length;
    const since = new Date('2025-07-12T12:02:00Z');
    expect(await notifier().send(makeNotification({ id: 'outbox-11', kind: 'down', cause: 'power_loss', since }))).toEqual({ status: 'sent' });
    expect(
      await notifier().send(
        makeNotification({ id: 'outbox-12', kind: 'up', state: 'online', since, at: new Date('2025-07-12T14:16:11Z'), endedAt: new Date('2025-07-12T14:16:10Z') }),
      ),
    ).toEqual({ status: 'sent' });
    const [downMail, upMail] = (await sink.waitForMails(before + 2)).slice(before);

    expect(downMail?.from).toBe('vigie@ac-poitiers.fr');
    expect(downMail?.to).toEqual(['dsi@ac-poitiers.fr', 'astreinte@ac-poitiers.fr']);
    const down = parseMail(downMail?.raw ?? '');
    expect(down.headers.get('subject')).toBe('[Vigie][critique] scribe — Collège Jean Moulin (0860021F) éteint (coupure de courant ou plantage)');
    expect(down.headers.get('from')).toBe('Vigie <vigie@ac-poitiers.fr>');
    expect(down.headers.get('auto-submitted')).toBe('auto-generated');
    expect(down.headers.get('x-vigie-notification-id')).toBe('outbox-11');
    expect(down.headers.get('x-vigie-event')).toBe('down');
    expect(down.headers.get('importance')).toBe('high');
    expect(down.headers.get('date')).toBe('Sat, 12 Jul 2025 12:02:03 +0000');
    expect(down.text).toContain(
      'Serveur Scribe scribe — Collège Jean Moulin (0860021F) éteint pendant la période de maintenance « Bascule 2025 » depuis 14:02 (coupure de courant ou plantage)',
    );
    expect(down.text).toContain("Début de l'interruption : samedi 12 juillet 2025 à 14:02 (Europe/Paris)");
    expect(down.html).toContain('<html lang="fr">');
    expect(down.html).toContain('Collège Jean Moulin');

    const up = parseMail(upMail?.raw ?? '');
    expect(up.headers.get('subject')).toBe('[Vigie][rétabli] scribe — Collège Jean Moulin (0860021F) de nouveau en ligne');
    expect(up.text).toContain("de nouveau en ligne après 2 h 14 min d'interruption");
    expect(up.text).toContain('Retour en ligne : samedi 12 juillet 2025 à 16:16 (Europe/Paris)');
    expect(up.headers.get('importance')).toBeUndefined();
    expect(up.headers.get('in-reply-to')).toBe(down.headers.get('message-id'));
    expect(up.headers.get('references')).toBe(down.headers.get('message-id'));
  });

  it('counts a mail accepted for some recipients as sent', async () => {
    sink.rejectRecipient((address) => (address.startsWith('parti') ? { code: 550, message: 'No such user' } : undefined));
    expect(await notifier(['parti@ac-poitiers.fr', 'dsi@ac-poitiers.fr']).send(makeNotification())).toEqual({ status: 'sent' });
  });

  it.each([
    ['every recipient refused with 550 → failed', { rcpt: { code: 550, message: 'No such user' } }, 'failed'],
    ['every recipient refused with 450 → retryable', { rcpt: { code: 450, message: 'Mailbox busy' } }, 'retryable'],
    ['DATA refused with 451 → retryable', { data: { code: 451, message: 'Local error, try later' } }, 'retryable'],
    ['DATA refused with 554 → failed', { data: { code: 554, message: 'Transaction failed' } }, 'failed'],
  ] as const)('%s', async (_name, refusal, expected) => {
    if ('rcpt' in refusal) sink.rejectRecipient(() => refusal.rcpt);
    if ('data' in refusal) sink.rejectData(refusal.data);
    const result = await notifier().send(makeNotification());
    expect(result.status).toBe(expected);
    expect(result.status !== 'sent' && result.error).toMatch(new RegExp(`^SMTP 127\\.0\\.0\\.1:${sink.port}: `));
  });

  it('a relay that is down is retryable', async () => {
    const port = await freePort();
    const result = await createEmailNotifier({ smtp: { host: '127.0.0.1', port }, from: 'vigie@ac-poitiers.fr', to: ['dsi@ac-poitiers.fr'], clock, timeoutMs: 2_000 }).send(
      makeNotification(),
    );
    expect(result.status).toBe('retryable');
    expect(result.status === 'retryable' && result.error).toContain('ECONNREFUSED');
  });
});
