import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../../collector/app.ts';
import { createAppDeps } from '../../../../collector/composition.ts';
import { loadCollectorConfig } from '../../../../collector/config.ts';
import { ErrorBodySchema } from '../../../../collector/routes/http-schemas.ts';
import { openDatabase, type Db } from '../../../../collector/storage/database.ts';
import { createStore } from '../../../../collector/storage/store.ts';
import { FakeClock } from '../../../../shared/testing/fake-clock.ts';

/** Every route of the app as registered (Fastify's `onRoute` hook, added before the routes plugin loads). */
const routes: RouteOptions[] = [];
let db: Db;
let close: () => Promise<void>;

beforeAll(async () => {
  const config = loadCollectorConfig({ env: { VIGIE_COLLECTOR_DATABASE: ':memory:' } });
  db = openDatabase(':memory:');
  const app = buildApp(createAppDeps(config, { clock: new FakeClock('2025-07-10T08:00:00Z'), store: createStore(db) }));
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  await app.ready();
  close = () => app.close();
});

afterAll(async () => {
  await close();
  db.close();
});

/** HEAD routes Fastify derives from GET routes (`exposeHeadRoutes`) are its own, not ours. */
const ours = () => routes.filter((r) => !(r.method === 'HEAD' && routes.some((g) => g.method === 'GET' && g.url === r.url)));
const name = (r: RouteOptions) => `${String(r.method)} ${r.url}`;
const responsesOf = (r: RouteOptions) => (r.schema?.response ?? {}) as Record<string, unknown>;

describe('every route declares its answers', () => {
  it('sees the routes of the app', () => {
    expect(ours().map(name)).toEqual(expect.arrayContaining(['POST /api/v1/heartbeat', 'GET /metrics', 'GET /status', 'GET /api/v1/reports/quotas', 'DELETE /api/v1/silences/:id']));
  });

  it('has a response schema on every route, with its success answer', () => {
    const without = ours().filter((r) => !Object.keys(responsesOf(r)).some((status) => /^2[0-9]{2}$/.test(status))).map(name);
    expect(without).toEqual([]);
  });

  it('declares the { code, message } error body for 500 and every 4xx it declares', () => {
    for (const r of ours()) {
      const responses = responsesOf(r);
      expect(responses['500'], `${name(r)} 500`).toBe(ErrorBodySchema);
      for (const [status, schema] of Object.entries(responses)) {
        if (status.startsWith('4')) expect(schema, `${name(r)} ${status}`).toBe(ErrorBodySchema);
      }
    }
  });

  it('validates the query string of every route that reads one by a schema, refusing unknown parameters', () => {
    for (const r of ours().filter((x) => x.method === 'GET' && (x.url.startsWith('/api/v1/reports/') || x.url === '/status'))) {
      expect(r.schema?.querystring, name(r)).toMatchObject({ type: 'object', additionalProperties: false });
    }
  });
});
