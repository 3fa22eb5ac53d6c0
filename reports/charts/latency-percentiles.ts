// Event-time latency percentiles per engine (p50 … max): emit time − the max event time in the window.
// One line per engine over the percentile ranks; the table adds window-end and processing-time latency.
import type { TopLevelSpec } from 'vega-lite';
import { colourScale, type SupportedEngine } from '../engines.ts';
import { cell, fmtInt, fmtMs, num, rowHead, table } from '../html.ts';
import { type Chart, type ChartInput, CONFIG, NO_DATA, WIDTH } from './chart.ts';

export const RANKS = [
  { key: 'p50', label: 'p50' },
  { key: 'p75', label: 'p75' },
  { key: 'p95', label: 'p95' },
  { key: 'p99', label: 'p99' },
  { key: 'p999', label: 'p99.9' },
  { key: 'max', label: 'max' },
] as const;

type Measure = keyof SupportedEngine['latency'];
const MEASURES: Array<{ key: Measure; label: string }> = [
  { key: 'eventTime', label: 'event time' },
  { key: 'windowEnd', label: 'window end' },
  { key: 'processingTime', label: 'processing time' },
];

export function latencyPercentilesChart({ views }: ChartInput): Chart {
  const ok = views.filter((v) => v.ok !== undefined && v.ok.latency.eventTime.count > 0);
  const rows = ok.flatMap((v) =>
    RANKS.map((r, rank) => ({ engine: v.name, percentile: r.label, rank, ms: v.ok!.latency.eventTime[r.key] })),
  );
  const base = {
    id: 'latency-percentiles',
    title: 'Latency percentiles',
    description: 'Event-time latency of window results: emit time minus the latest event time in the window, from p50 to the maximum.',
    empty: NO_DATA,
  };
  if (rows.length === 0) return { ...base, spec: null, table: '' };
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: base.title,
    width: WIDTH,
    height: 260,
    config: CONFIG,
    data: { values: rows },
    mark: { type: 'line', point: { size: 50, filled: true }, strokeWidth: 2 },
    encoding: {
      x: { field: 'percentile', type: 'ordinal', sort: RANKS.map((r) => r.label), title: 'percentile', axis: { labelAngle: 0 } },
      y: { field: 'ms', type: 'quantitative', title: 'event-time latency, ms' },
      color: { field: 'engine', type: 'nominal', title: 'engine', scale: colourScale(views) },
      tooltip: [{ field: 'engine' }, { field: 'percentile' }, { field: 'ms', title: 'latency, ms' }],
    },
  };
  const tableRows = ok.flatMap((v) =>
    MEASURES.map((m) => {
      const p = v.ok!.latency[m.key];
      return {
        cells: [rowHead(v.name), cell(m.label), num(fmtInt(p.count)), ...RANKS.map((r) => num(p.count > 0 ? fmtMs(p[r.key]) : '–'))],
      };
    }),
  );
  return {
    ...base,
    spec,
    table: table({
      caption:
        'Latency percentiles per engine: event time (emit − latest event in the window), window end (emit − window end) and processing time (emit − ingest).',
      head: [cell('engine'), cell('measured from'), num('results'), ...RANKS.map((r) => num(r.label))],
      rows: tableRows,
    }),
  };
}
