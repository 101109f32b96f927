import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeAgentRoot } from '../../helpers/processes.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('the bundled agent (what a Scribe server installs)', () => {
  it('builds with esbuild and runs under plain node', () => {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/build-agent.ts')], { cwd: ROOT });
    const out = execFileSync(process.execPath, [join(ROOT, 'dist/cli-entry.mjs'), 'once', '--print'], {
      env: { ...process.env, VIGIE_ROOT_DIR: makeAgentRoot({ uptimeSeconds: 1234 }) },
      encoding: 'utf8',
    });
    const hb = JSON.parse(out) as { server: { uai: string }; uptimeSeconds: number };
    expect(hb.server.uai).toBe('0860021F');
    expect(hb.uptimeSeconds).toBe(1234);

    // The nightly scan from the bundle: the walker's worker thread must load from dist/ too.
    const root = makeAgentRoot();
    mkdirSync(join(root, 'home/adhomes/prof1/perso'), { recursive: true });
    mkdirSync(join(root, 'home/p'), { recursive: true });
    symlinkSync(join(root, 'home/adhomes/prof1'), join(root, 'home/p/prof1'));
    writeFileSync(join(root, 'home/adhomes/prof1/perso/cours.odt'), Buffer.alloc(10_000, 1));
    const report = JSON.parse(
      execFileSync(process.execPath, [join(ROOT, 'dist/cli-entry.mjs'), 'once', '--print', '--scan'], {
        env: { ...process.env, VIGIE_ROOT_DIR: root, VIGIE_LOG_LEVEL: 'warn' },
        encoding: 'utf8',
      }),
    ) as { probes: { probe: string; ok: boolean }[]; spaces: { spaces: { kind: string; name: string; apparentBytes: number }[] } };
    expect(report.probes.find((p) => p.probe === 'spaces')?.ok).toBe(true);
    // Like `du -sb`, the folder itself counts in the apparent size.
    expect(report.spaces.spaces).toContainEqual(expect.objectContaining({ kind: 'perso', name: 'prof1', files: 1, apparentBytes: 10_000 + 4096 }));
  });
});
