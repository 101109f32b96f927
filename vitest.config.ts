import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Where tests skipped for a missing package (or for want of root) are recorded for the closing summary
// (test/helpers/requirements.ts writes, test/helpers/summary-reporter.ts reads); one folder per run.
process.env['VIGIE_TEST_MISSING_DIR'] ??= mkdtempSync(join(tmpdir(), 'vigie-test-missing-'));

// Three tiers: `unit` (pure, no root, no Debian package), `integration` (one real boundary), `e2e` (real
// processes, real time, real daemons). Unit and integration run in parallel; end-to-end tests run afterwards,
// one file at a time, so that their timing assertions do not race the rest of the suite.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], sequence: { groupOrder: 1 }, fileParallelism: false },
      },
    ],
  },
});
