// The window manager indexed by window end gives exactly what Storm's literal scan gives: the same
// activations (events, new events, expired, reference time), the same expiries, sizes and earliest
// timestamps, for random adds (out of order, some far ahead: STOP) and watermarks (fast-check, fixed seed).
// LiteralWindowManager below is Storm's WindowManager as this port had it before the index: the reference.
import fc from 'fast-check';
import { WatermarkTimeEvictionPolicy } from './eviction-policies.ts';
import { WatermarkCountTriggerPolicy, WatermarkTimeTriggerPolicy } from './trigger-policies.ts';
import {
  type EvictionPolicy,
  EXPIRE_EVENTS_THRESHOLD,
  type TrackedEvent,
  type TriggerHandler,
  type TriggerPolicy,
  type WindowEvent,
  type WindowLifecycleListener,
  WindowManager,
} from './window-manager.ts';

/** Storm's WindowManager, literally: every scan asks the eviction policy about each queued event in turn. */
class LiteralWindowManager<T> implements TriggerHandler {
  evictionPolicy!: EvictionPolicy<T>;
  triggerPolicy!: TriggerPolicy;
  private queue: WindowEvent<T>[] = [];
  private expiredEvents: T[] = [];
  private prevWindowEvents = new Set<WindowEvent<T>>();
  private eventsSinceLastExpiry = 0;

  constructor(private readonly listener: WindowLifecycleListener<T>) {}

  add(value: T, ts: number): void {
    const e: WindowEvent<T> = { kind: 'record', ts, value };
    this.queue.push(e);
    this.track(e);
    this.compactWindow();
  }

  addWatermark(ts: number): void {
    this.track({ kind: 'watermark', watermark: ts });
    this.compactWindow();
  }

  onTrigger(): boolean {
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
    if (events.length > 0) this.listener.onActivation(events, newEvents, expired, this.evictionPolicy.getContext()?.referenceTime ?? null);
    this.triggerPolicy.reset();
    return events.length > 0;
  }

  get size(): number {
    return this.queue.length;
  }

  getEarliestEventTs(startTs: number, endTs: number): number {
    let min = Number.POSITIVE_INFINITY;
    for (const e of this.queue) if (e.ts > startTs && e.ts <= endTs && e.ts < min) min = e.ts;
    return min;
  }

  getEventCount(referenceTime: number): number {
    return this.queue.filter((e) => e.ts <= referenceTime).length;
  }

  getSlidingCountTimestamps(startTs: number, endTs: number, slidingCount: number): number[] {
    const out: number[] = [];
    if (endTs <= startTs) return out;
    let count = 0;
    let ts = Number.NEGATIVE_INFINITY;
    for (const e of this.queue) {
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

  private scanEvents(fullScan: boolean): WindowEvent<T>[] {
    const toExpire: T[] = [];
    const toProcess: WindowEvent<T>[] = [];
    const kept: WindowEvent<T>[] = [];
    let i = 0;
    for (; i < this.queue.length; i++) {
      const e = this.queue[i]!;
      const action = this.evictionPolicy.evict(e);
      if (action === 'expire') {
        toExpire.push(e.value);
        continue;
      }
      if (!fullScan || action === 'stop') break;
      if (action === 'process') toProcess.push(e);
      kept.push(e);
    }
    for (; i < this.queue.length; i++) kept.push(this.queue[i]!);
    this.queue = kept;
    for (const v of toExpire) this.expiredEvents.push(v);
    this.eventsSinceLastExpiry = 0;
    if (toExpire.length > 0) this.listener.onExpiry(toExpire);
    return toProcess;
  }
}

type Op = { add: number } | { watermark: number };
interface Config {
  length: number;
  slide: number;
  lag: number;
  /** Slide by count (WatermarkCountTriggerPolicy) instead of by duration. */
  countSlide: number | null;
}

/** The calls each manager made to its listener, and what it answered along the way. */
function run(config: Config, ops: readonly Op[], indexed: boolean): unknown[] {
  const log: unknown[] = [];
  const listener: WindowLifecycleListener<number> = {
    onExpiry: (events) => log.push(['expiry', [...events]]),
    onActivation: (events, fresh, expired, ref) => log.push(['activation', ref, [...events], [...fresh], [...expired]]),
  };
  const wm = indexed ? new WindowManager<number>(listener) : new LiteralWindowManager<number>(listener);
  const eviction = new WatermarkTimeEvictionPolicy<number>(config.length, config.lag);
  const manager = wm as unknown as WindowManager<number>;
  const trigger =
    config.countSlide === null
      ? new WatermarkTimeTriggerPolicy(config.slide, wm, eviction, manager, false)
      : new WatermarkCountTriggerPolicy(config.countSlide, wm, eviction, manager);
  wm.evictionPolicy = eviction;
  wm.triggerPolicy = trigger;
  if (indexed)
    (wm as WindowManager<number>).indexByWindowEnd(config.countSlide === null ? gcd(config.length, config.slide) : config.length);
  trigger.start();
  let v = 0;
  for (const op of ops) {
    if ('add' in op) wm.add(v++, op.add);
    else {
      wm.addWatermark(op.watermark);
      log.push(['size', wm.size, wm.getEarliestEventTs(op.watermark - config.length, op.watermark + config.lag)]);
    }
  }
  return log;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

const config = fc.record({
  length: fc.integer({ min: 1, max: 60 }),
  slide: fc.integer({ min: 1, max: 60 }),
  lag: fc.integer({ min: 0, max: 40 }),
  countSlide: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
});

/** Times mostly rising with disorder, some far ahead (they stop scans) or far behind; watermarks lagging them. */
const ops = fc.array(
  fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: -20, max: 20 }).map((d) => ({ step: 1, d })) },
    { weight: 1, arbitrary: fc.integer({ min: 50, max: 400 }).map((d) => ({ step: 0, d })) },
    { weight: 1, arbitrary: fc.integer({ min: -300, max: -30 }).map((d) => ({ step: 0, d })) },
    { weight: 2, arbitrary: fc.integer({ min: -30, max: 10 }).map((d) => ({ step: -1, d })) },
  ),
  { maxLength: 400 },
);

function toOps(raw: ReadonlyArray<{ step: number; d: number }>): Op[] {
  let t = 0;
  return raw.map(({ step, d }) => {
    if (step === -1) return { watermark: t + d };
    t += step;
    return { add: t + d };
  });
}

describe('the window manager indexed by window end', () => {
  test('gives the activations, expiries, sizes and earliest timestamps of Storm literal scan', () => {
    fc.assert(
      fc.property(config, ops, (c, raw) => {
        const o = toOps(raw);
        expect(run(c, o, true)).toEqual(run(c, o, false));
      }),
      { seed: 17, numRuns: 400 },
    );
  });

  test('a long backlog with far-ahead events: same outputs, and the queue empties as windows expire', () => {
    const c: Config = { length: 10, slide: 5, lag: 3, countSlide: null };
    const o: Op[] = [];
    for (let t = 0; t < 5000; t++) o.push({ add: t % 97 === 0 ? t + 8 : t });
    o.push({ watermark: 5200 });
    const indexed = run(c, o, true);
    expect(indexed).toEqual(run(c, o, false));
    expect(indexed.filter((x) => (x as unknown[])[0] === 'activation').length).toBeGreaterThan(900);
  });
});
