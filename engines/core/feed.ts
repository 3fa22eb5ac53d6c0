// StepEngine.feed written once: each event advanced to and added at its own arrival, stopping after the
// first one that left the runner something to look at (an emission to drain, a watermark that moved) — or
// before it, at the scheduled instant (a trigger, a periodic watermark, a timer) that left something: the
// runner stamps an emission with the engine's clock when it drains, so a batch fired at 3,000 ms is stamped
// 3,000, not at the next arrival (which in a sparse file may be seconds later).
import type { FeedInput } from './record-source.ts';

/** What one engine does for feed: move its clock, take one record of the input, and say whether to stop. */
export interface FeedTarget {
  advance(t: number): void;
  /** Record `slot` of `input.records` arrives now (the engine's log keeps the range, not the record). */
  arrive(slot: number): void;
  /** There is something to drain, or the watermark differs from the one when feed began. */
  changed(): boolean;
  /** When the engine's next scheduled task is due (undefined: none). */
  nextAt(): number | undefined;
}

/**
 * Events [from, to) of `input` through `target`; returns the index after the last one taken — `from` itself when
 * a scheduled instant before event `from` left something (the clock has moved to it).
 */
export function feedEach(input: FeedInput, from: number, to: number, target: FeedTarget): number {
  const { arrival, slot } = input;
  for (let i = from; i < to; i++) {
    const a = arrival[i]!;
    for (let t = target.nextAt(); t !== undefined && t < a; ) {
      target.advance(t);
      if (target.changed()) return i;
      const next = target.nextAt();
      if (next !== undefined && next <= t) break; // nothing ran: the arrival's advance will
      t = next;
    }
    target.advance(a);
    const s = slot[i]!;
    if (s >= 0) target.arrive(s);
    if (target.changed()) return i + 1;
  }
  return to;
}
