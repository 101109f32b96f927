// A TextFamily prints what a prom-client Gauge prints for the same series (escaping, value formats), through the
// app's TextRegistry and through a plain prom-client Registry.
import { Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { TextFamily, TextRegistry, labelPair } from '../../../../collector/metrics/text-family.ts';

const series: Array<[Record<'uai' | 'server' | 'mountpoint', string>, number]> = [
  [{ uai: '0860001J', server: 'scribe', mountpoint: '/' }, 21474836480],
  [{ uai: 'a"b', server: 'back\\slash', mountpoint: 'new\nline' }, -0.25],
  [{ uai: 'é', server: '{x="y"}', mountpoint: '' }, 1e21],
  [{ uai: 'nan', server: 's', mountpoint: 'm' }, Number.NaN],
  [{ uai: 'inf', server: 's', mountpoint: 'm' }, Number.POSITIVE_INFINITY],
  [{ uai: '-inf', server: 's', mountpoint: 'm' }, Number.NEGATIVE_INFINITY],
];
const help = 'Help with a \\ backslash\nand a newline, "quoted".';

async function viaGauge(): Promise<string> {
  const registry = new Registry();
  const g = new Gauge({ name: 'x_bytes', help, labelNames: ['uai', 'server', 'mountpoint'], registers: [registry] });
  for (const [labels, v] of series) g.set(labels, v);
  new Gauge({ name: 'x_empty', help: 'None.', labelNames: ['uai'], registers: [registry] });
  return registry.metrics();
}

async function viaFamily(registry: Registry): Promise<string> {
  const collect = async () => {
    f.reset();
    for (const [l, v] of series) f.add([labelPair('uai', l.uai), labelPair('server', l.server), labelPair('mountpoint', l.mountpoint)].join(','), v);
  };
  const f = new TextFamily('x_bytes', help, 'gauge', collect, registry);
  new TextFamily('x_empty', 'None.', 'gauge', async () => {}, registry);
  return registry.metrics();
}

describe('TextFamily', () => {
  it('renders the same exposition as a prom-client Gauge, through a TextRegistry', async () => {
    expect(await viaFamily(new TextRegistry())).toBe(await viaGauge());
  });

  it('renders the same exposition through a plain prom-client Registry', async () => {
    expect(await viaFamily(new Registry())).toBe(await viaGauge());
  });

  it('is listed among the registry metrics by name', async () => {
    const registry = new TextRegistry();
    await viaFamily(registry);
    expect(registry.getMetricsAsArray().map((m) => m.name)).toEqual(['x_bytes', 'x_empty']);
  });

  it('gives /metrics the bytes of metrics() (metricsBuffer)', async () => {
    const registry = new TextRegistry();
    await viaFamily(registry);
    const g = new Gauge({ name: 'y_ratio', help: 'Charge, 0–1 (beyond Latin-1).', labelNames: ['ups'], registers: [registry] });
    g.set({ ups: 'onduleur-é' }, 0.5);
    expect((await registry.metricsBuffer()).equals(Buffer.from(await registry.metrics()))).toBe(true);
  });
});
