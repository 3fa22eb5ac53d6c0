// Why results differ from the ground truth, with the model's causes apart from the run's: per engine, the
// differing windows the model caused (late drops, window closure, arrival-time windows, scan stop, crash
// losses and replays) in warm colours, and the windows the input's end left open (not flushed) in grey.
import type { TopLevelSpec } from 'vega-lite';
import { causeLabel, causeOrigin, causeText, differingByOrigin } from '../causes.ts';
import { cell, esc, fmtInt, num, rowHead, table } from '../html.ts';
import { type Chart, type ChartInput, CONFIG, WIDTH } from './chart.ts';

const MODEL_COLOURS = ['#e45756', '#f58518', '#eeca3b', '#b279a2', '#9d755d', '#ff9da6', '#72b7b2'];
const INPUT_END_COLOUR = '#c7c7c7';

export function correctnessCausesChart({ views }: ChartInput): Chart {
  const ok = views.filter((v) => v.ok !== undefined);
  const counts = (v: (typeof ok)[number]) =>
    Object.entries(v.ok!.correctness.causes).filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0);
  const all = [...new Set(ok.flatMap((v) => counts(v).map(([c]) => c)))];
  // Model causes first (warm), then what the input's end left open (grey), so the two read apart.
  const causes = [...all.filter((c) => causeOrigin(c) === 'model'), ...all.filter((c) => causeOrigin(c) !== 'model')];
  const rows = ok.flatMap((v) =>
    counts(v).map(([cause, n]) => ({
      engine: v.name,
      cause: causeLabel(cause),
      origin: causeOrigin(cause) === 'model' ? 'the model' : 'the input ended',
      order: causes.indexOf(cause),
      n,
    })),
  );
  const unit = ok.some((v) => v.ok?.join !== undefined) ? 'pair' : ok.some((v) => v.ok?.rank !== undefined) ? 'row' : 'window';
  const base = {
    id: 'correctness-causes',
    title: `Why ${unit}s differ: the model, or the end of the input`,
    description:
      unit === 'pair'
        ? 'Each pair that differs from the ground truth’s, attributed to one cause (the words under “The figures in words” name the join’s own). Warm colours: the model did it (its watermark, window closure, batch-time windows). Grey: the input ended before the engine’s watermark passed the pair’s window, so it was never due.'
        : unit === 'row'
          ? 'Each row that differs from the ground truth’s, attributed to one cause (the words under “The figures in words” tell each). Warm colours: the model did it. Grey: the input ended before the engine’s watermark passed the row’s window, so it was never due.'
          : 'Each window that differs from the ground truth, attributed to one cause. Warm colours: the model did it (its watermark, window closure, delivery). Grey: the input ended before the engine’s watermark passed the window, so it was never due — a stream that keeps running would emit it once later data moves the watermark on.',
    empty: 'No differences: every engine that ran matched the ground truth, so there are no causes to show.',
  };
  if (rows.length === 0) return { ...base, spec: null, table: '' };
  let warm = 0;
  const range = causes.map((c) => (causeOrigin(c) === 'model' ? MODEL_COLOURS[warm++ % MODEL_COLOURS.length]! : INPUT_END_COLOUR));
  const names = ok.map((v) => v.name);
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: base.title,
    width: WIDTH - 200,
    height: { step: 34 },
    config: CONFIG,
    data: { values: rows },
    mark: { type: 'bar', cornerRadius: 1 },
    encoding: {
      y: { field: 'engine', type: 'nominal', title: null, sort: names, scale: { domain: names } },
      x: { field: 'n', type: 'quantitative', title: 'differing windows', stack: 'zero' },
      color: { field: 'cause', type: 'nominal', title: 'cause', scale: { domain: causes.map(causeLabel), range } },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [{ field: 'engine' }, { field: 'cause' }, { field: 'origin', title: 'caused by' }, { field: 'n', title: 'windows' }],
    },
  };
  const modelCauses = causes.filter((c) => causeOrigin(c) === 'model');
  return {
    ...base,
    spec,
    table: table({
      id: 'causes-by-origin',
      caption: 'Differing windows per engine: caused by the model (by cause), and left open when the input ended.',
      head: [
        cell('engine'),
        num('caused by the model'),
        ...modelCauses.map((c) => ({ html: `<abbr title="${esc(causeText(c))}">${esc(causeLabel(c))}</abbr>`, cls: 'num' })),
        num('open when the input ended'),
      ],
      rows: ok.map((v) => {
        const split = differingByOrigin(v.ok!);
        const of = (c: string) => (v.ok!.correctness.causes as Record<string, number | undefined>)[c] ?? 0;
        return {
          attrs: ` data-engine="${esc(v.id)}"`,
          cells: [
            rowHead(v.name),
            num(fmtInt(split.model)),
            ...modelCauses.map((c) => num(fmtInt(of(c)))),
            { ...num(fmtInt(split.inputEnd)), cls: 'num input-end' },
          ],
        };
      }),
    }),
  };
}
