import { describe, expect, it } from 'vitest';
import { createAppDeps } from '../../../collector/composition.ts';
import { loadCollectorConfig } from '../../../collector/config.ts';
import { openDatabase } from '../../../collector/storage/database.ts';
import { createStore } from '../../../collector/storage/store.ts';
import { FakeClock } from '../../../shared/testing/fake-clock.ts';

const YAML = 'liveness:\n  windows: ["Bascule 2025: 2025-07-05 → 2025-09-12"]\nreports: { topUsersPerServer: 2 }\n';

describe('createAppDeps', () => {
  it('carries the liveness settings derived when the configuration was loaded, not a rebuilt copy', () => {
    const config = loadCollectorConfig({ file: 'collector.yaml', env: {}, readFile: () => YAML });
    const db = openDatabase(':memory:');
    try {
      const deps = createAppDeps(config, { clock: new FakeClock('2025-07-10T08:00:00Z'), store: createStore(db) });
      expect(deps.liveness).toBe(config.livenessSettings);
      expect(deps.liveness.windows.map((w) => w.name)).toEqual(['Bascule 2025']);
      expect(deps.logger).toBe(false);
    } finally {
      db.close();
    }
  });

  it('exposes the configured maintenance windows in the metrics', async () => {
    const config = loadCollectorConfig({ file: 'collector.yaml', env: {}, readFile: () => YAML });
    const db = openDatabase(':memory:');
    try {
      const deps = createAppDeps(config, { clock: new FakeClock('2025-07-10T08:00:00Z'), store: createStore(db) });
      expect(await deps.metrics.registry.metrics()).toContain('Bascule 2025');
    } finally {
      db.close();
    }
  });
});
