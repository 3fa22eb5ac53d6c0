// Identity of a (key, window) result and a per-key index of the input by window time, shared by the
// correctness and latency metrics. Windows are `[start, end)` (the event and microbatch closure);
// count windows have no time window and are numbered per key in firing order instead.
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

interface KeyTimes {
  /** Window time of each record of the key (event time, or arrival for processing/ingestion time), ascending. */
  times: number[];
  arrivals: number[];
}

/** Per key, the records' window times ascending, to find what fell into `[start, end)`. */
export class WindowIndex {
  private readonly byKey = new Map<string, KeyTimes>();

  constructor(job: Job, input: readonly LoggedEvent[]) {
    const rows = new Map<string, Array<[number, number]>>();
    for (const e of input) {
      const k = keyId(job.key === undefined ? undefined : e.record[job.key]);
      const t = job.time === 'event' ? e.eventTime : e.arrival;
      let r = rows.get(k);
      if (!r) rows.set(k, (r = []));
      r.push([t, e.arrival]);
    }
    for (const [k, r] of rows) {
      r.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      this.byKey.set(k, { times: r.map((x) => x[0]), arrivals: r.map((x) => x[1]) });
    }
  }

  /** The largest window time and the earliest and latest arrival among the key's records in `[start, end)`, or null if none. */
  span(key: unknown, w: TimeWindow): { maxTime: number; maxArrival: number; minArrival: number } | null {
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
