// Watermark generators (A2: F-BOO, F-ASC, F-IDL) and the multi-input valve (A3: F-SWV).
import { MIN_TIME } from '../time.ts';
import { boundedOutOfOrderness, monotonous, type WatermarkGenerator, type WatermarkOutput, withIdleness } from './generators.ts';
import { type ValveOutput, WatermarkValve } from './valve.ts';

type Event = { wm: number } | 'idle' | 'active';

function recorder(): { out: WatermarkOutput; events: Event[] } {
  const events: Event[] = [];
  return {
    events,
    out: {
      emitWatermark: (wm) => void events.push({ wm }),
      markIdle: () => void events.push('idle'),
      markActive: () => void events.push('active'),
    },
  };
}

describe('bounded out-of-orderness (A2, F-BOO)', () => {
  test('the first watermark before any event is MIN_TIME', () => {
    const { out, events } = recorder();
    boundedOutOfOrderness(500).onPeriodicEmit(0, out);
    expect(events).toEqual([{ wm: MIN_TIME }]);
  });

  test('delay 500 after maxTs 1000 emits 499 (maxTs - delay - 1), not 500', () => {
    const { out, events } = recorder();
    const g = boundedOutOfOrderness(500);
    g.onEvent(1000, out);
    g.onPeriodicEmit(200, out);
    expect(events).toEqual([{ wm: 499 }]);
  });

  test('an older event does not lower maxTs: 1000 then 200 still emits 499', () => {
    const { out, events } = recorder();
    const g = boundedOutOfOrderness(500);
    g.onEvent(1000, out);
    g.onEvent(200, out);
    g.onPeriodicEmit(200, out);
    expect(events).toEqual([{ wm: 499 }]);
  });

  test('onEvent alone emits nothing (the generator is periodic)', () => {
    const { out, events } = recorder();
    boundedOutOfOrderness(0).onEvent(1000, out);
    expect(events).toEqual([]);
  });

  test('a negative event time -5 with delay 0 emits -6', () => {
    const { out, events } = recorder();
    const g = boundedOutOfOrderness(0);
    g.onEvent(-5, out);
    g.onPeriodicEmit(0, out);
    expect(events).toEqual([{ wm: -6 }]);
  });
});

describe('monotonous timestamps (A2, F-ASC)', () => {
  test('monotonous() after maxTs 1000 emits 999 (maxTs - 1), and MIN_TIME before any event', () => {
    const { out, events } = recorder();
    const g = monotonous();
    g.onPeriodicEmit(0, out);
    g.onEvent(1000, out);
    g.onPeriodicEmit(200, out);
    expect(events).toEqual([{ wm: MIN_TIME }, { wm: 999 }]);
  });
});

describe('idleness (A2, F-IDL)', () => {
  /** Event at 0, probes every 200 ms; timeout 400. */
  function idleRun(timeout: number, probes: number[]): { events: Event[]; g: WatermarkGenerator; out: WatermarkOutput } {
    const { out, events } = recorder();
    const g = withIdleness(monotonous(), timeout);
    g.onEvent(100, out);
    for (const p of probes) g.onPeriodicEmit(p, out);
    return { events, g, out };
  }

  test('a probe after records resets the countdown and emits the inner watermark', () => {
    const { events } = idleRun(400, [200]);
    expect(events).toEqual([{ wm: 99 }]);
  });

  test('the first quiet probe (400) only starts the countdown: no idle yet', () => {
    const { events } = idleRun(400, [200, 400]);
    expect(events).not.toContain('idle');
  });

  test('timeout 400, countdown from 400: not idle at 800 (800-400 == 400), idle at 1000 (strictly greater)', () => {
    expect(idleRun(400, [200, 400, 600, 800]).events).not.toContain('idle');
    const { events } = idleRun(400, [200, 400, 600, 800, 1000]);
    expect(events.at(-1)).toBe('idle');
    expect(events.filter((e) => e === 'idle')).toHaveLength(1);
  });

  test('an idle source emits no watermarks on later probes', () => {
    const { events } = idleRun(400, [200, 400, 600, 800, 1000, 1200, 1400]);
    const afterIdle = events.slice(events.indexOf('idle') + 1);
    expect(afterIdle.filter((e) => typeof e === 'object')).toEqual([]);
  });

  test('a record after idleness does not mark the source active: the next probe emits a watermark, which does (A2)', () => {
    const { events, g, out } = idleRun(400, [200, 400, 600, 800, 1000]);
    g.onEvent(2000, out);
    expect(events.at(-1)).toBe('idle');
    expect(events).not.toContain('active');
    g.onPeriodicEmit(1200, out);
    expect(events.at(-1)).toEqual({ wm: 1999 });
  });

  test('a record between quiet probes restarts the countdown', () => {
    const { out, events } = recorder();
    const g = withIdleness(monotonous(), 400);
    g.onEvent(100, out);
    for (const p of [200, 400, 600]) g.onPeriodicEmit(p, out); // countdown started at 400
    g.onEvent(150, out);
    for (const p of [800, 1000, 1200, 1400]) g.onPeriodicEmit(p, out); // reset at 800, start 1000, 1400-1000 == 400
    expect(events).not.toContain('idle');
    g.onPeriodicEmit(1600, out);
    expect(events.at(-1)).toBe('idle');
  });
});

describe('watermark valve (A3, F-SWV)', () => {
  function valve(n: number) {
    const v = new WatermarkValve(n);
    const wms: number[] = [];
    const status: boolean[] = [];
    const out: ValveOutput = { watermark: (wm) => void wms.push(wm), status: (idle) => void status.push(idle) };
    return { v, wms, status, out };
  }

  test('the output is the min over channels and waits for every channel', () => {
    const { v, wms, out } = valve(2);
    v.inputWatermark(0, 100, out);
    expect(wms).toEqual([]);
    v.inputWatermark(1, 50, out);
    expect(wms).toEqual([50]);
    v.inputWatermark(1, 200, out);
    expect(wms).toEqual([50, 100]);
    expect(v.current).toBe(100);
  });

  test('a channel watermark that goes backwards is ignored, and the output only increases', () => {
    const { v, wms, out } = valve(2);
    v.inputWatermark(0, 100, out);
    v.inputWatermark(1, 100, out);
    v.inputWatermark(0, 50, out);
    v.inputWatermark(1, 150, out);
    expect(wms).toEqual([100]);
    v.inputWatermark(0, 120, out);
    expect(wms).toEqual([100, 120]);
  });

  test('an equal output is not emitted again', () => {
    const { v, wms, out } = valve(1);
    v.inputWatermark(0, 100, out);
    v.inputWatermark(0, 100, out);
    expect(wms).toEqual([100]);
  });

  test('an idle channel leaves the min: channels 100 and 50, channel 1 idle -> output 100', () => {
    const { v, wms, out } = valve(2);
    v.inputWatermark(0, 100, out);
    v.inputWatermark(1, 50, out);
    v.inputIdle(1, true, out);
    expect(wms).toEqual([50, 100]);
  });

  test('watermarks from an idle channel are ignored', () => {
    const { v, wms, out } = valve(2);
    v.inputWatermark(0, 100, out);
    v.inputIdle(1, true, out);
    v.inputWatermark(1, 500, out);
    v.inputWatermark(0, 200, out);
    expect(wms).toEqual([100, 200]);
  });

  test('when all channels are idle the valve flushes the max (100) and reports idle', () => {
    const { v, wms, status, out } = valve(2);
    v.inputWatermark(0, 100, out);
    v.inputWatermark(1, 50, out);
    v.inputIdle(0, true, out);
    expect(wms).toEqual([50]);
    v.inputIdle(1, true, out);
    expect(wms).toEqual([50, 100]);
    expect(status).toEqual([true]);
    expect(v.isIdle).toBe(true);
  });

  test('a rejoining channel counts only once its watermark >= the last output', () => {
    const { v, wms, status, out } = valve(2);
    v.inputWatermark(0, 100, out);
    v.inputWatermark(1, 50, out);
    v.inputIdle(1, true, out); // -> 100
    v.inputIdle(1, false, out); // active, but 50 < 100: not aligned
    v.inputWatermark(0, 200, out); // min over aligned = 200
    expect(wms).toEqual([50, 100, 200]);
    v.inputWatermark(1, 150, out); // still below 200: ignored for the min
    expect(wms).toEqual([50, 100, 200]);
    v.inputWatermark(1, 250, out); // aligned now; min(200, 250) = 200, no change
    expect(wms).toEqual([50, 100, 200]);
    v.inputWatermark(0, 300, out); // min(300, 250) = 250
    expect(wms).toEqual([50, 100, 200, 250]);
    expect(status).toEqual([]);
  });

  test('after all-idle, a channel becoming active reports the valve active again', () => {
    const { v, status, out } = valve(1);
    v.inputWatermark(0, 10, out);
    v.inputIdle(0, true, out);
    v.inputIdle(0, false, out);
    expect(status).toEqual([true, false]);
    expect(v.isIdle).toBe(false);
  });
});
