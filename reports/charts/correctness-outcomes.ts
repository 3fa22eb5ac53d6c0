// Correctness by outcome: for each engine, how many (key, window) results were exact, wrong, missing
// or extra against the oracle, as one stacked bar; the table adds duplicates, updates and late records.
import type { TopLevelSpec } from 'vega-lite';
import { cell, fmtInt, num, rowHead, table } from '../html.ts';
import { type Chart, type ChartInput, CONFIG, NO_DATA, WIDTH } from './chart.ts';

export const OUTCOMES = [
  { key: 'exact', colour: '#9ecae9' },
  { key: 'wrong', colour: '#f58518' },
  { key: 'missing', colour: '#e45756' },
  { key: 'extra', colour: '#b279a2' },
] as const;

export function correctnessOutcomesChart({ result, views }: ChartInput): Chart {
  const ok = views.filter((v) => v.ok !== undefined);
  const rows = ok.flatMap((v) => OUTCOMES.map((o, order) => ({ engine: v.name, outcome: o.key, order, n: v.ok!.correctness[o.key] })));
  // A stream join's results are pairs (issue 18), compared as a multiset with the join oracle's.
  const unit = ok.some((v) => v.ok!.join !== undefined) ? 'pairs' : ok.some((v) => v.ok!.rank !== undefined) ? 'rows' : 'windows';
  const base = {
    id: 'correctness-outcomes',
    title: 'Correctness by outcome',
    description:
      unit === 'pairs'
        ? `Every pair each model emitted compared with the ground truth’s (${fmtInt(result.oracle.results)} pairs in the oracle), as a multiset.`
        : unit === 'rows'
          ? `Every row each model’s output ended with (a changelog by its final state) compared with the ground truth’s (${fmtInt(result.oracle.results)} rows in the oracle), as a multiset; “updates” counts retracted changelog rows.`
          : `Every (key, window) result compared with the ground truth (${fmtInt(result.oracle.results)} results in the oracle), by its last emitted value.`,
    empty: NO_DATA,
  };
  if (ok.length === 0) return { ...base, spec: null, table: '' };
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: base.title,
    width: WIDTH - 80,
    height: { step: 34 },
    config: CONFIG,
    data: { values: rows },
    mark: { type: 'bar', cornerRadius: 1 },
    encoding: {
      y: { field: 'engine', type: 'nominal', title: null, sort: ok.map((v) => v.name) },
      x: { field: 'n', type: 'quantitative', title: unit, stack: 'zero' },
      color: {
        field: 'outcome',
        type: 'nominal',
        title: 'outcome',
        scale: { domain: OUTCOMES.map((o) => o.key), range: OUTCOMES.map((o) => o.colour) },
      },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [{ field: 'engine' }, { field: 'outcome' }, { field: 'n', title: unit }],
    },
  };
  const figures = ['windows', 'exact', 'wrong', 'missing', 'extra', 'duplicates', 'updates', 'lateDropped', 'lateSideOutput'] as const;
  const label: Record<(typeof figures)[number], string> = {
    windows: `oracle ${unit}`,
    exact: 'exact',
    wrong: 'wrong',
    missing: 'missing',
    extra: 'extra',
    duplicates: 'duplicates',
    updates: 'updates',
    lateDropped: 'late records dropped',
    lateSideOutput: 'late records to side output',
  };
  return {
    ...base,
    spec,
    table: table({
      caption: 'Correctness counts per engine.',
      head: [cell('engine'), ...figures.map((f) => num(label[f]))],
      rows: ok.map((v) => ({ cells: [rowHead(v.name), ...figures.map((f) => num(fmtInt(v.ok!.correctness[f])))] })),
    }),
  };
}
