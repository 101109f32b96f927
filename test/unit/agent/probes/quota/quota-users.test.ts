import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRepquota } from '../../../../../agent/probes/quota/parse-repquota.ts';
import { quotaStatus, toQuotaUser } from '../../../../../agent/probes/quota/quota-users.ts';
import { fixturePath } from '../../../../helpers/fixtures.ts';

const FIXTURES = fixturePath('repquota');
const NOW = new Date('2026-11-29T20:00:00Z');

describe('quotaStatus', () => {
  it.each([
    [100, null, null, 'ok'],
    [100, 100, null, 'ok'],
    [101, 100, null, 'over_soft'],
    [150, 100, 200, 'over_soft'],
    [200, 100, 200, 'over_hard'],
    [250, 100, 200, 'over_hard'],
    [200, null, 200, 'over_hard'],
  ] as const)('used %d soft %s hard %s → %s', (used, soft, hard, status) => {
    expect(quotaStatus(used, soft, hard)).toBe(status);
  });
});

describe('toQuotaUser', () => {
  const users = (file: string) =>
    (parseRepquota(readFileSync(join(FIXTURES, file), 'utf8')).blocks[0]?.entries ?? []).map((e) => toQuotaUser(e, NOW));

  it('gives the same statuses from csv, table and raw table', () => {
    const pick = (file: string) => users(file).map((u) => [u.login, u.status, u.fileStatus]);
    expect(pick('csv.txt')).toEqual([
      ['root', 'ok', 'ok'], ['jdupont', 'over_hard', 'ok'], ['amartin', 'ok', 'ok'], ['lbernard', 'over_hard', 'ok'],
      ['tpetit', 'ok', 'ok'], ['cdurand', 'over_hard', 'ok'], ['mleroy', 'ok', 'ok'], ['smoreau', 'ok', 'over_hard'],
    ]);
    expect(pick('default.txt')).toEqual(pick('csv.txt'));
    expect(pick('raw-grace-verbose.txt')).toEqual(pick('csv.txt'));
  });

  it('takes the exact grace end from -p and now + remaining from the table', () => {
    const raw = users('raw-grace-verbose.txt').find((u) => u.login === 'jdupont');
    expect(raw).toMatchObject({ graceEndsAt: new Date(1796584081 * 1000).toISOString(), graceExpired: false, usedBytes: 31228 * 1024 });
    const table = users('default.txt').find((u) => u.login === 'jdupont');
    expect(table?.graceEndsAt).toBe('2026-12-06T20:00:00.000Z');
    expect(users('default.txt').find((u) => u.login === 'amartin')).not.toHaveProperty('graceEndsAt');
  });

  it('keeps uid from #uid names and null limits for 0', () => {
    const u = users('numeric-ids.txt').find((x) => x.login === '#2004');
    expect(u).toMatchObject({ uid: 2004, softLimitBytes: null, hardLimitBytes: null, fileSoftLimit: null, status: 'ok' });
  });
});
