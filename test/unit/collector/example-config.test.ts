import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCollectorConfig } from '../../../collector/config.ts';

describe('deploy/collector.example.yaml', () => {
  it('is a valid collector configuration', () => {
    const cfg = loadCollectorConfig({ file: join(import.meta.dirname, '../../../deploy/collector.example.yaml'), env: {} });
    expect(cfg.listen.port).toBe(9630);
    expect(cfg.liveness.windows).toHaveLength(2);
    expect(cfg.notifications.grouping).toEqual({ delaySeconds: 30, maxPerHourPerChannel: 20 });
  });

  it('names the bad key of a broken collector configuration', () => {
    expect(() => loadCollectorConfig({ file: 'c.yaml', env: {}, readFile: () => 'listen: { port: 99999 }\n' })).toThrow(
      'c.yaml: listen.port is invalid, expected',
    );
    expect(() => loadCollectorConfig({ env: { VIGIE_COLLECTOR_PORT: 'http' } })).toThrow(
      "collector configuration: listen.port is invalid, expected integer (TCP port (0 = any free port)) (actual: 'http')",
    );
  });
});
