// Why results differ from the ground truth: per engine, the differing windows split by cause
// (late-dropped, (start, end] closure, arrival-time window, not flushed, …).
import type { TopLevelSpec } from 'vega-lite';
import { cell, fmtInt, num, rowHead, table } from '../html.ts';
import { causeLabel, causeText } from '../verdict.ts';
import { type Chart, type ChartInput, CONFIG, WIDTH } from './chart.ts';

const CAUSE_COLOURS = ['#f58518', '#72b7b2', '#e45756', '#eeca3b', '#9d755d', '#b279a2', '#8c8c8c'];

export function correctnessCausesChart({ views }: ChartInput): Chart {
  const ok = views.filter((v) => v.ok !== undefined);
  const rows = ok.flatMap((v) =>
    Object.entries(v.ok!.correctness.causes)
      .filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0)
      .map(([cause, n]) => ({ engine: v.id, cause: causeLabel(cause), n })),
  );
  const causes = [...new Set(ok.flatMap((v) => Object.keys(v.ok!.correctness.causes)))];
  const base = {
    id: 'correctness-causes',
    title: 'Differences by cause',
    description: 'Each window that differs from the ground truth, attributed to one cause.',
    empty: 'No differences: every engine that ran matched the ground truth, so there are no causes to show.',
  };
  if (rows.length === 0) return { ...base, spec: null, table: '' };
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: base.title,
    width: WIDTH - 80,
    height: { step: 34 },
    config: CONFIG,
    data: { values: rows },
    mark: { type: 'bar', cornerRadius: 1 },
    encoding: {
      y: { field: 'engine', type: 'nominal', title: null, sort: ok.map((v) => v.id), scale: { domain: ok.map((v) => v.id) } },
      x: { field: 'n', type: 'quantitative', title: 'differing windows', stack: 'zero' },
      color: {
        field: 'cause',
        type: 'nominal',
        title: 'cause',
        scale: { domain: causes.map(causeLabel), range: CAUSE_COLOURS.slice(0, Math.max(causes.length, 1)) },
      },
      tooltip: [{ field: 'engine' }, { field: 'cause' }, { field: 'n', title: 'windows' }],
    },
  };
  return {
    ...base,
    spec,
    table: table({
      caption: 'Differing windows per cause and engine.',
      head: [cell('cause'), cell('meaning'), ...ok.map((v) => num(v.id))],
      rows: causes.map((c) => ({
        cells: [
          rowHead(causeLabel(c)),
          cell(causeText(c)),
          ...ok.map((v) => num(fmtInt((v.ok!.correctness.causes as Record<string, number | undefined>)[c] ?? 0))),
        ],
      })),
    }),
  };
}
