// The HTML availability report served by a real collector (127.0.0.1, port 0) over the database of the
// availability scenario (outages made by the real liveness services), opened in headless Chromium.
// A full-page screenshot is kept in test-artifacts/ (gitignored) for a human to look at.
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../../collector/main.ts';
import { FakeClock } from '../../../../shared/testing/fake-clock.ts';
import { READER, REPORT_AT, playAvailabilityScenario, scenarioConfig, type Scenario } from '../../../helpers/availability-scenario.ts';
import { ARTIFACTS, launchChromium } from '../../../helpers/chromium.ts';
import { expectVisibleSvg } from '../../../helpers/svg-in-page.ts';
import { has } from '../../../helpers/requirements.ts';


let scenario: Scenario;
let collector: RunningCollector | undefined;
let context: BrowserContext | undefined;

beforeAll(async () => {
  scenario = await playAvailabilityScenario();
  await scenario.release();
  const config = scenarioConfig(scenario.dbPath, { VIGIE_COLLECTOR_PORT: '0', VIGIE_COLLECTOR_LOG_LEVEL: 'silent' });
  collector = await startCollector(config, new FakeClock(REPORT_AT));
}, 60_000);

afterAll(async () => {
  await context?.close();
  await collector?.close();
  await scenario?.close();
});

describe.skipIf(!has('chromium'))('availability report in headless Chromium', () => {
  it('shows the French headings, the worst server first, the method, loads nothing else; screenshot kept', async () => {
    // Arrange: a fresh, empty profile directory; no network services, no sandbox (CI runs as root)
    context = await launchChromium(join(scenario.dir, 'profile'), { headers: { authorization: `Bearer ${READER}` } });
    const page = context.pages()[0] ?? (await context.newPage());
    const requests: string[] = [];
    const consoleErrors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    const url = `${collector!.url}/api/v1/reports/availability?window=Bascule%202025&format=html`;

    // Act
    const response = await page.goto(url);

    // Assert
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Rapport de disponibilité — période de maintenance estivale' }).isVisible()).toBe(true);
    for (const h2 of ['Chronologie', 'Par établissement', 'Par serveur', 'Interruptions', 'Méthode de calcul']) {
      expect(await page.getByRole('heading', { level: 2, name: h2, exact: true }).isVisible()).toBe(true);
    }
    expect(await page.getByText('Période « Bascule 2025 » du 05/07/2025 au 12/09/2025 inclus (Europe/Paris)', { exact: false }).isVisible()).toBe(true);
    const first = page.locator('table.servers tbody tr').first();
    expect(await first.locator('td').nth(0).innerText()).toBe('0170001J');
    expect(await first.locator('td.avail').innerText()).toBe('83,1\u00a0%'); // 1 − 365 min ÷ 36 h
    expect(await page.locator('table.outages tbody tr').count()).toBe(4);
    expect(await page.locator('table.outages tbody tr strong', { hasText: 'en cours' }).count()).toBe(1);
    expect(await page.getByText('Lycée <Bellevue> & Cie', { exact: true }).isVisible()).toBe(true); // text, not markup
    expect(await page.getByText('Établissements exclus de la période : 0330001X.').isVisible()).toBe(true);
    // the timeline: drawn, accessible, well-formed, one row per server, the worst first
    await expectVisibleSvg(page, 'svg.timeline');
    expect(await page.locator('svg.timeline g.row').count()).toBe(await page.locator('table.servers tbody tr').count());
    expect(await page.locator('svg.timeline g.row text').first().textContent()).toContain('0170001J');
    expect(requests).toEqual([url]);
    expect(consoleErrors).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'availability-report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
  });
});
