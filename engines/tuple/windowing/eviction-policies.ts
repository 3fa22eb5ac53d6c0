// Storm's eviction policies (ST-TEP, ST-WTEP, ST-WCEP, CountEvictionPolicy): which queued events
// the window being evaluated holds. Time windows keep `0 <= ref - ts < length`, i.e. `(ref - length, ref]` (C3).
import type { EvictionBounds } from './end-indexed-queue.ts';
import type { Action, BoundedEviction, EvictionContext, EvictionPolicy, TrackedEvent, WindowEvent } from './window-manager.ts';

/** Storm's Integer.MAX_VALUE, used as "no bound" by the policies. */
export const INT_MAX = 2_147_483_647;

/** Keeps the last `threshold` events (processing-time count windows). */
export class CountEvictionPolicy<T> implements EvictionPolicy<T> {
  protected currentCount = 0;
  private context: EvictionContext | null = null;

  constructor(protected readonly threshold: number) {}

  evict(_event: WindowEvent<T>): Action {
    if (this.currentCount > this.threshold) {
      this.currentCount--;
      return 'expire';
    }
    return 'process';
  }

  track(event: TrackedEvent): void {
    if (event.kind === 'record') this.currentCount++;
  }

  setContext(context: EvictionContext): void {
    this.context = context;
  }

  getContext(): EvictionContext | null {
    return this.context;
  }

  reset(): void {}
}

/** Keeps events with `ref - length < ts <= ref` (processing time: ts is the arrival time). */
export class TimeEvictionPolicy<T> implements EvictionPolicy<T> {
  protected context: EvictionContext | null = null;
  /** Drift of the trigger from its nominal period; the first window takes everything (delta = INT_MAX). */
  protected delta = 0;

  constructor(
    protected readonly windowLength: number,
    private readonly now: () => number,
  ) {}

  evict(event: WindowEvent<T>): Action {
    const ref = this.context === null ? this.now() : this.context.referenceTime;
    const diff = ref - event.ts;
    if (diff >= this.windowLength + this.delta) return 'expire';
    if (diff < 0) return 'keep'; // do not process events beyond the reference time
    return 'process';
  }

  track(_event: TrackedEvent): void {}

  setContext(context: EvictionContext): void {
    const prev = this.context;
    this.context = context;
    if (context.slidingInterval !== null) {
      this.delta = prev === null ? INT_MAX : context.referenceTime - prev.referenceTime - context.slidingInterval;
    }
  }

  getContext(): EvictionContext | null {
    return this.context;
  }

  reset(): void {}
}

/** Event time: events beyond the window end are kept for later windows; beyond the lag, the scan stops. */
export class WatermarkTimeEvictionPolicy<T> extends TimeEvictionPolicy<T> implements BoundedEviction {
  constructor(
    windowLength: number,
    private readonly lag: number = INT_MAX,
  ) {
    // The reference time is always a window end once a watermark arrived; before that nothing is evicted.
    super(windowLength, () => 0);
  }

  override evict(event: WindowEvent<T>): Action {
    if (this.context === null) return 'stop'; // no watermark yet: hold everything (compactWindow may ask)
    const diff = this.context.referenceTime - event.ts;
    if (diff < -this.lag) return 'stop';
    if (diff < 0) return 'keep';
    return super.evict(event);
  }

  /** `evict` as bounds on ts (null: no watermark yet, the scan stops at once): stop > ref + lag, keep > ref, expire <= ref − length − delta. */
  bounds(): EvictionBounds | null {
    if (this.context === null) return null;
    const ref = this.context.referenceTime;
    return { ref, expireAtOrBelow: Math.min(ref, ref - (this.windowLength + this.delta)), stopAbove: ref + this.lag };
  }
}

/** Event-time count windows: counts only events up to the reference (watermark-aligned) timestamp. */
export class WatermarkCountEvictionPolicy<T> implements EvictionPolicy<T> {
  private currentCount = 0;
  private processed = 0;
  private context: EvictionContext | null = null;

  constructor(private readonly threshold: number) {}

  evict(event: WindowEvent<T>): Action {
    if (this.context === null) return 'stop';
    if (event.ts <= this.context.referenceTime && this.processed < this.currentCount) {
      if (this.currentCount > this.threshold) {
        this.currentCount--;
        return 'expire';
      }
      this.processed++;
      return 'process';
    }
    return 'keep';
  }

  track(_event: TrackedEvent): void {}

  setContext(context: EvictionContext): void {
    this.context = context;
    this.currentCount = context.currentCount ?? this.processed + (context.slidingCount ?? 0);
    this.processed = 0;
  }

  getContext(): EvictionContext | null {
    return this.context;
  }

  reset(): void {
    this.processed = 0;
  }
}
