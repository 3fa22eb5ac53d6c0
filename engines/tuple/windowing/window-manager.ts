// Storm's WindowManager (ST WindowManager.java), the core of the Storm ≥1.0 BaseWindowedBolt: a queue
// of events in arrival order, an eviction policy that says which events a window holds, and a trigger
// policy that says when it fires. Expired events are reported (the bolt acks them); empty windows are skipped.
import { type RecordElement, type WatermarkElement, watermarkElement } from '../../core/stream-element.ts';
import { EndIndexedQueue, type EvictionBounds, type QueuedEvent } from './end-indexed-queue.ts';
import { ScanQueue } from './scan-queue.ts';

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

/** An eviction policy that can say, for its current window end, which timestamps expire, stay or stop a scan. */
export interface BoundedEviction {
  bounds(): EvictionBounds | null;
}

export class WindowManager<T> implements TriggerHandler {
  evictionPolicy!: EvictionPolicy<T>;
  triggerPolicy!: TriggerPolicy;
  private scanned: ScanQueue<T> | null = new ScanQueue<T>();
  private indexed: EndIndexedQueue<T> | null = null;
  private expiredEvents: T[] = [];
  /** Activations so far; an event's `seenIn` is the last one that held it (Storm's prevWindowEvents). */
  private activations = 0;
  private eventsSinceLastExpiry = 0;
  /** Events added so far: the next one's position in arrival order. */
  private added = 0;

  constructor(private readonly listener: WindowLifecycleListener<T>) {}

  /**
   * Event-time duration windows: index the queue by window end in buckets of `width` ms (a divisor of the
   * window length and slide), so a window's scan costs its size. The eviction policy must bound its
   * decisions (WatermarkTimeEvictionPolicy); outputs stay exactly those of Storm's scan (EndIndexedQueue).
   */
  indexByWindowEnd(width: number): void {
    if (this.size > 0) throw new RangeError('index the window manager before any event is added');
    if (typeof (this.evictionPolicy as Partial<BoundedEviction>).bounds !== 'function') {
      throw new RangeError('only an eviction policy with bounds (event-time duration windows) can be indexed by window end');
    }
    this.indexed = new EndIndexedQueue<T>(width);
    this.scanned = null;
  }

  /** Track a data event with its timestamp (event time, or the arrival time for processing time). */
  add(value: T, ts: number): void {
    const e: QueuedEvent<T> = { kind: 'record', ts, value, pos: this.added++, dead: false, seenIn: -1 };
    if (this.indexed) this.indexed.add(e);
    else this.scanned!.add(e);
    this.track(e);
    this.compactWindow();
  }

  /** A watermark: not queued, only tracked (it drives the watermark trigger policies). */
  addWatermark(ts: number): void {
    this.track(watermarkElement(ts));
    this.compactWindow();
  }

  onTrigger(): boolean {
    // Storm scans the entire queue: time windows may hold out-of-order events anywhere in it.
    const windowEvents = this.scanEvents(true);
    const expired = this.expiredEvents;
    this.expiredEvents = [];
    const events: T[] = [];
    const newEvents: T[] = [];
    const id = ++this.activations;
    for (const e of windowEvents as Array<QueuedEvent<T>>) {
      events.push(e.value);
      if (e.seenIn !== id - 1) newEvents.push(e.value);
      e.seenIn = id;
    }
    if (events.length > 0) {
      this.listener.onActivation(events, newEvents, expired, this.evictionPolicy.getContext()?.referenceTime ?? null);
    }
    this.triggerPolicy.reset();
    return events.length > 0;
  }

  /** Events queued (in some current or future window). */
  get size(): number {
    return this.indexed ? this.indexed.size : this.scanned!.size;
  }

  /** The earliest event ts in (startTs, endTs], or +Infinity (Storm's Long.MAX_VALUE) when none. */
  getEarliestEventTs(startTs: number, endTs: number): number {
    if (this.indexed) return this.indexed.earliest(startTs, endTs);
    let min = Number.POSITIVE_INFINITY;
    for (const { ts } of this.events()) if (ts > startTs && ts <= endTs && ts < min) min = ts;
    return min;
  }

  /** How many queued events have ts <= referenceTime. */
  getEventCount(referenceTime: number): number {
    let n = 0;
    for (const e of this.events()) if (e.ts <= referenceTime) n++;
    return n;
  }

  /** Timestamps at every `slidingCount`-th event with ts in (startTs, endTs], in queue order (max ts so far). */
  getSlidingCountTimestamps(startTs: number, endTs: number, slidingCount: number): number[] {
    const out: number[] = [];
    if (endTs <= startTs) return out;
    let count = 0;
    let ts = Number.NEGATIVE_INFINITY;
    for (const e of this.events()) {
      if (e.ts > startTs && e.ts <= endTs) {
        ts = Math.max(ts, e.ts);
        if (++count % slidingCount === 0) out.push(ts);
      }
    }
    return out;
  }

  /** The queued events' values, in queue order. */
  *values(): IterableIterator<T> {
    for (const e of this.events()) yield e.value;
  }

  private events(): Iterable<WindowEvent<T>> {
    return this.indexed ? this.indexed.inOrder() : this.scanned!.inOrder();
  }

  private track(e: TrackedEvent): void {
    this.evictionPolicy.track(e);
    this.triggerPolicy.track(e);
  }

  private compactWindow(): void {
    if (++this.eventsSinceLastExpiry >= EXPIRE_EVENTS_THRESHOLD) this.scanEvents(false);
  }

  /** A partial scan expires from the head; a full one also returns the window's events (arrival order). */
  private scanEvents(fullScan: boolean): WindowEvent<T>[] {
    const toExpire: T[] = [];
    let toProcess: WindowEvent<T>[] = [];
    if (this.indexed) {
      const bounds = (this.evictionPolicy as unknown as BoundedEviction).bounds();
      if (!fullScan) this.indexed.expirePrefix(bounds, toExpire);
      else if (bounds !== null) toProcess = this.indexed.scan(bounds, toExpire);
    } else toProcess = this.scanned!.scan(this.evictionPolicy, fullScan, toExpire);
    for (const v of toExpire) this.expiredEvents.push(v);
    this.eventsSinceLastExpiry = 0;
    if (toExpire.length > 0) this.listener.onExpiry(toExpire);
    return toProcess;
  }
}
