// Flink's internal timer service (A7, F-ITS) for one time domain of one subtask: timers are
// (timestamp, key, namespace), deduplicated, and fire in timestamp order (ties in registration order)
// while `timestamp <= limit`. Timers registered while firing are seen by the same loop.
import { Heap } from '../core/heap.ts';
import type { Namespace } from '../core/state/state-table.ts';

/** One checkpointed timer: [timestamp, key, namespace]. */
export type TimerEntry = [number, unknown, Namespace];

export class TimerQueue {
  // Per timestamp, per key: one namespace (the common case, no array) or several.
  private readonly byTs = new Map<number, Map<unknown, Namespace | Namespace[]>>();
  private readonly times = new Heap<number>((a, b) => a < b);
  private count = 0;
  private lastTs = Number.NaN;
  private lastBucket: Map<unknown, Namespace | Namespace[]> | undefined = undefined;

  /** Register a timer; returns false when (ts, key, ns) was already registered. */
  register(ts: number, key: unknown, ns: Namespace): boolean {
    // Most registrations in a row share a timestamp (the window's maxTs): remember the last bucket.
    let bucket = ts === this.lastTs ? this.lastBucket : this.byTs.get(ts);
    if (bucket === undefined) {
      bucket = new Map();
      this.byTs.set(ts, bucket);
      this.times.push(ts);
    }
    this.lastTs = ts;
    this.lastBucket = bucket;
    const cur = bucket.get(key);
    if (cur === undefined) bucket.set(key, ns);
    else if (Array.isArray(cur)) {
      if (cur.includes(ns)) return false;
      cur.push(ns);
    } else if (cur === ns) return false;
    else bucket.set(key, [cur, ns]);
    this.count++;
    return true;
  }

  delete(ts: number, key: unknown, ns: Namespace): void {
    const bucket = this.byTs.get(ts);
    const cur = bucket?.get(key);
    if (!bucket || cur === undefined) return;
    if (Array.isArray(cur)) {
      const i = cur.indexOf(ns);
      if (i < 0) return;
      cur.splice(i, 1);
      if (cur.length === 0) bucket.delete(key);
    } else if (cur === ns) bucket.delete(key);
    else return;
    this.count--;
    if (bucket.size === 0) this.dropBucket(ts);
  }

  /** The smallest pending timer timestamp. */
  peek(): number | undefined {
    for (;;) {
      const ts = this.times.peek();
      if (ts === undefined) return undefined;
      const bucket = this.byTs.get(ts);
      if (bucket !== undefined && bucket.size > 0) return ts;
      this.times.pop();
      if (bucket !== undefined) this.dropBucket(ts);
    }
  }

  /**
   * Fire every timer with timestamp <= limit, in order. A timestamp's timers are taken out together and
   * fired in registration order; timers registered meanwhile (even at the same timestamp) fire after them.
   * Only a timer's own (key, namespace) could delete a same-timestamp timer while it fires, and that is the
   * timer being fired, so taking the bucket out changes nothing observable.
   */
  advance(limit: number, fire: (ts: number, key: unknown, ns: Namespace) => void): void {
    for (;;) {
      const ts = this.peek();
      if (ts === undefined || ts > limit) return;
      const bucket = this.byTs.get(ts)!;
      this.times.pop();
      this.dropBucket(ts);
      // forEach, not for-of: no [key, value] array per timer.
      bucket.forEach((cur, key) => {
        if (Array.isArray(cur)) {
          for (const ns of cur) {
            this.count--;
            fire(ts, key, ns);
          }
        } else {
          this.count--;
          fire(ts, key, cur);
        }
      });
    }
  }

  get size(): number {
    return this.count;
  }

  /** Every timer, in timestamp order: what a checkpoint stores. */
  forEachTimer(visit: (ts: number, key: unknown, ns: TimerEntry[2]) => void): void {
    const sorted = [...this.byTs.keys()].sort((a, b) => a - b);
    for (const ts of sorted) {
      this.byTs.get(ts)!.forEach((cur, key) => {
        if (Array.isArray(cur)) for (const ns of cur) visit(ts, key, ns);
        else visit(ts, key, cur);
      });
    }
  }

  private dropBucket(ts: number): void {
    this.byTs.delete(ts);
    if (ts === this.lastTs) {
      this.lastTs = Number.NaN;
      this.lastBucket = undefined;
    }
  }

  clear(): void {
    this.lastTs = Number.NaN;
    this.lastBucket = undefined;
    this.byTs.clear();
    this.times.clear();
    this.count = 0;
  }
}
