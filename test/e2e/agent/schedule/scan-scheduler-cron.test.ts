// The scheduler on the agent's real cron (agent/schedule/local-cron.ts; short real-time interval): a tick fires
// the scan, in an explicit zone.
import { describe, expect, it } from 'vitest';
import { createLocalCron } from '../../../../agent/schedule/local-cron.ts';
import { systemClock } from '../../../../shared/clock.ts';
import type { ScanOutcome } from '../../../../agent/schedule/scan-runner.ts';
import { createScanScheduler } from '../../../../agent/schedule/scan-scheduler.ts';

describe('scan scheduler with the local cron', () => {
  it('runs the scan on the cron tick after the host offset, and stops cleanly', async () => {
    const runs: number[] = [];
    const start = performance.now();
    const runner = { runOnce: (): Promise<ScanOutcome> => { runs.push(performance.now() - start); return Promise.resolve({ status: 'skipped', reason: 'already_running' }); }, abort: () => undefined };
    const s = createScanScheduler({ cron: createLocalCron(systemClock), runner, expression: '* * * * * *', timezone: 'Europe/Paris', offsetMs: 200 });
    s.start();
    await new Promise((r) => setTimeout(r, 2600));
    await s.stop();
    const after = runs.length;
    await new Promise((r) => setTimeout(r, 1200));
    expect(after).toBeGreaterThanOrEqual(1);
    expect(runs.length).toBe(after); // nothing after stop()
    expect(runs[0]).toBeGreaterThanOrEqual(200); // the offset is waited
  });
});
