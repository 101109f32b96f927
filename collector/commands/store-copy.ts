/**
 * `vigie-collector store copy --from sqlite:<file> --to postgres://… [--force]`: moves a collector from its
 * SQLite file to PostgreSQL (storage/copy-store.ts does the copy). Everything is copied in one transaction,
 * then checked inside it before it commits: the row count of every table, and the availability and quota
 * reports computed from each side, which must be the same JSON byte for byte. Any difference rolls it back.
 */
import { parseArgs } from 'node:util';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { AppError, invalidMessage } from '../../shared/errors.ts';
import { PARIS_TIME_ZONE } from '../../shared/time-zone.ts';
import { renderAvailabilityJson } from '../reports/availability-json.ts';
import { parisDay } from '../reports/paris-day.ts';
import { renderQuotaJson } from '../reports/quota-json.ts';
import { loadAvailabilityReport } from '../services/availability-report.ts';
import { loadQuotaReport } from '../services/quota-report.ts';
import { copyStore, openSqliteSource, type CopyCheck, type CopyResult } from '../storage/copy-store.ts';
import type { Db } from '../storage/database.ts';
import { migratePg } from '../storage/pg-database.ts';
import { createPgSql } from '../storage/pg-sql.ts';
import type { SqlDb } from '../storage/sql.ts';
import { createStore, createStoreOver } from '../storage/store.ts';
import type { CommandIo } from './servers.ts';

export const STORE_USAGE = '  store copy --from sqlite:<file> --to postgres://<user>@<host>/<database> [--force]';

export interface StoreCommandDeps {
  readonly io: CommandIo;
  /** "Now" of the reports compared on both sides. */
  readonly clock?: Clock;
}

const usage = (why: string) => new AppError('ERR_USAGE', `store copy: ${why}\nusage:\n${STORE_USAGE}`);

/** A URL as it may be printed: its password masked. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/** `--from`: `sqlite:<file>`, `sqlite://<absolute file>`, or a bare path. */
export function parseFrom(value: string | undefined): string {
  if (value === undefined) throw usage('--from is missing, expected sqlite:<file> (the SQLite file of the collector, its databasePath)');
  const path = value.startsWith('sqlite://') ? value.slice('sqlite://'.length) : value.startsWith('sqlite:') ? value.slice('sqlite:'.length) : value;
  if (path === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    throw new AppError('ERR_USAGE', invalidMessage('store copy', '--from', 'sqlite:<file> or the path of a SQLite file (the copy goes from SQLite to PostgreSQL)', redactUrl(value)));
  }
  return path;
}

/** `--to`: a `postgres://` or `postgresql://` URL. */
export function parseTo(value: string | undefined): string {
  if (value === undefined) throw usage('--to is missing, expected postgres://<user>@<host>/<database> (the PostgreSQL database to fill)');
  let ok = /^postgres(ql)?:\/\//i.test(value);
  try {
    if (ok) new URL(value);
  } catch {
    ok = false;
  }
  if (!ok) throw new AppError('ERR_USAGE', invalidMessage('store copy', '--to', 'a postgres:// or postgresql:// URL such as postgres://vigie@db.example/vigie', redactUrl(value)));
  return value;
}

/** `vigie-collector store copy …`. Resolves to 0 once the copy is committed and checked; throws an AppError otherwise. */
export async function runStoreCommand(args: string[], deps: StoreCommandDeps): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'copy') throw usage(sub === undefined ? 'a subcommand is missing' : `unknown subcommand '${sub}'`);
  let values: { from?: string | undefined; to?: string | undefined; force?: boolean | undefined };
  try {
    ({ values } = parseArgs({ args: rest, options: { from: { type: 'string' }, to: { type: 'string' }, force: { type: 'boolean' } } }));
  } catch (err) {
    throw usage((err as Error).message);
  }
  const fromPath = parseFrom(values.from);
  const toUrl = parseTo(values.to);
  const { io } = deps;
  const now = (deps.clock ?? systemClock).now();

  const source = openSqliteSource(fromPath);
  try {
    io.out(`Source: sqlite:${fromPath}${source.applied.length === 0 ? '' : ` (brought up to date: ${source.applied.join(', ')})`}`);
    const target = await openTarget(toUrl);
    try {
      io.out(`Target: ${redactUrl(toUrl)}`);
      const result = await copyStore(source.db, target, {
        force: values.force === true,
        verify: () => reportChecks(source.db, target, now),
      });
      printResult(io, result);
      if (!result.committed) {
        const wrong = [
          ...result.tables.filter((t) => t.source !== t.target).map((t) => `${t.table} has ${t.target} rows instead of ${t.source}`),
          ...result.checks.filter((c) => !c.equal).map((c) => `${c.name} differs (${c.detail})`),
        ];
        throw new AppError('ERR_STORE_COPY_MISMATCH', `store copy: the copy differs from the source: ${wrong.join('; ')}; it was rolled back, the target is unchanged`);
      }
      const rows = result.tables.reduce((n, t) => n + t.target, 0);
      io.out(`Copied ${rows} rows in ${result.tables.length} tables${result.replaced ? ' (the previous contents of the target were replaced)' : ''}; committed.`);
      return 0;
    } finally {
      await target.close();
    }
  } finally {
    source.db.close();
  }
}

async function openTarget(url: string): Promise<SqlDb> {
  const sql = createPgSql({ connectionString: url, max: 2 });
  try {
    await migratePg(sql);
    return sql;
  } catch (err) {
    await sql.close().catch(() => undefined);
    throw new AppError('ERR_STORE_TARGET_UNREACHABLE', `--to: cannot use ${redactUrl(url)}: ${(err as Error).message}`, { cause: err });
  }
}

function printResult(io: CommandIo, result: CopyResult): void {
  io.out(['TABLE', 'SOURCE ROWS', 'TARGET ROWS', ''].join('\t'));
  for (const t of result.tables) io.out([t.table, String(t.source), String(t.target), t.source === t.target ? 'ok' : 'DIFFERENT'].join('\t'));
  for (const c of result.checks) io.out(`${c.name}: ${c.equal ? 'identical' : 'DIFFERENT'} (${c.detail})`);
}

/**
 * The availability report over the whole history (from the first day anything happened to today) and the
 * quota report with growth since the oldest snapshot, each computed from both stores at the same instant.
 */
export async function reportChecks(source: Db, target: SqlDb, now: Date): Promise<CopyCheck[]> {
  const sourceStore = createStore(source);
  const targetStore = createStoreOver(target);
  const first = source.prepare(
    `SELECT MIN(at) AS at FROM (SELECT MIN(enrolled_at_ms) AS at FROM servers UNION ALL SELECT MIN(started_at_ms) FROM outages
     UNION ALL SELECT MIN(starts_at_ms) FROM silences)`,
  ).get() as { at: number | null };
  const today = parisDay(now);
  const from = first.at === null ? today : [parisDay(new Date(first.at)), today].sort()[0]!;
  const since = (source.prepare('SELECT MIN(day) AS day FROM report_snapshots').get() as { day: string | null }).day;

  const availability = async (store: typeof sourceStore) =>
    renderAvailabilityJson(await loadAvailabilityReport({ store, liveness: { windows: [] } }, { window: { kind: 'explicit', from, to: today, timeZone: PARIS_TIME_ZONE }, uai: null }, now));
  const quotas = async (store: typeof sourceStore) =>
    renderQuotaJson(await loadQuotaReport({ store, config: { reports: { largestSpaces: 20, htmlMaxUserRows: 5000 } } }, { uai: null, since }, now));
  return [
    await compare(`availability report (all schools, ${from} to ${today})`, () => availability(sourceStore), () => availability(targetStore)),
    await compare(`quota report (all schools, growth since ${since ?? 'no snapshot'})`, () => quotas(sourceStore), () => quotas(targetStore)),
  ];
}

async function compare(name: string, fromSource: () => Promise<string>, fromTarget: () => Promise<string>): Promise<CopyCheck> {
  let source: string;
  let target: string;
  try {
    source = await fromSource();
  } catch (err) {
    return { name, equal: false, detail: `cannot be computed from SQLite: ${(err as Error).message}` };
  }
  try {
    target = await fromTarget();
  } catch (err) {
    return { name, equal: false, detail: `cannot be computed from PostgreSQL: ${(err as Error).message}` };
  }
  if (source === target) return { name, equal: true, detail: `${Buffer.byteLength(source)} bytes of JSON` };
  let at = 0;
  while (at < source.length && source[at] === target[at]) at++;
  return { name, equal: false, detail: `the JSON differs from character ${at}: source …${source.slice(at, at + 60)}… target …${target.slice(at, at + 60)}…` };
}
