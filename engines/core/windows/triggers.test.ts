// Triggers (A5, F-ETT, F-CT) and CountEvictor (F-CE) against a small hand-built TriggerContext.
import { countEvictor } from './evictors.ts';
import { maxTimestamp, type TimeWindow } from './time-window.ts';
import {
  countTrigger,
  eventTimeTrigger,
  isFire,
  isPurge,
  neverTrigger,
  type OnMergeContext,
  processingTimeTrigger,
  purging,
  type TriggerCounter,
} from './triggers.ts';

/** A context with one counter and recorded timer calls; the watermark and clock are set by the test. */
function makeCtx(watermark: number, processingTime = 0) {
  let count = 0;
  const calls = {
    eventTimers: [] as number[],
    processingTimers: [] as number[],
    deletedEvent: [] as number[],
    deletedProcessing: [] as number[],
    merged: 0,
  };
  const counter: TriggerCounter = {
    get: () => count,
    set: (v) => {
      count = v;
    },
    clear: () => {
      count = 0;
    },
  };
  const ctx: OnMergeContext = {
    currentWatermark: watermark,
    currentProcessingTime: processingTime,
    maxTimestamp: (w: TimeWindow) => maxTimestamp(w),
    registerEventTimeTimer: (t) => void calls.eventTimers.push(t),
    registerProcessingTimeTimer: (t) => void calls.processingTimers.push(t),
    deleteEventTimeTimer: (t) => void calls.deletedEvent.push(t),
    deleteProcessingTimeTimer: (t) => void calls.deletedProcessing.push(t),
    counter: () => counter,
    mergeCounters: () => {
      calls.merged++;
    },
  };
  return { ctx, calls, count: () => count };
}

const W: TimeWindow = { start: 0, end: 1000 };

describe('EventTimeTrigger (A5, F-ETT)', () => {
  test('onElement with maxTs 999 > watermark 998 registers a timer at 999 and continues', () => {
    const { ctx, calls } = makeCtx(998);
    expect(eventTimeTrigger().onElement(5, W, ctx)).toBe('CONTINUE');
    expect(calls.eventTimers).toEqual([999]);
  });

  test('onElement with maxTs 999 == watermark 999 fires at once (not FIRE_AND_PURGE) and registers no timer', () => {
    const { ctx, calls } = makeCtx(999);
    expect(eventTimeTrigger().onElement(5, W, ctx)).toBe('FIRE');
    expect(calls.eventTimers).toEqual([]);
  });

  test('onElement with watermark past the window (5000) fires', () => {
    const { ctx } = makeCtx(5000);
    expect(eventTimeTrigger().onElement(5, W, ctx)).toBe('FIRE');
  });

  test('onEventTime fires only at maxTs 999: 998 and 1000 (a cleanup timer) continue', () => {
    const { ctx } = makeCtx(2000);
    const t = eventTimeTrigger();
    expect(t.onEventTime(999, W, ctx)).toBe('FIRE');
    expect(t.onEventTime(998, W, ctx)).toBe('CONTINUE');
    expect(t.onEventTime(1499, W, ctx)).toBe('CONTINUE');
  });

  test('onProcessingTime never fires an event-time trigger', () => {
    const { ctx } = makeCtx(2000);
    expect(eventTimeTrigger().onProcessingTime(999, W, ctx)).toBe('CONTINUE');
  });

  test('onMerge registers a timer at maxTs only if maxTs > watermark', () => {
    const a = makeCtx(998);
    eventTimeTrigger().onMerge(W, a.ctx);
    expect(a.calls.eventTimers).toEqual([999]);
    const b = makeCtx(999);
    eventTimeTrigger().onMerge(W, b.ctx);
    expect(b.calls.eventTimers).toEqual([]);
  });

  test('clear deletes the timer at maxTs', () => {
    const { ctx, calls } = makeCtx(0);
    eventTimeTrigger().clear(W, ctx);
    expect(calls.deletedEvent).toEqual([999]);
  });
});

describe('ProcessingTimeTrigger', () => {
  test('onElement registers a processing-time timer at maxTs 999 and onProcessingTime fires', () => {
    const { ctx, calls } = makeCtx(0, 10);
    const t = processingTimeTrigger();
    expect(t.onElement(0, W, ctx)).toBe('CONTINUE');
    expect(calls.processingTimers).toEqual([999]);
    expect(t.onProcessingTime(999, W, ctx)).toBe('FIRE');
    expect(t.onEventTime(999, W, ctx)).toBe('CONTINUE');
  });
});

describe('CountTrigger (F-CT)', () => {
  test('CountTrigger(3) continues on elements 1 and 2, fires on the 3rd and resets its count to 0', () => {
    const { ctx, count } = makeCtx(0);
    const t = countTrigger(3);
    expect(t.onElement(0, W, ctx)).toBe('CONTINUE');
    expect(count()).toBe(1);
    expect(t.onElement(0, W, ctx)).toBe('CONTINUE');
    expect(t.onElement(0, W, ctx)).toBe('FIRE');
    expect(count()).toBe(0);
  });

  test('CountTrigger(3) fires again at the 6th element, not before', () => {
    const { ctx } = makeCtx(0);
    const t = countTrigger(3);
    const results = Array.from({ length: 7 }, () => t.onElement(0, W, ctx));
    expect(results.map((r, i) => (r === 'FIRE' ? i + 1 : 0)).filter((n) => n > 0)).toEqual([3, 6]);
  });

  test('CountTrigger(1) fires on every element', () => {
    const { ctx } = makeCtx(0);
    const t = countTrigger(1);
    expect([t.onElement(0, W, ctx), t.onElement(0, W, ctx)]).toEqual(['FIRE', 'FIRE']);
  });

  test('CountTrigger ignores timers and merges counters on merge', () => {
    const { ctx, calls } = makeCtx(5000);
    const t = countTrigger(2);
    expect(t.onEventTime(999, W, ctx)).toBe('CONTINUE');
    expect(t.onProcessingTime(999, W, ctx)).toBe('CONTINUE');
    t.onMerge(W, ctx);
    expect(calls.merged).toBe(1);
  });

  test('clear resets the count', () => {
    const { ctx, count } = makeCtx(0);
    const t = countTrigger(5);
    t.onElement(0, W, ctx);
    t.onElement(0, W, ctx);
    t.clear(W, ctx);
    expect(count()).toBe(0);
  });
});

describe('PurgingTrigger (A5)', () => {
  test('purging(CountTrigger(2)) turns the FIRE on the 2nd element into FIRE_AND_PURGE', () => {
    const { ctx } = makeCtx(0);
    const t = purging(countTrigger(2));
    expect(t.onElement(0, W, ctx)).toBe('CONTINUE');
    expect(t.onElement(0, W, ctx)).toBe('FIRE_AND_PURGE');
  });

  test('purging(EventTimeTrigger) returns FIRE_AND_PURGE at maxTs and CONTINUE elsewhere', () => {
    const { ctx } = makeCtx(2000);
    const t = purging(eventTimeTrigger());
    expect(t.onEventTime(999, W, ctx)).toBe('FIRE_AND_PURGE');
    expect(t.onEventTime(998, W, ctx)).toBe('CONTINUE');
    expect(t.onElement(0, W, ctx)).toBe('FIRE_AND_PURGE');
  });

  test('FIRE is fire-not-purge, FIRE_AND_PURGE is both, PURGE is purge-only', () => {
    expect([isFire('FIRE'), isPurge('FIRE')]).toEqual([true, false]);
    expect([isFire('FIRE_AND_PURGE'), isPurge('FIRE_AND_PURGE')]).toEqual([true, true]);
    expect([isFire('PURGE'), isPurge('PURGE')]).toEqual([false, true]);
    expect([isFire('CONTINUE'), isPurge('CONTINUE')]).toEqual([false, false]);
  });

  test('neverTrigger never fires (GlobalWindows default)', () => {
    const { ctx } = makeCtx(Number.MAX_SAFE_INTEGER);
    const t = neverTrigger();
    expect([t.onElement(0, W, ctx), t.onEventTime(999, W, ctx), t.onProcessingTime(999, W, ctx)]).toEqual([
      'CONTINUE',
      'CONTINUE',
      'CONTINUE',
    ]);
  });
});

describe('CountEvictor (F-CE)', () => {
  test('CountEvictor(3) keeps the last 3 of 5 buffered elements, in arrival order', () => {
    expect(countEvictor(3).evictBefore([1, 2, 3, 4, 5])).toEqual([3, 4, 5]);
  });

  test('CountEvictor(3) keeps all of 3 or fewer elements', () => {
    expect(countEvictor(3).evictBefore([1, 2, 3])).toEqual([1, 2, 3]);
    expect(countEvictor(3).evictBefore([1])).toEqual([1]);
    expect(countEvictor(3).evictBefore([])).toEqual([]);
  });
});
