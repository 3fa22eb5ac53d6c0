// Notebook 2, disorder and watermarks: the watermark of each partition and of the operator (their
// minimum, A3), an idle partition holding it back and withIdleness letting it go (A2), and what a
// longer delay buys: a completeness-vs-latency curve swept over the delay, the slider's point marked.
import flinkIdle from '../../../engines/conformance/flink-idle-end-of-input.json' with { type: 'json' };
import sparkMax from '../../../engines/conformance/spark-watermark-max-policy.json' with { type: 'json' };
import sparkMin from '../../../engines/conformance/spark-watermark-min-policy.json' with { type: 'json' };
import stormLag from '../../../engines/conformance/storm-watermark-lag.json' with { type: 'json' };
import { NOTEBOOKS } from '../../catalog.ts';
import { parseTime } from '../../lib/exercises.ts';
import { fmtWatermark, secs } from '../../lib/format.ts';
import { runFigures } from '../../lib/metrics.ts';
import { mountNotebook } from '../../lib/notebook.ts';
import { presetOf } from '../../lib/presets.ts';
import { timeView } from '../../lib/time-view.ts';
import { vlView } from '../../lib/vl-view.ts';
import { type Model, model, type P, params } from './scenario.ts';

mountNotebook<typeof params, Model>({
  meta: NOTEBOOKS[1]!,
  intro: [
    'An event-time window can only be computed once the engine believes no more of its events will come. That belief is the <strong>watermark</strong>: a claim “no event with a timestamp ≤ W is still on its way”. Flink sources emit <em>max timestamp seen − delay − 1</em> every 200 ms; an operator reading several partitions takes the <em>minimum</em> of their watermarks, so the slowest partition sets the pace.',
    'Below, 16 events are spread over partitions (dashed lines: each partition’s own watermark; thick line: the operator’s). Turn on “goes quiet” and a partition stops sending after 3 s: its watermark freezes and holds every window back. Flink’s <code>withIdleness</code> declares a quiet source idle so the others can move on; Spark and Storm have no such thing. Drag an event up or down (or focus it and use the arrow keys) to make it arrive later or earlier.',
  ],
  params,
  presets: [presetOf(flinkIdle), presetOf(sparkMin), presetOf(sparkMax), presetOf(stormLag)],
  model,
  views: [
    timeView<P, Model>({
      id: 'time',
      title: 'Event time against processing time',
      description: (ctx) =>
        ctx.preset
          ? 'The conformance trace, step by step: each event at its event time and the step that added it; the watermark after each step.'
          : `Each event at its event time (x) and the moment it arrives (y). The thick line is the operator's watermark; ${ctx.model.inputs.length ? 'dashed lines are each partition alone; ' : ''}a window's bar appears at the moment it fires.`,
      inputs: (ctx) => ctx.model.inputs,
      draggable: true,
      presetToo: true,
    }),
    vlView<P, Model>({
      id: 'curve',
      title: 'Completeness against latency, as the delay grows',
      description: (ctx) =>
        `Each point is one run of ${ctx.values.engine === 'event' ? 'Flink' : ctx.values.engine === 'microbatch' ? 'Spark' : 'Storm'} over the same events with another delay: the share of windows whose first result is already the final one, against how long after the window's end that result came. The large orange point is the slider's delay; click another point to use its delay.`,
      spec: (ctx) => {
        const rows = curveRows(ctx.model.sweep, ctx.values.delay);
        if (rows.every((r) => r.latency === null)) return null;
        return {
          $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
          width: 480,
          height: 300,
          data: { values: rows.filter((r) => r.latency !== null) },
          encoding: {
            x: { field: 'latency', type: 'quantitative', title: 'mean time from window end to first result (s)' },
            y: { field: 'completeness', type: 'quantitative', title: 'windows complete at first result (%)', scale: { domain: [0, 100] } },
          },
          layer: [
            { mark: { type: 'line', color: '#8b949e' }, encoding: { order: { field: 'delay' } } },
            {
              mark: { type: 'point', filled: true, size: 70, cursor: 'pointer' },
              encoding: {
                color: {
                  field: 'current',
                  type: 'nominal',
                  scale: { domain: ['this delay', 'other delays'], range: ['#c2410c', '#4e79a7'] },
                  legend: null,
                },
                size: { condition: { test: "datum.current === 'this delay'", value: 220 }, value: 60 },
                tooltip: [
                  { field: 'delay', title: 'delay (s)' },
                  { field: 'completeness', title: 'complete (%)' },
                  { field: 'latency', title: 'latency (s)' },
                ],
              },
            },
            { mark: { type: 'text', dy: -12, fontSize: 10 }, encoding: { text: { field: 'label' } } },
          ],
        };
      },
      table: (ctx) => ({
        caption: 'One run per delay (same events, same engine)',
        head: ['delay', 'complete at first result', 'mean latency', 'never fired'],
        rows: curveRows(ctx.model.sweep, ctx.values.delay).map((r) => [
          r.current === 'this delay' ? { text: `${secs(r.delay * 1000)} ◀`, cls: 'ok' } : secs(r.delay * 1000),
          `${r.complete} of ${r.windows} (${r.completeness} %)`,
          r.latency === null ? '–' : `${r.latency} s`,
          String(r.never),
        ]),
      }),
      onClick: (d, api) => {
        if (typeof d.delay === 'number') api.set({ delay: Math.round(d.delay * 1000), at: '' });
      },
    }),
  ],
  exercises: [
    {
      id: 'ex-idle',
      prompt:
        'With Flink, two partitions and the last one quiet, the window [6 s, 8 s) waits. Without changing the events, make Flink fire it before processing time 12 s.',
      check: (ctx) => {
        const v = ctx.values;
        if (ctx.preset) return { ok: false, message: 'Leave the conformance trace first.' };
        if (v.engine !== 'event' || !v.quiet || v.partitions < 2)
          return { ok: false, message: 'Use Flink with two or three partitions and the last one quiet.' };
        const fired = ctx.model.main.moments.find((m) => m.emissions.some((s) => s.e.output === 'main' && s.e.window?.start === 6000));
        if (!fired) return { ok: false, message: 'The window [6 s, 8 s) never fires: the quiet partition holds the minimum back (A3).' };
        if (fired.time >= 12000) return { ok: false, message: `It fires at ${secs(fired.time)}, not before 12 s.` };
        return {
          ok: true,
          message: `It fires at ${secs(fired.time)}: ${v.idleness ? 'the quiet partition was declared idle and left the minimum (A2, A3)' : 'the watermark got past it'}.`,
        };
      },
    },
    {
      id: 'ex-smallest-delay',
      prompt:
        'With Flink and no quiet partition, find the smallest delay (a multiple of 0.1 s) at which every window’s first result is already complete.',
      check: (ctx) => {
        const v = ctx.values;
        if (v.engine !== 'event' || v.quiet) return { ok: false, message: 'Use Flink with the quiet partition off.' };
        const here = runFigures(ctx.model.main);
        if (here.complete < here.windows)
          return { ok: false, message: `At ${secs(v.delay)} only ${here.complete} of ${here.windows} windows are complete at first.` };
        if (v.delay === 0) return { ok: true, message: 'Even a delay of 0 completes every window for these events.' };
        const less = runFigures(model({ ...v, delay: v.delay - 100 }).main);
        return less.complete < less.windows
          ? {
              ok: true,
              message: `Yes: at ${secs(v.delay - 100)} only ${less.complete} of ${less.windows} are complete. The delay must cover the worst disorder.`,
            }
          : { ok: false, message: `${secs(v.delay - 100)} is enough too; go lower.` };
      },
    },
    {
      id: 'ex-spark-quiet',
      prompt:
        'Switch to Spark with the last partition quiet. Spark has no idleness (B3): what is its watermark at processing time 12 s? Type it in seconds.',
      answer: { label: 'Watermark at 12 s:', placeholder: 'e.g. 2.5' },
      check: (ctx, answer) => {
        if (ctx.values.engine !== 'microbatch' || !ctx.values.quiet)
          return { ok: false, message: 'Choose Spark and turn the quiet partition on.' };
        const m = [...ctx.model.main.moments].reverse().find((x) => !x.end && x.time <= 12000);
        const wm = m?.wmAfter ?? null;
        const typed = parseTime(answer);
        if (typed === null) return { ok: false, message: 'Type a time, e.g. 2.5 or 2500 ms.' };
        return typed === wm
          ? {
              ok: true,
              message: `Right: ${fmtWatermark(wm)}, the quiet partition's max event time − delay; the global watermark is the minimum over inputs.`,
            }
          : { ok: false, message: 'Not that. Step to 12 s and read the watermark table.' };
      },
    },
  ],
});

function curveRows(sweep: ReadonlyArray<{ delay: number; run: import('../../lib/run.ts').Run }>, current: number) {
  return sweep.map(({ delay, run }) => {
    const f = runFigures(run);
    return {
      delay: delay / 1000,
      windows: f.windows,
      complete: f.complete,
      never: f.neverFired,
      completeness: f.windows ? Math.round((100 * f.complete) / f.windows) : 0,
      latency: f.meanLatency === null ? null : Number((f.meanLatency / 1000).toFixed(2)),
      current: delay === current ? 'this delay' : 'other delays',
      label: `${delay / 1000} s`,
    };
  });
}
