// One task (Storm runs one task per executor here): an inbox drained one message per turn by the
// runtime, timers that die with the task, and the services of the runtime it lives in.
import type { Rec } from '../core/aggregates.ts';
import type { AckerMessage } from './acker.ts';
import type { IdSource, Tuple } from './tuple.ts';

/** A first-in first-out queue (inboxes, the ready queue): O(1) push and shift, in push order. */
export class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** The oldest item, removed; undefined when empty. */
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    // Compact once the dead prefix dominates, so memory stays proportional to the live items.
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }

  /** The live items, oldest first (a copy). */
  toArray(): T[] {
    return this.items.slice(this.head) as T[];
  }
}

/** A message to a spout task: the acker's verdict on a root, or a timeout tick. */
export interface SpoutMessage {
  readonly kind: 'ack' | 'fail' | 'tick';
  readonly rootHi: number;
  readonly rootLo: number;
}

export interface RuntimeCounters {
  /** Tuples emitted by spouts (one per emit call). */
  spoutEmits: number;
  /** Spout messages whose tree completed (spout.ack). */
  acked: number;
  /** Spout messages failed explicitly by a bolt (spout.fail, FAIL-STREAM). */
  failed: number;
  /** Spout messages failed by the message timeout (spout.fail, TIMEOUT). */
  timedOut: number;
  /** Tuples executed by bolts (tick tuples included). */
  executed: number;
  /** Tuples discarded from inboxes by crashes. */
  lostInCrash: number;
}

/** What tasks need from the runtime (runtime.ts implements it). */
export interface RuntimeServices {
  readonly acking: boolean;
  readonly messageTimeout: number;
  readonly maxSpoutPending: number;
  readonly ids: IdSource;
  readonly counters: RuntimeCounters;
  now(): number;
  /** Run `fn` at processing time `t`, then drain the ready queue. */
  at(t: number, fn: () => void): { cancel(): void };
  /** Queue the task for a turn if it has work and is not queued. */
  wake(task: Task<unknown>): void;
  /** Target tasks of an emit from `sourceTask` on `stream` (direct: the chosen task, checked). */
  route(sourceTask: number, stream: string, values: Rec, direct: number | null): readonly number[];
  deliverTuple(taskId: number, tuple: Tuple): void;
  sendToAcker(message: AckerMessage): void;
  sendToSpout(taskId: number, message: SpoutMessage): void;
}

export abstract class Task<M> {
  readonly inbox = new Fifo<M>();
  queued = false;
  /** Bumped by every crash; timers and in-progress work of an older epoch do nothing. */
  protected epoch = 0;

  constructor(
    readonly id: number,
    readonly componentId: string,
    readonly index: number,
    protected readonly rt: RuntimeServices,
  ) {}

  /** Whether a turn now would do something. */
  abstract ready(): boolean;
  /** Do one unit of work. */
  abstract turn(): void;
  /** Create the component instance and its timers (open / prepare). */
  abstract start(): void;

  deliver(message: M): void {
    this.inbox.push(message);
    this.rt.wake(this);
  }

  /** Run `fn` every `period` ms from now until the task crashes (Storm executor timers). */
  every(period: number, fn: () => void): void {
    // A crash bumps the epoch, so the pending callback of a dead series does nothing and stops.
    const epoch = this.epoch;
    const schedule = (at: number) => {
      this.rt.at(at, () => {
        if (this.epoch !== epoch) return;
        schedule(at + period);
        fn();
      });
    };
    schedule(this.rt.now() + period);
  }

  /** Crash and restart empty: inbox, timers and in-memory state are gone (C1: nothing is restored). */
  crash(): void {
    this.epoch++;
    this.rt.counters.lostInCrash += this.inbox.size;
    this.inbox.clear();
    this.start();
    this.rt.wake(this);
  }
}
