/**
 * Acceptance of grouped notices against real peers: the liveness pipeline (FakeClock) delivers through the real
 * notifiers to a real SMTP server (`smtp-server`), the webhook receiver (HMAC verified) and a real Alertmanager.
 * 40 servers in 12 schools of 3 communes go silent within 20 s → one grouped e-mail and one grouped webhook,
 * then one grouped back-online of each; Alertmanager gets 40 alerts, then resolves the 40. The FakeClock runs ten
 * minutes behind the wall clock so Alertmanager, on its own clock, sees the instants in the past.
 */
import { describe, expect, it } from 'vitest';
import { toGroupingSettings } from '../../../../collector/config/grouping-config.ts';
import type { GroupedWebhookPayload } from '../../../../collector/notifiers/webhook-group-payload.ts';
import { INCIDENT_SERVERS, enrolFleet, fleetLookup, runFleet, silentWithin20s } from '../../../helpers/grouping-fleet.ts';
import { livenessHarness, type Harness } from '../../../helpers/liveness-harness.ts';
import { has } from '../../../helpers/requirements.ts';
import { parseMail } from '../../../helpers/smtp-sink.ts';
import { realNotifiers, useRealPeers, webhookVerified } from '../../../helpers/real-peers.ts';

const SECRET = 'grouping-secret-0123456789';
const S = 1000;
const incidentUais = new Set(INCIDENT_SERVERS.map((s) => s.uai));

describe.skipIf(!has('alertmanager'))('grouped notices → real SMTP server, webhook receiver and Alertmanager', () => {
  let h: Harness;
  const peers = useRealPeers(() => h?.close());

  async function activeAlerts(): Promise<number> {
    return (await peers().am.alerts()).filter((a) => incidentUais.has(a.labels.uai ?? '') && a.status.state === 'active').length;
  }

  it('40 servers / 12 schools / 3 communes down within 20 s: one e-mail, one webhook, 40 alerts; then one back-online each', async () => {
    const { hook, smtp } = peers();
    h = livenessHarness({ offlineAfter: '2s' }, Date.now() - 10 * 60_000, {
      intervalSeconds: 1,
      grouping: toGroupingSettings({ delaySeconds: 30, maxPerHourPerChannel: 20 }, fleetLookup),
      notifiers: realNotifiers(peers(), SECRET),
    });
    await enrolFleet(h);
    const incident = silentWithin20s(h.clock.now().getTime());
    await runFleet(h, 40 * S, incident);

    // Alertmanager: one alert per server
    expect(await activeAlerts()).toBe(40);
    // e-mail: one grouped mail listing every server with its cause
    expect(smtp.mails).toHaveLength(1);
    const mail = parseMail(smtp.mails[0]!.raw);
    expect(mail.headers.get('subject')).toMatch(/^\[Vigie\]\[avertissement\] 40 serveurs .* dans 3 communes \(Poitiers, Niort, Châtellerault\)$/);
    expect(mail.headers.get('x-vigie-event')).toBe('group');
    expect(mail.headers.get('x-vigie-group-size')).toBe('40');
    expect(mail.text).toContain('Poitiers (86) — 5 établissements, 19 serveurs');
    for (const s of INCIDENT_SERVERS) expect(mail.text).toContain(`(${s.uai})`);
    expect(mail.text).toMatch(/- scribe : (éteint|injoignable) depuis \d\d:\d\d \((coupure de courant ou plantage|coupure de tout l'établissement)\)/);
    // webhook: one signed grouped payload
    expect(hook.requests).toHaveLength(1);
    const down = hook.requests[0]!;
    expect(webhookVerified(down, SECRET, h.clock.now()).ok).toBe(true);
    expect([down.headers['x-vigie-event']].flat()[0]).toBe('group');
    const payload = down.json() as GroupedWebhookPayload;
    expect(payload).toMatchObject({ kind: 'group', event: 'down', status: 'firing', count: 40, servers: 40, schools: 12, scope: 'commune' });
    expect([down.headers['x-vigie-notification-id']].flat()[0]).toBe(payload.id);
    expect(payload.notices.map((n) => `${n.server.uai}/${n.server.machine}`).sort()).toEqual(INCIDENT_SERVERS.map((s) => `${s.uai}/${s.machine}`).sort());

    // every server comes back (rebooted): one grouped back-online mail and webhook, the 40 alerts resolved
    await runFleet(h, 40 * S, () => true, new Date(h.clock.now().getTime()).toISOString());
    const mails = await smtp.waitForMails(2, 5_000);
    expect(mails).toHaveLength(2);
    expect(parseMail(mails[1]!.raw).headers.get('subject')).toBe('[Vigie][rétabli] 40 serveurs de nouveau en ligne dans 3 communes (Poitiers, Niort, Châtellerault)');
    expect(hook.requests).toHaveLength(2);
    expect(webhookVerified(hook.requests[1]!, SECRET, h.clock.now()).ok).toBe(true);
    expect(hook.requests[1]!.json()).toMatchObject({ kind: 'group', event: 'up', status: 'resolved', count: 40 });
    expect(await activeAlerts()).toBe(0);
    expect((await h.store.outbox.deliveryStats()).filter((r) => r.channel === 'alertmanager')).toEqual([{ channel: 'alertmanager', status: 'sent', n: 80, retries: 0 }]);
    expect(await h.store.outbox.pendingCount()).toBe(0);
  }, 90_000);
});
