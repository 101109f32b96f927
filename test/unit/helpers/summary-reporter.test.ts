import { describe, expect, it } from 'vitest';
import { describeMissing } from '../../helpers/summary-reporter.ts';

describe('the closing list of tests that could not run here', () => {
  it('says nothing when everything ran', () => {
    expect(describeMissing([])).toBe('');
  });

  it('lists each test file once with what it needs, then one apt-get line and the root hint', () => {
    const text = describeMissing([
      { file: 'test/e2e/b.test.ts', need: 'chromium', pkg: 'chromium' },
      { file: 'test/integration/a.test.ts', need: 'promtool', pkg: 'prometheus' },
      { file: 'test/integration/a.test.ts', need: 'prometheus', pkg: 'prometheus' },
      { file: 'test/integration/q.test.ts', need: 'root' },
    ]);
    expect(text).toContain('Not run on this machine (3 test file(s)):');
    expect(text).toContain('  test/integration/a.test.ts: needs promtool (prometheus), prometheus (prometheus)');
    expect(text).toContain('  test/e2e/b.test.ts: needs chromium (chromium)');
    expect(text).toContain('sudo apt-get install -y --no-install-recommends chromium prometheus\n');
    expect(text).toContain('Tests that need root run with: sudo npm test');
  });
});
