// Notebook 11, throughput against latency: the micro-batch interval, the input rate and the cost of a batch;
// p50 / p99 latency and throughput against the interval with the current point marked; the scheduling delay
// growing without bound once a batch's rows take longer than its interval; DStream windows and the inverse
// reduce; Flink and Storm on the same axes; and a tinybench measurement of the engines in this browser.
import dstreamInverse from '../../../engines/conformance/spark-dstream-inverse-reduce.json' with { type: 'json' };
import dstreamWindow from '../../../engines/conformance/spark-dstream-window.json' with { type: 'json' };
import overrun from '../../../engines/conformance/spark-trigger-overrun.json' with { type: 'json' };
import { notebookMeta } from '../../catalog.ts';
import type { Exercise } from '../../lib/exercises.ts';
import { parseTime } from '../../lib/exercises.ts';
import type { Sentence } from '../../lib/explain.ts';
import { secs } from '../../lib/format.ts';
import { mountNotebook } from '../../lib/notebook.ts';
import { presetOf } from '../../lib/presets.ts';
import { timeView } from '../../lib/time-view.ts';
import type { Ctx } from '../../lib/types.ts';
import { batchesView, oldestWait } from './batches-view.ts';
import { curveView, dstreamView } from './curve-views.ts';
import { dstreamRows } from './dstream.ts';
import { measureView } from './measure-view.ts';
import { type Model, model, type P, params } from './scenario.ts';

type C = Ctx<P, Model>;

const LABELS = {
  start: 'a micro-batch starts',
  end: 'a batch ends and writes its rows',
  overrun: 'a batch runs longer than the interval',
  nothing: 'nothing of these',
};

const exercises: ReadonlyArray<Exercise<C>> = [
  {
    id: 'ex-grow',
    prompt:
      'Make the scheduling delay grow without bound: every batch’s oldest row waiting longer than the one before. What do the rate and the cost per row have to do?',
    check(ctx) {
      const b = ctx.model.spark.batches.filter((x) => x.end > x.start);
      const waits = b.map((x) => oldestWait(ctx.model, x));
      const growing = waits.length >= 3 && waits.every((w, i) => i === 0 || w > waits[i - 1]!);
      return growing
        ? {
            ok: true,
            message: `Waits ${waits.map((w) => secs(w)).join(', ')}: a second of rows takes ${(ctx.values.perRow * ctx.values.rate).toFixed(0)} ms of per-row work, more than a second, so each batch is bigger and slower than the last (B1: the next starts at once, missed ticks are not replayed).`,
          }
        : {
            ok: false,
            message:
              'The waits level off: the engine catches up between batches. Raise the rate or the cost per row until a second of rows takes longer than a second to process.',
          };
    },
  },
  {
    id: 'ex-best',
    prompt: 'For the current costs and rate, which interval of the curve gives Spark the lowest p99 latency? Type it in seconds.',
    answer: { label: 'Interval:', placeholder: 'e.g. 0.5' },
    check(ctx, answer) {
      const done = ctx.model.sweep.filter((s) => s.p99 !== null && s.done === ctx.model.events.length);
      if (done.length === 0) return { ok: false, message: 'No interval keeps up with this rate: lower the rate or the costs.' };
      const best = Math.min(...done.map((s) => s.p99!));
      const t = parseTime(answer);
      const hit = done.find((s) => s.interval === t);
      return hit && hit.p99 === best
        ? {
            ok: true,
            message: `p99 ${secs(best)}. Shorter intervals pay the fixed cost more often and fall behind; longer ones make rows wait for the batch.`,
          }
        : { ok: false, message: 'Not the lowest: read the p99 column of the table beside the curve.' };
    },
  },
  {
    id: 'ex-zero',
    prompt:
      'In the DStream table, how many (window, key) rows does the inverse function add that the plain reduce does not have? Type the number.',
    answer: { label: 'Rows:', placeholder: 'e.g. 4' },
    check(ctx, answer) {
      const n = dstreamRows(ctx.model.dstream).filter((r) => r.plain === null && r.inverse !== null).length;
      return Number(answer) === n
        ? {
            ok: true,
            message: `${n}, each a count of 0: the inverse reduce subtracts a key’s batches as they leave and keeps the key (B8); Spark drops them only with a filter function.`,
          }
        : { ok: false, message: 'Count the rows with “–” without the inverse and a number with it.' };
    },
  },
];

/** What the moment did: rows arrived, batches started (with their rows and cost), ended, overran (B1, B2). */
function explainBatches(ctx: C): Sentence[] {
  const run = ctx.model.main;
  const m = run.moments[ctx.cursor];
  if (!m) return [];
  const p = ctx.values;
  const to = m.end ? Number.POSITIVE_INFINITY : run.stepTimes[m.steps.at(-1)!]!;
  const prev = run.moments[ctx.cursor - 1];
  const from = prev ? run.stepTimes[prev.steps.at(-1)!]! : Number.NEGATIVE_INFINITY;
  const out: Sentence[] = [];
  if (m.added.length) out.push({ text: `${m.added.length} row(s) arrived; they wait for the next batch.`, rules: ['B2'] });
  for (const b of ctx.model.spark.batches) {
    const rows = b.end - b.start;
    if (b.timestamp > from && b.timestamp <= to) {
      out.push({
        text: `Batch ${b.batchId} started at ${secs(b.timestamp)} with the ${rows} row(s) that had arrived (offsets ${b.start}–${b.end - 1}); at ${secs(p.fixed)} + ${p.perRow} ms per row it takes ${secs(b.finishedAt - b.timestamp)}.${
          rows ? ` Its oldest row has waited ${secs(oldestWait(ctx.model, b))}.` : ''
        }`,
        rules: ['B1', 'B2'],
      });
    }
    if (b.finishedAt > from && b.finishedAt <= to) {
      const over = b.finishedAt - b.timestamp > p.interval;
      out.push({
        text: `Batch ${b.batchId} ended at ${secs(b.finishedAt)} and wrote its ${rows} result row(s) (update mode).${over ? ' It ran longer than the interval, so the next batch starts at once; the ticks it missed are not made up (B1).' : ' The next batch starts at the next multiple of the interval (B1).'}`,
        rules: over ? ['B1', 'B6'] : ['B6'],
      });
    }
  }
  if (m.end) out.push({ text: 'End of input: no more rows; batches still running finish.', rules: ['B1'] });
  return out.length ? out : [{ text: `Nothing happened by ${secs(m.time)}.`, rules: [] }];
}

mountNotebook<typeof params, Model>({
  meta: notebookMeta('11-microbatch-interval'),
  intro: [
    'A micro-batch engine collects what arrived during an interval and processes it as one batch: each batch pays a fixed cost (planning, scheduling, committing) once for many rows, so rows are cheap. But a row waits for its batch to start and end. The interval trades one for the other: a longer one amortizes the fixed cost over more rows (higher throughput) and makes every row wait longer (higher latency). If the rows of an interval take longer than the interval to process, Spark starts the next batch at once (B1), the batches grow, and the delay grows without bound.',
    'Set the rate and the costs, predict, and step from batch to batch. The curve sweeps the interval; Flink and Storm, which process each record as it arrives, sit on the same axes. The costs are declared, on the virtual clock; the button at the bottom measures the real engines in your browser.',
  ],
  params,
  presets: [presetOf(overrun), presetOf(dstreamWindow), presetOf(dstreamInverse)],
  model,
  explain: explainBatches,
  predict: {
    labels: LABELS,
    outcomes(ctx, from, to) {
      const run = ctx.model.main;
      const at = (i: number) =>
        i < 0 ? Number.NEGATIVE_INFINITY : run.moments[i]!.end ? Number.POSITIVE_INFINITY : run.stepTimes[run.moments[i]!.steps.at(-1)!]!;
      const [t0, t1] = [at(from), at(to)];
      const out = new Set<string>();
      for (const b of ctx.model.spark.batches) {
        if (b.timestamp > t0 && b.timestamp <= t1) out.add('start');
        if (b.finishedAt > t0 && b.finishedAt <= t1) out.add('end');
        if (b.timestamp > t0 && b.timestamp <= t1 && b.finishedAt - b.timestamp > ctx.values.interval) out.add('overrun');
      }
      if (out.size === 0) out.add('nothing');
      return out;
    },
  },
  views: [
    batchesView(),
    curveView(),
    measureView(),
    dstreamView(),
    {
      ...timeView<P, Model>({
        id: 'time',
        title: 'The conformance trace',
        description: 'An overrunning trigger and DStream windows, step by step.',
        presetToo: true,
      }),
      presetOnly: true,
    },
  ],
  exercises,
  closing: [
    'The delay above is Structured Streaming’s: after an overrun the next batch starts at once and reads everything that arrived, so batches grow (B1). Spark’s older DStreams cut a batch every interval whatever happens, and a slow batch makes the later ones queue; the lab’s DStream engine runs every batch in no time (it refuses a batch cost), so that queue is not shown here.',
  ],
});
