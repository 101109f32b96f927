// `npm run demo -- --seconds 60`: a collector on an accelerated clock and a simulated académie de Poitiers.
// While it runs: ≥ 300 servers in several states through the API, a non-empty quota report, and the status
// page and both reports opened in headless Chromium (pictures drawn, nothing else loaded), with screenshots
// kept in test-artifacts/demo-*.png (the top of each page, and its picture alone in demo-*-picture.png). Then it exits 0 by itself and leaves its database.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium } from '../../helpers/chromium.ts';
import { freePort } from '../../helpers/daemon-process.ts';
import { waitFor } from '../../helpers/processes.ts';
import { has } from '../../helpers/requirements.ts';
import { expectVisibleSvg } from '../../helpers/svg-in-page.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('npm run demo', () => {
  it('fills the API, the status page and both reports within a minute, then exits 0 leaving its database', async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'vigie-demo-'));
    const port = await freePort();
    const started = performance.now();
    const child = spawn('npm', ['run', '--silent', 'demo', '--', '--seconds', '60', '--port', String(port), '--dir', dir], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    const lines: string[] = [];
    createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
    createInterface({ input: child.stderr! }).on('line', (l) => lines.push(l));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const url = `http://127.0.0.1:${port}`;
    const value = (label: string): string | undefined => lines.map((l) => new RegExp(`${label}\\s+(\\S+)`).exec(l)?.[1]).find((v) => v !== undefined);
    try {
      const admin = await waitFor('the admin token to be printed', () => value('admin token:'), 20_000);
      const reader = await waitFor('the reader token to be printed', () => /reader token (\S+)/.exec(lines.join('\n'))?.[1], 1_000);
      const api = (path: string, token = admin) => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });

      // Act + Assert: servers in several states
      const states = await waitFor('≥ 300 servers in ≥ 3 states', async () => {
        const servers = ((await (await api('/api/v1/servers')).json()) as { servers: { state: string }[] }).servers;
        const byState = new Map<string, number>();
        for (const s of servers) byState.set(s.state, (byState.get(s.state) ?? 0) + 1);
        return servers.length >= 300 && byState.size >= 3 && (byState.get('offline') ?? 0) + (byState.get('shutdown') ?? 0) > 0 ? byState : undefined;
      }, 45_000);
      expect([...states.keys()]).toEqual(expect.arrayContaining(['online', 'unknown']));
      const quotas = (await (await api('/api/v1/reports/quotas?format=json', reader)).json()) as { users: unknown[]; servers: unknown[] };
      expect(quotas.servers.length).toBeGreaterThan(0);
      expect(quotas.users.length).toBeGreaterThan(0);
      expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/scribe_server_up\{/);

      // Let history build up (outages, returns), then look at the pages as a person would
      const availabilityPath = /availability:\s+\S+(\/api\/v1\/reports\/availability\S+)/.exec(lines.join('\n'))![1]!;
      await new Promise((r) => setTimeout(r, Math.max(0, 40_000 - (performance.now() - started))));
      if (has('chromium')) {
        const context = await launchChromium(join(dir, 'profile'), { httpCredentials: { username: 'rectorat', password: reader } });
        try {
          const page = context.pages()[0] ?? (await context.newPage());
          const requests: string[] = [];
          page.on('request', (r) => requests.push(r.url()));
          mkdirSync(ARTIFACTS, { recursive: true });
          for (const [name, path, svg] of [
            ['demo-status-page', '/status', 'svg.timeline'],
            ['demo-availability-report', availabilityPath, 'svg.timeline'],
            ['demo-quota-report', '/api/v1/reports/quotas?format=html', 'svg.bar-chart'],
          ] as const) {
            requests.length = 0;
            const res = await page.goto(`${url}${path}`);
            expect(res?.status()).toBe(200);
            await expectVisibleSvg(page, svg);
            expect(new Set(requests)).toEqual(new Set([`${url}${path}`]));
            if (path === '/status') {
              // Checked on this visit: the demo stops at 60 s, a later visit could find it gone on a slow machine.
              expect(await page.locator('.window-banner').innerText()).toMatch(/Fenêtre de maintenance « Bascule \d{4} \(démo\) » : en cours, fin dans/);
              expect(await page.locator('table.incidents tbody tr').count()).toBeGreaterThan(0);
            }
            const shot = join(ARTIFACTS, `${name}.png`);
            await page.screenshot({ path: shot, fullPage: true, clip: { x: 0, y: 0, width: 1400, height: 2400 } }); // the reports' tables are long
            expect(statSync(shot).size).toBeGreaterThan(20_000);
            const picture = join(ARTIFACTS, `${name}-picture.png`);
            await page.locator(svg).first().screenshot({ path: picture });
            expect(statSync(picture).size).toBeGreaterThan(5_000);
          }
        } finally {
          await context.close();
        }
      }

      // Assert: it stops by itself, exit 0, database left in place, within the wall-time budget
      expect(await exited).toBe(0);
      expect(lines.join('\n')).toContain(`the database stays in ${join(dir, 'vigie-demo.db')}`);
      expect(existsSync(join(dir, 'vigie-demo.db'))).toBe(true);
      expect(performance.now() - started).toBeLessThan(90_000);
    } catch (err) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      throw new Error(`${(err as Error).message}\n--- demo output ---\n${lines.slice(-40).join('\n')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
