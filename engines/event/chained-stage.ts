// The second aggregation of a chained job (q5: the max count per window) as the event engine runs it: the
// window operator's results, each stamped end − 1 (A5), go to one more operator that groups them by their
// window — Flink's `windowAll` over those timestamps, or keyBy(window) with a timer at end − 1 — and fires
// a window's result when the job's watermark (the min over the first stage's subtasks, A3) reaches end − 1.
// The first stage forwards a watermark only after the results it fires (A3), so every result of a window
// is in before its timer fires. It sits where the sink is (Flink chains it after the window's output) and
// writes its own results to the real sink; a result that came after its window fired would register a timer
// at or below the watermark, firing again at the next advance (A7) — none does without allowed lateness,
// which a chained job refuses. Checkpoints: its pending results are part of the sink's snapshot. A subtask's
// output held behind its barrier (A9) comes from watermarks that follow the barrier in every channel, so
// the job's watermark (the min over subtasks) passes them only once every subtask has taken the barrier —
// the checkpoint is then complete and the held output released — and no window fires before its results.
import { type AggregateFunction, aggregateFor } from '../core/aggregates.ts';
import type { MainEmission } from '../core/emission.ts';
import { compareRankValues, type PerWindowSpec } from '../core/rank-job.ts';
import type { Sink } from '../core/sinks.ts';
import { MIN_TIME } from '../core/time.ts';

interface Pending {
  window: { start: number; end: number };
  acc: unknown;
  /** The join back (q5): the window's first results, each output again if it reaches the window's max. */
  results?: Array<{ key: unknown; value: unknown }>;
}

export interface ChainedStage extends Sink {
  /** The job's watermark advanced (fires every window with end − 1 <= wm, in end order). */
  onWatermark(wm: number): void;
}

export function chainedStage(spec: PerWindowSpec, inner: Sink): ChainedStage {
  const agg: AggregateFunction = aggregateFor(spec.aggregate);
  let pending = new Map<string, Pending>();
  let watermark = MIN_TIME;
  const fire = (wm: number) => {
    const due = [...pending.entries()].filter(([, p]) => p.window.end - 1 <= wm).sort(([, a], [, b]) => a.window.end - b.window.end);
    for (const [id, p] of due) {
      pending.delete(id);
      const value = agg.result(p.acc);
      if (!spec.joinBack) {
        inner.write({ output: 'main', window: p.window, value, timestamp: p.window.end - 1 });
        continue;
      }
      // Flink plans q5 as a window join of the counts with their max on the window (num >= maxn): it fires at the
      // same watermark as the max, when both sides' windows are complete, one row per count that reaches it.
      for (const r of p.results ?? [])
        if (compareRankValues(r.value, value) >= 0)
          inner.write({ output: 'main', key: r.key, window: p.window, value: { key: r.key, value: r.value }, timestamp: p.window.end - 1 });
    }
  };
  return {
    kind: inner.kind,
    write(e: MainEmission) {
      const w = e.window!;
      const id = `${w.start}:${w.end}`;
      const p = pending.get(id) ?? { window: { start: w.start, end: w.end }, acc: agg.create() };
      p.acc = agg.add(p.acc, { key: e.key, value: e.value });
      if (spec.joinBack) (p.results ??= []).push({ key: e.key, value: e.value });
      pending.set(id, p);
    },
    onWatermark(wm: number) {
      // A timer at or below the current watermark waits for the next advance (A7).
      if (wm <= watermark) return;
      watermark = wm;
      fire(wm);
    },
    snapshot: (id) => ({ pending: [...pending.values()], inner: inner.snapshot(id) }),
    notifyComplete: (id) => inner.notifyComplete(id),
    crash() {
      pending = new Map();
      watermark = MIN_TIME;
      inner.crash();
    },
    restore(state) {
      // A watermark is not state: a restored operator starts without one, as after a crash.
      watermark = MIN_TIME;
      const s = state as { pending: Pending[]; inner: unknown } | undefined;
      pending = new Map((s?.pending ?? []).map((p) => [`${p.window.start}:${p.window.end}`, p]));
      inner.restore(s?.inner);
    },
  };
}
