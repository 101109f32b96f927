// A private NUT instance for tests: the `dummy-ups` driver reading a `.dev` file and an `upsd` on a free
// 127.0.0.1 port, with their own configuration and state directories (NUT_CONFPATH, NUT_STATEPATH,
// NUT_ALTPIDPATH), so nothing of the machine's NUT is used or touched. The driver runs in `dummy-once` mode and
// re-reads the `.dev` file when its mtime changes: `setVariables` switches the UPS OL → OB → OB LB.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary, freePort, spawnDaemon, type Daemon } from './daemon-process.ts';
import { waitFor } from './processes.ts';

export interface NutInstance {
  /** The UPS as upsc names it: `dummy@127.0.0.1:<port>`. */
  readonly upsName: string;
  /** `127.0.0.1:<port>`, for `upsc -l`. */
  readonly host: string;
  /** Rewrites the `.dev` file (the driver notices within its 2 s poll) and waits until upsd serves the new status. */
  setVariables(vars: Readonly<Record<string, string>>): Promise<void>;
  /** What `upsc <ups>` prints now. */
  upsc(): string;
  stop(): Promise<void>;
}

const BASE: Readonly<Record<string, string>> = {
  'device.mfr': 'Eaton',
  'device.model': '5SC 1000i',
  'ups.mfr': 'Eaton',
  'ups.model': '5SC 1000i',
  'ups.load': '18',
  'battery.voltage': '27.3',
  'input.voltage': '230.0',
  'output.voltage': '230.0',
};

/** Debian keeps the real upsd and the drivers in /lib/nut (/usr/sbin/upsd is a wrapper reading /etc/nut/nut.conf). */
function nutBinary(name: string): string {
  const own = join('/lib/nut', name);
  const found = existsSync(own) ? own : findBinary(name);
  if (found === undefined) throw new Error(`${name} not found (Debian package nut-server)`);
  return found;
}

export async function startNut(initial: Readonly<Record<string, string>>): Promise<NutInstance> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-nut-'));
  const state = join(dir, 'state');
  mkdirSync(state, { mode: 0o770 });
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const upsName = `dummy@${host}`;
  const dev = join(dir, 'dummy.dev');
  const writeDev = (vars: Readonly<Record<string, string>>) =>
    writeFileSync(dev, Object.entries({ ...BASE, ...vars }).map(([k, v]) => `${k}: ${v}\n`).join(''));
  writeDev(initial);
  writeFileSync(join(dir, 'ups.conf'), `[dummy]\n  driver = dummy-ups\n  port = ${dev}\n  desc = "Vigie test UPS"\n`);
  writeFileSync(join(dir, 'upsd.conf'), `LISTEN 127.0.0.1 ${port}\n`, { mode: 0o640 });
  writeFileSync(join(dir, 'upsd.users'), '', { mode: 0o640 });
  writeFileSync(join(dir, 'nut.conf'), 'MODE=standalone\n');
  const env = { NUT_CONFPATH: dir, NUT_STATEPATH: state, NUT_ALTPIDPATH: state };
  const asRoot = process.getuid?.() === 0 ? ['-u', 'root'] : [];
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const daemons: Daemon[] = [];
  const upscBinary = findBinary('upsc') ?? '/usr/bin/upsc';
  const upsc = (): string => spawnSync(upscBinary, [upsName], { encoding: 'utf8', timeout: 2000 }).stdout ?? '';

  // `env` execs the daemon, so the pid spawnDaemon stops is the daemon's own.
  daemons.push(spawnDaemon('/usr/bin/env', [...envArgs, nutBinary('dummy-ups'), '-a', 'dummy', ...asRoot, '-D']));
  const socketReady = () => spawnSync('/bin/sh', ['-c', `ls ${state} | grep -q dummy-ups-dummy`]).status === 0;
  await waitFor('the dummy-ups driver socket', () => socketReady() || undefined, 10_000).catch((err: unknown) => {
    throw new Error(`${(err as Error).message}\n${daemons[0]!.output()}`);
  });
  daemons.push(spawnDaemon('/usr/bin/env', [...envArgs, nutBinary('upsd'), ...asRoot, '-D']));
  await waitFor('upsd to serve the dummy UPS', () => /ups\.status:/.test(upsc()) || undefined, 10_000).catch((err: unknown) => {
    throw new Error(`${(err as Error).message}\n${daemons.map((d) => d.output()).join('\n')}`);
  });

  return {
    upsName,
    host,
    upsc,
    async setVariables(vars) {
      writeDev(vars);
      const status = vars['ups.status'];
      if (status !== undefined) {
        await waitFor(`upsd to report ups.status ${status}`, () => upsc().includes(`ups.status: ${status}\n`) || undefined, 10_000);
      }
    },
    async stop() {
      for (const d of daemons.reverse()) await d.stop(2_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
