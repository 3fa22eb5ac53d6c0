// A stream join's state over processing time, per side (issue 18): the records each model held for its
// left and right stream — Flink's window contents or join buffers (cleaned by watermark timers, E1–E3),
// Spark's state store rows (kept forever without a watermark, E4), Storm's window queue (E6). One line per
// engine and side (left solid, right dashed); the table gives each side's peak and its size at the end.
import type { TopLevelSpec } from 'vega-lite';
import { colourScale } from '../engines.ts';
import { cell, fmtInt, num, rowHead, table } from '../html.ts';
import { type Chart, type ChartInput, CONFIG, NO_DATA, sec, WIDTH } from './chart.ts';

/** The join's stream names (result.json `scenario.job.join`), else plain "left" / "right". */
function sideNames(scenario: Record<string, unknown>): { left: string; right: string } {
  const job = scenario.job as { join?: { left?: unknown; right?: unknown } } | undefined;
  const left = job?.join?.left;
  const right = job?.join?.right;
  return { left: typeof left === 'string' ? left : 'left', right: typeof right === 'string' ? right : 'right' };
}

export function joinStateChart({ result, views }: ChartInput): Chart {
  const names = sideNames(result.scenario);
  const ok = views.filter((v) => v.ok?.join !== undefined);
  const held = ok.filter((v) => v.ok!.join!.held !== undefined);
  const silent = ok.filter((v) => v.ok!.join!.held === undefined).map((v) => v.name);
  const rows = held.flatMap((v) =>
    v.ok!.join!.held!.flatMap((p) => [
      { engine: v.name, side: `left: ${names.left}`, t: sec(p.t), records: p.left },
      { engine: v.name, side: `right: ${names.right}`, t: sec(p.t), records: p.right },
    ]),
  );
  const base = {
    id: 'join-state',
    title: 'Join state per side over time',
    description: `Records each model held for the left stream (${names.left}, solid) and the right stream (${names.right}, dashed), sampled every 500 arrivals and when the input ended: Flink’s window contents or join buffers, Spark’s state store rows, Storm’s window queue.${silent.length > 0 ? ` Not reported by ${silent.join(', ')} (a DStream join holds its window’s batches, not state).` : ''}`,
    empty: NO_DATA,
  };
  if (rows.length === 0) return { ...base, spec: null, table: '' };
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: base.title,
    config: CONFIG,
    width: WIDTH,
    height: 220,
    data: { values: rows },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'processing time, s' },
      y: { field: 'records', type: 'quantitative', title: 'records held' },
      color: { field: 'engine', type: 'nominal', title: 'engine', scale: colourScale(views) },
      strokeDash: {
        field: 'side',
        type: 'nominal',
        title: 'side',
        scale: {
          range: [
            [1, 0],
            [6, 3],
          ],
        },
      },
      tooltip: [{ field: 'engine' }, { field: 'side' }, { field: 't', title: 'time, s' }, { field: 'records', title: 'records held' }],
    },
  };
  return {
    ...base,
    spec,
    table: table({
      caption: 'Records held per side: the peak over the run and the last sample, when the input had ended.',
      head: [
        cell('engine'),
        num(`${names.left} peak`),
        num(`${names.left} at end`),
        num(`${names.right} peak`),
        num(`${names.right} at end`),
      ],
      rows: held.map((v) => {
        const h = v.ok!.join!.held!;
        const last = h[h.length - 1];
        const peak = (side: 'left' | 'right') => h.reduce((m, p) => Math.max(m, p[side]), 0);
        return {
          cells: [
            rowHead(v.name),
            num(fmtInt(peak('left'))),
            num(last ? fmtInt(last.left) : '–'),
            num(fmtInt(peak('right'))),
            num(last ? fmtInt(last.right) : '–'),
          ],
        };
      }),
    }),
  };
}
