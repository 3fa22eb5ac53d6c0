// Notebook 1, two clocks: event, ingestion and processing time; the delay between them; a replay of
// the same events in another order, where event-time windows give the same results and
// processing-time windows do not.
import flinkPtArrival from '../../../engines/conformance/flink-processing-time-arrival.json' with { type: 'json' };
import flinkPt from '../../../engines/conformance/flink-processing-time-tumbling.json' with { type: 'json' };
import flinkSum from '../../../engines/conformance/flink-tumbling-sum.json' with { type: 'json' };
import stormPt from '../../../engines/conformance/storm-processing-time-sliding.json' with { type: 'json' };
import { NOTEBOOKS } from '../../catalog.ts';
import { compareRows } from '../../lib/compare-runs.ts';
import { fatesAt } from '../../lib/fates.ts';
import { ENGINE_NAME, secs } from '../../lib/format.ts';
import { mountNotebook } from '../../lib/notebook.ts';
import { presetOf } from '../../lib/presets.ts';
import { timeView } from '../../lib/time-view.ts';
import { vlView } from '../../lib/vl-view.ts';
import type { NbEvent } from '../../lib/workload.ts';
import { type Model, model, type P, params } from './scenario.ts';

const RUNS = ['this order', 'another order', 'oracle'];

mountNotebook<typeof params, Model>({
  meta: NOTEBOOKS[0]!,
  intro: [
    'Every event carries two times. <strong>Event time</strong> is when it happened (a field of the record); <strong>processing time</strong> is when the machine handles it. <strong>Ingestion time</strong>, in Flink, stamps each record with the clock of the source that read it. In between lies the network delay, and delays differ: events overtake each other.',
    'In the picture each event sits at its event time (x) and its arrival (y); with no delay at all it would lie on the diagonal. Step the engine and watch windows fire. Then press <em>Replay</em> (the slider) to draw the delays again: the same events arrive in another order. The table at the bottom compares this order with the next replay, window by window.',
  ],
  params,
  presets: [presetOf(flinkPt), presetOf(flinkPtArrival), presetOf(stormPt), presetOf(flinkSum)],
  model,
  views: [
    timeView<P, Model>({
      id: 'time',
      title: 'Event time against processing time',
      description: (ctx) =>
        ctx.preset
          ? 'The conformance trace, step by step: each event at its event time and the step that added it.'
          : ctx.values.time === 'event'
            ? 'Windows are columns of event time: a window’s bar appears at the processing time it fires, with the events in it. Drag an event up to make it arrive later.'
            : `Windows are bands of ${ctx.values.time} time: the events in a band are those that arrived during it, whatever their event time.`,
      draggable: true,
      presetToo: true,
    }),
    vlView<P, Model>({
      id: 'delays',
      title: 'How late each event arrives',
      description:
        'The network delay (arrival − event time) of every event, in this order and in the next replay. Replays draw the delays again from the same range.',
      spec: (ctx) => ({
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        width: 480,
        height: 200,
        data: { values: delayBins(ctx.model.events, ctx.model.replayEvents) },
        mark: 'bar',
        encoding: {
          x: { field: 'bin', type: 'ordinal', sort: { field: 'from' }, title: 'delay (arrival − event time)', axis: { labelAngle: 0 } },
          xOffset: { field: 'run', sort: RUNS.slice(0, 2) },
          y: { field: 'events', type: 'quantitative', title: 'events' },
          color: { field: 'run', type: 'nominal', scale: { domain: RUNS.slice(0, 2), range: ['#4e79a7', '#e8890c'] }, title: null },
        },
      }),
      table: (ctx) => ({
        caption: 'Each event: arrival and delay in this order and in the next replay',
        head: ['event', 'event time', 'arrives', 'delay', 'replay arrives', 'replay delay'],
        rows: ctx.model.events.map((e, i) => {
          const r = ctx.model.replayEvents[i]!;
          return [`e${e.id}`, secs(e.ts), secs(e.arrival), secs(e.arrival - e.ts), secs(r.arrival), secs(r.arrival - r.ts)];
        }),
      }),
    }),
    vlView<P, Model>({
      id: 'compare',
      title: 'This order against another order',
      description: (ctx) =>
        `The final result of every window when the events arrive in this order and in the next replay's order, with the oracle (by ${ctx.values.time === 'event' ? 'event time: the truth' : `${ctx.values.time} time, so the oracle too depends on the arrivals`}). Bars count the events in each result.`,
      spec: (ctx) => {
        if (ctx.model.main.error) return null;
        const rows = compareRows([ctx.model.main, ctx.model.replay], ctx.model.main.closure);
        return {
          $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
          width: 480,
          height: 220,
          data: {
            values: rows.flatMap((r) => [
              ...r.raw.map((v, i) => ({ window: r.window, run: RUNS[i], events: Array.isArray(v) ? v.length : 0 })),
              { window: r.window, run: 'oracle', events: r.oracle === '–' ? 0 : r.oracle.split(' ').length },
            ]),
          },
          mark: 'bar',
          encoding: {
            x: { field: 'window', type: 'nominal', sort: null, title: 'window', axis: { labelAngle: -30 } },
            xOffset: { field: 'run', sort: RUNS },
            y: { field: 'events', type: 'quantitative', title: 'events in the result' },
            color: { field: 'run', type: 'nominal', scale: { domain: RUNS, range: ['#4e79a7', '#e8890c', '#8b949e'] }, title: null },
          },
        };
      },
      table: (ctx) => ({
        caption: 'Final result per window',
        head: ['window', 'this order', 'another order', 'same?', 'oracle'],
        rows: ctx.model.main.error
          ? []
          : compareRows([ctx.model.main, ctx.model.replay], ctx.model.main.closure).map((r) => [
              r.window,
              r.values[0]!,
              r.values[1]!,
              r.same ? { text: 'same', cls: 'ok' } : { text: 'differs', cls: 'bad' },
              r.oracle,
            ]),
      }),
    }),
  ],
  exercises: [
    {
      id: 'ex-stable',
      prompt:
        'Window by <em>processing time</em>, then find delays for which this order and the replay give the same result in every window.',
      check: (ctx) => {
        if (ctx.values.time !== 'processing') return { ok: false, message: 'Choose “processing time” first.' };
        if (ctx.model.main.error) return { ok: false, message: ctx.model.main.error.message };
        const rows = compareRows([ctx.model.main, ctx.model.replay]);
        const differ = rows.filter((r) => !r.same).length;
        return differ === 0
          ? {
              ok: true,
              message: `All ${rows.length} windows agree: ${ctx.values.spread === 0 ? 'every event is delayed by the same amount, so the order never changes' : 'this replay happens not to move any event into another band'}.`,
            }
          : { ok: false, message: `${differ} of ${rows.length} windows differ: the delays still reorder the events.` };
      },
    },
    {
      id: 'ex-truth',
      prompt:
        'Still by processing time: make the results equal what event time gives for the same events (the truth). What must the delay be?',
      check: (ctx) => {
        if (ctx.values.time !== 'processing') return { ok: false, message: 'Choose “processing time” first.' };
        if (ctx.model.main.error || ctx.model.byEventTime.error)
          return { ok: false, message: (ctx.model.main.error ?? ctx.model.byEventTime.error)!.message };
        const rows = compareRows([ctx.model.main, ctx.model.byEventTime]);
        const differ = rows.filter((r) => !r.same).length;
        return differ === 0
          ? { ok: true, message: 'Equal: with no delay at all, processing time is event time (A1).' }
          : { ok: false, message: `${differ} windows still differ from the event-time results.` };
      },
    },
    {
      id: 'ex-drop',
      prompt:
        'With Flink by event time, drag one event up (later) until Flink drops it. How much later than its event time must it arrive?',
      check: (ctx) => {
        if (ctx.values.engine !== 'event' || ctx.values.time !== 'event') return { ok: false, message: 'Use Flink and event time.' };
        const fates = fatesAt(ctx.model.main, ctx.model.main.moments.length - 1);
        const dropped = [...fates.values()].find((f) => f.fate === 'dropped');
        if (!dropped) return { ok: false, message: 'No event is dropped yet: drag one further up.' };
        const e = ctx.model.events.find((x) => x.id === dropped.id)!;
        return {
          ok: true,
          message: `e${e.id} arrives ${secs(e.arrival - e.ts)} after it happened; by then the watermark (max event time − ${secs(ctx.values.spread)} − 1 ms) has passed its window's end (A6). ${ENGINE_NAME.event} drops it.`,
        };
      },
    },
  ],
});

/** Delays in half-second bins per run, counted here so the chart draws bars side by side. */
function delayBins(a: readonly NbEvent[], b: readonly NbEvent[]) {
  const rows: Array<{ run: string; bin: string; from: number; events: number }> = [];
  for (const [run, evs] of [
    [RUNS[0]!, a],
    [RUNS[1]!, b],
  ] as const) {
    const counts = new Map<number, number>();
    for (const e of evs) {
      const from = Math.floor((e.arrival - e.ts) / 500) * 0.5;
      counts.set(from, (counts.get(from) ?? 0) + 1);
    }
    for (const [from, events] of counts) rows.push({ run, bin: `${from}–${from + 0.5} s`, from, events });
  }
  return rows;
}
