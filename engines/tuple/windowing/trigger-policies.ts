// Storm's trigger policies (CountTriggerPolicy, TimeTriggerPolicy, ST-WTTP, WatermarkCountTriggerPolicy):
// when the window manager evaluates a window, and with what reference time (the window end).
import { tumbling, type WindowAssigner } from '../../core/windows/assigners.ts';
import type { EvictionPolicy, TrackedEvent, TriggerHandler, TriggerPolicy, WindowManager } from './window-manager.ts';
import { evictionContext } from './window-manager.ts';

/** Fires on every `count`-th data event (processing-time count windows). */
export class CountTriggerPolicy<T> implements TriggerPolicy {
  private current = 0;
  private started = false;

  constructor(
    private readonly count: number,
    private readonly handler: TriggerHandler,
    private readonly eviction: EvictionPolicy<T>,
    private readonly now: () => number,
  ) {}

  track(event: TrackedEvent): void {
    if (!this.started || event.kind === 'watermark') return;
    if (++this.current >= this.count) {
      this.eviction.setContext(evictionContext(this.now()));
      this.handler.onTrigger();
    }
  }

  reset(): void {
    this.current = 0;
  }

  start(): void {
    this.started = true;
  }
}

/**
 * Fires every `duration` ms of processing time from the task's start. The reference time is now - 1
 * ("do not process the current timestamp since tuples might arrive while the trigger is executing",
 * Storm ≥1.1), so the window evaluated at t is (t - 1 - length, t - 1]: arrivals in [t - length, t).
 *
 * Not aligned to multiples of the slide, on purpose: Storm's TimeTriggerPolicy (apache/storm
 * `storm-core/src/jvm/org/apache/storm/windowing/TimeTriggerPolicy.java`, 1.x; same schedule in
 * `storm-client/...` 2.x) starts with `executor.scheduleAtFixedRate(task, duration, duration, MILLISECONDS)`
 * in `start()` (called from the bolt's prepare) and evaluates at `System.currentTimeMillis() - 1`, so window
 * ends are `prepare time + k·slide - 1`. Only the event-time WatermarkTimeTriggerPolicy (ST-WTTP) rounds
 * ends up to multiples of the slide. A restarted task (C1) starts a new series from its restart. Against
 * an epoch-aligned oracle, processing-time windows here therefore differ by design (`wrong-window`).
 */
export class TimeTriggerPolicy<T> implements TriggerPolicy {
  constructor(
    private readonly duration: number,
    private readonly handler: TriggerHandler,
    private readonly eviction: EvictionPolicy<T>,
    private readonly now: () => number,
    private readonly every: (period: number, fn: () => void) => void,
  ) {}

  track(_event: TrackedEvent): void {}
  reset(): void {}

  start(): void {
    this.every(this.duration, () => {
      this.eviction.setContext(evictionContext(this.now() - 1, null, null, this.duration));
      this.handler.onTrigger();
    });
  }
}

/**
 * On each watermark W, evaluates every window end <= W in order, ends being multiples of the slide;
 * an empty window makes it jump to the next aligned end that has events (C3, ST-WTTP).
 */
export class WatermarkTimeTriggerPolicy<T> implements TriggerPolicy {
  private nextWindowEndTs = 0;
  private started = false;
  /** Ends aligned to the slide: the end of the `(start, end]` slide-sized window holding a ts. */
  private readonly aligned: WindowAssigner;

  constructor(
    private readonly slide: number,
    private readonly handler: TriggerHandler,
    private readonly eviction: EvictionPolicy<T>,
    private readonly manager: WindowManager<T>,
    /** Only count-based eviction reads the event count; skip the O(n) scan otherwise. */
    private readonly evictionNeedsCount: boolean,
  ) {
    this.aligned = tumbling(slide, 0, '(]');
  }

  track(event: TrackedEvent): void {
    if (this.started && event.kind === 'watermark') this.onWatermark(event.watermark);
  }

  reset(): void {}

  start(): void {
    this.started = true;
  }

  private onWatermark(watermark: number): void {
    let end = this.nextWindowEndTs;
    while (end <= watermark) {
      const count = this.evictionNeedsCount ? this.manager.getEventCount(end) : null;
      this.eviction.setContext(evictionContext(end, count));
      if (this.handler.onTrigger()) {
        end += this.slide;
        continue;
      }
      // The window was empty: jump to the next aligned end that has events before the watermark.
      const next = this.manager.getEarliestEventTs(end, watermark);
      if (next === Number.POSITIVE_INFINITY) break;
      end = this.aligned.assign(next)[0]!.end;
    }
    this.nextWindowEndTs = end;
  }
}

/** Event-time count windows: on a watermark, one window per `count` events up to it, in queue order. */
export class WatermarkCountTriggerPolicy<T> implements TriggerPolicy {
  private lastProcessedTs = 0;
  private started = false;

  constructor(
    private readonly count: number,
    private readonly handler: TriggerHandler,
    private readonly eviction: EvictionPolicy<T>,
    private readonly manager: WindowManager<T>,
  ) {}

  track(event: TrackedEvent): void {
    if (!this.started || event.kind !== 'watermark') return;
    for (const ts of this.manager.getSlidingCountTimestamps(this.lastProcessedTs, event.watermark, this.count)) {
      this.eviction.setContext(evictionContext(ts, null, this.count));
      this.handler.onTrigger();
      this.lastProcessedTs = ts;
    }
  }

  reset(): void {}

  start(): void {
    this.started = true;
  }
}
