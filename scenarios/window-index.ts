// Identity of a (key, window) result and a per-key index of the input by window time, shared by the
// correctness and latency metrics. Keys become dense numbers (KeyIds: equal when their JSON is, as
// result.json compares them) and the index is typed arrays — the input's records grouped by key and
// sorted by window time — built once per run. Windows are `[start, end)` (the event and microbatch
// closure); count windows have no time window and are numbered per key in firing order instead (and cut
// the key's records in arrival order).
import type { Job } from '../engines/core/job.ts';
import type { TimeWindow } from '../engines/core/windows/time-window.ts';
import type { RunInput } from './run-input.ts';
import type { LoggedEvent } from './workloads/index.ts';

/** A stable string identity for (key, window) — or (key, firing index) for count windows. */
export function windowId(key: unknown, window: TimeWindow | null, index: number | undefined): string {
  return window ? JSON.stringify([key ?? null, window.start, window.end]) : JSON.stringify([key ?? null, 'n', index ?? 0]);
}

export function keyId(key: unknown): string {
  return JSON.stringify(key ?? null);
}

/**
 * Dense numeric ids of keys, in first-seen order, equal exactly when `keyId` (their JSON) is: undefined and
 * null are one key, −0 is 0, a non-finite number is null, objects compare by their JSON text.
 */
export class KeyIds {
  private readonly byValue = new Map<unknown, number>();
  private readonly byJson = new Map<string, number>();
  /** Small non-negative integer keys (sensor numbers): id + 1 by value, no hashing. */
  private small = new Int32Array(1024);
  /** The first key seen for each id. */
  readonly keys: unknown[] = [];

  get size(): number {
    return this.keys.length;
  }

  /** The id of `key`, made if new. */
  id(key: unknown): number {
    if (typeof key === 'number' && (key | 0) === key && key >= 0 && key < SMALL) {
      if (key >= this.small.length) this.grow(key);
      const id = this.small[key]! - 1;
      if (id >= 0) return id;
      this.small[key] = this.keys.length + 1;
      this.keys.push(key);
      return this.keys.length - 1;
    }
    const k = canonical(key);
    const map = typeof k === 'string' && typeof key === 'object' && key !== null ? this.byJson : this.byValue;
    let id = map.get(k);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(key);
      map.set(k, id);
    }
    return id;
  }

  /** The id of `key`, or −1 when it was never seen. */
  find(key: unknown): number {
    if (typeof key === 'number' && (key | 0) === key && key >= 0 && key < SMALL) {
      return key < this.small.length ? this.small[key]! - 1 : -1;
    }
    const k = canonical(key);
    return (typeof k === 'string' && typeof key === 'object' && key !== null ? this.byJson : this.byValue).get(k) ?? -1;
  }

  private grow(key: number): void {
    let n = this.small.length * 2;
    while (n <= key) n *= 2;
    const s = new Int32Array(n);
    s.set(this.small);
    this.small = s;
  }
}

/** Keys below this are ids by value (an Int32Array of up to 64 MiB). */
const SMALL = 1 << 24;

function canonical(key: unknown): unknown {
  if (key === undefined || key === null) return null;
  if (typeof key === 'number') return Number.isFinite(key) ? key : null;
  if (typeof key === 'object') return JSON.stringify(key);
  return key;
}

/**
 * Numbers the results of windows with no time bounds (count and global) per key, in emission order: the
 * index `windowId` takes for them. Time windows have none (undefined).
 */
export class FiringCounter {
  private readonly byKey: number[] = [];

  /** `inPlace`: every result of a key updates its one row (core/job.ts updatesInPlace), all numbered 0. */
  constructor(
    private readonly keys = new KeyIds(),
    private readonly inPlace = false,
  ) {}

  next(key: unknown, window: TimeWindow | null): number | undefined {
    return window === null ? this.nextOf(this.keys.id(key)) : undefined;
  }

  /** The next firing number of key id `k`. */
  nextOf(k: number): number {
    if (this.inPlace) return 0;
    const n = this.byKey[k] ?? 0;
    this.byKey[k] = n + 1;
    return n;
  }
}

export interface Span {
  maxTime: number;
  maxArrival: number;
  minArrival: number;
}

/** The index's view of an input: per record its key, window time, event time and arrival. */
interface IndexSource {
  readonly size: number;
  key(i: number): unknown;
  eventTime: ArrayLike<number>;
  arrival: ArrayLike<number>;
}

/** Per key, the records' window times ascending, to find what fell into `[start, end)`. */
export class WindowIndex {
  readonly keys: KeyIds;
  /** Records grouped by key id (group k at [groupStart[k], groupStart[k + 1])), by window time within a group. */
  private readonly byTime: Int32Array;
  /** The same groups in arrival order (count windows). */
  private readonly byArrival: Int32Array;
  private readonly groupStart: Int32Array;
  private readonly times: ArrayLike<number>;
  private readonly eventTimes: ArrayLike<number>;
  private readonly arrivals: ArrayLike<number>;

  /**
   * `arrivals` overrides each record's arrival (a real run at max pace measures from when it was fed;
   * indexed like the log). Processing- and ingestion-time windows are arrival times.
   */
  constructor(job: Job, input: readonly LoggedEvent[] | RunInput, arrivals?: ArrayLike<number>, keys = new KeyIds()) {
    const src = sourceOf(job, input, arrivals);
    this.keys = keys;
    this.eventTimes = src.eventTime;
    this.arrivals = src.arrival;
    this.times = job.time === 'event' ? src.eventTime : src.arrival;
    const n = src.size;
    const keyOf = new Int32Array(n);
    for (let i = 0; i < n; i++) keyOf[i] = keys.id(src.key(i));
    const k = keys.keys.length;
    const start = new Int32Array(k + 1);
    for (let i = 0; i < n; i++) start[keyOf[i]! + 1]!++;
    for (let j = 0; j < k; j++) start[j + 1]! += start[j]!;
    const fill = start.slice(0, k);
    const byArrival = new Int32Array(n);
    for (let i = 0; i < n; i++) byArrival[fill[keyOf[i]!]!++] = i;
    const byTime = byArrival.slice();
    const t = this.times;
    for (let j = 0; j < k; j++) {
      const a = start[j]!;
      const b = start[j + 1]!;
      let sorted = true;
      for (let p = a + 1; p < b && sorted; p++) sorted = t[byTime[p - 1]!]! <= t[byTime[p]!]!;
      if (!sorted)
        byTime.set(
          Array.from(byTime.subarray(a, b)).sort((x, y) => t[x]! - t[y]!),
          a,
        );
    }
    this.groupStart = start;
    this.byTime = byTime;
    this.byArrival = byArrival;
  }

  /** The largest window time and the earliest and latest arrival among the key's records in `[start, end)`, or null if none. */
  span(key: unknown, w: TimeWindow): Span | null {
    return this.spanOf(this.keys.find(key), w.start, w.end);
  }

  /** `span` by key id (−1: a key the input never had); `into` is filled and returned instead of a new object. */
  spanOf(k: number, start: number, end: number, into?: Span): Span | null {
    if (k < 0 || k + 1 >= this.groupStart.length) return null;
    const a = this.groupStart[k]!;
    const b = this.groupStart[k + 1]!;
    const lo = this.lowerBound(a, b, start);
    const hi = this.lowerBound(lo, b, end);
    if (hi <= lo) return null;
    let maxArrival = Number.NEGATIVE_INFINITY;
    let minArrival = Number.POSITIVE_INFINITY;
    for (let p = lo; p < hi; p++) {
      const x = this.arrivals[this.byTime[p]!]!;
      if (x > maxArrival) maxArrival = x;
      if (x < minArrival) minArrival = x;
    }
    const maxTime = this.times[this.byTime[hi - 1]!]!;
    if (into === undefined) return { maxTime, maxArrival, minArrival };
    into.maxTime = maxTime;
    into.maxArrival = maxArrival;
    into.minArrival = minArrival;
    return into;
  }

  /**
   * The same for the `index`-th (0-based) firing of a count window of `size` records sliding by `slide`:
   * the key's records in arrival order at positions [(index + 1)·slide − size, (index + 1)·slide) — the
   * last `size` records when the `(index + 1)·slide`-th arrives (Flink's CountTrigger + CountEvictor, Storm's
   * count windows). Null when the key never had that many records. Event time, whatever the job's time.
   */
  countSpan(key: unknown, index: number, size: number, slide: number): Span | null {
    return this.countSpanOf(this.keys.find(key), index, size, slide);
  }

  /** `countSpan` by key id. */
  countSpanOf(k: number, index: number, size: number, slide: number): Span | null {
    if (k < 0 || k + 1 >= this.groupStart.length) return null;
    const a = this.groupStart[k]!;
    const hi = (index + 1) * slide;
    if (hi > this.groupStart[k + 1]! - a) return null;
    let maxTime = Number.NEGATIVE_INFINITY;
    let maxArrival = Number.NEGATIVE_INFINITY;
    let minArrival = Number.POSITIVE_INFINITY;
    for (let p = a + Math.max(0, hi - size); p < a + hi; p++) {
      const i = this.byArrival[p]!;
      maxTime = Math.max(maxTime, this.eventTimes[i]!);
      maxArrival = Math.max(maxArrival, this.arrivals[i]!);
      minArrival = Math.min(minArrival, this.arrivals[i]!);
    }
    return { maxTime, maxArrival, minArrival };
  }

  /** First position in [lo, hi) whose window time is >= x. */
  private lowerBound(lo: number, hi: number, x: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[this.byTime[mid]!]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function sourceOf(job: Job, input: readonly LoggedEvent[] | RunInput, arrivals?: ArrayLike<number>): IndexSource {
  const keyField = job.key;
  if (Array.isArray(input)) {
    const events = input as readonly LoggedEvent[];
    return {
      size: events.length,
      key: (i) => (keyField === undefined ? undefined : events[i]!.record[keyField]),
      eventTime: events.map((e) => e.eventTime),
      arrival: events.map((e) => (arrivals ? arrivals[e.offset]! : e.arrival)),
    };
  }
  const run = input as RunInput;
  const read = keyField === undefined ? null : run.records.field(keyField);
  const arrival = new Float64Array(run.size);
  const log = arrivals ?? run.log.arrival;
  for (let i = 0; i < run.size; i++) arrival[i] = log[run.logIndex[i]!]!;
  return { size: run.size, key: (i) => (read === null ? undefined : read(i)), eventTime: run.eventTime, arrival };
}
