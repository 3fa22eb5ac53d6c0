// Out-of-orderness: a `fraction` of events arrive late by a delay uniform in (0, maxDelay] whole ms;
// all others arrive at their event time. One draw per event, in generation order, from its own stream.
import type { Rng } from '../../engines/core/random.ts';

export interface DisorderSpec {
  /** Share of events that arrive late, in [0, 1]. */
  fraction: number;
  /** Largest delay, ms (≥ 0). Delays are whole ms in [1, maxDelay]. */
  maxDelay: number;
}

/** A function giving the delay (ms) of the next event; always 0 without disorder. */
export function disorder(spec: DisorderSpec | undefined, rng: Rng): () => number {
  if (!spec || spec.fraction <= 0 || spec.maxDelay < 1) return () => 0;
  const { fraction, maxDelay } = spec;
  return () => (rng.float() < fraction ? rng.int(1, maxDelay) : 0);
}
