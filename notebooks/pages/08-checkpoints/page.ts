// Notebook 8, checkpoints and barriers: two channels into one operator, barriers moving along them,
// alignment filling the blocked channel's buffer (aligned, unaligned, at-least-once), what each checkpoint
// stores, a crash that rewinds to the last completed checkpoint and replays; Spark's offset and commit logs beside.

import uncommitted from '../../../engines/conformance/spark-restart-uncommitted-batch.json' with { type: 'json' };
import stormRefused from '../../../engines/conformance/storm-checkpoint-refused.json' with { type: 'json' };
import { notebookMeta } from '../../catalog.ts';
import { mountNotebook } from '../../lib/notebook.ts';
import { presetOf } from '../../lib/presets.ts';
import { timeView } from '../../lib/time-view.ts';
import { barriers, cursorAt, pictureCounts } from './channels.ts';
import { checkpointsView, resultsView, sparkView } from './checkpoint-views.ts';
import { exercises } from './exercises.ts';
import { explainCheckpoints, span } from './explain-checkpoints.ts';
import { graphView } from './graph-view.ts';
import { type Model, model, type P, params } from './scenario.ts';

const LABELS = {
  barrier: 'a barrier reaches the operator',
  held: 'the operator holds records back (alignment)',
  complete: 'a checkpoint completes',
  result: 'a window result comes out',
  replay: 'the job crashes and replays',
  nothing: 'nothing of these',
};

mountNotebook<typeof params, Model>({
  meta: notebookMeta('08-checkpoints'),
  intro: [
    'Flink takes a checkpoint without stopping the job: the coordinator tells every source to put a <strong>barrier</strong> into its output, between two records. A barrier travels with the records and never overtakes them. When an operator has the barrier on all its inputs, it snapshots its state; once every operator has, the checkpoint is complete: its source offsets and state are a consistent cut of the whole job (A9).',
    'An operator with two inputs whose barriers arrive at different times must decide. <strong>Aligned</strong> (exactly-once, the default) blocks the input whose barrier came first and holds its records until the other barrier arrives. <strong>Unaligned</strong> snapshots at the first barrier and stores the records it overtook with the checkpoint. <strong>At-least-once</strong> never blocks, so the snapshot may contain records from after the barrier, which a restart then replays and counts twice. Below, channel B is slower; move its delay, pick a mode, and step through a crash.',
  ],
  params,
  presets: [presetOf(uncommitted), presetOf(stormRefused)],
  model,
  explain: explainCheckpoints,
  predict: {
    labels: LABELS,
    outcomes(ctx, from, to) {
      const m = ctx.model;
      const [t0] = span(m, from + 1);
      const [, t1] = span(m, to);
      const within = (t: number) => t > t0 && t <= t1;
      const out = new Set<string>();
      if (barriers(m.flink, ctx.values.skew, ctx.values.interval).some((b) => within(b.arrives) && !(b.lost && b.arrives >= b.completedAt)))
        out.add('barrier');
      const step = cursorAt(m, to).step;
      if (ctx.values.mode === 'exactly-once' && step >= 0 && pictureCounts(m, ctx.values, step).held[0]! > 0) out.add('held');
      if (m.flink.log.checkpoints.some((c) => within(c.completedAt))) out.add('complete');
      for (const mo of m.flink.run.moments.slice(from + 1, to + 1)) if (mo.emissions.some((s) => s.e.output === 'main')) out.add('result');
      if (m.flink.log.restarts.some((r) => within(r.at))) out.add('replay');
      if (out.size === 0) out.add('nothing');
      return out;
    },
  },
  views: [
    graphView(),
    checkpointsView(),
    resultsView(),
    sparkView(),
    {
      ...timeView<P, Model>({
        id: 'time',
        title: 'The conformance trace',
        description: 'A restart in Spark, and Storm refusing a checkpoint step (C1), step by step.',
        presetToo: true,
      }),
      presetOnly: true,
    },
  ],
  exercises,
});
