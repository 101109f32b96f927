// A copy of the database gives no working token: tokens are stored as SHA-256 hashes only.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../../../collector/auth/tokens.ts';
import { ALPHA } from '../../../../shared/testing/messages.ts';
import { buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';
import { dumpDatabase } from '../../../helpers/db-dump.ts';

let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(async () => t.close());

describe('token storage', () => {
  it('keeps the hash of a token, never the token', async () => {
    const token = await t.enrol(ALPHA.uai, ALPHA.machine);
    const dump = dumpDatabase(t.db);
    expect(dump).not.toContain(token);
    expect(dump).toContain(hashToken(token));
  });
});
