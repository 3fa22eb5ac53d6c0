// The watermark of bounded disorder, one primitive for all three models, whose differences are parameters:
// per input, the highest timestamp seen minus a bound — Flink `maxTs − delay − 1` from MIN (A2), Spark
// `max − delay` from 0 (B3), Storm `max − lag` from 0 (C3) — and inputs combined by min (or Spark's max
// policy). An input that has seen nothing counts as the initial value, so with `min` the combined watermark
// stays at or below it until every input has data (Spark's "0 until every input", Storm's "only once every
// stream has data").
import { MIN_TIME } from '../time.ts';

export interface DisorderRule {
  /** Subtracted from the highest timestamp seen. */
  readonly bound: number;
  /** The watermark of an input that has seen nothing. */
  readonly initial: number;
}

/** Flink's forBoundedOutOfOrderness(delay): `maxTs − delay − 1`, MIN before any record (F-BOO). */
export const flinkDisorder = (delay: number): DisorderRule => ({ bound: delay + 1, initial: MIN_TIME });
/** Spark's withWatermark(delay): `max − delay` (no −1), 0 before any data (S-WT). */
export const sparkDisorder = (delay: number): DisorderRule => ({ bound: delay, initial: 0 });
/** Storm's withLag(lag): `max − lag`; the generator's last watermark starts at 0 (ST-WMG). */
export const stormDisorder = (lag: number): DisorderRule => ({ bound: lag, initial: 0 });

/** One input's highest timestamp and the watermark it implies. */
export class BoundedDisorder {
  private max = Number.NEGATIVE_INFINITY;

  constructor(private readonly rule: DisorderRule) {}

  observe(ts: number): void {
    if (ts > this.max) this.max = ts;
  }

  get seen(): boolean {
    return this.max !== Number.NEGATIVE_INFINITY;
  }

  watermark(): number {
    return this.max === Number.NEGATIVE_INFINITY ? this.rule.initial : this.max - this.rule.bound;
  }
}

export type WatermarkPolicy = 'min' | 'max';

/** Several inputs' watermarks as one: the slowest (min, every model's default) or the fastest (Spark's max policy). */
export function combineWatermarks(values: Iterable<number>, policy: WatermarkPolicy = 'min'): number {
  let out = policy === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  for (const v of values) out = policy === 'min' ? Math.min(out, v) : Math.max(out, v);
  return out;
}
