/**
 * A `shutdown` event the agent spooled while the network was already gone reaches the collector at the next
 * boot, just before `startup`. The outage is still an announced shutdown, timed by the event's own `at`.
 * Real SQLite store, FakeClock; heartbeat every 60 s, offline after 180 s.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BOOT, livenessHarness, type Harness } from '../../../helpers/liveness-harness.ts';

const S = 1000;
const M = 60 * S;
const UAI = '0860021F';
const NEW_BOOT = '2025-07-10T09:00:00.000Z';
let h: Harness;
afterEach(() => h.close());

async function healthyThenSilent(): Promise<{ stoppedAt: string; id: number }> {
  h = livenessHarness({ windows: ['Bascule 2025: 2025-07-05 → 2025-09-12'] });
  const id = await h.enrol(UAI, 'scribe');
  await h.heartbeat(UAI, 'scribe');
  await h.run(60 * S);
  await h.heartbeat(UAI, 'scribe');
  await h.run(20 * S);
  return { stoppedAt: h.clock.now().toISOString(), id }; // SIGTERM here: the event cannot be sent
}

describe('a shutdown event delivered at the next boot', () => {
  it('quick reboot (back before the offline delay): the outage is announced and starts at the event time', async () => {
    const { stoppedAt, id } = await healthyThenSilent();
    await h.run(100 * S); // late, not yet offline
    expect((await h.store.liveness.get(id))?.state).toBe('late');
    await h.event(UAI, 'scribe', 'shutdown', BOOT, stoppedAt);
    await h.event(UAI, 'scribe', 'startup', NEW_BOOT);
    await h.tick();
    const [outage, ...more] = await h.store.liveness.outagesOf(id);
    expect(more).toEqual([]);
    expect(outage).toMatchObject({ cause: 'shutdown', startedAtMs: Date.parse(stoppedAt), endedAtMs: h.clock.now().getTime(), rebooted: true });
    expect((await h.store.liveness.get(id))?.state).toBe('online');
    expect(h.notifier.sent).toHaveLength(0);
  });

  it('long stop (judged offline meanwhile): the provisional power loss becomes an announced shutdown', async () => {
    const { stoppedAt, id } = await healthyThenSilent();
    await h.run(15 * M);
    expect((await h.store.liveness.get(id))?.state).toBe('offline');
    await h.event(UAI, 'scribe', 'shutdown', BOOT, stoppedAt);
    await h.event(UAI, 'scribe', 'startup', NEW_BOOT);
    await h.tick();
    const outages = await h.store.liveness.outagesOf(id);
    expect(outages).toHaveLength(1);
    expect(outages[0]).toMatchObject({ cause: 'shutdown', provisional: false, rebooted: true });
    expect((await h.store.liveness.transitionsOf(id)).map((t) => `${t.from}→${t.to}`)).toEqual(['unknown→online', 'online→late', 'late→offline', 'offline→shutdown', 'shutdown→online']);
  });

  it('a shutdown time later than its arrival (agent clock ahead) is clamped to the reception time', async () => {
    const { id } = await healthyThenSilent();
    const now = h.clock.now().getTime();
    await h.event(UAI, 'scribe', 'shutdown', BOOT, new Date(now + 10 * M).toISOString());
    expect(await h.store.liveness.get(id)).toMatchObject({ state: 'shutdown', stateSinceMs: now });
  });
});
