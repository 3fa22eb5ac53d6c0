// Notebook 8's "try this", each checked against the engine runs of the current configuration.
import type { Exercise } from '../../lib/exercises.ts';
import { parseTime } from '../../lib/exercises.ts';
import { secs } from '../../lib/format.ts';
import type { Ctx } from '../../lib/types.ts';
import { pictureCounts } from './channels.ts';
import { flinkRun, type Model, type P } from './scenario.ts';

type C = Ctx<P, Model>;

const twice = (v: unknown) => Array.isArray(v) && new Set(v).size < v.length;

export const exercises: ReadonlyArray<Exercise<C>> = [
  {
    id: 'ex-held',
    prompt:
      'In aligned mode, find a channel delay at which the operator holds <strong>three or more</strong> records of channel A at once.',
    check(ctx) {
      if (ctx.values.mode !== 'exactly-once')
        return { ok: false, message: 'Only aligned checkpoints hold records: choose the aligned mode.' };
      const most = Math.max(0, ...ctx.model.flink.run.steps.map((_, i) => pictureCounts(ctx.model, ctx.values, i).held[0]!));
      return most >= 3
        ? {
            ok: true,
            message: `Up to ${most} records wait: A's barrier arrives ${secs(ctx.values.skew)} before B's, and A keeps delivering a record every 500 ms meanwhile.`,
          }
        : { ok: false, message: `At most ${most} held: alignment lasts as long as B is slower than A. Make B slower.` };
    },
  },
  {
    id: 'ex-aligned-time',
    prompt:
      'With the current delays, how long does checkpoint 1 take from trigger to completion when it is <em>aligned</em>? Type it, then compare with unaligned.',
    answer: { label: 'Seconds:', placeholder: 'e.g. 0.7' },
    check(ctx, answer) {
      const aligned = flinkRun({ ...ctx.values, mode: 'exactly-once', crashAt: 0 }).log.checkpoints[0];
      const unaligned = flinkRun({ ...ctx.values, mode: 'unaligned', crashAt: 0 }).log.checkpoints[0];
      const t = parseTime(answer);
      if (!aligned || !unaligned) return { ok: false, message: 'No checkpoint completed in this configuration.' };
      const took = aligned.completedAt - aligned.triggeredAt;
      return t === took
        ? {
            ok: true,
            message: `${secs(took)}: the slower barrier decides. Unaligned completes in ${secs(unaligned.completedAt - unaligned.triggeredAt)}, at the first barrier, and stores what it overtook.`,
          }
        : {
            ok: false,
            message: 'Not what the engine took: the checkpoint completes when its barrier has reached the operator on the slower channel.',
          };
    },
  },
  {
    id: 'ex-twice',
    prompt: 'Make a window’s result count one event <strong>twice</strong>. Which mode does it take, and where must the crash fall?',
    check(ctx) {
      const bad = ctx.model.flink.run.steps.flatMap((s) => s.emissions).find((e) => e.output === 'main' && twice(e.value));
      if (bad && bad.output === 'main')
        return {
          ok: true,
          message: `${String(bad.key)}: ${String(bad.value)}. An at-least-once snapshot held a record from after its barrier; the restart replayed it from the checkpoint's offset and it was counted again (A9).`,
        };
      return {
        ok: false,
        message:
          'No result counts an event twice: in aligned and unaligned modes the restored state is exact. Try at-least-once, with the crash after a checkpoint.',
      };
    },
  },
];
