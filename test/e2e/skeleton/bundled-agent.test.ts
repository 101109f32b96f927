import { execFileSync } from 'node:child_process';
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
  });
});
