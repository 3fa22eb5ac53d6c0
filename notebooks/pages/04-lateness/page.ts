// Notebook 4, allowed lateness and side outputs: a per-window lifecycle (open → fire → late firings →
// purged) and the fate of every late event in Flink, Spark and Storm, side by side.

import flinkSliding from '../../../engines/conformance/flink-late-side-output-sliding.json' with { type: 'json' };
import flinkTumbling from '../../../engines/conformance/flink-late-side-output-tumbling.json' with { type: 'json' };
import flinkPurging from '../../../engines/conformance/flink-lateness-purging.json' with { type: 'json' };
import sparkLate from '../../../engines/conformance/spark-sliding-late-per-window.json' with { type: 'json' };
import stormDropped from '../../../engines/conformance/storm-late-dropped.json' with { type: 'json' };
import stormStream from '../../../engines/conformance/storm-late-stream.json' with { type: 'json' };
import { NOTEBOOKS } from '../../catalog.ts';
import { FATE_LABEL, type Fate, fatesAt } from '../../lib/fates.ts';
import { ENGINE_NAME, secs } from '../../lib/format.ts';
import { mountNotebook } from '../../lib/notebook.ts';
import { presetOf } from '../../lib/presets.ts';
import type { Run } from '../../lib/run.ts';
import { timeView } from '../../lib/time-view.ts';
import type { Ctx } from '../../lib/types.ts';
import { vlView } from '../../lib/vl-view.ts';
import { lifecycleView } from './lifecycle-view.ts';
import { KINDS, type Model, model, type P, params } from './scenario.ts';

const FATES: Fate[] = ['on-time', 'updated', 'side-output', 'dropped', 'never-emitted', 'waiting', 'not-arrived'];
const FATE_COLORS = ['#1f77b4', '#e8890c', '#7b3fb5', '#b42318', '#8b949e', '#c8d6e5', '#eef1f4'];

/** Every event's fate in each engine at the stepper's moment (each run followed by processing time). */
function fateRows(ctx: Ctx<P, Model>) {
  const at = (run: Run) => {
    const m = ctx.run.moments[ctx.cursor];
    if (!m) return -1;
    let found = -1;
    for (const x of run.moments) if (x.time <= m.time && !x.end) found = x.index;
    return found;
  };
  const fates = KINDS.map((k) => fatesAt(ctx.model.runs[k], at(ctx.model.runs[k])));
  return ctx.model.events.map((e) => ({ e, fates: fates.map((f) => f.get(e.id)?.fate ?? 'not-arrived') }));
}

const finalFate = (run: Run, id: number): Fate => fatesAt(run, run.moments.length - 1).get(id)?.fate ?? 'not-arrived';

mountNotebook<typeof params, Model>({
  meta: NOTEBOOKS[3]!,
  intro: [
    'A window fires when the watermark passes its end. An event for it that arrives afterwards is <em>late</em>. Flink can keep the window’s state for an <strong>allowed lateness</strong>: a late event then fires the window again, at once, with everything so far (A6). After that the state is purged and late events go to a <strong>side output</strong> if you asked for one, or are dropped. Spark has no allowed lateness: its watermark delay is the only slack, and rows behind it are dropped (B5). Storm drops or emits on a late tuple stream every tuple below its watermark (C3).',
    'Four events here (e6, e9, e12, e14) arrive well behind the others. Step through and watch each window’s lane; then compare every event’s fate in the three systems in the table at the bottom. Drag an event to change when it arrives.',
  ],
  params,
  presets: [
    presetOf(flinkTumbling),
    presetOf(flinkSliding),
    presetOf(flinkPurging),
    presetOf(sparkLate),
    presetOf(stormStream),
    presetOf(stormDropped),
  ],
  model,
  views: [
    timeView<P, Model>({
      id: 'time',
      title: 'Event time against processing time',
      description: (ctx) =>
        ctx.preset
          ? 'The conformance trace, step by step.'
          : `${ENGINE_NAME[ctx.values.engine]}: an orange bar is a window fired again by a late event; late events are marked by their fate.`,
      draggable: true,
      presetToo: true,
    }),
    lifecycleView(),
    vlView<P, Model>({
      id: 'fates',
      title: 'The fate of every event in Flink, Spark and Storm',
      description:
        'The same events through the three models at the same processing time. Flink counts late events in a re-firing while the window is within its allowed lateness; Spark and Storm have no such thing.',
      spec: (ctx) => ({
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        width: 300,
        height: { step: 16 },
        data: {
          values: fateRows(ctx).flatMap((r) =>
            KINDS.map((k, i) => ({ event: `e${r.e.id}`, id: r.e.id, engine: ENGINE_NAME[k], fate: FATE_LABEL[r.fates[i]!] })),
          ),
        },
        mark: { type: 'rect', stroke: '#fff' },
        encoding: {
          y: { field: 'event', type: 'ordinal', sort: { field: 'id' }, title: null },
          x: { field: 'engine', type: 'nominal', sort: ['Flink', 'Spark', 'Storm'], title: null, axis: { orient: 'top', labelAngle: 0 } },
          color: { field: 'fate', type: 'nominal', scale: { domain: FATES.map((f) => FATE_LABEL[f]), range: FATE_COLORS }, title: 'fate' },
          tooltip: [{ field: 'event' }, { field: 'engine' }, { field: 'fate' }],
        },
      }),
      table: (ctx) => ({
        caption: 'Every event’s fate per engine',
        head: ['event', 'event time', 'arrival', 'Flink', 'Spark', 'Storm'],
        rows: fateRows(ctx).map((r) => [
          `e${r.e.id}`,
          secs(r.e.ts),
          secs(r.e.arrival),
          ...r.fates.map((f) => ({ text: FATE_LABEL[f], cls: `fate ${f}` })),
        ]),
      }),
    }),
  ],
  exercises: [
    {
      id: 'ex-refire',
      prompt: 'Make Flink count e12 (event time 0.7 s, arrives 6.8 s) in a late firing of its window instead of turning it away.',
      check: (ctx) => {
        const f = finalFate(ctx.model.runs.event, 12);
        return f === 'updated'
          ? {
              ok: true,
              message: `e12 re-fires [0 s, 2 s): its state is kept until the watermark reaches 1.999 s + ${secs(ctx.values.lateness)} (A6).`,
            }
          : { ok: false, message: `In Flink e12 is now: ${FATE_LABEL[f]}.` };
      },
    },
    {
      id: 'ex-smallest',
      prompt: 'Find the smallest allowed lateness (a multiple of 0.5 s) at which Flink turns no event away.',
      check: (ctx) => {
        const turned = (run: Run) =>
          [...fatesAt(run, run.moments.length - 1).values()].filter((f) => f.fate === 'side-output' || f.fate === 'dropped').length;
        const here = turned(ctx.model.runs.event);
        if (here > 0) return { ok: false, message: `${here} events are still turned away at ${secs(ctx.values.lateness)}.` };
        if (ctx.values.lateness === 0) return { ok: true, message: 'None is turned away even without lateness: is the delay large?' };
        const less = turned(model({ ...ctx.values, lateness: ctx.values.lateness - 500 }).runs.event);
        return less > 0
          ? { ok: true, message: `Right: at ${secs(ctx.values.lateness - 500)} ${less} event(s) are turned away.` }
          : { ok: false, message: `${secs(ctx.values.lateness - 500)} is enough too.` };
      },
    },
    {
      id: 'ex-contrast',
      prompt: 'Drag an event (or change the settings) so that Flink counts it in a re-firing while Spark drops it.',
      check: (ctx) => {
        const hit = ctx.model.events.find(
          (e) => finalFate(ctx.model.runs.event, e.id) === 'updated' && finalFate(ctx.model.runs.microbatch, e.id) === 'dropped',
        );
        return hit
          ? {
              ok: true,
              message: `e${hit.id}: Flink keeps its window for the allowed lateness (A6); Spark's delay is its only slack (B5, D).`,
            }
          : { ok: false, message: 'No event is re-fired in Flink and dropped in Spark yet.' };
      },
    },
  ],
});
