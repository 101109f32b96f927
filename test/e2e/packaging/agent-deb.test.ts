// The Debian package as a Scribe server gets it (npm run package:agent): extracted into a temporary root, its
// /usr/bin/vigie-agent runs with no node reachable (env -i, a PATH holding only what its start script uses)
// and prints a valid heartbeat, and a scan whose walker workers load from the package; the EOLE files are where Creole,
// reconfigure and diagnose look for them; lintian finds no error.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedAgentPackage, EOLE_FILES, requiredGlibc, type AgentPackage } from '../../../scripts/lib/agent-package.ts';
import { HeartbeatSchema } from '../../../shared/protocol/heartbeat.ts';
import { makeAgentRoot } from '../../helpers/processes.ts';
import { has } from '../../helpers/requirements.ts';


/** Runs the extracted /usr/bin/vigie-agent with an empty environment: no node on PATH, only sh's helpers. */
function runPackaged(root: string, args: string[], env: Record<string, string>): string {
  const bin = mkdtempSync(join(tmpdir(), 'vigie-path-'));
  for (const tool of ['dirname', 'readlink']) symlinkSync(execFileSync('/bin/sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(bin, tool));
  return execFileSync('/usr/bin/env', ['-i', `PATH=${bin}`, ...Object.entries(env).map(([k, v]) => `${k}=${v}`), join(root, 'usr/bin/vigie-agent'), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe.skipIf(!has('dpkgDeb', 'lintian', 'strip', 'readelf'))('the vigie-agent Debian package', () => {
  let pkg: AgentPackage;
  let root: string;
  beforeAll(async () => {
    pkg = await cachedAgentPackage();
    root = mkdtempSync(join(tmpdir(), 'vigie-deb-'));
    execFileSync('dpkg-deb', ['-x', pkg.deb, root]);
  }, 120_000);

  it('holds the agent, its runtime, the unit, the configuration as a conffile and the maintainer scripts', () => {
    expect(pkg.deb).toMatch(/\/vigie-agent_\d+\.\d+\.\d+_amd64\.deb$/);
    for (const f of ['usr/bin/vigie-agent', 'usr/lib/vigie-agent/node', 'usr/lib/vigie-agent/vigie-agent.mjs', 'lib/systemd/system/vigie-agent.service',
      'etc/vigie/agent.yaml', 'usr/share/doc/vigie-agent/copyright', 'usr/share/doc/vigie-agent/changelog.gz']) {
      expect(existsSync(join(root, f)), f).toBe(true);
    }
    expect(execFileSync('dpkg-deb', ['-f', pkg.deb, 'Package', 'Architecture'], { encoding: 'utf8' })).toBe('Package: vigie-agent\nArchitecture: amd64\n');
    const control = mkdtempSync(join(tmpdir(), 'vigie-deb-control-'));
    execFileSync('dpkg-deb', ['-e', pkg.deb, control]);
    expect(readFileSync(join(control, 'conffiles'), 'utf8')).toBe('/etc/vigie/agent.yaml\n');
    expect(readFileSync(join(control, 'postinst'), 'utf8')).toMatch(/adduser --system --group .*vigie/);
    expect(readFileSync(join(control, 'prerm'), 'utf8')).toMatch(/deb-systemd-invoke stop vigie-agent\.service/);
    for (const script of ['postinst', 'prerm', 'postrm']) execFileSync('/bin/sh', ['-n', join(control, script)]);
    // The EOLE files, where Creole, reconfigure and diagnose look for them.
    for (const f of EOLE_FILES) expect(statSync(join(root, f.to)).mode & 0o777, f.to).toBe(f.mode);
    // Scribe 2.8 is Ubuntu 20.04: glibc 2.31.
    const [major, minor] = requiredGlibc(join(root, 'usr/lib/vigie-agent/node')).split('.').map(Number);
    expect(major! * 100 + minor!).toBeLessThanOrEqual(231);
  });

  it('runs `once --print` with no node reachable and prints a valid heartbeat', () => {
    expect(() => execFileSync('/bin/sh', ['-c', 'command -v node'], { env: { PATH: '/nonexistent' } })).toThrow();
    const out = runPackaged(root, ['once', '--print'], { VIGIE_ROOT_DIR: makeAgentRoot({ uptimeSeconds: 4321 }) });
    const hb: unknown = JSON.parse(out);
    // Validated as the collector does (ajv with formats, e.g. date-time).
    const validate = ajvFormats.default(new Ajv({ allErrors: true, strict: false })).compile(HeartbeatSchema);
    expect(validate(hb) ? [] : validate.errors).toEqual([]);
    expect(hb).toMatchObject({ server: { uai: '0860021F' }, uptimeSeconds: 4321 });
  });

  it('runs a scan whose walker workers load from the package', () => {
    const fake = makeAgentRoot();
    mkdirSync(join(fake, 'home/adhomes/prof1/perso'), { recursive: true });
    mkdirSync(join(fake, 'home/p'), { recursive: true });
    symlinkSync(join(fake, 'home/adhomes/prof1'), join(fake, 'home/p/prof1'));
    writeFileSync(join(fake, 'home/adhomes/prof1/perso/cours.odt'), Buffer.alloc(10_000, 1));
    const report = JSON.parse(runPackaged(root, ['once', '--print', '--scan'], { VIGIE_ROOT_DIR: fake, VIGIE_LOG_LEVEL: 'warn' })) as {
      probes: { probe: string; ok: boolean }[];
      spaces: { spaces: { kind: string; name: string; files: number }[] };
    };
    expect(report.probes.find((p) => p.probe === 'spaces')?.ok).toBe(true);
    expect(report.spaces.spaces).toContainEqual(expect.objectContaining({ kind: 'perso', name: 'prof1', files: 1 }));
  });

  it('passes lintian with no error', async () => {
    const { stdout } = await promisify(execFile)('lintian', ['--tag-display-limit', '0', pkg.deb], { encoding: 'utf8', maxBuffer: 16 << 20 }).catch(
      (err: { stdout?: string; stderr?: string }) => ({ stdout: `${err.stdout ?? ''}${err.stderr ?? ''}` }),
    );
    process.stdout.write(`lintian ${pkg.deb}:\n${stdout}`);
    expect(stdout.split('\n').filter((l) => l.startsWith('E:'))).toEqual([]);
  }, 180_000);
});
