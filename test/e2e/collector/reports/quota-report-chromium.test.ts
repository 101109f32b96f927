// The HTML quota report served by a real collector (127.0.0.1, port 0), opened in headless Chromium.
// A full-page screenshot is kept in test-artifacts/ (gitignored) for a human to look at.
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCollectorConfig } from '../../../../collector/config.ts';
import { enrolServer } from '../../../../collector/enrolment.ts';
import { startCollector, type RunningCollector } from '../../../../collector/main.ts';
import { systemClock } from '../../../../shared/clock.ts';
import { buildReport, defaultSpaces, quotaUser, space } from '../../../helpers/report-builder.ts';
import { ARTIFACTS, launchChromium } from '../../../helpers/chromium.ts';
import { expectVisibleSvg } from '../../../helpers/svg-in-page.ts';
import { has } from '../../../helpers/requirements.ts';

const READER = 'reader-token-for-chromium-test';

let dir: string;
let collector: RunningCollector;
let context: BrowserContext | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-chromium-'));
  const config = loadCollectorConfig({
    env: { VIGIE_COLLECTOR_PORT: '0', VIGIE_COLLECTOR_DATABASE: join(dir, 'vigie.db'), VIGIE_COLLECTOR_REPORTS_READER_TOKEN: READER, VIGIE_COLLECTOR_LOG_LEVEL: 'silent' },
  });
  collector = await startCollector(config);
  const token = (await enrolServer(collector.store, { uai: '0860021F', machine: 'scribe', name: 'Collège Jean Moulin' }, systemClock.now())).token;
  const finishedAt = new Date(systemClock.now().getTime() - 60_000).toISOString();
  const report = buildReport({
    finishedAt,
    users: [
      quotaUser('aduval', { usedMiB: 60 }),
      quotaUser('prof.durand', { usedMiB: 1500, limitMiB: null, profile: 'enseignant' }),
      quotaUser('bmartin', { usedMiB: 210, status: 'over_soft', graceEndsAt: new Date(systemClock.now().getTime() + 5 * 86_400_000).toISOString() }),
      quotaUser('cpetit', { usedMiB: 250, status: 'over_hard' }),
      quotaUser('<b>pirate</b>', { usedMiB: 12, profile: 'autre' }),
    ],
    spaces: [...defaultSpaces(), space('perso', 'cpetit2', { apparentMiB: 0, files: 0 }), space('salle_des_profs', 'Salle_des_profs', { apparentMiB: 2300, gt3yShare: 0.6 })],
  });
  const res = await fetch(`${collector.url}/api/v1/report`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(report),
  });
  expect(res.status).toBe(200);
});

afterAll(async () => {
  await context?.close();
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!has('chromium'))('quota report in headless Chromium', () => {
  it('shows the French headings, the over-quota user first, loads nothing else; screenshot kept', async () => {
    // Arrange: a fresh, empty profile directory; no network services, no sandbox (CI runs as root)
    context = await launchChromium(join(dir, 'profile'), { headers: { authorization: `Bearer ${READER}` } });
    const page = context.pages()[0] ?? (await context.newPage());
    const requests: string[] = [];
    const consoleErrors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });

    // Act
    const response = await page.goto(`${collector.url}/api/v1/reports/quotas?uai=0860021F&format=html`);

    // Assert
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Rapport quotas — préparation migration KoXo' }).isVisible()).toBe(true);
    for (const h2 of ['Espace par type', 'Utilisateurs', 'Totaux à migrer par établissement', 'Espaces les plus volumineux', 'Serveurs et date des relevés']) {
      expect(await page.getByRole('heading', { level: 2, name: h2, exact: true }).isVisible()).toBe(true);
    }
    expect(await page.getByText('Établissement 0860021F — Collège Jean Moulin').isVisible()).toBe(true);
    const firstRow = page.locator('table.users tbody tr').first();
    expect(await firstRow.locator('td.login').innerText()).toBe('cpetit');
    expect(await firstRow.getAttribute('class')).toBe('over-hard');
    expect(await page.locator('table.users tbody tr').nth(1).locator('td.login').innerText()).toBe('bmartin');
    expect(await page.getByText('<b>pirate</b>', { exact: true }).isVisible()).toBe(true); // shown as text, not markup
    expect(await page.locator('td.login b').count()).toBe(0);
    await expectVisibleSvg(page, 'svg.bar-chart');
    expect(await page.locator('svg.bar-chart g.bar').count()).toBe(6);
    expect(await page.locator('svg.bar-chart g.bar text').first().textContent()).toBe('Espaces personnels (perso)');
    expect(requests).toEqual([`${collector.url}/api/v1/reports/quotas?uai=0860021F&format=html`]);
    expect(consoleErrors).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'quota-report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
  });
});
