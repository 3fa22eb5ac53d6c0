// The window manager's queue for event-time duration windows, indexed by window end: events in arrival
// order, each also filed under the end of the `(end − width, end]` bucket holding its timestamp. A scan
// visits only the buckets a window or its expiry touches, so it costs the window's size, not the queue's.
// Its outputs are identical to Storm's literal scan (scan-queue.ts; checked against the literal algorithm,
// kept as the reference in window-manager.property.test.ts): the scan stops at the first queued event
// beyond `ref + lag` in ARRIVAL order (STOP), so later events are neither expired nor processed (C3).
import type { WindowEvent } from './window-manager.ts';

/** What the eviction policy says about a window end: expire ts <= expireAtOrBelow, keep ts > ref, stop past stopAbove. */
export interface EvictionBounds {
  readonly ref: number;
  readonly expireAtOrBelow: number;
  readonly stopAbove: number;
}

/** A queued event with its position in arrival order and the last activation it was part of. */
export interface QueuedEvent<T> extends WindowEvent<T> {
  readonly pos: number;
  dead: boolean;
  seenIn: number;
}

export class EndIndexedQueue<T> {
  /** Events by position − base, in arrival order (dead ones stay until compaction). */
  private events: Array<QueuedEvent<T>> = [];
  private base = 0;
  /** Position of the first live event (partial scans expire from here). */
  private head = 0;
  private live = 0;
  /** Bucket end → its events in arrival order (dead ones skipped, dropped when the bucket empties). */
  private readonly buckets = new Map<number, Array<QueuedEvent<T>>>();
  /** Bucket ends, ascending, from index `e0` (a bucket emptied at the front is dropped by moving e0). */
  private ends: number[] = [];
  private e0 = 0;
  /** The first position a full scan has not passed yet: every live event before it has ts <= the last stopAbove. */
  private stop = 0;
  private lastStop = Number.NEGATIVE_INFINITY;

  constructor(private readonly width: number) {
    if (!(Number.isSafeInteger(width) && width > 0)) throw new RangeError(`bucket width must be a whole number > 0, got ${width}`);
  }

  get size(): number {
    return this.live;
  }

  add(e: QueuedEvent<T>): void {
    this.events.push(e);
    this.live++;
    const end = this.endOf(e.ts);
    let b = this.buckets.get(end);
    if (b === undefined) {
      this.buckets.set(end, (b = []));
      this.insertEnd(end);
    }
    b.push(e);
  }

  /** Storm's partial scan: expire from the head while the head event expires; stop at the first that does not. */
  expirePrefix(bounds: EvictionBounds | null, expired: T[]): void {
    if (bounds === null) return;
    for (;;) {
      const e = this.at(this.head);
      if (e === undefined || e.ts > bounds.expireAtOrBelow) break;
      this.kill(e);
      expired.push(e.value);
    }
    this.trimHead();
  }

  /**
   * Storm's full scan at `bounds.ref`: events before the first one beyond `stopAbove` (in arrival order)
   * expire when ts <= expireAtOrBelow and are in the window when ts is in (expireAtOrBelow, ref].
   * Returns the window's events in arrival order; appends the expired ones, in arrival order, to `expired`.
   */
  scan(bounds: EvictionBounds, expired: T[]): Array<QueuedEvent<T>> {
    if (bounds.stopAbove < this.lastStop) throw new RangeError('window ends must not go back (a full scan behind the last)');
    this.lastStop = bounds.stopAbove;
    this.advanceStop(bounds.stopAbove);
    const stop = this.stop;
    const gone: Array<QueuedEvent<T>> = [];
    const ends = this.ends;
    // Whole buckets at or below the expiry bound, then the one straddling it.
    let i = this.e0;
    for (; i < ends.length && ends[i]! <= bounds.expireAtOrBelow; i++)
      this.collect(ends[i]!, stop, Number.NEGATIVE_INFINITY, bounds.expireAtOrBelow, gone);
    const window: Array<QueuedEvent<T>> = [];
    let j = i;
    for (; j < ends.length && ends[j]! - this.width < bounds.ref; j++) {
      this.collect(ends[j]!, stop, Number.NEGATIVE_INFINITY, bounds.expireAtOrBelow, gone);
      this.collect(ends[j]!, stop, bounds.expireAtOrBelow, bounds.ref, window);
    }
    byPosition(gone);
    for (const e of gone) {
      this.kill(e);
      expired.push(e.value);
    }
    this.dropEmptyBuckets(j);
    this.trimHead();
    return byPosition(window);
  }

  /** The earliest live ts in (startTs, endTs], or +Infinity. */
  earliest(startTs: number, endTs: number): number {
    for (let i = lowerBound(this.ends, this.endOf(startTs), this.e0); i < this.ends.length; i++) {
      const end = this.ends[i]!;
      if (end - this.width >= endTs) break;
      let min = Number.POSITIVE_INFINITY;
      for (const e of this.buckets.get(end)!) if (!e.dead && e.ts > startTs && e.ts <= endTs && e.ts < min) min = e.ts;
      if (min !== Number.POSITIVE_INFINITY) return min;
    }
    return Number.POSITIVE_INFINITY;
  }

  /** Live events in arrival order (the count-based queries of the manager). */
  *inOrder(): Generator<QueuedEvent<T>> {
    for (let p = this.head; p < this.base + this.events.length; p++) {
      const e = this.events[p - this.base]!;
      if (!e.dead) yield e;
    }
  }

  /** Live events of bucket `end` at positions before `stop` with lo < ts <= hi. */
  private collect(end: number, stop: number, lo: number, hi: number, out: Array<QueuedEvent<T>>): void {
    for (const e of this.buckets.get(end)!) {
      if (e.pos >= stop) break; // a bucket's events are in arrival order
      if (!e.dead && e.ts > lo && e.ts <= hi) out.push(e);
    }
  }

  private advanceStop(stopAbove: number): void {
    const n = this.base + this.events.length;
    let p = Math.max(this.stop, this.head);
    while (p < n) {
      const e = this.events[p - this.base]!;
      if (!e.dead && e.ts > stopAbove) break;
      p++;
    }
    this.stop = p;
  }

  private at(pos: number): QueuedEvent<T> | undefined {
    return this.events[pos - this.base];
  }

  private kill(e: QueuedEvent<T>): void {
    e.dead = true;
    this.live--;
  }

  private trimHead(): void {
    const n = this.base + this.events.length;
    while (this.head < n && this.events[this.head - this.base]!.dead) this.head++;
    const drop = this.head - this.base;
    if (drop > 1024 && drop * 2 > this.events.length) {
      this.events = this.events.slice(drop);
      this.base = this.head;
    }
  }

  /**
   * Drop dead events from the buckets a scan visited (up to index `upTo`), then the empty buckets at the
   * front. An empty bucket further on stays listed (an event may still land in it) until it reaches the front.
   */
  private dropEmptyBuckets(upTo: number): void {
    const ends = this.ends;
    for (let i = this.e0; i < upTo; i++) {
      const b = this.buckets.get(ends[i]!)!;
      let k = 0;
      for (const e of b) if (!e.dead) b[k++] = e;
      b.length = k;
    }
    while (this.e0 < ends.length && this.buckets.get(ends[this.e0]!)!.length === 0) this.buckets.delete(ends[this.e0++]!);
    if (this.e0 > 1024 && this.e0 * 2 > ends.length) {
      this.ends = ends.slice(this.e0);
      this.e0 = 0;
    }
  }

  /** The end of the `(end − width, end]` bucket holding ts. */
  private endOf(ts: number): number {
    return Math.ceil(ts / this.width) * this.width + 0; // + 0: never -0
  }

  private insertEnd(end: number): void {
    const ends = this.ends;
    if (ends.length === this.e0 || ends[ends.length - 1]! < end) ends.push(end);
    else ends.splice(lowerBound(ends, end, this.e0), 0, end);
  }
}

function byPosition<T>(events: Array<QueuedEvent<T>>): Array<QueuedEvent<T>> {
  for (let i = 1; i < events.length; i++) {
    if (events[i - 1]!.pos > events[i]!.pos) return events.sort((a, b) => a.pos - b.pos);
  }
  return events;
}

function lowerBound(a: readonly number[], x: number, from: number): number {
  let lo = from;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
