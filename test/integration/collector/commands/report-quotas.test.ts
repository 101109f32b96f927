import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runReportCommand } from '../../../../collector/commands/report-quotas.ts';
import { ingestReport } from '../../../../collector/services/ingest-report.ts';
import { buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';
import { buildReport } from '../../../helpers/report-builder.ts';
import { isAppError, type ErrorCode } from '../../../../shared/errors.ts';

let t: TestApp;
let dir: string;

beforeEach(async () => {
  t = await buildTestApp();
  await t.enrol('0860021F', 'scribe', 'Collège Jean Moulin');
  const server = (await t.store.servers.findByIdentity('0860021F', 'scribe'))!;
  await ingestReport({ store: t.store, config: t.config }, server, buildReport(), t.clock.now());
  dir = mkdtempSync(join(tmpdir(), 'vigie-report-'));
});
afterEach(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]) {
  const written: string[] = [];
  const lines: string[] = [];
  await runReportCommand(args, { store: t.store, config: t.config, clock: t.clock, io: { write: (s) => written.push(s), out: (l) => lines.push(l) } });
  return { stdout: written.join(''), lines };
}

describe('vigie-collector report quotas', () => {
  it('writes the CSV of one school to --out', async () => {
    const out = join(dir, 'quotas.csv');
    const { lines } = await run(['quotas', '--uai', '0860021F', '--format', 'csv', '--out', out]);
    expect(readFileSync(out, 'utf8').startsWith('\ufeffUAI;Serveur;Identifiant')).toBe(true);
    expect(lines).toEqual([`Wrote CSV quota report (0860021F) to ${out}`]);
  });

  it('prints JSON of the whole fleet to standard output by default', async () => {
    const { stdout } = await run(['quotas']);
    expect(JSON.parse(stdout)).toMatchObject({ uai: null, fleet: { servers: 1, users: 4 } });
  });

  it('writes the HTML page', async () => {
    const out = join(dir, 'quotas.html');
    await run(['quotas', '--format', 'html', '--out', out]);
    expect(readFileSync(out, 'utf8')).toContain('<h1>Rapport quotas — préparation migration KoXo</h1>');
  });

  it.each([
    { args: ['quotas', '--format', 'pdf'], code: 'ERR_REPORT_QUERY_INVALID', fragment: 'report quotas: format is invalid' },
    { args: ['quotas', '--bogus'], code: 'ERR_USAGE', fragment: "Unknown option '--bogus'" },
    { args: ['users'], code: 'ERR_USAGE', fragment: 'usage: vigie-collector report quotas' },
  ] satisfies { args: string[]; code: ErrorCode; fragment: string }[])('refuses $args with $code', async ({ args, code, fragment }) => {
    let caught: unknown;
    try {
      await run(args);
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, code)).toBe(true);
    expect((caught as Error).message).toContain(fragment);
  });
});
