// Spark's WatermarkTracker (S-WT, B3): one watermark per withWatermark operator, `max(ts seen) - delay`
// (no -1), combined by the min/max policy into a global watermark that starts at 0 and only increases.
import { BoundedDisorder, combineWatermarks, sparkDisorder, type WatermarkPolicy } from '../core/watermarks/bounded-disorder.ts';
import type { BatchColumns } from './arrow-batch.ts';

export type { WatermarkPolicy } from '../core/watermarks/bounded-disorder.ts';

export class WatermarkTracker {
  /** Per withWatermark operator (null: that input has none); in memory only, so a restarted query rebuilds it from new data (S-T-EWS). */
  private readonly operators: ReadonlyArray<BoundedDisorder | null>;
  private global = 0;

  /** `delays[i]`: the delay of input stream i, or null where that input has no watermark operator. */
  constructor(
    delays: readonly (number | null)[],
    private readonly policy: WatermarkPolicy,
  ) {
    this.operators = delays.map((d) => (d === null ? null : new BoundedDisorder(sparkDisorder(d))));
  }

  get hasOperators(): boolean {
    return this.operators.some((d) => d !== null);
  }

  current(): number {
    return this.global;
  }

  /** Recovery from the offset/commit log: the watermark of the batch to run next. */
  set(watermark: number): void {
    this.global = watermark;
  }

  /**
   * updateWatermark after a batch: fold the batch's event-time stats in and move the global watermark, which
   * only increases. An operator that has seen no data yet counts as 0 (B3: "Populate 0 if we haven't seen any
   * data yet for this watermark node").
   */
  update(cols: BatchColumns): void {
    if (!this.hasOperators) return;
    const stats = maxEventTimeByStream(cols, this.operators.length);
    const values: number[] = [];
    this.operators.forEach((op, i) => {
      if (op === null) return;
      if (Number.isFinite(stats[i]!)) op.observe(stats[i]!);
      values.push(op.watermark());
    });
    const chosen = combineWatermarks(values, this.policy);
    if (chosen > this.global) this.global = chosen;
  }
}

/** Max event time per input stream over the batch's `ts` column (-Infinity for a stream without rows). */
export function maxEventTimeByStream(cols: BatchColumns, streams: number): Float64Array {
  const out = new Float64Array(streams).fill(Number.NEGATIVE_INFINITY);
  const ts = cols.ts;
  if (ts === null) return out;
  const s = cols.stream;
  if (s === null) {
    out[0] = cols.rows === 0 ? Number.NEGATIVE_INFINITY : cols.tsMax;
  } else {
    for (let i = 0; i < cols.rows; i++) if (ts[i]! > out[s[i]!]!) out[s[i]!] = ts[i]!;
  }
  return out;
}
