/**
 * Rewrites better-sqlite3 placeholders (`?`, `@name`) into PostgreSQL's `$n`. Hand-written because it is a
 * lexer of three rules (skip quoted text and comments, number `?` in order, give each `@name` one number) and
 * no maintained library translates between these two drivers' conventions.
 */
export interface PgQuery {
  readonly text: string;
  /** Named parameters in `$n` order; null when the statement uses positional `?`. */
  readonly names: readonly string[] | null;
}

export function toPgPlaceholders(sql: string): PgQuery {
  let out = '';
  let positional = 0;
  const names: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = closing(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '?') {
      out += `$${++positional}`;
      i += 1;
    } else if (c === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))!;
      let k = names.indexOf(m[0]);
      if (k === -1) k = names.push(m[0]) - 1;
      out += `$${k + 1}`;
      i += 1 + m[0].length;
    } else {
      out += c;
      i += 1;
    }
  }
  if (positional > 0 && names.length > 0) throw new Error(`statement mixes ? and @name placeholders: ${sql}`);
  return { text: out, names: names.length > 0 ? names : null };
}

/** Index just after the quote closing the one at `start` (a doubled quote is an escaped one). */
function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i += 1;
  }
  return sql.length;
}
