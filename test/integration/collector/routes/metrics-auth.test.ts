import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../../collector/app.ts';
import { createAppDeps } from '../../../../collector/composition.ts';
import { loadCollectorConfig } from '../../../../collector/config.ts';
import { openDatabase } from '../../../../collector/storage/database.ts';
import { createStore } from '../../../../collector/storage/store.ts';
import { FakeClock } from '../../../../shared/testing/fake-clock.ts';

const BEARER = 'prometheus-scrape-token-0123';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function appWith(yaml: string) {
  const config = loadCollectorConfig({ file: '/c.yaml', env: { VIGIE_COLLECTOR_DATABASE: ':memory:' }, readFile: () => yaml });
  const db = openDatabase(':memory:');
  const app = buildApp(createAppDeps(config, { clock: new FakeClock('2025-07-10T08:00:00Z'), store: createStore(db) }));
  await app.ready();
  closers.push(async () => {
    await app.close();
    db.close();
  });
  return (authorization?: string) => app.inject({ method: 'GET', url: '/metrics', headers: authorization === undefined ? {} : { authorization } });
}

describe('GET /metrics behind credentials', () => {
  it('stays open when metrics.* is unset', async () => {
    const get = await appWith('{}');
    expect((await get()).statusCode).toBe(200);
  });

  it('takes the bearer token or the Basic credentials, and nothing else', async () => {
    const get = await appWith(`metrics:\n  bearerToken: ${BEARER}\n  basicAuth: { username: prometheus, password: basic-password-0123456 }\n`);
    expect((await get(`Bearer ${BEARER}`)).statusCode).toBe(200);
    expect((await get(basic('prometheus', 'basic-password-0123456'))).statusCode).toBe(200);
    const missing = await get();
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toMatchObject({ code: 'ERR_AUTH_MISSING' });
    expect(missing.headers['www-authenticate']).toContain('Basic');
    for (const wrong of [`Bearer ${BEARER}x`, basic('prometheus', 'wrong-password-0123456'), basic('other', 'basic-password-0123456'), 'Basic !!!', basic('', '')]) {
      const res = await get(wrong);
      expect(res.statusCode, wrong).toBe(401);
      expect(res.json()).toMatchObject({ code: 'ERR_AUTH_INVALID' });
    }
  });

  it('refuses a short metrics secret at load, naming the key', () => {
    expect(() => loadCollectorConfig({ env: { VIGIE_COLLECTOR_METRICS_BEARER_TOKEN: 'short' } })).toThrow(/metrics\.bearerToken is invalid/);
  });
});
