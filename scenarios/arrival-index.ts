// The input per key by event time, with each record's arrival and what had arrived before it: what the
// arrival-order causes in correctness.ts need. `arrivedClosed`: a record of a window that reached the
// engine only after the window had closed (late for that window, though not dropped: a sliding window's
// record still counts in its later windows, A6 / B5; or a tuple exactly at Storm's watermark, C3).
// `queuedBehind`: Storm's eviction scan walks the held tuples in arrival order and stops at the first one
// more than the lag past the window's end (C3 [ST-T-WM testScanStop]), so a tuple of the window queued
// behind it is never in the window's result, though it arrived in time.
import type { Job } from '../engines/core/job.ts';
import type { RunInput } from './run-input.ts';
import { keyId } from './window-index.ts';

type Closure = 'start-inclusive' | 'end-inclusive';
type Window = { readonly start: number; readonly end: number };

interface KeyRecords {
  /** Event time of each of the key's records, ascending. */
  times: number[];
  arrivals: number[];
  /** The largest event time among the records of the same queue (`queueOf`) that arrived before this one. */
  ahead: number[];
}

export class ArrivalIndex {
  private readonly byKey = new Map<string, KeyRecords>();

  /**
   * `input`'s accepted records in arrival (log) order: the order records reach an engine; `queueOf`: which of the model's
   * queues holds a key's records (Storm: the window bolt task its fields grouping picks), default one.
   */
  constructor(job: Job, input: RunInput, queueOf: (key: unknown) => number = () => 0) {
    const rows = new Map<string, Array<[number, number, number]>>();
    const ahead = new Map<number, number>();
    const queues = new Map<string, number>();
    const keyOf = job.key === undefined ? () => undefined : input.records.field(job.key);
    for (let i = 0; i < input.size; i++) {
      const key = keyOf(i);
      const k = keyId(key);
      let q = queues.get(k);
      if (q === undefined) queues.set(k, (q = queueOf(key)));
      const before = ahead.get(q) ?? Number.NEGATIVE_INFINITY;
      let r = rows.get(k);
      if (!r) rows.set(k, (r = []));
      const t = input.eventTime[i]!;
      r.push([t, input.arrivalOf(i), before]);
      ahead.set(q, Math.max(before, t));
    }
    for (const [k, r] of rows) {
      r.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      this.byKey.set(k, { times: r.map((x) => x[0]), arrivals: r.map((x) => x[1]), ahead: r.map((x) => x[2]) });
    }
  }

  /** Some record of `key` in `w` (by the model's closure) arrived when `closed(arrival)` says the window was closed. */
  arrivedClosed(key: unknown, w: Window, closure: Closure, closed: (arrival: number) => boolean): boolean {
    return this.some(key, w, closure, (r, i) => closed(r.arrivals[i]!));
  }

  /**
   * Some record of `key` in `w` arrived before `firedAt` (the window's first result; undefined: never
   * emitted) behind a record of its queue more than `beyond` past the window's end.
   */
  queuedBehind(key: unknown, w: Window, closure: Closure, beyond: number, firedAt: number | undefined): boolean {
    const stop = w.end + beyond;
    return this.some(key, w, closure, (r, i) => r.ahead[i]! > stop && (firedAt === undefined || r.arrivals[i]! < firedAt));
  }

  private some(key: unknown, w: Window, closure: Closure, test: (r: KeyRecords, i: number) => boolean): boolean {
    const r = this.byKey.get(keyId(key));
    if (!r) return false;
    // Event times are whole ms: (start, end] is [start + 1, end + 1).
    const shift = closure === 'end-inclusive' ? 1 : 0;
    const hi = lowerBound(r.times, w.end + shift);
    for (let i = lowerBound(r.times, w.start + shift); i < hi; i++) if (test(r, i)) return true;
    return false;
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
