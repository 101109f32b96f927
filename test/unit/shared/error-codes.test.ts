import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, httpStatusOf, isErrorCode, type ErrorArea, type ErrorCode } from '../../../shared/error-codes.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The `##` sections of docs/errors.md and the area of the catalogue each one documents. */
const SECTIONS: Record<string, ErrorArea> = {
  'Collector HTTP API': 'http',
  'Configuration and commands': 'config',
  Agent: 'agent',
  'Internal invariants': 'internal',
};

interface DocumentedCode {
  readonly code: string;
  readonly area: ErrorArea | undefined;
  readonly status: number | undefined;
}

/** Every table row `| \`ERR_…\` | [status |] when |` of docs/errors.md, with its section. */
function documentedCodes(markdown: string): DocumentedCode[] {
  const rows: DocumentedCode[] = [];
  let area: ErrorArea | undefined;
  for (const line of markdown.split('\n')) {
    const heading = /^## (.+?)(?: \(|$)/.exec(line);
    if (heading) area = SECTIONS[heading[1]!.trim()];
    const row = /^\| `(ERR_[A-Z_]+)` \| (?:([0-9]{3}) \|)?/.exec(line);
    if (row) rows.push({ code: row[1]!, area, status: row[2] === undefined ? undefined : Number(row[2]) });
  }
  return rows;
}

describe('error catalogue and docs/errors.md', () => {
  const documented = documentedCodes(readFileSync(join(ROOT, 'docs/errors.md'), 'utf8'));
  const catalogue = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

  it('reads the tables of the documentation', () => {
    expect(documented.length).toBeGreaterThan(20);
    expect(documented.every((d) => d.area !== undefined)).toBe(true);
  });

  it('documents every code of the catalogue, once', () => {
    const codes = documented.map((d) => d.code);
    expect(catalogue.filter((c) => !codes.includes(c))).toEqual([]);
    expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);
  });

  it('documents no code missing from the catalogue', () => {
    expect(documented.map((d) => d.code).filter((c) => !isErrorCode(c))).toEqual([]);
  });

  it('documents each code in the section of its area, with the HTTP status of the catalogue', () => {
    for (const d of documented.filter((x) => isErrorCode(x.code))) {
      const code = d.code as ErrorCode;
      expect({ code, area: d.area, status: d.status }).toEqual({ code, area: ERROR_CATALOGUE[code].area, status: httpStatusOf(code) });
    }
  });

  it('gives every HTTP code a 4xx or 5xx status, and the others none', () => {
    for (const code of catalogue) {
      const status = httpStatusOf(code);
      if (ERROR_CATALOGUE[code].area === 'http') expect(status, code).toBeGreaterThanOrEqual(400);
      else expect(status, code).toBeUndefined();
    }
  });
});
