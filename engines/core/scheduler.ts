// The processing-time clock and a discrete-event scheduler. Engines never read the wall clock:
// periodic watermarks, processing-time timers, batch triggers, tick tuples and ack timeouts are
// callbacks scheduled here, and `advanceTo(t)` runs every one due at or before t, in time order
// (ties in scheduling order), with `now` set to each callback's own time while it runs.
import { Heap } from './heap.ts';

export interface Clock {
  /** Current processing time, ms. */
  now(): number;
}

interface Entry {
  at: number;
  seq: number;
  run: () => void;
  cancelled: boolean;
}

export interface Scheduled {
  readonly at: number;
  cancel(): void;
}

export class Scheduler implements Clock {
  private time: number;
  private seq = 0;
  private readonly queue = new Heap<Entry>((a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq));

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  /** Schedule `run` at processing time `at` (clamped to now: nothing runs in the past). */
  at(at: number, run: () => void): Scheduled {
    const e: Entry = { at: Math.max(at, this.time), seq: this.seq++, run, cancelled: false };
    this.queue.push(e);
    return {
      at: e.at,
      cancel: () => {
        e.cancelled = true;
      },
    };
  }

  /** The time of the next pending callback, or undefined. */
  nextAt(): number | undefined {
    this.dropCancelled();
    return this.queue.peek()?.at;
  }

  /** Move time forward to `t`, running what is due on the way. Time never goes backwards. */
  advanceTo(t: number): void {
    if (t < this.time) throw new RangeError(`processing time cannot go backwards (now ${this.time}, asked ${t})`);
    for (;;) {
      this.dropCancelled();
      const next = this.queue.peek();
      if (next === undefined || next.at > t) break;
      this.queue.pop();
      this.time = next.at;
      next.run();
    }
    this.time = t;
  }

  /** Forget every pending callback (a crashed process loses its timers). */
  clear(): void {
    this.queue.clear();
  }

  private dropCancelled(): void {
    while (this.queue.size > 0 && this.queue.peek()!.cancelled) this.queue.pop();
  }
}
