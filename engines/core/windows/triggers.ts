// Triggers (A5): when a window's contents are emitted. TriggerResult is a closed set. The event-time
// trigger FIREs without purging (contents stay until cleanup), exactly as current Flink (F-ETT).
import type { TimeWindow } from './time-window.ts';

export type TriggerResult = 'CONTINUE' | 'FIRE' | 'PURGE' | 'FIRE_AND_PURGE';

export const isFire = (r: TriggerResult): boolean => r === 'FIRE' || r === 'FIRE_AND_PURGE';
export const isPurge = (r: TriggerResult): boolean => r === 'PURGE' || r === 'FIRE_AND_PURGE';

/** The small per-(key, window) counter state a trigger may keep (CountTrigger's count). */
export interface TriggerCounter {
  get(): number;
  set(v: number): void;
  clear(): void;
}

export interface TriggerContext {
  readonly currentWatermark: number;
  readonly currentProcessingTime: number;
  /** Window end minus one for `[)`, end for `(]`. */
  maxTimestamp(w: TimeWindow): number;
  registerEventTimeTimer(t: number): void;
  registerProcessingTimeTimer(t: number): void;
  deleteEventTimeTimer(t: number): void;
  deleteProcessingTimeTimer(t: number): void;
  counter(): TriggerCounter;
}

export interface OnMergeContext extends TriggerContext {
  /** Sum of the counters of the windows being merged (CountTrigger's merged reducing state). */
  mergeCounters(): void;
}

export interface Trigger {
  readonly name: string;
  /**
   * The only timer onElement registers is the window's maxTimestamp, and it stays registered until it
   * fires or the window is cleared. The operator may then skip re-registering it for a window that
   * already has contents (a no-op the timer service would deduplicate) — a hot-path shortcut.
   */
  readonly maxTimestampTimerOnly?: boolean;
  onElement(ts: number, w: TimeWindow, ctx: TriggerContext): TriggerResult;
  onEventTime(t: number, w: TimeWindow, ctx: TriggerContext): TriggerResult;
  onProcessingTime(t: number, w: TimeWindow, ctx: TriggerContext): TriggerResult;
  readonly canMerge: boolean;
  onMerge(w: TimeWindow, ctx: OnMergeContext): void;
  clear(w: TimeWindow, ctx: TriggerContext): void;
}

/** F-ETT: fire at once if the watermark is already past the window, else at a timer on maxTimestamp. */
export const eventTimeTrigger = (): Trigger => ({
  name: 'EventTimeTrigger',
  maxTimestampTimerOnly: true,
  onElement(_ts, w, ctx) {
    const max = ctx.maxTimestamp(w);
    if (max <= ctx.currentWatermark) return 'FIRE';
    ctx.registerEventTimeTimer(max);
    return 'CONTINUE';
  },
  onEventTime: (t, w, ctx) => (t === ctx.maxTimestamp(w) ? 'FIRE' : 'CONTINUE'),
  onProcessingTime: () => 'CONTINUE',
  canMerge: true,
  onMerge(w, ctx) {
    const max = ctx.maxTimestamp(w);
    if (max > ctx.currentWatermark) ctx.registerEventTimeTimer(max);
  },
  clear(w, ctx) {
    ctx.deleteEventTimeTimer(ctx.maxTimestamp(w));
  },
});

/** ProcessingTimeTrigger: a processing-time timer at the window's maxTimestamp. */
export const processingTimeTrigger = (): Trigger => ({
  name: 'ProcessingTimeTrigger',
  maxTimestampTimerOnly: true,
  onElement(_ts, w, ctx) {
    ctx.registerProcessingTimeTimer(ctx.maxTimestamp(w));
    return 'CONTINUE';
  },
  onEventTime: () => 'CONTINUE',
  onProcessingTime: () => 'FIRE',
  canMerge: true,
  onMerge(w, ctx) {
    const max = ctx.maxTimestamp(w);
    if (max > ctx.currentProcessingTime) ctx.registerProcessingTimeTimer(max);
  },
  clear(w, ctx) {
    ctx.deleteProcessingTimeTimer(ctx.maxTimestamp(w));
  },
});

/** F-CT: count elements per (key, window); at `count >= max` clear the count and FIRE. */
export const countTrigger = (max: number): Trigger => ({
  name: `CountTrigger(${max})`,
  onElement(_ts, _w, ctx) {
    const c = ctx.counter();
    const n = c.get() + 1;
    if (n >= max) {
      c.clear();
      return 'FIRE';
    }
    c.set(n);
    return 'CONTINUE';
  },
  onEventTime: () => 'CONTINUE',
  onProcessingTime: () => 'CONTINUE',
  canMerge: true,
  onMerge(_w, ctx) {
    ctx.mergeCounters();
  },
  clear(_w, ctx) {
    ctx.counter().clear();
  },
});

/** A trigger that never fires (GlobalWindows' default). */
export const neverTrigger = (): Trigger => ({
  name: 'NeverTrigger',
  onElement: () => 'CONTINUE',
  onEventTime: () => 'CONTINUE',
  onProcessingTime: () => 'CONTINUE',
  canMerge: true,
  onMerge: () => {},
  clear: () => {},
});

/** PurgingTrigger.of(t): every FIRE of `t` becomes FIRE_AND_PURGE. */
export const purging = (t: Trigger): Trigger => {
  const p = (r: TriggerResult): TriggerResult => (isFire(r) ? 'FIRE_AND_PURGE' : r);
  return {
    name: `PurgingTrigger(${t.name})`,
    ...(t.maxTimestampTimerOnly ? { maxTimestampTimerOnly: true } : {}),
    onElement: (ts, w, ctx) => p(t.onElement(ts, w, ctx)),
    onEventTime: (ts, w, ctx) => p(t.onEventTime(ts, w, ctx)),
    onProcessingTime: (ts, w, ctx) => p(t.onProcessingTime(ts, w, ctx)),
    canMerge: t.canMerge,
    onMerge: (w, ctx) => t.onMerge(w, ctx),
    clear: (w, ctx) => t.clear(w, ctx),
  };
};
