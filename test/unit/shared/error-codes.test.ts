import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HTTP_ERRORS } from '../../../collector/errors.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
/** Node's own codes, matched by our error classification, not thrown by us. */
const NODE_CODES = new Set(['ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_VALUE', 'ERR_INVALID_URL', 'ERR_TLS_CERT_ALTNAME_INVALID']);

function codesInSources(): Set<string> {
  const codes = new Set<string>();
  for (const dir of ['agent', 'collector', 'shared']) {
    for (const file of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts')) continue;
      for (const m of readFileSync(join(ROOT, dir, file), 'utf8').matchAll(/'(ERR_[A-Z_]+)'/g)) codes.add(m[1]!);
    }
  }
  return codes;
}

describe('error codes', () => {
  const doc = readFileSync(join(ROOT, 'docs/errors.md'), 'utf8');

  it('documents every code the sources use in docs/errors.md', () => {
    const missing = [...codesInSources()].filter((c) => !NODE_CODES.has(c) && !doc.includes(`\`${c}\``));
    expect(missing).toEqual([]);
  });

  it('gives each HTTP code the status the documentation states', () => {
    for (const [code, status] of Object.entries(HTTP_ERRORS)) {
      expect(doc).toMatch(new RegExp(`\\| \`${code}\` \\| ${status} \\|`));
    }
  });
});
