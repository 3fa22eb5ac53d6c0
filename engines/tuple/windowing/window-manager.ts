// Storm's WindowManager (ST WindowManager.java), the core of the Storm ≥1.0 BaseWindowedBolt: a queue
// of events in arrival order, an eviction policy that says which events a window holds, and a trigger
// policy that says when it fires. Expired events are reported (the bolt acks them); empty windows are skipped.
import { type RecordElement, type WatermarkElement, watermarkElement } from '../../core/stream-element.ts';

/**
 * What the trigger and eviction policies are told about: the stream elements a window manager sees (core
 * StreamElement): data events with their timestamp, and watermarks (Storm's Event / WaterMarkEvent).
 */
export type TrackedEvent = Pick<RecordElement<unknown>, 'kind' | 'ts'> | WatermarkElement;

/** A queued data event: its value (the tuple) and its timestamp (event time, or arrival at the bolt). */
export interface WindowEvent<T> {
  readonly kind: 'record';
  readonly ts: number;
  readonly value: T;
}

/** Storm's EvictionPolicy.Action. */
export type Action = 'expire' | 'process' | 'keep' | 'stop';

/** Storm's DefaultEvictionContext: the reference time (a window end) and optional counts. */
export interface EvictionContext {
  readonly referenceTime: number;
  readonly currentCount: number | null;
  readonly slidingCount: number | null;
  readonly slidingInterval: number | null;
}

export function evictionContext(
  referenceTime: number,
  currentCount: number | null = null,
  slidingCount: number | null = null,
  slidingInterval: number | null = null,
): EvictionContext {
  return { referenceTime, currentCount, slidingCount, slidingInterval };
}

export interface EvictionPolicy<T> {
  evict(event: WindowEvent<T>): Action;
  track(event: TrackedEvent): void;
  setContext(context: EvictionContext): void;
  getContext(): EvictionContext | null;
  reset(): void;
}

export interface TriggerPolicy {
  track(event: TrackedEvent): void;
  reset(): void;
  start(): void;
}

export interface TriggerHandler {
  /** Evaluate the window for the current eviction context; false when it was empty (and skipped). */
  onTrigger(): boolean;
}

export interface WindowLifecycleListener<T> {
  /** Events that left every future window: the windowed bolt acks them (C3). */
  onExpiry(events: T[]): void;
  onActivation(events: T[], newEvents: T[], expired: T[], referenceTime: number | null): void;
}

/** Expire old events every this many adds, to bound the queue (ST EXPIRE_EVENTS_THRESHOLD). */
export const EXPIRE_EVENTS_THRESHOLD = 100;

export class WindowManager<T> implements TriggerHandler {
  evictionPolicy!: EvictionPolicy<T>;
  triggerPolicy!: TriggerPolicy;
  private queue: WindowEvent<T>[] = [];
  private head = 0;
  private expiredEvents: T[] = [];
  private prevWindowEvents = new Set<WindowEvent<T>>();
  private eventsSinceLastExpiry = 0;

  constructor(private readonly listener: WindowLifecycleListener<T>) {}

  /** Track a data event with its timestamp (event time, or the arrival time for processing time). */
  add(value: T, ts: number): void {
    const e: WindowEvent<T> = { kind: 'record', ts, value };
    this.queue.push(e);
    this.track(e);
    this.compactWindow();
  }

  /** A watermark: not queued, only tracked (it drives the watermark trigger policies). */
  addWatermark(ts: number): void {
    this.track(watermarkElement(ts));
    this.compactWindow();
  }

  onTrigger(): boolean {
    // Scan the entire queue: time windows may hold out-of-order events anywhere in it.
    const windowEvents = this.scanEvents(true);
    const expired = this.expiredEvents;
    this.expiredEvents = [];
    const events: T[] = [];
    const newEvents: T[] = [];
    for (const e of windowEvents) {
      events.push(e.value);
      if (!this.prevWindowEvents.has(e)) newEvents.push(e.value);
    }
    this.prevWindowEvents = events.length > 0 ? new Set(windowEvents) : new Set();
    if (events.length > 0) {
      this.listener.onActivation(events, newEvents, expired, this.evictionPolicy.getContext()?.referenceTime ?? null);
    }
    this.triggerPolicy.reset();
    return events.length > 0;
  }

  /** Events queued (in some current or future window). */
  get size(): number {
    return this.queue.length - this.head;
  }

  /** The earliest event ts in (startTs, endTs], or +Infinity (Storm's Long.MAX_VALUE) when none. */
  getEarliestEventTs(startTs: number, endTs: number): number {
    let min = Number.POSITIVE_INFINITY;
    for (let i = this.head; i < this.queue.length; i++) {
      const ts = this.queue[i]!.ts;
      if (ts > startTs && ts <= endTs && ts < min) min = ts;
    }
    return min;
  }

  /** How many queued events have ts <= referenceTime. */
  getEventCount(referenceTime: number): number {
    let n = 0;
    for (let i = this.head; i < this.queue.length; i++) if (this.queue[i]!.ts <= referenceTime) n++;
    return n;
  }

  /** Timestamps at every `slidingCount`-th event with ts in (startTs, endTs], in queue order (max ts so far). */
  getSlidingCountTimestamps(startTs: number, endTs: number, slidingCount: number): number[] {
    const out: number[] = [];
    if (endTs <= startTs) return out;
    let count = 0;
    let ts = Number.NEGATIVE_INFINITY;
    for (let i = this.head; i < this.queue.length; i++) {
      const e = this.queue[i]!;
      if (e.ts > startTs && e.ts <= endTs) {
        ts = Math.max(ts, e.ts);
        if (++count % slidingCount === 0) out.push(ts);
      }
    }
    return out;
  }

  private track(e: TrackedEvent): void {
    this.evictionPolicy.track(e);
    this.triggerPolicy.track(e);
  }

  private compactWindow(): void {
    if (++this.eventsSinceLastExpiry >= EXPIRE_EVENTS_THRESHOLD) this.scanEvents(false);
  }

  /**
   * Ask the eviction policy about each queued event: EXPIRE removes it, PROCESS puts it in the window,
   * KEEP leaves it for a later window, STOP ends the scan. A partial scan stops at the first non-EXPIRE.
   */
  private scanEvents(fullScan: boolean): WindowEvent<T>[] {
    const toExpire: T[] = [];
    const toProcess: WindowEvent<T>[] = [];
    const q = this.queue;
    if (!fullScan) {
      let i = this.head;
      while (i < q.length && this.evictionPolicy.evict(q[i]!) === 'expire') toExpire.push(q[i++]!.value);
      this.head = i;
      if (this.head > 1024 && this.head * 2 > q.length) {
        this.queue = q.slice(this.head);
        this.head = 0;
      }
    } else {
      const kept: WindowEvent<T>[] = [];
      let i = this.head;
      for (; i < q.length; i++) {
        const e = q[i]!;
        const action = this.evictionPolicy.evict(e);
        if (action === 'expire') {
          toExpire.push(e.value);
          continue;
        }
        if (action === 'stop') break;
        if (action === 'process') toProcess.push(e);
        kept.push(e);
      }
      for (; i < q.length; i++) kept.push(q[i]!);
      this.queue = kept;
      this.head = 0;
    }
    for (const v of toExpire) this.expiredEvents.push(v);
    this.eventsSinceLastExpiry = 0;
    if (toExpire.length > 0) this.listener.onExpiry(toExpire);
    return toProcess;
  }
}
