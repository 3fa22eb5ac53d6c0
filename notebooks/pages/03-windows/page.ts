// Notebook 3, windows: tumbling, sliding, session (merging when a late event bridges two sessions)
// and count windows (on an arrival axis: shuffling changes count windows, not time windows).
import flinkCount from '../../../engines/conformance/flink-count-window.json' with { type: 'json' };
import flinkSlidingCount from '../../../engines/conformance/flink-sliding-count-window.json' with { type: 'json' };
import flinkSliding from '../../../engines/conformance/flink-sliding-sum.json' with { type: 'json' };
import sparkNoCount from '../../../engines/conformance/spark-refuse-count-window.json' with { type: 'json' };
import sparkSession from '../../../engines/conformance/spark-session-append.json' with { type: 'json' };
import stormCount from '../../../engines/conformance/storm-count-window.json' with { type: 'json' };
import stormBounds from '../../../engines/conformance/storm-window-boundaries.json' with { type: 'json' };
import { NOTEBOOKS } from '../../catalog.ts';
import { compareRows } from '../../lib/compare-runs.ts';
import { mountNotebook } from '../../lib/notebook.ts';
import { presetOf } from '../../lib/presets.ts';
import { timeView } from '../../lib/time-view.ts';
import { vlView } from '../../lib/vl-view.ts';
import { countView } from './count-view.ts';
import { BRIDGE, type Model, model, type P, params, sessionsSoFar } from './scenario.ts';
import { sessionView } from './session-view.ts';

mountNotebook<typeof params, Model>({
  meta: NOTEBOOKS[2]!,
  intro: [
    'A window decides which events are aggregated together. <strong>Tumbling</strong> windows cut event time into equal pieces; <strong>sliding</strong> ones overlap, so an event belongs to size ÷ slide of them; <strong>session</strong> windows grow around bursts of activity and close after a gap; <strong>count</strong> windows take every n elements of a key, in the order they arrive. Flink aligns time windows to the epoch; Spark does the same (B4); Storm’s are (start, end] and per bolt task (C3).',
    'Two users click; user a’s click e4 happens at 2.4 s but arrives only at 7.5 s, after both of a’s first sessions have fired. With a session gap of 1 s it bridges them. Step to 7.5 s: Flink, still within its allowed lateness, merges the two sessions and fires the merged one at once (A6). Set the lateness to 0 and e4 is simply too late. Then try count windows and shuffle the arrival order.',
  ],
  params,
  presets: [
    presetOf(flinkSliding),
    presetOf(flinkCount),
    presetOf(flinkSlidingCount),
    presetOf(sparkSession),
    presetOf(sparkNoCount),
    presetOf(stormBounds),
    presetOf(stormCount),
  ],
  model,
  views: [
    timeView<P, Model>({
      id: 'time',
      title: 'Event time against processing time',
      description: (ctx) =>
        ctx.preset
          ? 'The conformance trace, step by step.'
          : ctx.values.kind === 'count'
            ? 'Count windows have no place on the event-time axis: their results are listed in the table, and drawn by arrival order below.'
            : 'Each bar is a window result at the moment it fired, labelled with the events in it (user: events).',
      draggable: true,
      presetToo: true,
    }),
    sessionView(),
    countView(),
    vlView<P, Model>({
      id: 'results',
      title: 'Events per result: engine against oracle',
      description:
        'The final result of every window the engine emitted, beside the oracle’s, counted in events. A gap shows a window the engine never emitted or one it got wrong.',
      spec: (ctx) => {
        const run = ctx.model.main;
        if (run.error) return null;
        const rows = compareRows([run], run.closure);
        return {
          $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
          width: 480,
          height: 220,
          data: {
            values: rows.flatMap((r) => [
              { result: `${r.key} ${r.window}`, who: 'engine', events: Array.isArray(r.raw[0]) ? r.raw[0].length : 0 },
              { result: `${r.key} ${r.window}`, who: 'oracle', events: r.oracle === '–' ? 0 : r.oracle.split(' ').length },
            ]),
          },
          mark: 'bar',
          encoding: {
            x: { field: 'result', type: 'nominal', sort: null, title: null, axis: { labelAngle: -40 } },
            xOffset: { field: 'who' },
            y: { field: 'events', type: 'quantitative', title: 'events' },
            color: { field: 'who', type: 'nominal', scale: { domain: ['engine', 'oracle'], range: ['#4e79a7', '#8b949e'] }, title: null },
          },
        };
      },
      table: (ctx) => ({
        caption: 'Final result per window',
        head: ['key', 'window', 'engine', 'oracle', 'equal?'],
        rows: ctx.model.main.error
          ? []
          : compareRows([ctx.model.main], ctx.model.main.closure).map((r) => [
              r.key,
              r.window,
              r.values[0]!,
              r.oracle,
              r.allOracle ? { text: 'equal', cls: 'ok' } : { text: 'differs', cls: 'bad' },
            ]),
      }),
    }),
  ],
  exercises: [
    {
      id: 'ex-sliding',
      prompt: 'Choose a sliding window in which every event belongs to exactly three windows. What must size and slide be?',
      check: (ctx) => {
        const v = ctx.values;
        if (v.kind !== 'sliding') return { ok: false, message: 'Choose sliding windows.' };
        if (v.size % v.slide !== 0)
          return {
            ok: false,
            message: `size ${v.size / 1000} s is not a multiple of slide ${v.slide / 1000} s: events belong to different numbers of windows.`,
          };
        return v.size / v.slide === 3
          ? { ok: true, message: 'Yes: size ÷ slide = 3 windows per event (A4).' }
          : { ok: false, message: `Here each event is in ${v.size / v.slide} windows.` };
      },
    },
    {
      id: 'ex-no-merge',
      prompt:
        'With session windows, find the largest gap for which e4 does <em>not</em> bridge user a’s first two sessions (the oracle keeps them apart).',
      check: (ctx) => {
        const v = ctx.values;
        if (v.kind !== 'session' || ctx.model.main.error) return { ok: false, message: 'Choose session windows on Flink or Spark.' };
        const count = (run: typeof ctx.model.main) =>
          sessionsSoFar(run, run.moments.length - 1).filter(
            (r) => r.key === 'a' && Array.isArray(r.value) && (r.value as number[]).includes(BRIDGE),
          );
        const here = count(ctx.model.main)[0];
        const apart = Array.isArray(here?.value) && !(here.value as number[]).includes(3);
        if (!apart) return { ok: false, message: `With a gap of ${v.gap / 1000} s, e4 joins e3's session: go smaller.` };
        const bigger = model({ ...v, gap: v.gap + 250 }).main;
        const next = count(bigger)[0];
        return Array.isArray(next?.value) && (next.value as number[]).includes(3)
          ? {
              ok: true,
              message: `Right: at ${v.gap / 1000} s they stay apart, at ${(v.gap + 250) / 1000} s e4 touches e3's session and they merge (touching sessions merge, A4).`,
            }
          : { ok: false, message: `A gap of ${(v.gap + 250) / 1000} s still keeps them apart; go larger.` };
      },
    },
    {
      id: 'ex-shuffle',
      prompt:
        'Choose count windows on Flink and move the arrival-order slider until some count window’s result changes, while every tumbling window stays the same.',
      check: (ctx) => {
        const [a, b] = ctx.model.count;
        if (ctx.values.engine === 'microbatch') return { ok: false, message: 'Spark has no count windows (B4): use Flink or Storm.' };
        if (ctx.values.kind !== 'count') return { ok: false, message: 'Choose count windows.' };
        const countDiff = compareRows([a, b]).some((r) => !r.same);
        const timeSame = compareRows(ctx.model.tumbling).every((r) => r.same);
        if (!timeSame) return { ok: false, message: 'Some tumbling window changed too: its event was dragged?' };
        return countDiff
          ? {
              ok: true,
              message: 'Count windows changed with the order; time windows did not: they group by event time, count windows by arrival.',
            }
          : { ok: false, message: 'This shuffle happens to keep every count window: try another seed.' };
      },
    },
  ],
});
