// Boundary tests of the Flink WindowOperator (A1, A2, A3, A4, A6) and KeyedProcessFunction timers (A7),
// driven through EventEngine with explicit watermarks or a virtual processing clock (advance).
import type { Rec } from '../core/aggregates.ts';
import type { Emission, MainEmission } from '../core/emission.ts';
import { InputError } from '../core/errors.ts';
import { type JobInput, parseJob } from '../core/job.ts';
import { MAX_TIME } from '../core/time.ts';
import { executionEnvironment } from './datastream.ts';
import { EventEngine } from './event-engine.ts';
import { compileJob } from './pipeline.ts';

const SUM = { fn: 'sum', field: 'value' } as const;

function engine(job: Partial<JobInput> & Pick<JobInput, 'window'>): EventEngine {
  return new EventEngine(compileJob(parseJob({ key: 'key', aggregate: SUM, watermark: 'explicit', ...job })));
}
const main = (es: Emission[]): MainEmission[] => es.filter((e): e is MainEmission => e.output === 'main');
const late = (es: Emission[]): Rec[] => es.flatMap((e) => (e.output === 'late' ? [e.record] : []));
const dropped = (es: Emission[]): Rec[] => es.flatMap((e) => (e.output === 'dropped' ? [e.record] : []));
const brief = (es: Emission[]) => main(es).map((e) => ({ key: e.key, start: e.window?.start, end: e.window?.end, value: e.value }));
const r = (ts: number, value = 1, key = 'a'): Rec => ({ key, value, ts });

const TUMBLING_1S = { kind: 'tumbling', size: 1000 } as const;

describe('late elements (A1: ts == watermark is late; A6 isWindowLate / isElementLate)', () => {
  test('after Watermark(999), an element at ts=999 is late and dropped; ts=1000 is kept', () => {
    const e = engine({ window: TUMBLING_1S });
    e.watermark(999);
    e.add([r(999), r(1000)]);
    const out = e.drain();
    expect(dropped(out)).toEqual([r(999)]);
    expect(late(out)).toEqual([]);
    e.end();
    expect(brief(e.drain())).toEqual([{ key: 'a', start: 1000, end: 2000, value: 1 }]);
  });

  test('with lateOutput, the element at ts == watermark 999 goes to late, not dropped', () => {
    const e = engine({ window: TUMBLING_1S, lateOutput: true });
    e.watermark(999);
    e.add([r(999)]);
    const out = e.drain();
    expect(late(out)).toEqual([r(999)]);
    expect(dropped(out)).toEqual([]);
  });

  test('lateness is per window (A6.1): ts=500 at Watermark(500) is still aggregated because [0,1000) is not late', () => {
    const e = engine({ window: TUMBLING_1S });
    e.watermark(500);
    e.add([r(500, 7)]);
    expect(dropped(e.drain())).toEqual([]);
    e.watermark(999);
    expect(brief(e.drain())).toEqual([{ key: 'a', start: 0, end: 1000, value: 7 }]);
  });

  test('before the first watermark nothing is late: ts=-5000 is kept (initial watermark is MIN)', () => {
    const e = engine({ window: TUMBLING_1S });
    e.add([r(-5000, 3)]);
    expect(dropped(e.drain())).toEqual([]);
    e.end();
    expect(brief(e.drain())).toEqual([{ key: 'a', start: -5000, end: -4000, value: 3 }]);
  });

  test('sliding(2000,1000) at Watermark(1999): ts=1500 is dropped from [0,2000) but kept in [1000,3000), not late (A6.1)', () => {
    const e = engine({ window: { kind: 'sliding', size: 2000, slide: 1000 }, lateOutput: true });
    e.watermark(1999);
    e.add([r(1500, 4)]);
    expect(late(e.drain())).toEqual([]);
    e.end();
    expect(brief(e.drain())).toEqual([{ key: 'a', start: 1000, end: 3000, value: 4 }]);
  });
});

describe('firing on the watermark (A6.6)', () => {
  test('Watermark(998) does not fire [0,1000); Watermark(999) fires it with timestamp 999', () => {
    const e = engine({ window: TUMBLING_1S });
    e.add([r(0, 1), r(999, 2)]);
    e.watermark(998);
    expect(main(e.drain())).toEqual([]);
    e.watermark(999);
    const out = main(e.drain());
    expect(out).toEqual([{ output: 'main', key: 'a', window: { start: 0, end: 1000 }, value: 3, timestamp: 999 }]);
  });

  test('timers fire in timestamp order, before the watermark is emitted downstream', () => {
    const e = engine({ window: TUMBLING_1S });
    e.add([r(2500, 3, 'c'), r(1500, 2, 'b'), r(500, 1, 'a')]);
    e.watermark(5000);
    const out = e.drain();
    expect(
      out.map((x) => (x.output === 'main' ? `main ${x.timestamp}` : x.output === 'watermark' ? `wm ${x.watermark}` : x.output)),
    ).toEqual(['main 999', 'main 1999', 'main 2999', 'wm 5000']);
  });

  test('a watermark that does not increase is not forwarded again', () => {
    const e = engine({ window: TUMBLING_1S });
    e.watermark(100);
    e.watermark(100);
    e.watermark(50);
    expect(e.drain().filter((x) => x.output === 'watermark')).toEqual([{ output: 'watermark', watermark: 100 }]);
    expect(e.currentWatermark()).toBe(100);
  });
});

describe('allowed lateness (A6.2, A6.3)', () => {
  test('with lateness 500, each allowed late element re-fires [0,1000) at once with the cumulative sum', () => {
    const e = engine({ window: TUMBLING_1S, allowedLateness: 500 });
    e.add([r(100, 1)]);
    e.watermark(999);
    expect(brief(e.drain()).map((x) => x.value)).toEqual([1]);
    e.add([r(200, 2)]);
    expect(brief(e.drain()).map((x) => x.value)).toEqual([3]);
    e.add([r(300, 4)]);
    expect(brief(e.drain()).map((x) => x.value)).toEqual([7]);
  });

  test('with the purging trigger a late firing holds only the elements since the last purge', () => {
    const e = engine({ window: TUMBLING_1S, allowedLateness: 500, trigger: 'purging' });
    e.add([r(100, 1), r(150, 1)]);
    e.watermark(999);
    expect(brief(e.drain()).map((x) => x.value)).toEqual([2]);
    e.add([r(200, 5)]);
    expect(brief(e.drain()).map((x) => x.value)).toEqual([5]);
  });

  test('cleanup at maxTs + lateness = 1499: at Watermark(1498) ts=400 is still accepted, at 1499 it is late', () => {
    const a = engine({ window: TUMBLING_1S, allowedLateness: 500 });
    a.add([r(100, 1)]);
    a.watermark(1498);
    a.drain();
    a.add([r(400, 2)]);
    const outA = a.drain();
    expect(dropped(outA)).toEqual([]);
    expect(brief(outA).map((x) => x.value)).toEqual([3]);

    const b = engine({ window: TUMBLING_1S, allowedLateness: 500 });
    b.add([r(100, 1)]);
    b.watermark(1499);
    expect(brief(b.drain()).map((x) => x.value)).toEqual([1]);
    b.add([r(400, 2)]);
    const outB = b.drain();
    expect(dropped(outB)).toEqual([r(400, 2)]);
    expect(main(outB)).toEqual([]);
  });

  test('the cleanup timer at 1499 clears state without firing again', () => {
    const e = engine({ window: TUMBLING_1S, allowedLateness: 500 });
    e.add([r(100, 1)]);
    e.watermark(999);
    e.drain();
    e.watermark(1499);
    expect(main(e.drain())).toEqual([]);
    expect(e.stateEntries()).toBe(0);
  });

  test('with lateness 0 the window state is cleared by the firing timer at end-1', () => {
    const e = engine({ window: TUMBLING_1S });
    e.add([r(100, 1)]);
    expect(e.stateEntries()).toBeGreaterThan(0);
    e.watermark(999);
    expect(e.stateEntries()).toBe(0);
  });
});

describe('sliding gaps (A4: slide > size)', () => {
  test('sliding(1000, 2000): ts=1500 falls in a gap and is silently dropped (no dropped, no late, no output)', () => {
    const e = engine({ window: { kind: 'sliding', size: 1000, slide: 2000 }, lateOutput: true });
    e.watermark(100);
    e.add([r(1500, 5), r(2500, 1)]);
    const out = e.drain();
    expect(dropped(out)).toEqual([]);
    expect(late(out)).toEqual([]);
    e.end();
    expect(brief(e.drain())).toEqual([{ key: 'a', start: 2000, end: 3000, value: 1 }]);
  });

  test('without lateOutput a gap element is not counted as dropped either', () => {
    const e = engine({ window: { kind: 'sliding', size: 1000, slide: 2000 } });
    e.add([r(1999, 5)]);
    e.end();
    const out = e.drain();
    expect(dropped(out)).toEqual([]);
    expect(main(out)).toEqual([]);
  });
});

describe('session windows (A4, A6.4)', () => {
  test('session(1000): elements at 0 and 1000 (exactly gap apart) share [0,2000); 2001 starts a new session', () => {
    const e = engine({ window: { kind: 'session', gap: 1000 } });
    e.add([r(0, 1), r(1000, 2), r(2001, 4)]);
    e.end();
    expect(brief(e.drain())).toEqual([
      { key: 'a', start: 0, end: 2000, value: 3 },
      { key: 'a', start: 2001, end: 3001, value: 4 },
    ]);
  });

  test('session(1000): elements at 0 and 1001 are two sessions [0,1000) and [1001,2001)', () => {
    const e = engine({ window: { kind: 'session', gap: 1000 } });
    e.add([r(0, 1), r(1001, 2)]);
    e.end();
    expect(brief(e.drain()).map((x) => [x.start, x.end])).toEqual([
      [0, 1000],
      [1001, 2001],
    ]);
  });

  test('session fires at Watermark(end-1) = 1999 for [0,2000), not at 1998', () => {
    const e = engine({ window: { kind: 'session', gap: 1000 } });
    e.add([r(0, 1), r(1000, 2)]);
    e.watermark(1998);
    expect(main(e.drain())).toEqual([]);
    e.watermark(1999);
    expect(brief(e.drain())).toEqual([{ key: 'a', start: 0, end: 2000, value: 3 }]);
  });

  test('a fired session within lateness absorbs a late element by merging and re-fires with merged contents', () => {
    const e = engine({ window: { kind: 'session', gap: 1000 }, allowedLateness: 2000 });
    e.add([r(0, 1)]);
    e.watermark(1999);
    expect(brief(e.drain())).toEqual([{ key: 'a', start: 0, end: 1000, value: 1 }]);
    e.add([r(500, 2)]);
    const out = e.drain();
    expect(dropped(out)).toEqual([]);
    expect(brief(out)).toEqual([{ key: 'a', start: 0, end: 1500, value: 3 }]);
  });

  test('sessions of different keys never merge', () => {
    const e = engine({ window: { kind: 'session', gap: 1000 } });
    e.add([r(0, 1, 'a'), r(500, 2, 'b')]);
    e.end();
    expect(brief(e.drain())).toEqual(
      expect.arrayContaining([
        { key: 'a', start: 0, end: 1000, value: 1 },
        { key: 'b', start: 500, end: 1500, value: 2 },
      ]),
    );
  });
});

describe('late session elements (A6.5)', () => {
  test('with the purging trigger and lateness 0, late elements 500 and 600 after Watermark(1999) go to late, unmerged', () => {
    const e = engine({ window: { kind: 'session', gap: 1000 }, trigger: 'purging', lateOutput: true });
    e.add([r(0, 1)]);
    e.watermark(1999);
    expect(brief(e.drain())).toEqual([{ key: 'a', start: 0, end: 1000, value: 1 }]);
    e.add([r(500, 2), r(600, 4)]);
    const out = e.drain();
    expect(late(out)).toEqual([r(500, 2), r(600, 4)]);
    expect(main(out)).toEqual([]);
    e.end();
    expect(main(e.drain())).toEqual([]);
  });
});

describe('count windows (A4: GlobalWindows + CountTrigger, no cleanup timer)', () => {
  test('countWindow(2) fires at the 2nd element of a key with timestamp MAX (Long.MAX_VALUE) and window null (A4)', () => {
    const e = engine({ window: { kind: 'count', size: 2 }, aggregate: { fn: 'count' }, watermark: undefined });
    e.add([r(5), r(6)]);
    expect(main(e.drain())).toEqual([{ output: 'main', key: 'a', window: null, value: 2, timestamp: MAX_TIME }]);
  });

  test('count windows need no event-time timestamp: records without ts are counted (A4: only tumbling/sliding throw)', () => {
    const e = engine({ window: { kind: 'count', size: 2 }, aggregate: { fn: 'count' }, watermark: undefined });
    e.add([{ key: 'a' }, { key: 'a' }]);
    expect(main(e.drain()).map((x) => x.value)).toEqual([2]);
  });

  test('countWindow(2) still fires at the 2nd element after the processing clock reaches MAX-1 (A4: no cleanup timer)', () => {
    const e = engine({ window: { kind: 'count', size: 2 }, aggregate: { fn: 'count' }, watermark: undefined });
    e.add([r(1)]);
    e.advance(MAX_TIME - 1);
    e.add([r(2)]);
    expect(main(e.drain()).map((x) => x.value)).toEqual([2]);
  });
});

describe('idleness in the engine (A2, A3)', () => {
  test('parallelism 2, idleness 400: the source channel without records goes idle at the probe at 800, releasing watermark 999', () => {
    const e = new EventEngine(
      compileJob(parseJob({ key: 'key', window: TUMBLING_1S, aggregate: SUM, watermark: { delay: 0, idleness: 400 } })),
      { parallelism: 2 },
    );
    e.add([r(1000)]);
    e.advance(799);
    expect(e.currentWatermark()).toBeNull();
    e.advance(800);
    expect(e.currentWatermark()).toBe(999);
  });
});

describe('processing time and ingestion time (A1, A4)', () => {
  test('processing-time tumbling(1000): records at 100 and 500 fire [0,1000) at 999, not at 998; ts fields are ignored', () => {
    const e = engine({ window: TUMBLING_1S, time: 'processing', watermark: undefined });
    e.advance(100);
    e.add([{ key: 'a', value: 1, ts: 50000 }]);
    e.advance(500);
    e.add([{ key: 'a', value: 2, ts: -7 }]);
    e.advance(998);
    expect(main(e.drain())).toEqual([]);
    e.advance(999);
    expect(main(e.drain())).toEqual([{ output: 'main', key: 'a', window: { start: 0, end: 1000 }, value: 3, timestamp: 999 }]);
  });

  test('processing-time windows put a record arriving at 1000 in [1000,2000)', () => {
    const e = engine({ window: TUMBLING_1S, time: 'processing', watermark: undefined });
    e.advance(1000);
    e.add([{ key: 'a', value: 1 }]);
    e.advance(1999);
    expect(brief(e.drain())).toEqual([{ key: 'a', start: 1000, end: 2000, value: 1 }]);
  });

  test('processing-time windows have no watermark', () => {
    const e = engine({ window: TUMBLING_1S, time: 'processing', watermark: undefined });
    e.add([{ key: 'a', value: 1 }]);
    e.advance(5000);
    expect(e.currentWatermark()).toBeNull();
  });

  test('ingestion time stamps records with the processing clock: arrival 300 lands in [0,1000) whatever ts says', () => {
    const e = engine({ window: TUMBLING_1S, time: 'ingestion', watermark: undefined });
    e.advance(300);
    e.add([{ key: 'a', value: 1, ts: 99999 }]);
    e.advance(1200);
    e.add([{ key: 'a', value: 2, ts: 0 }]);
    expect(main(e.drain())).toEqual([]);
    e.advance(1400); // tick at 1400: monotonous watermark 1200 - 1 = 1199 fires [0,1000)
    expect(brief(e.drain())).toEqual([{ key: 'a', start: 0, end: 1000, value: 1 }]);
    expect(e.currentWatermark()).toBe(1199);
  });
});

describe('end of input and empty input (A3)', () => {
  test('end() sends Watermark(MAX) and fires every pending window, also with lateness', () => {
    const e = engine({ window: TUMBLING_1S, allowedLateness: 10000 });
    e.add([r(0, 1), r(5000, 2, 'b'), r(-3000, 4, 'c')]);
    e.end();
    const out = e.drain();
    expect(brief(out)).toEqual(
      expect.arrayContaining([
        { key: 'a', start: 0, end: 1000, value: 1 },
        { key: 'b', start: 5000, end: 6000, value: 2 },
        { key: 'c', start: -3000, end: -2000, value: 4 },
      ]),
    );
    expect(main(out)).toHaveLength(3);
    expect(out.at(-1)).toEqual({ output: 'watermark', watermark: MAX_TIME });
    expect(e.currentWatermark()).toBe(MAX_TIME);
  });

  test('empty input emits no results, late or dropped records', () => {
    const e = engine({ window: TUMBLING_1S });
    e.add([]);
    e.end();
    const out = e.drain();
    expect(out.filter((x) => x.output !== 'watermark')).toEqual([]);
  });

  test('empty input with periodic watermarks emits nothing on advance', () => {
    const e = engine({ window: TUMBLING_1S, watermark: { delay: 0 } });
    e.advance(10000);
    expect(e.drain()).toEqual([]);
    expect(e.currentWatermark()).toBeNull();
  });

  test('a record without a numeric timestamp is an InputError', () => {
    const e = engine({ window: TUMBLING_1S });
    expect(() => e.add([{ key: 'a', value: 1 }])).toThrow(InputError);
    expect(() => e.add([{ key: 'a', value: 1, ts: Number.NaN }])).toThrow(InputError);
  });
});

describe('periodic watermarks (A2: every 200 ms, forwarded only when increasing)', () => {
  test('a record at 50 does not move the watermark until the tick at 200, which emits maxTs - 1 = 999', () => {
    const e = engine({ window: TUMBLING_1S, watermark: { delay: 0 } });
    e.advance(50);
    e.add([r(1000)]);
    expect(e.currentWatermark()).toBeNull();
    e.advance(199);
    expect(e.currentWatermark()).toBeNull();
    e.advance(200);
    expect(e.currentWatermark()).toBe(999);
    expect(e.drain().filter((x) => x.output === 'watermark')).toEqual([{ output: 'watermark', watermark: 999 }]);
  });

  test('delay 500 after maxTs 1000 gives watermark 499 at the next tick', () => {
    const e = engine({ window: TUMBLING_1S, watermark: { delay: 500 } });
    e.add([r(1000)]);
    e.advance(200);
    expect(e.currentWatermark()).toBe(499);
  });

  test('an older record does not re-emit the watermark; a newer one moves it only at the next multiple of 200', () => {
    const e = engine({ window: TUMBLING_1S, watermark: { delay: 0 } });
    e.add([r(1000)]);
    e.advance(200);
    e.drain();
    e.add([r(500)]);
    e.advance(400);
    expect(e.drain().filter((x) => x.output === 'watermark')).toEqual([]);
    e.advance(450);
    e.add([r(1500)]);
    e.advance(599);
    expect(e.currentWatermark()).toBe(999);
    e.advance(600);
    expect(e.currentWatermark()).toBe(1499);
  });

  test('interval 500 ticks at 500 and 1000, not at 200', () => {
    const e = engine({ window: TUMBLING_1S, watermark: { delay: 0, interval: 500 } });
    e.add([r(1000)]);
    e.advance(499);
    expect(e.currentWatermark()).toBeNull();
    e.advance(500);
    expect(e.currentWatermark()).toBe(999);
  });

  test('a periodic watermark fires the windows it reaches: maxTs 2000 -> 1999 fires [0,1000) and [1000,2000)', () => {
    const e = engine({ window: TUMBLING_1S, watermark: { delay: 0 } });
    e.add([r(0, 1), r(1500, 2), r(2000, 4)]);
    e.advance(200);
    expect(brief(e.drain()).map((x) => x.value)).toEqual([1, 2]);
  });
});

describe('KeyedProcessFunction event-time timers (A7)', () => {
  /** Each record registers an event-time timer at record.at; onTimer emits `${key}@${ts}`. */
  function processEngine() {
    return executionEnvironment()
      .source({ timestamp: (x) => x.ts as number, watermark: 'explicit' })
      .keyBy((x) => x.key)
      .process({
        processElement(rec, ctx) {
          ctx.timerService().registerEventTimeTimer(rec.at as number);
        },
        onTimer(ts, ctx, out) {
          out(`${String(ctx.currentKey())}@${ts}`);
        },
      })
      .engine();
  }
  const p = (key: string, at: number, ts = 0): Rec => ({ key, at, ts });
  const tags = (es: Emission[]) =>
    es.map((x) => (x.output === 'main' ? String(x.value) : x.output === 'watermark' ? `wm ${x.watermark}` : x.output));

  test('two timers of key a at 1000 fire once; key b at 1000 fires separately', () => {
    const e = processEngine();
    e.add([p('a', 1000), p('a', 1000), p('b', 1000)]);
    e.watermark(1000);
    const values = main(e.drain()).map((x) => x.value);
    expect(values.sort()).toEqual(['a@1000', 'b@1000']);
  });

  test('timers at 300, 100, 200 fire in timestamp order before the watermark is forwarded', () => {
    const e = processEngine();
    e.add([p('a', 300), p('b', 100), p('c', 200)]);
    e.watermark(500);
    expect(tags(e.drain())).toEqual(['b@100', 'c@200', 'a@300', 'wm 500']);
  });

  test('a timer at 1000 fires at Watermark(1000), not at 999; onTimer output carries the timer timestamp', () => {
    const e = processEngine();
    e.add([p('a', 1000)]);
    e.watermark(999);
    expect(main(e.drain())).toEqual([]);
    e.watermark(1000);
    expect(main(e.drain())).toEqual([{ output: 'main', key: 'a', window: null, value: 'a@1000', timestamp: 1000 }]);
  });

  test('a timer registered at or below the current watermark does not fire until the watermark advances', () => {
    const e = processEngine();
    e.watermark(2000);
    e.drain();
    e.add([p('a', 1500), p('b', 2000)]);
    expect(main(e.drain())).toEqual([]);
    e.watermark(2000);
    expect(main(e.drain())).toEqual([]);
    e.watermark(2001);
    expect(tags(e.drain())).toEqual(['a@1500', 'b@2000', 'wm 2001']);
  });

  test('a processing-time timer at 500 restored at 600 fires at once, repeating its output (A7, A9)', () => {
    const e = executionEnvironment()
      .source({ timestamp: (x) => x.ts as number, watermark: 'explicit' })
      .keyBy((x) => x.key)
      .process({
        processElement(_rec, ctx) {
          ctx.timerService().registerProcessingTimeTimer(500);
        },
        onTimer(ts, ctx, out) {
          out(`${ctx.timeDomain()}@${ts}`);
        },
      })
      .engine();
    e.advance(100);
    e.add([{ key: 'a', ts: 0 }]);
    e.checkpoint(); // holds the timer at 500
    e.advance(600);
    expect(main(e.drain()).map((x) => x.value)).toEqual(['processing@500']);
    e.restart(); // at 600 the restored timer at 500 is overdue: it fires during the restart, again
    expect(main(e.drain()).map((x) => x.value)).toEqual(['processing@500']);
  });

  test('late records are not dropped by a process function: ts=10 at Watermark(2000) reaches processElement', () => {
    const seen: number[] = [];
    const e = executionEnvironment()
      .source({ timestamp: (x) => x.ts as number, watermark: 'explicit' })
      .keyBy((x) => x.key)
      .process({
        processElement(_rec, ctx, out) {
          seen.push(ctx.timestamp());
          out(ctx.timerService().currentWatermark());
        },
      })
      .engine();
    e.watermark(2000);
    e.add([{ key: 'a', ts: 10 }]);
    expect(seen).toEqual([10]);
    const out = e.drain();
    expect(dropped(out)).toEqual([]);
    expect(main(out).map((x) => x.value)).toEqual([2000]);
  });
});
