// `npm start` on a machine without EOLE: builds a small sample Scribe tree under ./var and has the real agent
// scan it once (`vigie-agent once --print --scan` with that tree as its rootDir), then pushes the report to
// the collector with this machine's token, so a newcomer's quota report is not empty.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateScribeTree } from './sample-tree.ts';

const run = promisify(execFile);

export interface SampleScanInput {
  /** Repository root (where bin/ is). */
  readonly repoRoot: string;
  /** Folder rebuilt for the sample tree (its `home/` is what the agent scans). */
  readonly treeRoot: string;
  readonly collectorUrl: string;
  readonly token: string;
  readonly uai: string;
  readonly machine: string;
  readonly now: Date;
}

/** Builds the tree, scans it, sends the report; resolves to the number of perso spaces found. */
export async function scanSampleTree(input: SampleScanInput): Promise<{ readonly persoSpaces: number }> {
  rmSync(input.treeRoot, { recursive: true, force: true });
  generateScribeTree(input.treeRoot, {
    now: input.now, seed: 2026, classes: ['6a', '5b', '4c', '3d'], options: ['latin', 'allemand'], pupilsPerClass: 5, teachers: 4, filesPerUser: 6,
  });
  const { stdout } = await run(process.execPath, [join(input.repoRoot, 'bin', 'vigie-agent.js'), 'once', '--print', '--scan'], {
    env: { ...process.env, VIGIE_ROOT_DIR: input.treeRoot, VIGIE_UAI: input.uai, VIGIE_MACHINE: input.machine, VIGIE_LOG_LEVEL: 'error' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const report = JSON.parse(stdout) as { spaces?: { spaces: { kind: string }[] } };
  const res = await fetch(`${input.collectorUrl}/api/v1/report`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${input.token}` },
    body: stdout,
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`the collector refused the sample report: ${res.status} ${await res.text()}`);
  return { persoSpaces: (report.spaces?.spaces ?? []).filter((s) => s.kind === 'perso').length };
}
