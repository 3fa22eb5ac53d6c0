// Notebook 9's "try this", each checked against the engine runs of the current configuration.
import type { Exercise } from '../../lib/exercises.ts';
import { secs } from '../../lib/format.ts';
import type { Ctx } from '../../lib/types.ts';
import { CRASH_NAME, type Crash, type Model, type P, visibilityDelays } from './scenario.ts';

type C = Ctx<P, Model>;

export const exercises: ReadonlyArray<Exercise<C>> = [
  {
    id: 'ex-no-dup',
    prompt:
      'Find a crash point (and time) at which even the <strong>plain</strong> sink shows no duplicate. Why does that crash not repeat anything?',
    check(ctx) {
      const plain = ctx.model.runs.plain;
      const restart = plain.log.restarts.at(-1);
      if (!restart) return { ok: false, message: 'Choose a crash point first: without a crash nothing is replayed.' };
      if (plain.summary.duplicates > 0) {
        return {
          ok: false,
          message: `The plain sink shows ${plain.summary.duplicates} duplicate(s): the restart from checkpoint ${restart.fromCheckpoint} replayed ${restart.replayed} record(s) whose results it had already written.`,
        };
      }
      return {
        ok: true,
        message: `${CRASH_NAME[ctx.values.crash as Crash]}: the restart replayed ${restart.replayed} record(s) and none of their results had reached the sink. A checkpoint completed at the crash holds everything the sink has seen, so nothing is computed twice (A9).`,
      };
    },
  },
  {
    id: 'ex-2pc',
    prompt:
      'Look at the table of every sink at every crash point. Is there a crash point at which the two-phase-commit sink is <em>not</em> exact? Type yes or no.',
    answer: { label: 'yes / no:', placeholder: 'yes or no' },
    check(ctx, answer) {
      const bad = ctx.model.matrix.filter((r) => !r.sinks.transactional.exact).map((r) => CRASH_NAME[r.crash]);
      const truth = bad.length > 0 ? 'yes' : 'no';
      if (answer.toLowerCase() !== truth)
        return { ok: false, message: 'Not what the engine shows: read the two-phase-commit column again.' };
      return {
        ok: true,
        message:
          truth === 'no'
            ? 'No: rows become visible only when their transaction commits, a replay rewrites only aborted rows, and a pre-committed transaction is committed on restore, once (A10).'
            : `Yes, at ${bad.join(', ')}.`,
      };
    },
  },
  {
    id: 'ex-latency',
    prompt:
      'Make the two-phase-commit sink show its results within half a second of the operator writing them, on average. Which checkpoint interval does it take?',
    check(ctx) {
      const d = visibilityDelays(ctx.model.runs.plain.run, ctx.model.runs.transactional.run);
      const mean = d.reduce((a, b) => a + b, 0) / Math.max(1, d.length);
      return mean < 500
        ? {
            ok: true,
            message: `Mean delay ${secs(Math.round(mean))} with a checkpoint every ${secs(ctx.values.interval)}: a result waits for the next checkpoint to complete, about half an interval on average.`,
          }
        : {
            ok: false,
            message: `Mean delay ${secs(Math.round(mean))}: a result waits for the next completed checkpoint. Shorten the interval.`,
          };
    },
  },
];
