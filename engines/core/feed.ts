// StepEngine.feed written once: each event advanced to and added at its own arrival, stopping after the
// first one that left the runner something to look at (an emission to drain, a watermark that moved).
import type { FeedInput } from './record-source.ts';

/** What one engine does for feed: move its clock, take one record of the input, and say whether to stop. */
export interface FeedTarget {
  advance(t: number): void;
  /** Record `slot` of `input.records` arrives now (the engine's log keeps the range, not the record). */
  arrive(slot: number): void;
  /** There is something to drain, or the watermark differs from the one when feed began. */
  changed(): boolean;
}

/** Events [from, to) of `input` through `target`; returns the index after the last one taken. */
export function feedEach(input: FeedInput, from: number, to: number, target: FeedTarget): number {
  const { arrival, slot } = input;
  for (let i = from; i < to; i++) {
    target.advance(arrival[i]!);
    const s = slot[i]!;
    if (s >= 0) target.arrive(s);
    if (target.changed()) return i + 1;
  }
  return to;
}
