import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { scrape, waitFor } from '../../helpers/processes.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
    srv.on('error', fail);
  });
}

/** On failure, stop the children `npm start` recorded, so no collector outlives the test. */
function killLeftovers(dir: string): void {
  for (const pid of readFileSync(join(dir, 'pids'), 'utf8').split('\n').map(Number).filter(Boolean)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

describe('npm start', () => {
  it('shows this machine in /metrics within 15 s, fills the quota report from a sample scan without EOLE, and stops both processes on Ctrl-C', async () => {
    const port = await freePort();
    const started = performance.now();
    const dir = mkdtempSync(join(tmpdir(), 'vigie-start-'));
    const child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: { ...process.env, VIGIE_START_DIR: dir, VIGIE_START_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const lines: string[] = [];
    createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
    createInterface({ input: child.stderr! }).on('line', (l) => lines.push(l));
    const exited = new Promise<string>((done) => child.once('exit', (code, signal) => done(String(signal ?? code))));
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitFor('scribe_server_uptime_seconds for this machine', async () => {
        try {
          return (await scrape(url, 'scribe_server_uptime_seconds')).length === 1 || undefined;
        } catch {
          return undefined;
        }
      }, 15_000);
      expect(performance.now() - started).toBeLessThan(15_000);
      expect(lines.join('\n')).toContain(`${url}/metrics`);
      if (!existsSync('/etc/eole/config.eol')) {
        // no Scribe here: the sample tree scanned at start fills the quota report
        const admin = readFileSync(join(dir, 'admin-token'), 'utf8').trim();
        const users = await waitFor('users in the quota report from the sample scan', async () => {
          const res = await fetch(`${url}/api/v1/reports/quotas?format=json`, { headers: { authorization: `Bearer ${admin}` } });
          const report = (await res.json()) as { users?: { login: string }[] };
          return (report.users?.length ?? 0) > 0 ? report.users : undefined;
        }, 20_000);
        expect(users.map((u) => u.login)).toContain('prof0');
        expect(lines.join('\n')).toContain('Scanned the sample Scribe tree');
      }
    } catch (err) {
      killLeftovers(dir);
      throw err;
    } finally {
      process.kill(-child.pid!, 'SIGINT'); // Ctrl-C reaches the whole process group
    }
    // npm itself dies of the SIGINT, as on a terminal; what matters is that both children stopped cleanly.
    expect(['0', 'SIGINT']).toContain(await exited);
    await waitFor('both children to report their exit', () =>
      lines.some((l) => l === 'agent exited (0)') && lines.some((l) => l === 'collector exited (0)') ? true : undefined,
      5_000,
    ).catch((err: unknown) => {
      killLeftovers(dir);
      throw new Error(`${(err as Error).message}\n${lines.join('\n')}`);
    });
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
