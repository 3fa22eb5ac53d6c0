// The network between source subtasks and operator subtasks: one FIFO channel per (source channel,
// operator subtask). Elements go through at once, or after the network delay (+ skew per source channel)
// on the processing clock; with a record cost (or a slow task) each subtask takes one record at a time,
// so its input backs up and watermarks and barriers wait behind the records ahead of them (back-pressure).
import type { Rec } from '../../core/aggregates.ts';
import type { Scheduler } from '../../core/scheduler.ts';
import type { StreamElement } from '../../core/stream-element.ts';

export type Element = StreamElement<Rec>;

export interface ChannelOptions {
  network?: { delay: number; skew?: number };
  /** Virtual ms each record takes at an operator subtask (0: free). */
  recordCost: number;
}

/** A record caught in flight by an unaligned checkpoint: [source channel, key, record, timestamp]. */
export type ChannelRecord = [number, unknown, Rec, number];

export class Channels {
  /** Queued elements by source channel, then operator subtask (only while delayed or backed up). */
  private queues: Array<Array<Array<{ at: number; el: Element }>>> = [];
  /** When each operator subtask is next free to take a record (with a record cost). */
  private busyUntil: number[] = [];
  /** slow-task: per-record cost (ms) of operator subtask 0 until `slowUntil`. */
  private slowCost = 0;
  private slowUntil = 0;
  /** Elements are delayed on the way: never delivered in the same call. */
  readonly delayed: boolean;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly opts: ChannelOptions,
    /** Hand an element to operator subtask `sub` from source channel `c` (alignment may buffer it). */
    private readonly deliver: (c: number, sub: number, el: Element) => void,
  ) {
    this.delayed = (opts.network?.delay ?? 0) > 0 || (opts.network?.skew ?? 0) > 0;
    this.direct = !this.delayed && opts.recordCost === 0;
  }

  /** A new (or restarted) graph: empty channels for `sources` × `subtasks`. */
  reset(sources: number, subtasks: number): void {
    this.queues = Array.from({ length: sources }, () => Array.from({ length: subtasks }, () => []));
    this.busyUntil = new Array<number>(subtasks).fill(0);
  }

  /**
   * Nothing is ever queued on a channel (no delay, no cost, never slowed), so a record may go straight to
   * its operator (unless alignment blocks its channel). A field, read once per record on the hot path.
   */
  direct: boolean;

  private get slow(): boolean {
    return this.slowCost > 0 && this.scheduler.now() < this.slowUntil;
  }

  send(c: number, sub: number, el: Element): void {
    const q = this.queues[c]![sub]!;
    // At once only when nothing is queued ahead on this channel: channels are FIFO.
    if (!this.delayed && !this.slow && this.opts.recordCost === 0 && q.length === 0) {
      this.deliver(c, sub, el);
      return;
    }
    const net = this.opts.network ?? { delay: 0 };
    let at = Math.max(this.scheduler.now() + net.delay + (net.skew ?? 0) * c, q.at(-1)?.at ?? 0);
    if (el.kind === 'record') {
      const cost = sub === 0 && this.slow ? this.slowCost : this.opts.recordCost;
      if (cost > 0) {
        at = Math.max(at, this.busyUntil[sub]!) + cost;
        this.busyUntil[sub] = at;
      }
    }
    q.push({ at, el });
    this.scheduler.at(at, () => {
      const head = q.shift();
      if (head) this.deliver(c, sub, head.el);
    });
  }

  /** slow-task: operator subtask 0 takes `cost` ms per record for the next `duration` ms. */
  slowDown(cost: number, duration: number): void {
    this.direct = false;
    this.slowCost = cost;
    this.slowUntil = this.scheduler.now() + duration;
    this.busyUntil[0] = Math.max(this.busyUntil[0]!, this.scheduler.now());
  }

  /** Something is still on its way. */
  get busy(): boolean {
    return this.queues.some((byOp) => byOp.some((q) => q.length > 0));
  }

  /** Deliver everything in flight (advancing the processing clock as far as it takes). */
  flush(): void {
    while (this.busy) {
      const next = this.scheduler.nextAt();
      if (next === undefined) break;
      this.scheduler.advanceTo(next);
    }
  }

  /** Records queued to `sub` ahead of barrier `id` on every channel but `except` (unaligned channel state). */
  recordsAhead(sub: number, id: number, except: number): ChannelRecord[] {
    const out: ChannelRecord[] = [];
    for (let c = 0; c < this.queues.length; c++) {
      if (c === except) continue;
      for (const { el } of this.queues[c]![sub]!) {
        if (el.kind === 'barrier' && el.id === id) break;
        if (el.kind === 'record') out.push([c, el.key, el.record, el.ts]);
      }
    }
    return out;
  }

  /** Records on their way (not yet at an operator). */
  queuedRecords(): number {
    let n = 0;
    for (const byOp of this.queues) for (const q of byOp) for (const { el } of q) if (el.kind === 'record') n++;
    return n;
  }
}
