// Notebook 6, batch is a bounded stream: end of input in each model, and the streaming run, the batch
// run and the oracle side by side, window by window.
import flinkIdle from '../../../engines/conformance/flink-idle-end-of-input.json' with { type: 'json' };
import flinkSum from '../../../engines/conformance/flink-tumbling-sum.json' with { type: 'json' };
import sparkAppend from '../../../engines/conformance/spark-append-mode.json' with { type: 'json' };
import sparkAvailableNow from '../../../engines/conformance/spark-trigger-available-now.json' with { type: 'json' };
import stormEmpty from '../../../engines/conformance/storm-empty-windows-skipped.json' with { type: 'json' };
import { NOTEBOOKS } from '../../catalog.ts';
import { compareRows } from '../../lib/compare-runs.ts';
import { ENGINE_NAME } from '../../lib/format.ts';
import { runFigures } from '../../lib/metrics.ts';
import { mountNotebook } from '../../lib/notebook.ts';
import { presetOf } from '../../lib/presets.ts';
import type { Run } from '../../lib/run.ts';
import { timeView } from '../../lib/time-view.ts';
import { vlView } from '../../lib/vl-view.ts';
import { KINDS, type Kind, type Model, model, type P, params } from './scenario.ts';

const RUNS = ['stream', 'batch', 'oracle'];

/** Results the end-of-input step itself produced. */
const atEnd = (run: Run) => run.moments.filter((m) => m.end).flatMap((m) => m.emissions.filter((s) => s.e.output === 'main')).length;
const agreeing = (run: Run) => (run.error ? 0 : compareRows([run], run.closure).filter((r) => r.allOracle).length);

function endRows(m: Model) {
  return KINDS.map((k: Kind) => {
    const s = m.stream[k];
    const b = m.batch[k];
    return {
      engine: ENGINE_NAME[k]!,
      windows: s.oracle.length,
      atEnd: atEnd(s),
      stream: agreeing(s),
      batch: agreeing(b),
      never: s.error ? 0 : runFigures(s).neverFired,
      error: s.error ?? b.error,
    };
  });
}

mountNotebook<typeof params, Model>({
  meta: NOTEBOOKS[5]!,
  intro: [
    'A batch job reads a bounded input; a streaming job reads an unbounded one. Flink treats the first as a special case of the second: when a bounded source ends it emits the watermark +∞, which fires every window still open (A3). So the same job, run as a stream or as a batch, gives the batch result, if no event was late. Spark and Storm do not flush at the end of input: windows still open when the data stops are never written (D).',
    'Below, the same fourteen events are run twice on each engine: as a stream (arriving over time) and as a batch (all at once; for Spark one AvailableNow run). The oracle is the batch answer by definition. Switch the engine, the delay and end of input, and see which results agree.',
  ],
  params,
  presets: [presetOf(flinkIdle), presetOf(flinkSum), presetOf(sparkAppend), presetOf(sparkAvailableNow), presetOf(stormEmpty)],
  model,
  views: [
    timeView<P, Model>({
      id: 'time',
      title: 'The streaming run',
      description: (ctx) =>
        ctx.preset
          ? 'The conformance trace, step by step.'
          : `${ENGINE_NAME[ctx.values.engine]} reading the events as they arrive${ctx.values.end ? ', then the end of the input' : ''}.`,
      draggable: true,
      presetToo: true,
    }),
    vlView<P, Model>({
      id: 'agree',
      title: 'Stream, batch and oracle, window by window',
      description: (ctx) =>
        `${ENGINE_NAME[ctx.values.engine]}: the final result of each window in the streaming run and the batch run, beside the oracle (events per result).`,
      spec: (ctx) => {
        const s = ctx.model.stream[ctx.values.engine as Kind];
        const b = ctx.model.batch[ctx.values.engine as Kind];
        if (s.error || b.error) return null;
        const rows = compareRows([s, b], s.closure);
        return {
          $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
          width: 460,
          height: 220,
          data: {
            values: rows.flatMap((r) => [
              ...r.raw.map((v, i) => ({ window: r.window, run: RUNS[i], events: Array.isArray(v) ? v.length : 0 })),
              { window: r.window, run: 'oracle', events: r.oracle === '–' ? 0 : r.oracle.split(' ').length },
            ]),
          },
          mark: 'bar',
          encoding: {
            x: { field: 'window', type: 'nominal', sort: null, title: null, axis: { labelAngle: -30 } },
            xOffset: { field: 'run', sort: RUNS },
            y: { field: 'events', type: 'quantitative', title: 'events in the result' },
            color: { field: 'run', type: 'nominal', scale: { domain: RUNS, range: ['#4e79a7', '#e8890c', '#8b949e'] }, title: null },
          },
        };
      },
      table: (ctx) => {
        const s = ctx.model.stream[ctx.values.engine as Kind];
        const b = ctx.model.batch[ctx.values.engine as Kind];
        return {
          caption: 'Final result per window',
          head: ['window', 'stream', 'batch', 'oracle', 'all agree?'],
          rows:
            s.error || b.error
              ? []
              : compareRows([s, b], s.closure).map((r) => [
                  r.window,
                  r.values[0]!,
                  r.values[1]!,
                  r.oracle,
                  r.allOracle ? { text: 'yes', cls: 'ok' } : { text: 'no', cls: 'bad' },
                ]),
        };
      },
    }),
    vlView<P, Model>({
      id: 'end',
      title: 'End of input in each model',
      description:
        'For each engine, the windows whose final result equals the oracle’s, in the streaming run and in the batch run, and what the end of the input itself fired.',
      spec: (ctx) => ({
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        width: 360,
        height: 200,
        data: {
          values: endRows(ctx.model).flatMap((r) => [
            { engine: r.engine, run: 'stream', windows: r.stream },
            { engine: r.engine, run: 'batch', windows: r.batch },
          ]),
        },
        mark: 'bar',
        encoding: {
          x: { field: 'engine', type: 'nominal', sort: ['Flink', 'Spark', 'Storm'], title: null, axis: { labelAngle: 0 } },
          xOffset: { field: 'run', sort: RUNS.slice(0, 2) },
          y: { field: 'windows', type: 'quantitative', title: 'windows equal to the oracle' },
          color: { field: 'run', type: 'nominal', scale: { domain: RUNS.slice(0, 2), range: ['#4e79a7', '#e8890c'] }, title: null },
        },
      }),
      table: (ctx) => ({
        caption: 'Per engine (oracle windows in brackets)',
        head: ['engine', 'fired by end of input', 'stream = oracle', 'batch = oracle', 'never emitted (stream)'],
        rows: endRows(ctx.model).map((r) =>
          r.error
            ? [r.engine, { text: r.error.message, cls: 'bad' }, '–', '–', '–']
            : [r.engine, String(r.atEnd), `${r.stream} (${r.windows})`, `${r.batch} (${r.windows})`, String(r.never)],
        ),
      }),
    }),
  ],
  exercises: [
    {
      id: 'ex-flink-agree',
      prompt: 'Make Flink’s streaming run agree with the oracle in every window. What had to change, and why?',
      check: (ctx) => {
        const s = ctx.model.stream.event;
        const rows = compareRows([s]);
        const bad = rows.filter((r) => !r.allOracle).length;
        return bad === 0
          ? {
              ok: true,
              message: 'Every window agrees: no event was late (the delay covers the disorder) and end of input flushed the rest (A3).',
            }
          : { ok: false, message: `${bad} of ${rows.length} windows differ from the oracle in Flink's streaming run.` };
      },
    },
    {
      id: 'ex-spark-batch',
      prompt: 'Find an output mode in which Spark’s batch run (one AvailableNow run) shows the oracle’s value for every window.',
      check: (ctx) => {
        const b = ctx.model.batch.microbatch;
        if (b.error) return { ok: false, message: b.error.message };
        const rows = compareRows([b]);
        const bad = rows.filter((r) => !r.allOracle).length;
        return bad === 0
          ? {
              ok: true,
              message: `In ${ctx.values.mode} mode every window is written: ${ctx.values.mode === 'append' ? 'the watermark passed them all' : 'rows are written before their windows close (B6)'}.`,
            }
          : {
              ok: false,
              message: `${bad} windows are missing or differ in ${ctx.values.mode} mode: append writes only windows the watermark passed, and no final watermark comes (B3, D).`,
            };
      },
    },
    {
      id: 'ex-no-end',
      prompt: 'Turn “the input ends” off. How many windows does Flink’s streaming run never emit? Type the number.',
      answer: { label: 'Windows never emitted:', placeholder: 'e.g. 2' },
      check: (ctx, answer) => {
        if (ctx.values.end) return { ok: false, message: 'Turn end of input off first.' };
        const n = runFigures(ctx.model.stream.event).neverFired;
        return Number(answer) === n
          ? { ok: true, message: `${n}: without the final +∞ watermark, windows later than the last watermark wait forever.` }
          : { ok: false, message: 'Not that many: switch to Flink and count the windows without a result.' };
      },
    },
  ],
});
