// Runs one scan at a time: builds the report and hands it to `deliver` (the agent's sender). A second call while
// a scan runs is skipped and counted, never queued (OTel's `_ongoingExportPromise` idea).
import type { Report } from '../../shared/protocol/report.ts';
import { buildReport, type BuildReportDeps } from './build-report.ts';

export type ScanOutcome =
  | { status: 'done'; report: Report; delivered: unknown }
  | { status: 'skipped'; reason: 'already_running' };

export interface ScanRunnerDeps extends Omit<BuildReportDeps, 'signal'> {
  /** Sends the report (e.g. `(r) => sender.send('report', r)`); its result is returned in the outcome. */
  deliver?: (report: Report) => Promise<unknown>;
}

export interface ScanRunner {
  runOnce(): Promise<ScanOutcome>;
  isRunning(): boolean;
  /** Stops the running scan early (its figures are kept and flagged partial). */
  abort(): void;
  stats(): { runs: number; skipped: number };
}

export function createScanRunner(deps: ScanRunnerDeps): ScanRunner {
  let current: AbortController | undefined;
  let runs = 0;
  let skipped = 0;
  return {
    async runOnce() {
      if (current !== undefined) {
        skipped += 1;
        return { status: 'skipped', reason: 'already_running' };
      }
      const controller = new AbortController();
      current = controller;
      runs += 1;
      try {
        const report = await buildReport({ ...deps, signal: controller.signal });
        const delivered = deps.deliver ? await deps.deliver(report) : undefined;
        return { status: 'done', report, delivered };
      } finally {
        current = undefined;
      }
    },
    isRunning: () => current !== undefined,
    abort: () => current?.abort(),
    stats: () => ({ runs, skipped }),
  };
}
