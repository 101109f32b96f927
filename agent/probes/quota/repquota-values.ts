// Value-level parsing shared by every repquota output format: sizes (KiB or human units), counts, grace.
import { AppError } from '../../../shared/errors.ts';

/** The grace column of one limit, as repquota printed it. */
export type Grace =
  /** Not in grace (empty column, or `0` with `-p`). */
  | { kind: 'none' }
  /** `-p`: the instant the grace period ends (epoch seconds in the output). */
  | { kind: 'until'; at: Date }
  /** Default format: time left, rounded by repquota (`6days`, `13:05`). */
  | { kind: 'remaining'; seconds: number }
  /** Default format: `none`, the grace period has run out. */
  | { kind: 'expired' };

/** One line of a report: a user (or group) on one filesystem. Sizes in bytes, limits null when 0. */
export interface RepquotaEntry {
  /** Name as printed: a login, or `#<id>` when the id has no name (or with `-n`). */
  name: string;
  /** The numeric id when the name is `#<id>`. */
  id: number | undefined;
  blockUsedBytes: number;
  blockSoftBytes: number | null;
  blockHardBytes: number | null;
  blockGrace: Grace;
  fileUsed: number;
  fileSoft: number | null;
  fileHard: number | null;
  fileGrace: Grace;
}

export function parseError(line: number, message: string): AppError {
  return new AppError('ERR_REPQUOTA_PARSE', `repquota output line ${line}: ${message}`, { details: { line } });
}

const SPACE_UNITS: Record<string, number> = { K: 1, M: 2, G: 3, T: 4 };
const COUNT_UNITS: Record<string, number> = { k: 1, m: 2, g: 3, t: 4 };

/** A space figure: KiB blocks (`31228`) or `-s` units (`52K`, `100M`, base 1024), returned in bytes. */
export function parseSpace(token: string, line: number, field: string): number {
  const m = /^([0-9]+)([KMGT])?$/.exec(token);
  if (m === null) throw parseError(line, `${field} is not a size in KiB (got '${token}')`);
  const power = m[2] === undefined ? 1 : (SPACE_UNITS[m[2]] ?? 1);
  const value = Number(m[1]) * 1024 ** power;
  if (!Number.isSafeInteger(value)) throw parseError(line, `${field} is too large (got '${token}')`);
  return value;
}

/** An inode figure: `128`, or `-s` units (`12k`, base 1000). */
export function parseCount(token: string, line: number, field: string): number {
  const m = /^([0-9]+)([kmgt])?$/.exec(token);
  if (m === null) throw parseError(line, `${field} is not a count (got '${token}')`);
  const power = m[2] === undefined ? 0 : (COUNT_UNITS[m[2]] ?? 0);
  const value = Number(m[1]) * 1000 ** power;
  if (!Number.isSafeInteger(value)) throw parseError(line, `${field} is too large (got '${token}')`);
  return value;
}

/** A limit: 0 means "no limit" (null). */
export function limitOrNull(value: number): number | null {
  return value === 0 ? null : value;
}

const GRACE_SHAPE = /^(?:[0-9]+(?:days?|hours?|minutes?|seconds?)|[0-9]{1,3}:[0-9]{2}|none)$/;

/** True when a table token is a default-format grace (`7days`, `06:30`, `none`), never a number. */
export function isGraceToken(token: string): boolean {
  return GRACE_SHAPE.test(token);
}

const UNIT_SECONDS: Record<string, number> = { day: 86_400, hour: 3600, minute: 60, second: 1 };

/** Parses one grace column: '' or '0' → none; epoch digits (-p) → until; `6days` / `hh:mm` → remaining; `none` → expired. */
export function parseGrace(token: string, line: number, field: string): Grace {
  if (token === '' || token === '0') return { kind: 'none' };
  if (token === 'none') return { kind: 'expired' };
  if (/^[0-9]+$/.test(token)) return { kind: 'until', at: new Date(Number(token) * 1000) };
  const clock = /^([0-9]{1,3}):([0-9]{2})$/.exec(token);
  if (clock !== null) return { kind: 'remaining', seconds: Number(clock[1]) * 3600 + Number(clock[2]) * 60 };
  const unit = /^([0-9]+)(day|hour|minute|second)s?$/.exec(token);
  if (unit !== null) return { kind: 'remaining', seconds: Number(unit[1]) * (UNIT_SECONDS[unit[2] ?? 'second'] ?? 1) };
  throw parseError(line, `${field} is not a grace time (expected empty, 0, epoch seconds, Ndays, hh:mm or none; got '${token}')`);
}

/** `#1001` → 1001; a plain login → undefined. */
export function idFromName(name: string): number | undefined {
  const m = /^#([0-9]+)$/.exec(name);
  return m === null ? undefined : Number(m[1]);
}

/** Builds an entry from the ten raw columns of any format. */
export function makeEntry(
  name: string,
  cols: { bused: string; bsoft: string; bhard: string; bgrace: string; fused: string; fsoft: string; fhard: string; fgrace: string },
  line: number,
): RepquotaEntry {
  if (name === '') throw parseError(line, 'user name is empty');
  return {
    name,
    id: idFromName(name),
    blockUsedBytes: parseSpace(cols.bused, line, 'block used'),
    blockSoftBytes: limitOrNull(parseSpace(cols.bsoft, line, 'block soft limit')),
    blockHardBytes: limitOrNull(parseSpace(cols.bhard, line, 'block hard limit')),
    blockGrace: parseGrace(cols.bgrace, line, 'block grace'),
    fileUsed: parseCount(cols.fused, line, 'files used'),
    fileSoft: limitOrNull(parseCount(cols.fsoft, line, 'file soft limit')),
    fileHard: limitOrNull(parseCount(cols.fhard, line, 'file hard limit')),
    fileGrace: parseGrace(cols.fgrace, line, 'file grace'),
  };
}
