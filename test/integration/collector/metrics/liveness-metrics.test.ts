import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../shared/testing/fake-clock.ts';
import { enrolServer } from '../../../../collector/enrolment.ts';
import { registerLivenessMetrics } from '../../../../collector/metrics/liveness-metrics.ts';
import { openDatabase, type Db } from '../../../../collector/storage/database.ts';
import { createStore } from '../../../../collector/storage/store.ts';
import type { MaintenanceWindow } from '../../../../collector/domain/maintenance-windows.ts';

let db: Db;
afterEach(() => db.close());

const windows: MaintenanceWindow[] = [
  { name: 'Bascule 2025', from: '2025-07-05', to: '2025-09-12', timeZone: 'Europe/Paris', exceptions: [{ uai: '0170001J', exclude: true }] },
];

describe('maintenance window metrics', () => {
  it.each([
    { at: '2025-07-04T21:59:59Z', active: 0 },
    { at: '2025-07-04T22:00:00Z', active: 1 },
    { at: '2025-09-12T22:00:00Z', active: 0 },
  ])('at $at: active=$active for a school in the window, no series for an excluded school', async ({ at, active }) => {
    db = openDatabase(':memory:');
    const store = createStore(db);
    const clock = new FakeClock(at);
    await enrolServer(store, { uai: '0860021F', machine: 'scribe', name: 'Collège A' }, clock.now());
    await enrolServer(store, { uai: '0170001J', machine: 'scribe', name: 'Collège B' }, clock.now());
    const registry = new Registry();
    registerLivenessMetrics(registry, { store, clock, windows });
    const text = await registry.metrics();
    expect(text).toContain(`scribe_maintenance_window_active{uai="0860021F",server="scribe",window="Bascule 2025"} ${active}`);
    expect(text).not.toContain('scribe_maintenance_window_active{uai="0170001J"');
    expect(text).toContain(`scribe_maintenance_window_end_timestamp_seconds{window="Bascule 2025"} ${Date.parse('2025-09-12T22:00:00Z') / 1000}`);
    expect(text).toContain('scribe_server_state{uai="0170001J",server="scribe",state="unknown"} 1');
    expect(text).toContain('scribe_server_up{uai="0170001J",server="scribe"} 0');
  });
});
