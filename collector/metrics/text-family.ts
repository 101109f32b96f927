/**
 * Metric families rendered straight to Prometheus exposition text, for the per-server families (the bulk of
 * the series: about 23 per server, 230,000 at 10,000 servers). Why: prom-client costs per series a labels
 * object, its hash, a map entry, then a second labels walk with a regex escape per value when rendering; at
 * 230,000 series that was most of a 2–3 s scrape and a third of it garbage collection. A family here keeps each
 * series as its label pairs already escaped (callers escape a server's `uai`/`server` once for all its series)
 * and its value, and renders in one pass.
 *
 * A family registers itself in the registry like a prom-client metric (same name, help, type, `collect`,
 * `reset`, `get`), so listing a registry's metrics and a plain prom-client `Registry` keep working: `get()`
 * returns each series with its label pairs folded into `metricName`, which prom-client prints as is. A
 * {@link TextRegistry} (the app's, see index.ts) skips that and takes the family's text directly. The text is
 * the same either way, and the same as prom-client's for the same series (format rules: label values escape
 * backslash, double quote and newline; HELP escapes backslash and newline; NaN and infinities as prom-client).
 */
import { Registry, type Metric } from 'prom-client';

export type FamilyType = 'gauge' | 'counter';

export class TextFamily {
  readonly aggregator = 'sum';
  private labels: string[] = [];
  private values: number[] = [];

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: FamilyType,
    readonly collect: () => Promise<void>,
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  reset(): void {
    this.labels = [];
    this.values = [];
  }

  /** One series; `labels` are escaped pairs without braces (`uai="…",server="…"`, see {@link labelPair}). */
  add(labels: string, value: number): void {
    this.labels.push(labels);
    this.values.push(value);
  }

  /** The family as exposition text (HELP, TYPE, then one line per series), without a trailing newline. */
  renderText(): string {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`];
    for (let i = 0; i < this.labels.length; i += 1) lines.push(`${this.name}{${this.labels[i]}} ${valueText(this.values[i]!)}`);
    return lines.join('\n');
  }

  /** prom-client's shape, for a plain `Registry`: each series' labels are already in `metricName`. */
  async get() {
    await this.collect();
    const values = this.labels.map((l, i) => ({ metricName: `${this.name}{${l}}`, labels: {}, value: this.values[i]! }));
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}

/** A prom-client Registry that renders {@link TextFamily} members from their text (the others as prom-client does). */
export class TextRegistry extends Registry {
  /**
   * `metrics()` as UTF-8 bytes, for /metrics: each family is encoded on its own and the bytes concatenated,
   * instead of joining 18 MB of text into one string (two bytes a character as soon as one HELP has a character
   * beyond Latin-1) and encoding that again to send it.
   */
  async metricsBuffer(): Promise<Buffer> {
    if (this.contentType !== Registry.PROMETHEUS_CONTENT_TYPE) return Buffer.from(await this.metrics());
    const parts = await Promise.all(this.getMetricsAsArray().map((m) => this.getMetricsAsString(m)));
    const separator = Buffer.from('\n\n');
    const chunks = parts.flatMap((p, i) => (i === 0 ? [Buffer.from(p)] : [separator, Buffer.from(p)]));
    chunks.push(Buffer.from('\n'));
    return Buffer.concat(chunks);
  }

  // Registry.getMetricsAsString(metric) is what Registry.metrics() calls for each member; prom-client's typings
  // leave it out, hence the cast to reach the base one.
  async getMetricsAsString(metric: unknown): Promise<string> {
    if (!(metric instanceof TextFamily)) return (Registry.prototype as unknown as { getMetricsAsString(m: unknown): Promise<string> }).getMetricsAsString.call(this, metric);
    await metric.collect();
    return metric.renderText();
  }
}

/** `name="value"`, the value escaped as the text format wants (backslash, double quote, newline). */
export function labelPair(name: string, value: string): string {
  return `${name}="${escapeLabelValue(value)}"`;
}

export function escapeLabelValue(value: string): string {
  return /[\\"\n]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"') : value;
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function valueText(v: number): string {
  if (Number.isNaN(v)) return 'Nan';
  if (!Number.isFinite(v)) return v < 0 ? '-Inf' : '+Inf';
  return `${v}`;
}
