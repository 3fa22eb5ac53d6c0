// Notebook 9, end-to-end exactly-once: plain, idempotent and two-phase-commit sinks, a crash before the
// pre-commit, between pre-commit and commit, or after the commit; swimlanes of coordinator, operator, sink
// and external store; what a reader sees against the oracle; the latency price of committing on checkpoints.
import fileSink from '../../../engines/conformance/spark-restart-after-sink-file-sink.json' with { type: 'json' };
import memorySink from '../../../engines/conformance/spark-restart-after-sink-memory.json' with { type: 'json' };
import uncommitted from '../../../engines/conformance/spark-restart-uncommitted-batch.json' with { type: 'json' };
import { notebookMeta } from '../../catalog.ts';
import { cursorStep } from '../../lib/cursor-time.ts';
import { mountNotebook } from '../../lib/notebook.ts';
import { presetOf } from '../../lib/presets.ts';
import { timeView } from '../../lib/time-view.ts';
import { exercises } from './exercises.ts';
import { CRASH_NAME, type Model, model, type P, params, type SinkKind } from './scenario.ts';
import { laneEvents } from './sink-log.ts';
import { latencyView, matrixView, storeView } from './store-views.ts';
import { swimlanesView } from './swimlanes-view.ts';

const LABELS = {
  checkpoint: 'a checkpoint completes',
  visible: 'a result becomes visible in the store',
  duplicate: 'a reader sees a result a second time',
  crash: 'the job crashes and restarts',
  nothing: 'nothing of these',
};

mountNotebook<typeof params, Model>({
  meta: notebookMeta('09-exactly-once'),
  intro: [
    'Checkpoints make Flink’s <em>state</em> exactly-once: after a crash the job restores the latest completed checkpoint and the source replays what came after it (A9). But the replay computes those results again, and whatever the sink already wrote, it writes again. End-to-end exactly-once needs a sink that cooperates: an <strong>idempotent</strong> one (writing the same result twice changes nothing) or a <strong>two-phase-commit</strong> one, which writes into a transaction, <em>pre-commits</em> it when the checkpoint is taken and <em>commits</em> it when the checkpoint completes; on restore it commits what was pre-committed and aborts the rest (A10).',
    'Pick a sink and a crash point, predict, and step. The swimlanes show who did what; the store table is what a reader of the external system sees, against the oracle. At the bottom: every sink at every crash point, and what committing on checkpoints costs in latency.',
  ],
  params,
  presets: [presetOf(memorySink), presetOf(fileSink), presetOf(uncommitted)],
  model,
  predict: {
    labels: LABELS,
    outcomes(ctx, from, to) {
      const run = ctx.model.main;
      const t0 = from < 0 ? Number.NEGATIVE_INFINITY : run.stepTimes[cursorStep(run, from)]!;
      const end = run.moments[to]?.end === true;
      const t1 = end ? Number.POSITIVE_INFINITY : run.stepTimes[cursorStep(run, to)]!;
      const out = new Set<string>();
      const sink = ctx.values.sink as SinkKind;
      for (const e of laneEvents(ctx.model.runs[sink], ctx.model.runs.plain)) {
        if (e.time <= t0 || e.time > t1) continue;
        if (e.mark === 'complete') out.add('checkpoint');
        if (e.mark === 'visible') out.add('visible');
        if (e.mark === 'duplicate') out.add('duplicate');
        if (e.mark === 'crash') out.add('crash');
      }
      if (out.size === 0) out.add('nothing');
      return out;
    },
  },
  views: [
    swimlanesView(),
    storeView(),
    matrixView(),
    latencyView(),
    {
      ...timeView<P, Model>({
        id: 'time',
        title: 'The conformance trace',
        description: 'Spark’s sinks across a restart, step by step (B7).',
        presetToo: true,
      }),
      presetOnly: true,
    },
  ],
  exercises,
  closing: [
    `Spark reaches the same end differently: every micro-batch writes its offsets before it runs and a commit after the sink has its rows; a crash between the two re-runs the batch with the same id, so a sink that skips batch ids it has (the file sink) is exactly-once and one that does not (memory, foreachBatch) repeats it (B7). The presets show both. Storm core has neither checkpoints nor transactions: its replays reach every sink again (C2). Crash points here: ${Object.values(
      CRASH_NAME,
    )
      .slice(1)
      .join(', ')}.`,
  ],
});
