// Storm ≥1.0 BaseWindowedBolt as its executor runs it (ST-WBE): windows per task over every tuple routed
// to it (C3), by count or duration, processing or event time; expired tuples are acked, outputs anchored
// on the window, late tuples (ts < last watermark) acked and sent to the late stream or dropped.
import type { Rec } from '../../core/aggregates.ts';
import { InputError } from '../../core/errors.ts';
import type { Bolt, OutputCollector, TaskContext } from '../components.ts';
import type { Tuple } from '../tuple.ts';
import { CountEvictionPolicy, TimeEvictionPolicy, WatermarkCountEvictionPolicy, WatermarkTimeEvictionPolicy } from './eviction-policies.ts';
import { CountTriggerPolicy, TimeTriggerPolicy, WatermarkCountTriggerPolicy, WatermarkTimeTriggerPolicy } from './trigger-policies.ts';
import { WaterMarkEventGenerator } from './watermark-event-generator.ts';
import { type EvictionPolicy, type TriggerPolicy, WindowManager } from './window-manager.ts';

export type Length = { readonly count: number } | { readonly duration: number };

export interface WindowConfig {
  readonly length: Length;
  /** Default: count 1 (Storm's `withWindow(length)` slides on every tuple). */
  readonly slide?: Length;
  /** Event time: the field holding the tuple's timestamp (withTimestampField). Absent = processing time. */
  readonly timestampField?: string;
  /** withLag, ms (default 0). */
  readonly lag?: number;
  /** withWatermarkInterval, ms of processing time (default 1000). */
  readonly watermarkInterval?: number;
  /** withLateTupleStream: late tuples are emitted there as `{late_tuple: values}` (event time only). */
  readonly lateTupleStream?: string;
  /**
   * Event time with watermarks given from outside, as WindowManagerTest feeds `add(new WaterMarkEvent(ts))`:
   * no generator and no late check; a time window's eviction lag is Integer.MAX_VALUE (the one-argument
   * WatermarkTimeEvictionPolicy), so tuples ahead of the window end are held, never stop the scan (C3).
   */
  readonly explicitWatermarks?: boolean;
}

/** What `execute(window)` sees (Storm's TupleWindow). Duration windows are `(start, end]` (C3). */
export interface TupleWindow {
  readonly tuples: readonly Tuple[];
  readonly newTuples: readonly Tuple[];
  readonly expired: readonly Tuple[];
  /** end - length for duration windows; null for count windows. */
  readonly startTimestamp: number | null;
  /** The reference time the window was evaluated at. */
  readonly endTimestamp: number | null;
}

export interface WindowedOutputCollector {
  /** Emit anchored on every tuple of the window being evaluated (Storm's WindowedOutputCollector). */
  emit(values: Rec, stream?: string): readonly number[];
  /** Emit anchored on the given tuples only. */
  emitAnchored(anchors: readonly Tuple[], values: Rec, stream?: string): readonly number[];
}

export interface WindowedBolt {
  prepare?(context: TaskContext): void;
  execute(window: TupleWindow, collector: WindowedOutputCollector): void;
}

/** Observers for the engine (not part of Storm's API): watermarks and late tuples that were only logged. */
export interface WindowedBoltHooks {
  onWatermark?(watermark: number): void;
  onDropped?(tuple: Tuple): void;
}

/**
 * Storm's prepare-time check (ST-WBE validate): duration length + slide must not exceed the message
 * timeout and count length + slide must not exceed maxSpoutPending. Returns the reason, or null.
 */
export function windowConfigProblem(config: WindowConfig, messageTimeout: number, maxSpoutPending: number): string | null {
  const slide = config.slide ?? { count: 1 };
  const durations = ('duration' in config.length ? config.length.duration : 0) + ('duration' in slide ? slide.duration : 0);
  const counts = ('count' in config.length ? config.length.count : 0) + ('count' in slide ? slide.count : 0);
  if (durations > messageTimeout) {
    return `window duration (length + sliding interval) ${durations} ms is more than the message timeout ${messageTimeout} ms`;
  }
  if (counts > maxSpoutPending) {
    return `window count (length + sliding interval) ${counts} is more than maxSpoutPending ${maxSpoutPending}`;
  }
  if (config.lateTupleStream !== undefined && config.timestampField === undefined) {
    return 'a late tuple stream can be defined only with a timestamp field (event time)';
  }
  return null;
}

export function windowedBolt(bolt: WindowedBolt, config: WindowConfig, hooks: WindowedBoltHooks = {}): Bolt {
  return new WindowedBoltExecutor(bolt, config, hooks);
}

class WindowedBoltExecutor implements Bolt {
  private manager!: WindowManager<Tuple>;
  private generator: WaterMarkEventGenerator | null = null;
  /** The last explicit watermark (explicitWatermarks only), or null before the first. */
  private explicit: number | null = null;
  private context!: TaskContext;
  /** A tuple was added since the window last fired (processing-time windows with count eviction). */
  private fresh = false;

  constructor(
    private readonly bolt: WindowedBolt,
    private readonly config: WindowConfig,
    private readonly hooks: WindowedBoltHooks,
  ) {}

  /**
   * Nothing time-driven can change this task's output any more: by event time, no watermark tick would
   * raise the watermark (the trigger fires on watermarks only); by processing time, no queued tuple is
   * still to expire (time eviction), or nothing new since the last firing (count eviction: the same
   * last-n window would only fire again).
   */
  quiet(): boolean {
    if (this.config.timestampField !== undefined) return !(this.generator?.wouldAdvance() ?? false); // explicit: only steps move it
    if ('duration' in this.config.length) return this.manager.size === 0;
    return !this.fresh;
  }

  /** The tuples this task's window manager holds (in some current or future window). */
  heldTuples(): Iterable<Tuple> {
    return this.manager?.values() ?? [];
  }

  /** The last watermark of this task, or null (event time only). */
  lastWatermark(): number | null {
    return this.config.explicitWatermarks ? this.explicit : (this.generator?.lastWatermark() ?? null);
  }

  /** An explicit watermark, straight to the window manager's trigger and eviction policies (C3). */
  watermark(wm: number): void {
    if (!this.config.explicitWatermarks) throw new RangeError(`${this.context.componentId}: this bolt generates its own watermarks`);
    this.explicit = this.explicit === null ? wm : Math.max(this.explicit, wm);
    this.manager.addWatermark(wm);
    this.hooks.onWatermark?.(wm);
  }

  prepare(context: TaskContext, collector: OutputCollector): void {
    const problem = windowConfigProblem(this.config, context.messageTimeout, context.maxSpoutPending);
    if (problem !== null) throw new RangeError(`${context.componentId}: ${problem}`);
    this.context = context;
    const c = this.config;
    const eventTime = c.timestampField !== undefined;
    const lengthDuration = 'duration' in c.length ? c.length.duration : null;
    const manager = new WindowManager<Tuple>({
      onExpiry: (tuples) => {
        for (const t of tuples) collector.ack(t);
      },
      onActivation: (tuples, newTuples, expired, ts) => {
        this.fresh = false;
        const window: TupleWindow = {
          tuples,
          newTuples,
          expired,
          startTimestamp: ts !== null && lengthDuration !== null ? ts - lengthDuration : null,
          endTimestamp: ts,
        };
        this.bolt.execute(window, {
          emit: (values, stream) => collector.emit(tuples, values, stream),
          emitAnchored: (anchors, values, stream) => collector.emit(anchors, values, stream),
        });
      },
    });
    const slide = c.slide ?? { count: 1 };
    const eviction: EvictionPolicy<Tuple> =
      'count' in c.length
        ? eventTime
          ? new WatermarkCountEvictionPolicy(c.length.count)
          : new CountEvictionPolicy(c.length.count)
        : eventTime
          ? new WatermarkTimeEvictionPolicy(c.length.duration, c.lag ?? 0)
          : new TimeEvictionPolicy(c.length.duration, () => context.now());
    const trigger: TriggerPolicy =
      'count' in slide
        ? eventTime
          ? new WatermarkCountTriggerPolicy(slide.count, manager, eviction, manager)
          : new CountTriggerPolicy(slide.count, manager, eviction, () => context.now())
        : eventTime
          ? new WatermarkTimeTriggerPolicy(slide.duration, manager, eviction, manager, 'count' in c.length)
          : new TimeTriggerPolicy(
              slide.duration,
              manager,
              eviction,
              () => context.now(),
              (p, fn) => context.every(p, fn),
            );
    manager.evictionPolicy = eviction;
    manager.triggerPolicy = trigger;
    // Event-time duration windows: window ends are multiples of the slide (or any ts, with a count slide),
    // so buckets of gcd(length, slide) ms index the queue by window end; outputs are Storm's scan's.
    if (eventTime && lengthDuration !== null)
      manager.indexByWindowEnd('duration' in slide ? gcd(lengthDuration, slide.duration) : lengthDuration);
    this.manager = manager;
    if (eventTime && !c.explicitWatermarks) {
      const generator = new WaterMarkEventGenerator(context.inputStreams, c.lag ?? 0, (wm) => {
        manager.addWatermark(wm);
        this.hooks.onWatermark?.(wm);
      });
      this.generator = generator;
      context.every(c.watermarkInterval ?? 1000, () => generator.run());
    }
    this.bolt.prepare?.(context);
    trigger.start();
  }

  execute(tuple: Tuple, collector: OutputCollector): void {
    const field = this.config.timestampField;
    if (field === undefined) {
      this.fresh = true;
      this.manager.add(tuple, this.context.now()); // processing time: the arrival time at this task
      return;
    }
    const ts = tuple.values[field];
    if (typeof ts !== 'number' || !Number.isSafeInteger(ts)) {
      // Whole ms within ±2^53 (core/job.ts timestampProblem): a fraction would never align to a window end.
      throw new InputError(
        field,
        `expected an event-time timestamp in whole ms, got ${JSON.stringify(ts)} in ${JSON.stringify(tuple.values)}`,
      );
    }
    // Explicit watermarks: WindowManager.add takes every event, nothing is late.
    if (this.generator === null || this.generator.track(tuple.sourceComponent, tuple.stream, ts)) {
      this.manager.add(tuple, ts);
      return;
    }
    // Late (ts < last watermark, C3): acked, never replayed; to the late stream or only logged.
    if (this.config.lateTupleStream !== undefined) collector.emit(tuple, { late_tuple: tuple.values }, this.config.lateTupleStream);
    else this.hooks.onDropped?.(tuple);
    collector.ack(tuple);
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
