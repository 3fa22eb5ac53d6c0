// The fluent DataStream API end to end, including the README's example: every verb compiles to the
// same engine the declarative job uses.
import type { Rec } from '../core/aggregates.ts';
import { aggregateFor } from '../core/aggregates.ts';
import type { MainEmission } from '../core/emission.ts';
import { RefusedError } from '../core/errors.ts';
import type { StateTtlConfig } from '../core/state/ttl.ts';
import type { WatermarkGenerator } from '../core/watermarks/generators.ts';
import {
  eventTimeSessionWindows,
  executionEnvironment,
  globalWindows,
  slidingEventTimeWindows,
  tumblingEventTimeWindows,
  tumblingProcessingTimeWindows,
} from './datastream.ts';
import type { KeyedProcessFunction } from './process-operator.ts';

const brief = (rs: Array<{ key?: unknown; window: { start: number; end: number } | null; value: unknown }>) =>
  rs.map((r) => `${String(r.key)}@${r.window ? `${r.window.start}..${r.window.end}` : '-'}=${JSON.stringify(r.value)}`);

describe('DataStream API', () => {
  test('the README example: filter views, key by campaign, 10 s windows with lateness and a late side output', () => {
    const job = executionEnvironment({ parallelism: 2 })
      .source({ timestamp: (r) => r.ts as number, watermark: { delay: 2000 } })
      .filter((r) => r.type === 'view')
      .keyBy((r) => r.campaign)
      .window(tumblingEventTimeWindows(10_000))
      .allowedLateness(5_000)
      .sideOutputLateData()
      .aggregate(aggregateFor({ fn: 'count' }));
    const out = job.run([
      { type: 'view', campaign: 'c1', ts: 500 },
      { type: 'click', campaign: 'c1', ts: 600 },
      { type: 'view', campaign: 'c2', ts: 9_999 },
      { type: 'view', campaign: 'c1', ts: 10_000 },
    ]);
    expect(brief(out).sort()).toEqual(['c1@0..10000=1', 'c1@10000..20000=1', 'c2@0..10000=1']);
  });

  test('map and flatMap run before keyBy; reduce folds records', () => {
    const out = executionEnvironment()
      .source({ timestamp: (r) => r.ts as number, watermark: 'explicit' })
      .flatMap((r) => (r.words as string[]).map((w) => ({ w, n: 1, ts: r.ts })))
      .map((r) => ({ ...r, w: String(r.w).toLowerCase() }))
      .keyBy((r) => r.w)
      .window(tumblingEventTimeWindows(100))
      .reduce((a, b) => ({ ...a, n: (a.n as number) + (b.n as number) }))
      .run([
        { words: ['A', 'b'], ts: 1 },
        { words: ['a'], ts: 2 },
      ]);
    expect(out.map((o) => [o.key, (o.value as Rec).n]).sort()).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });

  test('a window process function sees every element of the window, in arrival order', () => {
    const out = executionEnvironment()
      .source({ timestamp: (r) => r.ts as number })
      .keyBy((r) => r.k)
      .window(slidingEventTimeWindows(200, 100))
      .process((key, w, els) => [`${String(key)}:${w.start}:${els.map((e) => e.ts).join(',')}`])
      .run([
        { k: 'x', ts: 150 },
        { k: 'x', ts: 120 },
      ]);
    expect(out.map((o) => o.value).sort()).toEqual(['x:0:150,120', 'x:100:150,120']);
  });

  test('sessions merge touching elements; countWindow(2) and windowAll work as in Flink', () => {
    const env = executionEnvironment();
    const sessions = env
      .source({ timestamp: (r) => r.ts as number })
      .keyBy((r) => r.k)
      .window(eventTimeSessionWindows(10))
      .aggregate(aggregateFor({ fn: 'count' }))
      .run([
        { k: 'a', ts: 0 },
        { k: 'a', ts: 10 },
        { k: 'a', ts: 21 },
      ]);
    expect(brief(sessions)).toEqual(['a@0..20=2', 'a@21..31=1']);
    const counts = env
      .source({ timestamp: (r) => r.ts as number })
      .keyBy((r) => r.k)
      .countWindow(2)
      .aggregate(aggregateFor({ fn: 'sum', field: 'v' }))
      .run([1, 2, 3, 4, 5].map((v) => ({ k: 'a', v, ts: v })));
    expect(counts.map((c) => c.value)).toEqual([3, 7]);
    const all = env
      .source({ timestamp: (r) => r.ts as number })
      .windowAll(tumblingEventTimeWindows(100))
      .aggregate(aggregateFor({ fn: 'max', field: 'v' }))
      .run([
        { v: 3, ts: 1 },
        { v: 9, ts: 2 },
      ]);
    expect(brief(all)).toEqual(['undefined@0..100=9']);
    expect(globalWindows().defaultTrigger.name).toBe('NeverTrigger');
  });

  test('processing-time windows and a KeyedProcessFunction with state and a processing-time timer', () => {
    const windows = executionEnvironment()
      .source()
      .keyBy((r) => r.k)
      .window(tumblingProcessingTimeWindows(1000))
      .aggregate(aggregateFor({ fn: 'count' }))
      .engine();
    windows.advance(10);
    windows.add([{ k: 'a' }, { k: 'a' }]);
    windows.advance(1500);
    expect(windows.drain().filter((e) => e.output === 'main')).toEqual([
      { output: 'main', key: 'a', window: { start: 0, end: 1000 }, value: 2, timestamp: 999 },
    ]);

    const counter: KeyedProcessFunction = {
      processElement(_r, ctx) {
        const seen = ctx.valueState<number>('seen');
        seen.update((seen.value() ?? 0) + 1);
        ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 100);
      },
      onTimer(ts, ctx, out) {
        out({ at: ts, domain: ctx.timeDomain(), seen: ctx.valueState<number>('seen').value() });
      },
    };
    const e = executionEnvironment()
      .source()
      .keyBy((r) => r.k)
      .process(counter)
      .engine();
    e.advance(5);
    e.add([{ k: 'a' }, { k: 'a' }]); // both register a timer at 105: deduplicated per (key, timestamp)
    e.advance(200);
    const fired = e.drain().filter((x): x is MainEmission => x.output === 'main');
    expect(fired.map((f) => f.value)).toEqual([{ at: 105, domain: 'processing', seen: 2 }]);
  });

  test('a savepoint restored into the job with TTL switched on (or off) for its state fails at the state (A12)', () => {
    const counter = (ttl?: StateTtlConfig): KeyedProcessFunction => ({
      processElement(_r, ctx, out) {
        const seen = ctx.valueState<number>('seen', ttl);
        seen.update((seen.value() ?? 0) + 1);
        out(seen.value());
      },
    });
    const job = (ttl?: StateTtlConfig) =>
      executionEnvironment()
        .source()
        .keyBy((r) => r.k)
        .process(counter(ttl))
        .engine();
    for (const [before, after] of [
      [undefined, { ttl: 60_000 }],
      [{ ttl: 60_000 }, undefined],
    ] as const) {
      const a = job(before);
      a.add([{ k: 'a' }, { k: 'a' }]);
      const sp = a.savepoint();
      const b = job(after);
      b.restoreSavepoint(sp);
      expect(() => b.add([{ k: 'a' }])).toThrow(RefusedError);
      expect(() => job(after).add([{ k: 'a' }])).not.toThrow();
    }
    // With the same setting the count goes on from the savepoint.
    const a = job({ ttl: 60_000 });
    a.add([{ k: 'a' }, { k: 'a' }]);
    const sp = a.savepoint();
    const b = job({ ttl: 1000 });
    b.restoreSavepoint(sp);
    b.add([{ k: 'a' }]);
    expect(b.drain().flatMap((x) => (x.output === 'main' ? [x.value] : []))).toEqual([3]);
  });

  test('window offsets are checked as Flink checks them: |offset| < size (tumbling), < slide (sliding)', () => {
    expect(() => tumblingEventTimeWindows(1000, 1000)).toThrow(/window\.offset: \|offset\| must be < size \(1000\), got 1000/);
    expect(() => tumblingProcessingTimeWindows(1000, -1000)).toThrow(/\|offset\| must be < size/);
    expect(() => slidingEventTimeWindows(3000, 1000, 1500)).toThrow(/\|offset\| must be < slide \(1000\), got 1500/);
    expect(() => tumblingEventTimeWindows(1000, 999)).not.toThrow();
    expect(() => slidingEventTimeWindows(3000, 1000, -999)).not.toThrow();
  });

  /** Counts per key in 1 s event-time windows, watermarks from the given generator. */
  const countsPerSecond = (watermark: { generator: () => WatermarkGenerator; interval?: number }) =>
    executionEnvironment()
      .source({ timestamp: (r) => r.ts as number, watermark })
      .keyBy((r) => r.k)
      .window(tumblingEventTimeWindows(1000))
      .aggregate(aggregateFor({ fn: 'count' }))
      .engine();

  test('a punctuated watermark generator (forGenerator) emits from onEvent: a marker record fires its windows at once (A2)', () => {
    const punctuated = (): WatermarkGenerator => ({
      onEvent(ts, out, record) {
        if (record?.marker === true) out.emitWatermark(ts);
      },
      onPeriodicEmit() {},
    });
    const e = countsPerSecond({ generator: punctuated });
    e.add([
      { k: 'a', ts: 100 },
      { k: 'a', ts: 900 },
      { k: 'b', ts: 1200 },
    ]);
    e.advance(60_000); // periodic emission alone never moves this watermark
    expect(e.drain().filter((x) => x.output !== 'watermark')).toEqual([]);
    // The marker's own timestamp is the watermark, with no clock advance: [0, 1000) fires (its end - 1 <= 1000).
    e.add([{ k: 'b', ts: 1000, marker: true }]);
    expect(brief(e.drain().filter((x): x is MainEmission => x.output === 'main'))).toEqual(['a@0..1000=2']);
    expect(e.currentWatermark()).toBe(1000);
  });

  test('a periodic generator of your own emits from onPeriodicEmit every interval of processing time', () => {
    let maxTs = Number.NEGATIVE_INFINITY;
    const ascending = (): WatermarkGenerator => ({
      onEvent(ts) {
        maxTs = Math.max(maxTs, ts);
      },
      onPeriodicEmit(_now, out) {
        if (maxTs > Number.NEGATIVE_INFINITY) out.emitWatermark(maxTs);
      },
    });
    const e = countsPerSecond({ generator: ascending, interval: 500 });
    e.add([
      { k: 'a', ts: 100 },
      { k: 'a', ts: 1500 },
    ]);
    e.advance(499);
    expect(e.currentWatermark()).toBeNull();
    e.advance(500);
    expect(e.currentWatermark()).toBe(1500);
    expect(brief(e.drain().filter((x): x is MainEmission => x.output === 'main'))).toEqual(['a@0..1000=1']);
  });
});
