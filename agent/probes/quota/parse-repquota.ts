// Pure, strict parser of `repquota` output (quota-tools 4.x): the default table (with or without `-p`, `-s`,
// `-n`, `-v`, several filesystems) and `-O csv`: the two forms the quota probe asks for. Every unexpected line is
// an error naming its line.
import { AppError } from '../../../shared/errors.ts';
import { parseRepquotaCsv } from './parse-repquota-csv.ts';
import { isGraceToken, makeEntry, parseError, type RepquotaEntry } from './repquota-values.ts';

export type { Grace, RepquotaEntry } from './repquota-values.ts';

export type RepquotaFormat = 'table' | 'csv';

/** The report of one filesystem. `device` is null in CSV output, which does not name it. */
export interface RepquotaBlock {
  device: string | null;
  entries: RepquotaEntry[];
}

export interface RepquotaReport {
  format: RepquotaFormat;
  /** `user` (`-u`, the default) or `group` (`-g`). */
  kind: 'user' | 'group';
  blocks: RepquotaBlock[];
}

/** Splits into lines (LF or CRLF). Output that does not end with a newline was cut short: an error. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.at(-1) !== '') {
    throw parseError(lines.length, 'output is truncated (last line has no end of line)');
  }
  lines.pop();
  return lines;
}

/** Parses any repquota output; the format is recognised from its first non-empty line. */
export function parseRepquota(text: string): RepquotaReport {
  if (text.trim() === '') throw new AppError('ERR_REPQUOTA_PARSE', 'repquota output is empty');
  const lines = splitLines(text);
  const first = lines.find((l) => l.trim() !== '') ?? '';
  if (/^(User|Group),BlockStatus,/.test(first)) return parseRepquotaCsv(lines);
  return parseRepquotaTable(lines);
}

const REPORT_HEADER = /^\*\*\* Report for (user|group) quotas on device (.+)$/;
const GRACE_TIMES = /^Block grace time: .*; Inode grace time: .*$/;
const LIMITS_TITLE = /^\s+(Block|Space) limits\s+File limits\s*$/;
const COLUMN_TITLE = /^(User|Group)\s+used\s+soft\s+hard\s+grace\s+used\s+soft\s+hard\s+grace\s*$/;
const STAT_LINE = /^[A-Za-z][A-Za-z ]*: [0-9.]+$/;

type TableState = 'start' | 'header' | 'rows' | 'statistics';

/** The default table: `*** Report …` blocks, then whitespace-separated rows whose grace columns may be empty. */
export function parseRepquotaTable(lines: readonly string[]): RepquotaReport {
  let kind: 'user' | 'group' | undefined;
  const blocks: RepquotaBlock[] = [];
  let current: RepquotaBlock | undefined;
  let state: TableState = 'start';

  lines.forEach((raw, index) => {
    const n = index + 1;
    const line = raw.trimEnd();
    if (line === '') {
      if (state === 'statistics') state = 'start';
      return;
    }
    const header = REPORT_HEADER.exec(line);
    if (header !== null) {
      const thisKind = header[1] === 'group' ? 'group' : 'user';
      if (kind !== undefined && kind !== thisKind) throw parseError(n, `mixes user and group reports`);
      kind = thisKind;
      current = { device: (header[2] ?? '').trim(), entries: [] };
      blocks.push(current);
      state = 'header';
      return;
    }
    if (line === 'Statistics:') {
      if (current === undefined) throw parseError(n, 'statistics before any report header');
      state = 'statistics';
      return;
    }
    if (state === 'statistics') {
      if (!STAT_LINE.test(line)) throw parseError(n, `expected a statistics line 'Name: number' (got '${line}')`);
      return;
    }
    if (current === undefined) throw parseError(n, `expected '*** Report for user quotas on device …' (got '${line}')`);
    if (state === 'header') {
      if (GRACE_TIMES.test(line) || LIMITS_TITLE.test(line) || COLUMN_TITLE.test(line)) return;
      if (/^-+$/.test(line)) {
        state = 'rows';
        return;
      }
      throw parseError(n, `unexpected header line (got '${line}')`);
    }
    if (state !== 'rows') throw parseError(n, `unexpected line after the statistics (got '${line}')`);
    current.entries.push(parseTableRow(line, n));
  });

  if (blocks.length === 0 || kind === undefined) throw parseError(lines.length, 'no report header found');
  return { format: 'table', kind, blocks };
}

/**
 * One row: `name flags bused bsoft bhard [bgrace] fused fsoft fhard [fgrace]`. With `-p` both graces are always
 * printed (10 fields); otherwise an empty grace disappears from a whitespace split, so a 9-field row is resolved
 * by the shape of field 6 (`7days`, `06:30`, `none` are never counts).
 */
export function parseTableRow(line: string, n: number): RepquotaEntry {
  const t = line.trim().split(/\s+/);
  const [name = '', flags = ''] = t;
  if (!/^[-+]{2}$/.test(flags)) throw parseError(n, `expected the status flags '--', '+-', '-+' or '++' after the name (got '${flags}')`);
  const f = (i: number): string => t[i] ?? '';
  let cols;
  if (t.length === 10) {
    cols = { bused: f(2), bsoft: f(3), bhard: f(4), bgrace: f(5), fused: f(6), fsoft: f(7), fhard: f(8), fgrace: f(9) };
  } else if (t.length === 9 && isGraceToken(f(5))) {
    cols = { bused: f(2), bsoft: f(3), bhard: f(4), bgrace: f(5), fused: f(6), fsoft: f(7), fhard: f(8), fgrace: '' };
  } else if (t.length === 9) {
    if (!isGraceToken(f(8))) throw parseError(n, `9 fields but no grace column is recognisable (got '${line.trim()}')`);
    cols = { bused: f(2), bsoft: f(3), bhard: f(4), bgrace: '', fused: f(5), fsoft: f(6), fhard: f(7), fgrace: f(8) };
  } else if (t.length === 8) {
    cols = { bused: f(2), bsoft: f(3), bhard: f(4), bgrace: '', fused: f(5), fsoft: f(6), fhard: f(7), fgrace: '' };
  } else {
    throw parseError(n, `expected 8 to 10 fields (name, flags, block used/soft/hard[/grace], files used/soft/hard[/grace]), got ${t.length}`);
  }
  return makeEntry(name, cols, n);
}
