// Spark's WatermarkTracker (S-WT, B3): one watermark per withWatermark operator, `max(ts seen) - delay`
// (no -1), combined by the min/max policy into a global watermark that starts at 0 and only increases.
import type { BatchColumns } from './arrow-batch.ts';

export type WatermarkPolicy = 'min' | 'max';

export class WatermarkTracker {
  /** Per-operator watermark; in memory only, so a restarted query rebuilds it from new data (S-T-EWS). */
  private readonly operatorWatermarks = new Map<number, number>();
  private global = 0;

  /** `delays[i]`: the delay of input stream i, or null where that input has no watermark operator. */
  constructor(
    private readonly delays: readonly (number | null)[],
    private readonly policy: WatermarkPolicy,
  ) {}

  get hasOperators(): boolean {
    return this.delays.some((d) => d !== null);
  }

  current(): number {
    return this.global;
  }

  /** Recovery from the offset/commit log: the watermark of the batch to run next. */
  set(watermark: number): void {
    this.global = watermark;
  }

  /** updateWatermark after a batch: fold the batch's event-time stats in and move the global watermark. */
  update(cols: BatchColumns): void {
    if (!this.hasOperators) return;
    const stats = maxEventTimeByStream(cols, this.delays.length);
    this.delays.forEach((delay, op) => {
      if (delay === null) return;
      const max = stats[op]!;
      if (Number.isFinite(max)) {
        const wm = max - delay;
        const prev = this.operatorWatermarks.get(op);
        if (prev === undefined || wm > prev) this.operatorWatermarks.set(op, wm);
      } else if (!this.operatorWatermarks.has(op)) {
        // Spark: "Populate 0 if we haven't seen any data yet for this watermark node" (B3).
        this.operatorWatermarks.set(op, 0);
      }
    });
    const values = [...this.operatorWatermarks.values()];
    const chosen = this.policy === 'min' ? Math.min(...values) : Math.max(...values);
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
