// Latency per second of processing time (p50 solid, p99 dashed) per engine, with the moments that
// explain it marked: micro-batch boundaries (faint), checkpoints (grey, dashed) and faults (red).
import type { TopLevelSpec } from 'vega-lite';
import { colourScale } from '../engines.ts';
import { cell, fmtInt, num, rowHead, table } from '../html.ts';
import { type Chart, type ChartInput, CONFIG, NO_DATA, sec, WIDTH } from './chart.ts';

const MARKERS = { batch: '#bbbbbb', checkpoint: '#666666', fault: '#d62728' } as const;
/** At most this many distinct moments of one kind of marker are drawn (about one per 8 px of the plot). */
const MAX_RULES = Math.floor(WIDTH / 8);

export function latencySeriesChart({ views }: ChartInput): Chart {
  const ok = views.filter((v) => v.ok !== undefined);
  const points = ok.flatMap((v) =>
    (v.ok?.series?.latency ?? []).flatMap((p) => [
      { engine: v.name, t: sec(p.t), stat: 'p50', ms: p.p50 },
      { engine: v.name, t: sec(p.t), stat: 'p99', ms: p.p99 },
    ]),
  );
  const all = ok.flatMap((v) => {
    const s = v.ok?.series;
    return [
      ...(s?.batches ?? []).map((t) => ({ engine: v.name, t: sec(t), marker: 'batch' })),
      ...(s?.checkpoints ?? []).map((t) => ({ engine: v.name, t: sec(t), marker: 'checkpoint' })),
      ...(s?.faults ?? []).map((t) => ({ engine: v.name, t: sec(t), marker: 'fault' })),
    ];
  });
  // Rules closer than a few pixels apart hide the lines they should explain: a kind of marker with more
  // distinct moments than MAX_RULES is counted, not drawn (faults always are).
  const distinct = (m: string) => new Set(all.filter((x) => x.marker === m).map((x) => x.t)).size;
  const dense = new Set(['batch', 'checkpoint'].filter((m) => distinct(m) > MAX_RULES));
  const markers = all.filter((x) => !dense.has(x.marker));
  const counts = (m: string) => all.filter((x) => x.marker === m).length;
  const marked = (['batch', 'checkpoint', 'fault'] as const).map(
    (m) => `${fmtInt(counts(m))} ${m === 'batch' ? 'batch boundaries' : `${m}s`}${dense.has(m) ? ' (too many to draw)' : ''}`,
  );
  const base = {
    id: 'latency-series',
    title: 'Latency over time',
    description: `Per second of processing time, the median (solid) and p99 (dashed) event-time latency of the results emitted in that second. Marked: ${marked.join(', ')}.`,
    empty: NO_DATA,
  };
  if (points.length === 0) return { ...base, spec: null, table: '' };
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: base.title,
    width: WIDTH,
    height: 260,
    config: CONFIG,
    datasets: { points, markers },
    layer: [
      {
        data: { name: 'markers' },
        mark: { type: 'rule' },
        encoding: {
          x: { field: 't', type: 'quantitative' },
          color: {
            field: 'marker',
            type: 'nominal',
            title: 'marker',
            scale: { domain: Object.keys(MARKERS), range: Object.values(MARKERS) },
          },
          opacity: { condition: { test: "datum.marker === 'batch'", value: 0.35 }, value: 0.9 },
          strokeDash: { condition: { test: "datum.marker === 'checkpoint'", value: [4, 3] }, value: [1, 0] },
          tooltip: [{ field: 'engine' }, { field: 'marker' }, { field: 't', title: 'at, s' }],
        },
      },
      {
        data: { name: 'points' },
        mark: { type: 'line', strokeWidth: 2, point: { size: 16, filled: true } },
        encoding: {
          x: { field: 't', type: 'quantitative', title: 'processing time, s' },
          y: { field: 'ms', type: 'quantitative', title: 'event-time latency, ms' },
          color: { field: 'engine', type: 'nominal', title: 'engine', scale: colourScale(views) },
          strokeDash: {
            field: 'stat',
            type: 'nominal',
            title: 'percentile',
            scale: {
              domain: ['p50', 'p99'],
              range: [
                [1, 0],
                [5, 3],
              ],
            },
          },
          detail: { field: 'stat' },
          tooltip: [{ field: 'engine' }, { field: 't', title: 'second, s' }, { field: 'stat' }, { field: 'ms', title: 'latency, ms' }],
        },
      },
    ],
    resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
  };
  const seconds = [...new Set(ok.flatMap((v) => (v.ok?.series?.latency ?? []).map((p) => p.t)))].sort((a, b) => a - b);
  const by = new Map(ok.map((v) => [v.id, new Map((v.ok?.series?.latency ?? []).map((p) => [p.t, p]))]));
  const rows = seconds.map((t) => ({
    cells: [
      rowHead(`${sec(t)} s`),
      ...ok.flatMap((v) => {
        const p = by.get(v.id)?.get(t);
        return p ? [num(fmtInt(p.p50)), num(fmtInt(p.p99)), num(fmtInt(p.max))] : [num('–'), num('–'), num('–')];
      }),
    ],
  }));
  return {
    ...base,
    spec,
    table: table({
      caption: 'Event-time latency (ms) of the results emitted in each second of processing time, per engine.',
      head: [cell('second'), ...ok.flatMap((v) => [num(`${v.name} p50`), num(`${v.name} p99`), num(`${v.name} max`)])],
      rows,
    }),
  };
}
