// Throughput over processing time: events in per second (top) and results out per second (bottom),
// one line per engine. Two panels because input and output differ by orders of magnitude.
import type { TopLevelSpec } from 'vega-lite';
import { colourScale } from '../engines.ts';
import { cell, fmtInt, num, rowHead, table } from '../html.ts';
import { type Chart, type ChartInput, CONFIG, NO_DATA, sec, WIDTH } from './chart.ts';

export function throughputChart({ views }: ChartInput): Chart {
  const ok = views.filter((v) => v.ok !== undefined);
  const rows = ok.flatMap((v) =>
    (v.ok?.series?.perSecond ?? []).map((p) => ({ engine: v.name, t: sec(p.t), input: p.input, output: p.output })),
  );
  const base = {
    id: 'throughput',
    title: 'Throughput over time',
    description: 'Events accepted (top) and results emitted (bottom) in each second of processing time, per engine.',
    empty: NO_DATA,
  };
  if (rows.length === 0) return { ...base, spec: null, table: '' };
  const colour = { field: 'engine', type: 'nominal', title: 'engine', scale: colourScale(views) } as const;
  type Panel = Extract<TopLevelSpec, { vconcat: unknown }>['vconcat'][number];
  const panel = (field: 'input' | 'output', title: string, height: number): Panel => ({
    width: WIDTH,
    height,
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, point: { size: 14, filled: true } },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'processing time, s' },
      y: { field, type: 'quantitative', title },
      color: colour,
      tooltip: [{ field: 'engine' }, { field: 't', title: 'second, s' }, { field, title }],
    },
  });
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: base.title,
    config: CONFIG,
    data: { values: rows },
    vconcat: [panel('input', 'events in / s', 160), panel('output', 'results out / s', 160)],
  };
  const seconds = [...new Set(rows.map((r) => r.t))].sort((a, b) => a - b);
  const by = new Map(ok.map((v) => [v.id, new Map((v.ok?.series?.perSecond ?? []).map((p) => [sec(p.t), p]))]));
  return {
    ...base,
    spec,
    table: table({
      caption: 'Events in and results out in each second of processing time, per engine.',
      head: [cell('second'), ...ok.flatMap((v) => [num(`${v.name} in`), num(`${v.name} out`)])],
      rows: seconds.map((t) => ({
        cells: [
          rowHead(`${t} s`),
          ...ok.flatMap((v) => {
            const p = by.get(v.id)?.get(t);
            return [num(p ? fmtInt(p.input) : '–'), num(p ? fmtInt(p.output) : '–')];
          }),
        ],
      })),
    }),
  };
}
