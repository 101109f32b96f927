// Panel factories: every panel gets a French title, a description, the datasource variable and Prometheus targets.
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  MappingType,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type DataTransformerConfig,
  type Panel,
  type Threshold,
  type ThresholdsConfig,
  type ValueMapping,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as BarGaugeBuilder } from '@grafana/grafana-foundation-sdk/bargauge';
import {
  BarGaugeDisplayMode,
  BigValueColorMode,
  BigValueGraphMode,
  GraphDrawStyle,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  StackingConfigBuilder,
  StackingMode,
  VizLegendOptionsBuilder,
  VizOrientation,
  VisibilityMode,
  type DataSourceRef,
} from '@grafana/grafana-foundation-sdk/common';
import {
  PanelBuilder as PieChartBuilder,
  PieChartLegendOptionsBuilder,
  PieChartLegendValues,
  PieChartType,
} from '@grafana/grafana-foundation-sdk/piechart';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as StateTimelineBuilder } from '@grafana/grafana-foundation-sdk/statetimeline';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeSeriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';

/** Every panel and query points at the dashboard's `datasource` variable (never a `${DS_…}` import input). */
export const DATASOURCE: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

/** One PromQL query of a panel. */
export interface QuerySpec {
  expr: string;
  legend?: string;
  /** Instant query (stats, tables, gauges); range otherwise. */
  instant?: boolean;
  /** Table format (one row per series, labels as columns). */
  table?: boolean;
}

/** What every panel must say. */
export interface PanelSpec {
  title: string;
  description: string;
  queries: QuerySpec[];
  unit?: string;
  width?: number;
  height?: number;
  mappings?: ValueMapping[];
  /** Threshold steps after the base colour, e.g. `[[1, 'red']]`. */
  thresholds?: Array<[number, string]>;
  baseColor?: string;
  min?: number;
  max?: number;
  decimals?: number;
  noValue?: string;
}

/** A quota fill ratio (0–1): orange from 80 %, red from 90 %, as the quota alerts. */
export const QUOTA_FILL: Pick<PanelSpec, 'unit' | 'min' | 'max' | 'thresholds'> = {
  unit: 'percentunit',
  min: 0,
  max: 1,
  thresholds: [
    [0.8, 'orange'],
    [0.9, 'red'],
  ],
};

/** The builder methods every panel kind shares (structural, so each SDK builder fits). */
interface CommonPanelBuilder {
  title(title: string): unknown;
  description(description: string): unknown;
  datasource(datasource: DataSourceRef): unknown;
  withTarget(target: cog.Builder<cog.Dataquery>): unknown;
  height(h: number): unknown;
  span(w: number): unknown;
  unit(unit: string): unknown;
  mappings(mappings: ValueMapping[]): unknown;
  thresholds(thresholds: cog.Builder<ThresholdsConfig>): unknown;
  min(min: number): unknown;
  max(max: number): unknown;
  decimals(decimals: number): unknown;
  noValue(noValue: string): unknown;
}

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function query(spec: QuerySpec, index: number): DataqueryBuilder {
  const q = new DataqueryBuilder().datasource(DATASOURCE).expr(spec.expr).refId(REF_IDS[index] ?? `Q${index}`);
  if (spec.legend !== undefined) q.legendFormat(spec.legend);
  if (spec.table === true) q.format(PromQueryFormat.Table);
  if (spec.instant === true || spec.table === true) q.instant();
  else q.range();
  return q;
}

function applyCommon<B extends CommonPanelBuilder>(builder: B, spec: PanelSpec, defaults: { w: number; h: number }): B {
  builder.title(spec.title);
  builder.description(spec.description);
  builder.datasource(DATASOURCE);
  spec.queries.forEach((q, i) => builder.withTarget(query(q, i)));
  builder.span(spec.width ?? defaults.w);
  builder.height(spec.height ?? defaults.h);
  if (spec.unit !== undefined) builder.unit(spec.unit);
  if (spec.mappings !== undefined) builder.mappings(spec.mappings);
  if (spec.min !== undefined) builder.min(spec.min);
  if (spec.max !== undefined) builder.max(spec.max);
  if (spec.decimals !== undefined) builder.decimals(spec.decimals);
  if (spec.noValue !== undefined) builder.noValue(spec.noValue);
  const steps: Threshold[] = [{ value: null, color: spec.baseColor ?? 'green' }];
  for (const [value, color] of spec.thresholds ?? []) steps.push({ value, color });
  builder.thresholds(new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps));
  return builder;
}

function lastValue(): ReduceDataOptionsBuilder {
  return new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false);
}

/** A headline number (top row). */
export function stat(spec: PanelSpec): StatBuilder {
  return applyCommon(new StatBuilder(), spec, { w: 4, h: 4 })
    .reduceOptions(lastValue())
    .graphMode(BigValueGraphMode.None)
    .colorMode(BigValueColorMode.Background)
    .orientation(VizOrientation.Auto);
}

/** A curve over time. */
export function timeseries(spec: PanelSpec & { stacked?: boolean; bars?: boolean }): TimeSeriesBuilder {
  const b = applyCommon(new TimeSeriesBuilder(), spec, { w: 12, h: 8 }).legend(
    new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom),
  );
  if (spec.stacked === true) b.stacking(new StackingConfigBuilder().mode(StackingMode.Normal));
  if (spec.bars === true) b.drawStyle(GraphDrawStyle.Bars).fillOpacity(80);
  return b;
}

/** A list of series as rows. */
export function table(spec: PanelSpec): TableBuilder {
  return applyCommon(new TableBuilder(), spec, { w: 24, h: 8 }).filterable(true);
}

/** Horizontal bars, one per series. */
export function barGauge(spec: PanelSpec): BarGaugeBuilder {
  return applyCommon(new BarGaugeBuilder(), spec, { w: 12, h: 8 })
    .reduceOptions(lastValue())
    .displayMode(BarGaugeDisplayMode.Gradient)
    .orientation(VizOrientation.Horizontal)
    .showUnfilled(true);
}

/** Shares of a whole. */
export function pieChart(spec: PanelSpec): PieChartBuilder {
  return applyCommon(new PieChartBuilder(), spec, { w: 8, h: 8 })
    .reduceOptions(lastValue())
    .pieType(PieChartType.Donut)
    .legend(
      new PieChartLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.Table)
        .placement(LegendPlacement.Right)
        .values([PieChartLegendValues.Value, PieChartLegendValues.Percent]),
    );
}

/** Coloured bands of a state over time, one line per series. */
export function stateTimeline(spec: PanelSpec): StateTimelineBuilder {
  return applyCommon(new StateTimelineBuilder(), spec, { w: 24, h: 10 })
    .showValue(VisibilityMode.Never)
    .mergeValues(true)
    .rowHeight(0.8);
}

/** Maps numbers to French words and colours. */
export function valueMapping(entries: Array<[string, string, string]>): ValueMapping {
  const options: Record<string, { text: string; color: string; index: number }> = {};
  entries.forEach(([value, text, color], index) => {
    options[value] = { text, color, index };
  });
  return { type: MappingType.ValueToText, options };
}

/** A collapsed row of detail panels (their queries only run when the row is opened). */
export function collapsedRow(title: string, panels: Array<cog.Builder<Panel>>): RowBuilder {
  const row = new RowBuilder(title).collapsed(true);
  for (const panel of panels) row.withPanel(panel);
  return row;
}

/** A table transformation that hides Prometheus bookkeeping columns and renames the others in French. */
export function organizeColumns(renameByName: Record<string, string>, hide: string[] = []): DataTransformerConfig {
  const excludeByName: Record<string, boolean> = { Time: true, __name__: true, job: true, instance: true };
  for (const name of hide) excludeByName[name] = true;
  return { id: 'organize', options: { excludeByName, renameByName } };
}

/** Joins several table queries on their common labels (one row per server or school). */
export const MERGE: DataTransformerConfig = { id: 'merge', options: {} };

/** Bars for a list of labelled values, without the gauge background (counts). */
export function barGaugeNone(spec: PanelSpec): BarGaugeBuilder {
  return barGauge(spec).displayMode(BarGaugeDisplayMode.Basic).showUnfilled(false);
}
