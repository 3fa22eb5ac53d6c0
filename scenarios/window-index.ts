// Identity of a (key, window) result and a per-key index of the input by window time, shared by the
// correctness and latency metrics. Windows are `[start, end)` (the event and microbatch closure);
// count windows have no time window and are numbered per key in firing order instead (and cut the key's
// records in arrival order).
import type { Job } from '../engines/core/job.ts';
import type { TimeWindow } from '../engines/core/windows/time-window.ts';
import type { LoggedEvent } from './workloads/index.ts';

/** A stable string identity for (key, window) — or (key, firing index) for count windows. */
export function windowId(key: unknown, window: TimeWindow | null, index: number | undefined): string {
  return window ? JSON.stringify([key ?? null, window.start, window.end]) : JSON.stringify([key ?? null, 'n', index ?? 0]);
}

export function keyId(key: unknown): string {
  return JSON.stringify(key ?? null);
}

/**
 * Numbers the results of windows with no time bounds (count and global) per key, in emission order: the
 * index `windowId` takes for them. Time windows have none (undefined).
 */
export class FiringCounter {
  private readonly byKey = new Map<string, number>();

  next(key: unknown, window: TimeWindow | null): number | undefined {
    if (window !== null) return undefined;
    const k = keyId(key);
    const n = this.byKey.get(k) ?? 0;
    this.byKey.set(k, n + 1);
    return n;
  }
}

interface KeyTimes {
  /** Window time of each record of the key (event time, or arrival for processing/ingestion time), ascending. */
  times: number[];
  arrivals: number[];
}

interface KeyOrder {
  /** Event time and arrival of each record of the key, in arrival (log) order: what count windows cut. */
  times: number[];
  arrivals: number[];
}

export interface Span {
  maxTime: number;
  maxArrival: number;
  minArrival: number;
}

/** Per key, the records' window times ascending, to find what fell into `[start, end)`. */
export class WindowIndex {
  private readonly byKey = new Map<string, KeyTimes>();
  private readonly inOrder = new Map<string, KeyOrder>();

  constructor(job: Job, input: readonly LoggedEvent[]) {
    const rows = new Map<string, Array<[number, number]>>();
    for (const e of input) {
      const k = keyId(job.key === undefined ? undefined : e.record[job.key]);
      const t = job.time === 'event' ? e.eventTime : e.arrival;
      let r = rows.get(k);
      if (!r) rows.set(k, (r = []));
      r.push([t, e.arrival]);
      let o = this.inOrder.get(k);
      if (!o) this.inOrder.set(k, (o = { times: [], arrivals: [] }));
      o.times.push(e.eventTime);
      o.arrivals.push(e.arrival);
    }
    for (const [k, r] of rows) {
      r.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      this.byKey.set(k, { times: r.map((x) => x[0]), arrivals: r.map((x) => x[1]) });
    }
  }

  /** The largest window time and the earliest and latest arrival among the key's records in `[start, end)`, or null if none. */
  span(key: unknown, w: TimeWindow): Span | null {
    const kt = this.byKey.get(keyId(key));
    if (!kt) return null;
    const lo = lowerBound(kt.times, w.start);
    const hi = lowerBound(kt.times, w.end);
    if (hi <= lo) return null;
    let maxArrival = Number.NEGATIVE_INFINITY;
    let minArrival = Number.POSITIVE_INFINITY;
    for (let i = lo; i < hi; i++) {
      maxArrival = Math.max(maxArrival, kt.arrivals[i]!);
      minArrival = Math.min(minArrival, kt.arrivals[i]!);
    }
    return { maxTime: kt.times[hi - 1]!, maxArrival, minArrival };
  }

  /**
   * The same for the `index`-th (0-based) firing of a count window of `size` records sliding by `slide`:
   * the key's records in arrival order at positions [(index + 1)·slide − size, (index + 1)·slide) — the
   * last `size` records when the `(index + 1)·slide`-th arrives (Flink's CountTrigger + CountEvictor, Storm's
   * count windows). Null when the key never had that many records. Event time, whatever the job's time.
   */
  countSpan(key: unknown, index: number, size: number, slide: number): Span | null {
    const o = this.inOrder.get(keyId(key));
    const hi = (index + 1) * slide;
    if (!o || hi > o.times.length) return null;
    let maxTime = Number.NEGATIVE_INFINITY;
    let maxArrival = Number.NEGATIVE_INFINITY;
    let minArrival = Number.POSITIVE_INFINITY;
    for (let i = Math.max(0, hi - size); i < hi; i++) {
      maxTime = Math.max(maxTime, o.times[i]!);
      maxArrival = Math.max(maxArrival, o.arrivals[i]!);
      minArrival = Math.min(minArrival, o.arrivals[i]!);
    }
    return { maxTime, maxArrival, minArrival };
  }
}

function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
