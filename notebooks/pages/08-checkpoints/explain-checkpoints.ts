// The explanation of one moment in notebook 8: the run's own sentences (arrivals, watermark, results, the
// restart step), plus what the checkpoint coordinator and the barriers did in the moment's time span:
// triggered, arrived on a channel (and what alignment then does in this mode), completed (offset, state).
import { cursorStep } from '../../lib/cursor-time.ts';
import { explainMoment, type Sentence } from '../../lib/explain.ts';
import { fmtValue, secs } from '../../lib/format.ts';
import { stateEntries } from '../../lib/recorded-checkpoints.ts';
import type { Ctx } from '../../lib/types.ts';
import { barriers, pictureCounts } from './channels.ts';
import { type Mode, type Model, type P, STREAMS } from './scenario.ts';

/** The time span of moment `i`: after the previous moment's last step, up to its own last step. */
export function span(m: Model, i: number): [number, number] {
  const run = m.flink.run;
  const to = run.stepTimes[cursorStep(run, i)] ?? Number.NEGATIVE_INFINITY;
  const from = i > 0 ? run.stepTimes[cursorStep(run, i - 1)]! : Number.NEGATIVE_INFINITY;
  return [from, to];
}

export function checkpointSentences(ctx: Ctx<P, Model>, i: number): Sentence[] {
  const m = ctx.model;
  const mode = ctx.values.mode as Mode;
  const [from, to] = span(m, i);
  const within = (t: number) => t > from && t <= to;
  const out: Sentence[] = [];
  const bars = barriers(m.flink, ctx.values.skew, ctx.values.interval);
  for (const b of bars) {
    if (b.channel === 0 && within(b.sentAt)) {
      out.push({
        text: `The coordinator triggered checkpoint ${b.checkpoint}: each source puts barrier ${b.checkpoint} into its channel behind the records it has sent; barriers never overtake records.`,
        rules: ['A9'],
      });
    }
    if (!within(b.arrives) || (b.lost && b.arrives >= b.completedAt)) continue;
    const name = STREAMS[b.channel];
    if (b.channel === 0) {
      const what: Record<Mode, string> = {
        'exactly-once': `the operator blocks channel A and holds its records until barrier ${b.checkpoint} has come on B too (alignment).`,
        unaligned: `the first barrier overtakes what is still on channel B: the operator snapshots now and stores those in-flight records with the checkpoint.`,
        'at-least-once':
          'the operator keeps reading A; it snapshots when the barrier has come on every channel, so the snapshot may hold records from after the barrier.',
      };
      out.push({ text: `Barrier ${b.checkpoint} reached the operator on channel ${name}: ${what[mode]}`, rules: ['A9'] });
    } else {
      out.push({
        text: `Barrier ${b.checkpoint} reached the operator on channel ${name}${mode === 'unaligned' ? ' (the snapshot was already taken)' : ': every channel has it, the operator snapshots its state and forwards the barrier'}.`,
        rules: ['A9'],
      });
    }
  }
  for (const s of m.flink.storage?.saved ?? []) {
    if (!within(s.at)) continue;
    const state = stateEntries(s.data).map(({ entry: [, key, ns, v] }) => `${String(key)}@${secs(Number(ns))} ${fmtValue(v)}`);
    out.push({
      text: `Checkpoint ${s.data.id} is complete: source offset ${s.data.offset}, state ${state.join('; ') || 'empty'}${s.data.channelState?.flat().length ? `, plus ${s.data.channelState.flat().length} in-flight record(s)` : ''}.`,
      rules: ['A9'],
    });
  }
  const step = cursorStep(m.flink.run, i);
  const held = step >= 0 && mode === 'exactly-once' ? pictureCounts(m, ctx.values, step).held[0]! : 0;
  if (held > 0) out.push({ text: `${held} record(s) from channel A wait in the buffer while the operator aligns.`, rules: ['A9'] });
  const lost = bars.find((b) => b.lost && b.channel === 0 && within(b.completedAt));
  if (lost) out.push({ text: `The crash cut checkpoint ${lost.checkpoint} off before it completed: it never counts.`, rules: ['A9'] });
  return out;
}

export function explainCheckpoints(ctx: Ctx<P, Model>): Sentence[] {
  if (ctx.cursor < 0) return [];
  const base = explainMoment(ctx.model.flink.run, ctx.cursor).filter((s) => !s.text.startsWith('Nothing visible'));
  const all = [...checkpointSentences(ctx, ctx.cursor), ...base];
  return all.length ? all : explainMoment(ctx.model.flink.run, ctx.cursor);
}
