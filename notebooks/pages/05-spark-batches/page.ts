// Notebook 5, Spark's next-batch watermark: micro-batch lanes, output modes, the triggers (once,
// availableNow, processingTime), the no-data batch, and Flink's firing time for the same input beside.
import appendMode from '../../../engines/conformance/spark-append-mode.json' with { type: 'json' };
import completeMode from '../../../engines/conformance/spark-complete-mode.json' with { type: 'json' };
import alignment from '../../../engines/conformance/spark-trigger-alignment.json' with { type: 'json' };
import availableNow from '../../../engines/conformance/spark-trigger-available-now.json' with { type: 'json' };
import once from '../../../engines/conformance/spark-trigger-once.json' with { type: 'json' };
import updateMode from '../../../engines/conformance/spark-update-mode.json' with { type: 'json' };
import nextBatch from '../../../engines/conformance/spark-watermark-next-batch.json' with { type: 'json' };
import { NOTEBOOKS } from '../../catalog.ts';
import { parseTime } from '../../lib/exercises.ts';
import { fmtWindow, secs } from '../../lib/format.ts';
import { windowOutcomes } from '../../lib/metrics.ts';
import { mountNotebook } from '../../lib/notebook.ts';
import { presetOf } from '../../lib/presets.ts';
import type { Run } from '../../lib/run.ts';
import { timeView } from '../../lib/time-view.ts';
import { vlView } from '../../lib/vl-view.ts';
import { lanesView } from './lanes-view.ts';
import { type Model, model, type P, params } from './scenario.ts';

/** When each window first came out in Spark and in Flink (processing time), window by window. */
function firstOut(ctx: { model: Model }) {
  const spark = windowOutcomes(ctx.model.main);
  const flink = new Map(windowOutcomes(ctx.model.flink).map((w) => [w.start, w]));
  return spark.map((s) => ({
    window: fmtWindow(s),
    start: s.start,
    spark: s.first?.time ?? null,
    flink: flink.get(s.start)?.first?.time ?? null,
    sparkCount: s.emissions,
  }));
}

const firstEmission = (run: Run, start: number) =>
  run.moments.find((m) => m.emissions.some((s) => s.e.output === 'main' && s.e.window?.start === start));

mountNotebook<typeof params, Model>({
  meta: NOTEBOOKS[4]!,
  intro: [
    'Spark Structured Streaming works in micro-batches. At the end of batch N it computes the watermark, <em>max event time − delay</em>, and writes it to its commit log; batch N+1 uses it (B2, B3). In <strong>append</strong> mode a window is written once, when a batch’s watermark has passed its end and its state is evicted (B5, B6). So a window appears a batch after the watermark passed it, and only if a batch runs: with no new data, Spark runs a <strong>no-data batch</strong> just for that, unless it is switched off or the trigger is <code>Once</code> (B1).',
    'Step through the batches below. The lower picture is Flink on the same events with the same delay: it fires each window at the first periodic watermark past its end. Switch the output mode, the trigger and the no-data batches, and compare when each window comes out.',
  ],
  params,
  presets: [
    presetOf(nextBatch),
    presetOf(appendMode),
    presetOf(updateMode),
    presetOf(completeMode),
    presetOf(once),
    presetOf(availableNow),
    presetOf(alignment),
  ],
  model,
  views: [
    lanesView(),
    timeView<P, Model>({
      id: 'time',
      title: 'Spark: event time against processing time',
      description: (ctx) =>
        ctx.preset
          ? 'The conformance trace, step by step.'
          : 'Spark’s results at the batch that wrote them; the watermark line moves at the end of each batch.',
      draggable: true,
      presetToo: true,
    }),
    timeView<P, Model>({
      id: 'flink',
      title: 'Flink on the same events',
      description:
        'The same events and delay through Flink, at the same processing time: each window fires at the first periodic watermark ≥ its end − 1 (A2, A5).',
      run: (ctx) => ctx.model.flink,
    }),
    vlView<P, Model>({
      id: 'when',
      title: 'When each window first comes out: Spark against Flink',
      description:
        'Processing time of each window’s first result in the two systems. Append mode writes a window a batch (or a no-data batch) after its watermark passed; update and complete write partial results early.',
      spec: (ctx) => ({
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        width: 420,
        height: { step: 26 },
        data: {
          values: firstOut(ctx).flatMap((r) => [
            ...(r.spark === null ? [] : [{ window: r.window, start: r.start, engine: 'Spark', at: r.spark / 1000 }]),
            ...(r.flink === null ? [] : [{ window: r.window, start: r.start, engine: 'Flink', at: r.flink / 1000 }]),
          ]),
        },
        mark: { type: 'point', filled: true, size: 90 },
        encoding: {
          y: { field: 'window', type: 'ordinal', sort: { field: 'start' }, title: null },
          x: { field: 'at', type: 'quantitative', title: 'first result at processing time (s)' },
          color: { field: 'engine', type: 'nominal', scale: { domain: ['Spark', 'Flink'], range: ['#e8890c', '#4e79a7'] }, title: null },
          shape: { field: 'engine', type: 'nominal', scale: { domain: ['Spark', 'Flink'], range: ['diamond', 'circle'] }, title: null },
        },
      }),
      table: (ctx) => ({
        caption: 'First result per window',
        head: ['window', 'Spark', 'Flink', 'Spark later by', 'Spark results'],
        rows: firstOut(ctx).map((r) => [
          r.window,
          r.spark === null ? 'never' : secs(r.spark),
          r.flink === null ? 'never' : secs(r.flink),
          r.spark !== null && r.flink !== null ? secs(r.spark - r.flink) : '–',
          String(r.sparkCount),
        ]),
      }),
    }),
  ],
  exercises: [
    {
      id: 'ex-when',
      prompt:
        'In append mode with a processingTime trigger, at what processing time does Spark write the window [0 s, 5 s)? Predict it from the rules, then type it.',
      answer: { label: 'Written at:', placeholder: 'e.g. 7' },
      check: (ctx, answer) => {
        if (ctx.values.mode !== 'append' || ctx.values.trigger !== 'processingTime')
          return { ok: false, message: 'Use append mode and the processingTime trigger.' };
        const m = firstEmission(ctx.model.main, 0);
        const typed = parseTime(answer);
        if (typed === null) return { ok: false, message: 'Type a time in seconds, e.g. 7.' };
        if (!m) return { ok: false, message: 'In this configuration Spark never writes it.' };
        return typed === m.time
          ? {
              ok: true,
              message: `Yes, ${secs(m.time)}: the first batch whose eviction watermark (computed by the batch before) is ≥ 5 s (B2, B5).`,
            }
          : { ok: false, message: 'Not then. Find the batch whose “evicts up to” reaches 5 s.' };
      },
    },
    {
      id: 'ex-twice',
      prompt: 'Choose an output mode in which the window [5 s, 10 s) is written more than once, and say why.',
      check: (ctx) => {
        const n = windowOutcomes(ctx.model.main).find((w) => w.start === 5000)?.emissions ?? 0;
        if (n > 1)
          return {
            ok: true,
            message: `${n} times in ${ctx.values.mode} mode: ${ctx.values.mode === 'update' ? 'every batch that changes it writes it (B6)' : 'the whole table is written every batch (B6)'}.`,
          };
        return { ok: false, message: `Written ${n} time(s) in ${ctx.values.mode} mode.` };
      },
    },
    {
      id: 'ex-once',
      prompt:
        'Choose Trigger.Once in append mode. How many scheduled runs happen before [0 s, 5 s) is written (count the run that writes it)?',
      answer: { label: 'Runs:', placeholder: 'e.g. 3' },
      check: (ctx, answer) => {
        if (ctx.values.trigger !== 'once' || ctx.values.mode !== 'append') return { ok: false, message: 'Choose Once and append mode.' };
        const m = firstEmission(ctx.model.main, 0);
        if (!m) return { ok: false, message: 'It is never written in this configuration.' };
        const runs = ctx.model.main.trace!.steps.filter((s, i) => 'batch' in s.action && ctx.model.main.stepTimes[i]! <= m.time).length;
        return Number(answer) === runs
          ? {
              ok: true,
              message: `${runs} runs: each run has one batch and no no-data batch, so the watermark a run computes waits for the next run with data (B1).`,
            }
          : { ok: false, message: 'Count the batch steps in the lanes up to the one that writes it.' };
      },
    },
  ],
});
