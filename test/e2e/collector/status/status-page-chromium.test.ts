// The status page « État du parc Scribe » served by a real collector (127.0.0.1, port 0, its own liveness
// loop on a FakeClock moved by the test), opened in headless Chromium that answers the Basic challenge with
// the reader token as password. A full-page screenshot is kept in test-artifacts/status-page.png.
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCollectorConfig } from '../../../../collector/config.ts';
import { enrolServer } from '../../../../collector/enrolment.ts';
import { startCollector, type RunningCollector } from '../../../../collector/main.ts';
import { aHeartbeat, anEvent } from '../../../../shared/testing/messages.ts';
import { FakeClock } from '../../../../shared/testing/fake-clock.ts';
import { ARTIFACTS, launchChromium } from '../../../helpers/chromium.ts';
import { expectVisibleSvg } from '../../../helpers/svg-in-page.ts';
import { waitFor } from '../../../helpers/processes.ts';
import { has } from '../../../helpers/requirements.ts';

const ADMIN = 'status-e2e-admin-token-0123456789';
const READER = 'status-e2e-reader-token-0123456789';
const YAML = `
adminToken: ${ADMIN}
reports: { readerToken: ${READER} }
liveness:
  windows:
    - name: Bascule 2025
      from: 2025-07-05
      to: 2025-09-12
      exceptions: [{ uai: 0170001J, exclude: true }, { uai: 0170002K, exclude: true }]
`;
const SERVERS: ReadonlyArray<readonly [uai: string, machine: string, name: string, academie: string]> = [
  ['0860021F', 'scribe', 'Collège Jean Moulin', 'ac-poitiers'],
  ['0860022G', 'scribe', 'Lycée Camille Guérin', 'ac-poitiers'],
  ['0860022G', 'amon', 'Lycée Camille Guérin', 'ac-poitiers'],
  ['0170001J', 'scribe', 'Collège Eugène Fromentin', 'ac-poitiers'],
  ['0170002K', 'scribe', 'Lycée Merleau-Ponty', 'ac-poitiers'],
  ['0170003L', 'scribe', 'Collège Pierre Loti', 'ac-poitiers'],
  ['0170004M', 'scribe', 'Collège Jamain', 'ac-poitiers'],
  ['0330001X', 'scribe', 'Lycée Montaigne', 'ac-bordeaux'],
  ['0330001X', 'scribe2', 'Lycée Montaigne', 'ac-bordeaux'],
  ['0330002Y', 'scribe', 'Collège <b>Cassignol</b> & "fils"', 'ac-bordeaux'],
  ['0860023H', 'scribe', 'Collège Ronsard', 'ac-poitiers'],
  ['0860024J', 'scribe', 'Lycée du Bois d’Amour', 'ac-poitiers'],
];

let dir: string;
let collector: RunningCollector | undefined;
let context: BrowserContext | undefined;
const clock = new FakeClock('2025-07-10T08:00:00Z'); // 10:00 in Paris

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-status-'));
  const config = loadCollectorConfig({
    file: 'collector.yaml',
    readFile: () => YAML,
    env: { VIGIE_COLLECTOR_PORT: '0', VIGIE_COLLECTOR_DATABASE: join(dir, 'vigie.db'), VIGIE_COLLECTOR_LOG_LEVEL: 'silent' },
  });
  collector = await startCollector(config, clock);
  const url = collector.url;
  const tokens = new Map<string, string>();
  for (const [uai, machine, name, academie] of SERVERS) {
    tokens.set(`${uai}/${machine}`, (await enrolServer(collector.store, { uai, machine, name, academie }, clock.now())).token);
  }
  const push = async (kind: 'heartbeat' | 'event', uai: string, machine: string, body: object): Promise<void> => {
    const res = await fetch(`${url}/api/v1/${kind}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get(`${uai}/${machine}`)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, server: { uai, machine }, sentAt: clock.now().toISOString() }),
    });
    expect(res.status).toBe(200);
  };
  const beat = (uai: string, machine: string, academy: string) => {
    const hb = aHeartbeat();
    return push('heartbeat', uai, machine, { ...hb, eole: { ...hb.eole, academy } });
  };

  // 10:00: the servers that will go silent report once; one announces its shutdown
  for (const [uai, machine, , academie] of SERVERS.slice(0, 5)) await beat(uai, machine, academie);
  await push('event', '0170002K', 'scribe', anEvent({ type: 'shutdown', reason: 'SIGTERM', at: clock.now().toISOString() }));
  // 12:12: the late one reported at 12:10; the healthy ones report now; a silence until 18:00 on one school
  clock.advance((2 * 60 + 10) * 60_000);
  await beat('0170003L', 'scribe', 'ac-poitiers');
  clock.advance(2 * 60_000 + 14_000);
  for (const [uai, machine, , academie] of SERVERS.slice(7)) await beat(uai, machine, academie);
  const silence = await fetch(`${url}/api/v1/silences`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ uai: '0170001J', endsAt: '2025-07-10T18:00:00+02:00', reason: 'travaux électriques' }),
  });
  expect(silence.status).toBe(201);
  // the collector's own loop sweeps every second (real timer, fake instant)
  await waitFor('the liveness loop to sweep', async () => {
    const res = await fetch(`${url}/api/v1/servers`, { headers: { authorization: `Bearer ${ADMIN}` } });
    const states = ((await res.json()) as { servers: { state: string }[] }).servers.map((s) => s.state);
    return states.filter((s) => s === 'offline').length === 4 && states.includes('late') ? true : undefined;
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!has('chromium'))('status page in headless Chromium', () => {
  it('answers the Basic challenge, lists the worst servers first, loads nothing else; screenshot kept', async () => {
    // Arrange: without credentials the collector answers the Basic challenge, which headless Chromium (no
    // prompt possible) turns into an authentication error; with them (sent after the challenge, playwright's
    // default for httpCredentials, so only Basic is used) it gets the page
    const challenge = await fetch(`${collector!.url}/status`);
    expect(challenge.status).toBe(401);
    expect(challenge.headers.get('www-authenticate')).toBe('Basic realm="Vigie", charset="UTF-8"');
    const anonymous = await launchChromium(join(dir, 'profile-anonymous'));
    try {
      const blank = anonymous.pages()[0] ?? (await anonymous.newPage());
      await expect(blank.goto(`${collector!.url}/status`)).rejects.toThrow(/ERR_INVALID_AUTH_CREDENTIALS/);
    } finally {
      await anonymous.close();
    }
    context = await launchChromium(join(dir, 'profile'), { httpCredentials: { username: 'ent', password: READER } });
    const page = context.pages()[0] ?? (await context.newPage());
    const requests: string[] = [];
    const consoleErrors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });

    // Act
    const response = await page.goto(`${collector!.url}/status`);

    // Assert
    expect(response?.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1, name: 'État du parc Scribe' }).isVisible()).toBe(true);
    expect(await page.locator('.verdict').innerText()).toBe("7 serveurs sur 12 demandent de l'attention.");
    expect(await page.locator('.window').innerText()).toContain('Période de maintenance « Bascule 2025 » en cours');
    const rows = page.locator('table.attention tbody tr');
    const classes = await rows.evaluateAll((trs) => trs.map((tr) => tr.className));
    expect(classes).toEqual(['down_in_window', 'down_in_window', 'down_in_window', 'offline', 'shutdown', 'late', 'unknown']);
    expect(await rows.nth(3).innerText()).toMatch(/Éteint\s+0170001J\s+Collège Eugène Fromentin\s+scribe\s+10:00\s+depuis 2 h 12 min\s+Coupure de courant ou plantage\s+Silence jusqu'à 18:00/);
    expect(await rows.nth(5).locator('td.since').innerText()).toMatch(/12:10\s+depuis 2 min/);
    expect(await page.locator('ul.online span.school').allInnerTexts()).toContain('Collège <b>Cassignol</b> & "fils"'); // text, not markup
    expect(await page.locator('ul.online b').count()).toBe(0);
    expect(await page.locator('main > section:last-of-type h3').allInnerTexts()).toEqual(['ac-bordeaux', 'ac-poitiers']);
    expect(await page.locator('meta[http-equiv="refresh"]').getAttribute('content')).toBe('30');
    // the maintenance window: banner, timeline of every server, incidents of the window (most recent first)
    expect(await page.locator('.window-banner .title').innerText()).toBe('Fenêtre de maintenance « Bascule 2025 » : en cours, fin dans 64 j 11 h');
    await expectVisibleSvg(page, 'svg.timeline');
    expect(await page.locator('svg.timeline g.row').count()).toBe(10); // 12 servers, 2 schools excluded from the window
    const incidents = page.locator('table.incidents tbody tr');
    expect(await incidents.count()).toBeGreaterThan(0);
    expect(await incidents.first().innerText()).toMatch(/en cours/);
    expect(new Set(requests)).toEqual(new Set([`${collector!.url}/status`]));
    expect(consoleErrors).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'status-page.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
  });
});
