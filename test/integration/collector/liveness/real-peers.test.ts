/**
 * The whole liveness pipeline (store, sweep, outbox, dispatcher) delivering through the real notifiers to real
 * peers: a real Alertmanager (firing, then resolved), an SMTP server (`smtp-server`: the French mail and the
 * back-online mail) and a webhook receiver that verifies the HMAC. The FakeClock runs a minute behind the wall
 * clock so Alertmanager, which uses its own clock, sees `startsAt`/`endsAt` in the past.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { livenessHarness, type Harness } from '../../../helpers/liveness-harness.ts';
import { parseMail } from '../../../helpers/smtp-sink.ts';
import { realNotifiers, useRealPeers, webhookVerified } from '../../../helpers/real-peers.ts';
import { has } from '../../../helpers/requirements.ts';

const SECRET = 'pipeline-secret-0123456789';
const UAI = '0860021F';

describe.skipIf(!has('alertmanager'))('liveness pipeline → real Alertmanager, SMTP server and webhook receiver', () => {
  let h: Harness;
  const peers = useRealPeers(() => h?.close());

  it('down (power loss, critical in the window) then back online reaches every channel, in French, signed', async () => {
    const { hook, amHook, am, smtp } = peers();
    const paris = DateTime.now().setZone('Europe/Paris');
    h = livenessHarness(
      { offlineAfter: '2s', windows: [`Bascule: ${paris.minus({ days: 1 }).toISODate()} → ${paris.toISODate()}`] },
      Date.now() - 60_000,
      {
        intervalSeconds: 1,
        notifiers: realNotifiers(peers(), SECRET),
      },
    );
    await h.enrol(UAI, 'scribe');
    await h.heartbeat(UAI, 'scribe');
    await h.run(3_000, 500);
    expect((await h.store.liveness.openOutage(1))?.cause).toBe('power_loss');

    // Alertmanager shows it firing with our labels and French summary
    const firing = (await am.alerts()).filter((a) => a.labels.uai === UAI);
    expect(firing).toHaveLength(1);
    expect(firing[0]!.status.state).toBe('active');
    expect(firing[0]!.labels).toMatchObject({ server: 'scribe', severity: 'critical', cause: 'power_loss' });
    expect(firing[0]!.annotations.summary).toContain('éteint');
    await amHook.waitFor((r) => (r.json() as { status: string }).status === 'firing', 10_000);

    // the webhook got a signed payload
    const down = await hook.waitFor(() => true, 5_000);
    expect(webhookVerified(down, SECRET, new Date())).toEqual({ ok: true });
    expect(down.json()).toMatchObject({ kind: 'down', cause: 'power_loss', severity: 'critical' });

    // the French mail
    const [mail] = await smtp.waitForMails(1, 5_000);
    const parsed = parseMail(mail!.raw);
    expect(parsed.headers.get('subject')).toContain('(coupure de courant ou plantage)');
    expect(parsed.text).toContain('Collège 0860021F');

    // back online (rebooted) → resolved everywhere, back-online mail
    await h.heartbeat(UAI, 'scribe', { bootTime: new Date(h.clock.now().getTime() - 1_000).toISOString() });
    await h.tick();
    await amHook.waitFor((r) => (r.json() as { status: string }).status === 'resolved', 15_000);
    const resolved = (await am.alerts()).filter((a) => a.labels.uai === UAI && a.status.state === 'active');
    expect(resolved).toHaveLength(0);
    expect((await hook.waitFor((r) => (r.json() as { kind: string }).kind === 'up', 5_000)).json()).toMatchObject({ kind: 'up', status: 'resolved' });
    const mails = await smtp.waitForMails(2, 5_000);
    expect(parseMail(mails[1]!.raw).headers.get('subject')).toContain('de nouveau en ligne');
    expect(await h.store.outbox.pendingCount()).toBe(0);
  }, 60_000);
});
