/**
 * The UPS pipeline on a real SQLite store with a FakeClock: heartbeats carrying a UPS reading → episode →
 * « sur batterie » notice in the outbox → dispatcher → recording notifier; then silence → outage classed as a
 * power cut with the UPS battery exhausted. Heartbeat every 60 s, offline after 180 s.
 */
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { registerUpsMetrics } from '../../../../collector/metrics/ups-metrics.ts';
import { renderMailFr } from '../../../../collector/notifications/mail-fr.ts';
import { buildAlertmanagerAlert, DEFAULT_ALERT_NAMES } from '../../../../collector/notifiers/alertmanager-notifier.ts';
import { buildWebhookPayload } from '../../../../collector/notifiers/webhook-notifier.ts';
import type { UpsReading } from '../../../../shared/protocol/index.ts';
import { livenessHarness, type Harness } from '../../../helpers/liveness-harness.ts';

const S = 1000;
const M = 60 * S;
const UAI = '0860021F';
const WINDOW = { windows: ['Bascule 2025: 2025-07-05 → 2025-09-12'] };
const ONLINE: UpsReading = { name: 'eaton@localhost', status: ['OL'], onBattery: false, lowBattery: false, chargeRatio: 1, runtimeSeconds: 1920 };
const ON_BATTERY: UpsReading = { name: 'eaton@localhost', status: ['OB', 'DISCHRG'], onBattery: true, lowBattery: false, chargeRatio: 0.54, runtimeSeconds: 720 };
const LOW: UpsReading = { name: 'eaton@localhost', status: ['OB', 'LB'], onBattery: true, lowBattery: true, chargeRatio: 0.08, runtimeSeconds: 95 };

let h: Harness;
afterEach(() => h.close());

/** One heartbeat with `ups`, then a minute of sweeps. */
async function beat(ups: UpsReading | undefined): Promise<void> {
  await h.heartbeat(UAI, 'scribe', ups === undefined ? {} : { ups });
  await h.run(M, 10 * S);
}

describe('UPS on battery while the server still beats', () => {
  it('inside a window: « sur batterie » critical notice with charge and runtime, resolved back on line power', async () => {
    h = livenessHarness(WINDOW);
    const id = await h.enrol(UAI, 'scribe');
    await beat(ONLINE);
    await beat(ON_BATTERY);
    await beat(ON_BATTERY);
    await beat(LOW);
    expect(h.notifier.summary()).toEqual(['ups_on_battery power_loss critical']);
    const n = h.notifier.sent[0]!;
    expect(n.state).toBe('online');
    expect(n.ups).toMatchObject({ name: 'eaton@localhost', chargeRatio: 0.54, runtimeSeconds: 720 });
    expect(n.window?.name).toBe('Bascule 2025');
    const mail = renderMailFr(n);
    expect(mail.subject).toContain('sur batterie (charge 54 %, autonomie 12 min)');
    expect(mail.text).toContain('Serveur Scribe scribe — Collège 0860021F (0860021F) sur batterie (charge 54 %, autonomie 12 min) pendant la période de maintenance « Bascule 2025 »');
    const alert = buildAlertmanagerAlert(n, h.clock.now(), { alertNames: DEFAULT_ALERT_NAMES, firingTtlMs: 3_600_000, extraLabels: {} });
    expect(alert.labels).toEqual({ alertname: 'ScribeUpsOnBattery', severity: 'critical', uai: UAI, server: 'scribe', ups: 'eaton@localhost', academie: 'ac-poitiers' });
    expect(buildWebhookPayload(n)).toMatchObject({ kind: 'ups_on_battery', status: 'firing', ups: { name: 'eaton@localhost', chargeRatio: 0.54 } });

    const episode = (await h.store.ups.openEpisode(id))!;
    expect(episode.lowBatteryAtMs).not.toBeNull();
    await beat(ONLINE);
    expect(h.notifier.summary()).toEqual(['ups_on_battery power_loss critical', 'ups_on_mains power_loss critical']);
    const back = h.notifier.sent[1]!;
    expect(back.alertKey).toBe(n.alertKey);
    expect(renderMailFr(back).subject).toContain('de nouveau sur secteur');
    expect(buildWebhookPayload(back)).toMatchObject({ status: 'resolved', durationSeconds: 180 });
    const resolved = buildAlertmanagerAlert(back, h.clock.now(), { alertNames: DEFAULT_ALERT_NAMES, firingTtlMs: 3_600_000, extraLabels: {} });
    expect(resolved.labels).toEqual(alert.labels);
    expect(Date.parse(resolved.endsAt)).toBeLessThanOrEqual(h.clock.now().getTime());
    expect(await h.store.ups.openEpisode(id)).toBeUndefined();
    expect((await h.store.liveness.get(id))?.state).toBe('online');
  });

  it('outside every window: warning; with outsideWindow none or a silence: recorded, nothing sent (nor resolved)', async () => {
    h = livenessHarness({});
    await h.enrol(UAI, 'scribe');
    await beat(ON_BATTERY);
    await beat(ONLINE);
    expect(h.notifier.summary()).toEqual(['ups_on_battery power_loss warning', 'ups_on_mains power_loss warning']);
    await h.close();

    h = livenessHarness({ outsideWindow: 'none' });
    const id = await h.enrol(UAI, 'scribe');
    await beat(ON_BATTERY);
    await beat(ONLINE);
    expect(h.notifier.sent).toEqual([]);
    expect(await h.store.ups.episodesOf(id)).toHaveLength(1);
    await h.close();

    h = livenessHarness(WINDOW);
    await h.enrol(UAI, 'scribe');
    await h.store.silences.add({ uai: UAI, machine: 'scribe', startsAtMs: h.clock.now().getTime(), endsAtMs: h.clock.now().getTime() + 3_600_000, reason: 'travaux électriques', createdBy: 'test', createdAtMs: h.clock.now().getTime() });
    await beat(ON_BATTERY);
    await beat(ONLINE);
    expect(h.notifier.sent).toEqual([]);
  });

  it('a heartbeat without UPS reading neither opens nor closes an episode', async () => {
    h = livenessHarness(WINDOW);
    const id = await h.enrol(UAI, 'scribe');
    await beat(ON_BATTERY);
    await beat(undefined);
    expect(await h.store.ups.openEpisode(id)).toBeDefined();
    expect(h.notifier.summary()).toEqual(['ups_on_battery power_loss critical']);
  });
});

describe('silent after being on battery', () => {
  it('the outage is a power cut with the UPS battery exhausted, in the down notice too', async () => {
    h = livenessHarness(WINDOW);
    const id = await h.enrol(UAI, 'scribe');
    await beat(ON_BATTERY);
    await h.heartbeat(UAI, 'scribe', { ups: LOW });
    await h.run(4 * M);
    expect((await h.store.liveness.get(id))?.state).toBe('offline');
    const outage = (await h.store.liveness.openOutage(id))!;
    expect(outage).toMatchObject({ cause: 'power_loss', causeDetail: 'ups_exhausted', provisional: true });
    expect(h.notifier.summary()).toEqual(['ups_on_battery power_loss critical', 'down power_loss critical']);
    const down = h.notifier.sent[1]!;
    expect(down.causeDetail).toBe('ups_exhausted');
    const mail = renderMailFr(down);
    expect(mail.text).toContain("coupure de courant ou plantage — batterie de l'onduleur épuisée");
    expect(mail.text).toContain("Cause : Coupure de courant ou plantage — batterie de l'onduleur épuisée");
    expect(buildWebhookPayload(down)).toMatchObject({ cause: 'power_loss', causeDetail: 'ups_exhausted' });

    // Back after the power returns: new boot, UPS on line → the detail stays, the episode ends.
    await h.heartbeat(UAI, 'scribe', { bootTime: '2025-07-10T09:00:00.000Z', ups: ONLINE });
    await h.run(10 * S);
    expect((await h.store.liveness.outagesOf(id))[0]).toMatchObject({ cause: 'power_loss', causeDetail: 'ups_exhausted' });
    expect(await h.store.ups.openEpisode(id)).toBeUndefined();
    // `up` and `ups_on_mains` come from the same heartbeat and are delivered concurrently in one pass: either order.
    expect(h.notifier.summary().slice(0, 2)).toEqual(['ups_on_battery power_loss critical', 'down power_loss critical']);
    expect([...h.notifier.summary().slice(2)].sort()).toEqual(['up power_loss critical', 'ups_on_mains power_loss critical']);
  });

  it('no detail when the last heartbeat was on line power, and the detail goes when the server never stopped', async () => {
    h = livenessHarness(WINDOW);
    const id = await h.enrol(UAI, 'scribe');
    await beat(ONLINE);
    await h.run(4 * M);
    expect(await h.store.liveness.openOutage(id)).toMatchObject({ cause: 'power_loss', causeDetail: null });
    await h.close();

    h = livenessHarness(WINDOW);
    const id2 = await h.enrol(UAI, 'scribe');
    await beat(ON_BATTERY);
    await h.run(4 * M);
    expect((await h.store.liveness.openOutage(id2))?.causeDetail).toBe('ups_exhausted');
    await h.heartbeat(UAI, 'scribe', { ups: ON_BATTERY }); // same boot time: it never stopped (network gap)
    await h.run(10 * S);
    expect((await h.store.liveness.outagesOf(id2))[0]).toMatchObject({ cause: 'network', causeDetail: null });
  });
});

describe('UPS metrics', () => {
  it('exposes on battery, charge and runtime of the last reading, per server and UPS', async () => {
    h = livenessHarness(WINDOW);
    await h.enrol(UAI, 'scribe');
    await h.enrol(UAI, 'amon');
    const registry = new Registry();
    registerUpsMetrics(registry, { store: h.store });
    await h.heartbeat(UAI, 'scribe', { ups: ON_BATTERY });
    await h.heartbeat(UAI, 'amon');
    const text = await registry.metrics();
    const labels = `{uai="${UAI}",server="scribe",ups="eaton@localhost"}`;
    expect(text).toContain(`scribe_ups_on_battery${labels} 1`);
    expect(text).toContain(`scribe_ups_charge_ratio${labels} 0.54`);
    expect(text).toContain(`scribe_ups_runtime_seconds${labels} 720`);
    expect(text).not.toContain('server="amon"');
  });
});
