// Heartbeats keep arriving on time during a full scan: the walk runs in worker threads, so the main event loop
// (which sends the beats) stays free. A control walk on the main thread shows the measure catches blocking.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntryLstat } from '../../../../agent/probes/spaces/entry-lstat.ts';
import { WALKERS } from '../../../../agent/probes/spaces/walk-spaces.ts';
import { walkTask } from '../../../../agent/probes/spaces/walk-tree.ts';
import { ageCutoffs } from '../../../../agent/probes/spaces/walker-pool.ts';
import { toByteString } from '../../../../agent/probes/spaces/walk-stats.ts';
import { createScan } from '../../../../agent/schedule/create-scan.ts';
import { resolveScanConfig } from '../../../../agent/schedule/scan-config.ts';
import type { CommandRunner } from '../../../../agent/system/command-runner.ts';
import { systemClock } from '../../../../shared/clock.ts';
import { ReportSchema, type Report } from '../../../../shared/protocol/report.ts';
import { protocolError } from '../../../../shared/testing/validate-message.ts';
import { generateBulkTree, generateScribeTree } from '../../../helpers/tree-generator.ts';
import { readFixture } from '../../../helpers/fixtures.ts';

const NOW = new Date('2026-11-29T12:00:00Z');
const BEAT_MS = 100;
const CSV = readFixture('repquota', 'csv.txt');

/** A collector stand-in that records when each heartbeat arrives, and a sender beating every BEAT_MS. */
async function startBeats(): Promise<{ stop(): Promise<number[]>; server: Server }> {
  const arrivals: number[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.push(performance.now());
      res.end('{"status":"accepted"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const timer = setInterval(() => {
    void fetch(`http://127.0.0.1:${port}/api/v1/heartbeat`, { method: 'POST', body: '{}' }).then((r) => r.text()).catch(() => undefined);
  }, BEAT_MS);
  return {
    server,
    async stop() {
      clearInterval(timer);
      await new Promise((r) => setTimeout(r, 2 * BEAT_MS));
      await new Promise<void>((r) => server.close(() => r()));
      return arrivals;
    },
  };
}

const maxLateness = (arrivals: number[]): number =>
  Math.max(0, ...arrivals.slice(1).map((t, i) => t - (arrivals[i] as number) - BEAT_MS));

describe('heartbeats during a full scan', () => {
  let root: string;
  let files = 0;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'vigie-hb-'));
    generateScribeTree(root, { now: NOW, hostile: false, classes: ['3a', '3b', '4a', '4b'], pupilsPerClass: 10 });
    files = generateBulkTree(root, { users: 200, dirsPerUser: 20, filesPerDir: 40, now: NOW });
  }, 120_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }), 120_000);

  // Every walker: worker threads (node), or find processes whose output a worker thread parses (find).
  it.each(WALKERS)('keeps every beat within 150 ms of its time while the scan walks the whole tree (walker: %s)', async (walker) => {
    const commands: Pick<CommandRunner, 'run'> = {
      run: (_bin, args) => Promise.resolve({ stdout: args.includes('csv') ? CSV : args[0] === 'group' ? 'eleves:*:10002:\n' : 'root:x:0:0:root:/root:/bin/sh\n', stderr: '' }),
    };
    const delivered: Report[] = [];
    const scan = createScan({
      config: resolveScanConfig({ workers: 2, budgetSeconds: 600, walker }),
      rootDir: root, server: { uai: '0860021F', machine: 'scribe' }, agentVersion: 'test', clock: systemClock,
      commands, deliver: (r) => { delivered.push(r); return Promise.resolve(); },
    });
    const beats = await startBeats();
    await new Promise((r) => setTimeout(r, 5 * BEAT_MS));
    // Scans back to back for at least a second (a fast machine walks this tree in a few beats), at most 10.
    const t0 = performance.now();
    let outcome = await scan.runner.runOnce();
    for (let n = 1; n < 10 && performance.now() - t0 < 10 * BEAT_MS; n += 1) outcome = await scan.runner.runOnce();
    const scanMs = performance.now() - t0;
    const arrivals = await beats.stop();

    expect(outcome.status).toBe('done');
    const report = delivered[0];
    const walked = report?.spaces?.spaces.reduce((n, s) => n + s.files, 0) ?? 0;
    expect(walked).toBeGreaterThanOrEqual(files);
    expect(report?.spaces?.partial).toBe(false);
    expect(protocolError(ReportSchema, report)).toBeUndefined(); // what the collector's ingest route checks
    expect(scanMs).toBeGreaterThan(2.5 * BEAT_MS); // several beats fall inside the scan, so the measure means something
    const during = arrivals.filter((t) => t >= t0 && t <= t0 + scanMs).length;
    expect(during).toBeGreaterThanOrEqual(Math.floor(scanMs / BEAT_MS) - 2);
    process.stdout.write(`${walker}: scan ${Math.round(scanMs)} ms, ${during} beats during it, max lateness ${Math.round(maxLateness(arrivals))} ms\n`);
    expect(maxLateness(arrivals)).toBeLessThan(150);
  });

  it('control: the same walk on the main thread does delay the beats (the measure detects blocking)', async () => {
    const beats = await startBeats();
    await new Promise((r) => setTimeout(r, 5 * BEAT_MS));
    const t0 = performance.now();
    walkTask(
      { id: 0, space: 0, path: toByteString(join(root, 'home')), rel: '', dev: -1, depth: 0, splitLevels: 0, exclude: [] },
      { topN: 10, cut: ageCutoffs(NOW), lstat: createEntryLstat(), shouldStop: () => false },
    );
    const blockedMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 3 * BEAT_MS));
    const arrivals = await beats.stop();
    process.stdout.write(`control: main thread blocked ${Math.round(blockedMs)} ms, max lateness ${Math.round(maxLateness(arrivals))} ms\n`);
    expect(maxLateness(arrivals)).toBeGreaterThan(Math.min(blockedMs, 300) - BEAT_MS);
  });
});
