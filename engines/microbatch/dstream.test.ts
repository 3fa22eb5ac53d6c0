// The fluent DStream API against apache/spark WindowOperationsSuite (transcribed cases, B8) and the
// documented behaviour of updateStateByKey and mapWithState; batches are driven by hand or by the scheduler.
import { Scheduler } from '../core/scheduler.ts';
import type { DStream, InputDStream, Pair, State } from './dstream.ts';
import { StreamingContext, streamingContext } from './dstream-context.ts';

type KV = Pair<string, number>;

/** Push one input per batch, run `batches` batches, return what the output stream emitted per output time. */
function run<T, U>(inputs: T[][], op: (s: DStream<T>) => DStream<U>, batches = inputs.length, checkpoint = true): Array<[number, U[]]> {
  const ssc = streamingContext({ interval: 1000 });
  if (checkpoint) ssc.checkpoint();
  const input: InputDStream<T> = ssc.queueStream<T>();
  const out: Array<[number, U[]]> = [];
  op(input).foreachRDD((rdd, t) => out.push([t, [...rdd]]));
  ssc.start();
  for (let b = 0; b < batches; b++) {
    input.pushAll(inputs[b] ?? []);
    ssc.runBatch();
  }
  return out;
}

const sorted = <U>(xs: U[]) => [...xs].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
const values = <U>(out: Array<[number, U[]]>) => out.map(([, xs]) => sorted(xs));

const bigInput: KV[][] = [
  [['a', 1]],
  [
    ['a', 1],
    ['b', 1],
  ],
  [
    ['a', 1],
    ['b', 1],
    ['c', 1],
  ],
  [
    ['a', 1],
    ['b', 1],
  ],
  [['a', 1]],
  [],
  [['a', 1]],
  [
    ['a', 1],
    ['b', 1],
  ],
  [
    ['a', 1],
    ['b', 1],
    ['c', 1],
  ],
  [
    ['a', 1],
    ['b', 1],
  ],
  [['a', 1]],
  [],
];
const add = (a: number, b: number) => a + b;
const sub = (a: number, b: number) => a - b;

describe('window over batch time', () => {
  const six = [[0], [1], [2], [3], [4], [5]];
  test('window(2 s, 1 s) starts partial: the first window holds only batch 1', () => {
    expect(values(run(six, (s) => s.window(2000, 1000)))).toEqual([[0], [0, 1], [1, 2], [2, 3], [3, 4], [4, 5]]);
  });
  test('window(2 s, 2 s) tumbles: windows at 2 s, 4 s, 6 s', () => {
    const out = run(six, (s) => s.window(2000, 2000));
    expect(out.map(([t]) => t)).toEqual([2000, 4000, 6000]);
    expect(values(out)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });
  test('window(4 s, 2 s) over 8 batches: the last window holds only the batches at 5 s and 6 s', () => {
    expect(values(run(six, (s) => s.window(4000, 2000), 8))).toEqual([
      [0, 1],
      [0, 1, 2, 3],
      [2, 3, 4, 5],
      [4, 5],
    ]);
  });
  test('window(2 s, 3 s) skips batches: those at 1 s and 4 s are in no window', () => {
    expect(values(run(six, (s) => s.window(2000, 3000)))).toEqual([
      [1, 2],
      [4, 5],
    ]);
  });
  test('a window length that is not a multiple of the interval is refused', () => {
    const ssc = streamingContext({ interval: 1000 });
    expect(() => ssc.queueStream<number>().window(1500, 1000)).toThrow(/multiple/);
  });
});

describe('reduceByKeyAndWindow', () => {
  test('without an inverse, a key whose batches left the window disappears', () => {
    const out = run([[['a', 1]], [['a', 1]], [], []] as KV[][], (s) => s.reduceByKeyAndWindow(add, 2000, 1000));
    expect(values(out)).toEqual([[['a', 1]], [['a', 2]], [['a', 1]], []]);
  });
  test('with an inverse, the key stays as (a, 0)', () => {
    const out = run([[['a', 1]], [['a', 1]], [], []] as KV[][], (s) => s.reduceByKeyAndWindow(add, sub, 2000, 1000));
    expect(values(out)).toEqual([[['a', 1]], [['a', 2]], [['a', 1]], [['a', 0]]]);
  });
  test('larger slide time: window(4 s, 2 s) sums 3, 10, 18, 11 with or without an inverse', () => {
    const input: KV[][] = [[['a', 1]], [['a', 2]], [['a', 3]], [['a', 4]], [['a', 5]], [['a', 6]], [], []];
    const expected = [[['a', 3]], [['a', 10]], [['a', 18]], [['a', 11]]];
    expect(values(run(input, (s) => s.reduceByKeyAndWindow(add, 4000, 2000)))).toEqual(expected);
    expect(values(run(input, (s) => s.reduceByKeyAndWindow(add, sub, 4000, 2000)))).toEqual(expected);
  });
  test('big test: with an inverse the (c, 0) and (b, 0) leftovers appear; a filter removes them', () => {
    const naive = values(run(bigInput, (s) => s.reduceByKeyAndWindow(add, 2000, 1000)));
    const inverse = values(run(bigInput, (s) => s.reduceByKeyAndWindow(add, sub, 2000, 1000)));
    const filtered = values(run(bigInput, (s) => s.reduceByKeyAndWindow(add, sub, 2000, 1000, (p) => p[1] !== 0)));
    expect(naive[4]).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(inverse[4]).toEqual([
      ['a', 2],
      ['b', 1],
      ['c', 0],
    ]);
    expect(inverse[5]).toEqual([
      ['a', 1],
      ['b', 0],
      ['c', 0],
    ]);
    expect(filtered).toEqual(naive);
  });
  test('an inverse window needs ssc.checkpoint(dir), as in Spark', () => {
    expect(() => run([[['a', 1]]] as KV[][], (s) => s.reduceByKeyAndWindow(add, sub, 2000, 1000), 1, false)).toThrow(
      /checkpoint directory/,
    );
  });
});

describe('updateStateByKey', () => {
  test('runs for every key with state in every batch, including keys without new data', () => {
    const calls: Array<[number, string, number[]]> = [];
    const ssc = streamingContext({ interval: 1000 }).checkpoint();
    const input = ssc.queueStream<KV>();
    let batch = 0;
    const counts = input.updateStateByKey((vs: readonly number[], s: number | undefined) => {
      calls.push([batch, vs.length === 0 ? '-' : 'data', [...vs]]);
      return (s ?? 0) + vs.length;
    });
    const out: KV[][] = [];
    counts.foreachRDD((rdd) => out.push([...rdd]));
    ssc.start();
    input.push(['a', 1], ['b', 1]);
    batch = 1;
    ssc.runBatch();
    input.push(['a', 1]);
    batch = 2;
    ssc.runBatch();
    batch = 3;
    ssc.runBatch();
    expect(out).toEqual([
      [
        ['a', 1],
        ['b', 1],
      ],
      [
        ['a', 2],
        ['b', 1],
      ],
      [
        ['a', 2],
        ['b', 1],
      ],
    ]);
    // b in batch 2, and both keys in the empty batch 3, are called with no values.
    expect(calls.filter(([, kind]) => kind === '-').map(([b]) => b)).toEqual([2, 3, 3]);
  });
  test('returning undefined removes the key', () => {
    const out = run([[['a', 1]], [['b', 1]], []] as KV[][], (s) =>
      s.updateStateByKey((vs: readonly number[], st: number | undefined) => (vs.length === 0 ? undefined : (st ?? 0) + vs.length)),
    );
    expect(values(out)).toEqual([[['a', 1]], [['b', 1]], []]);
  });
  test('starting without a checkpoint directory is refused', () => {
    expect(() => run([[['a', 1]]] as KV[][], (s) => s.updateStateByKey((vs: readonly number[]) => vs.length), 1, false)).toThrow(
      /checkpoint/,
    );
  });
});

describe('mapWithState', () => {
  test('is called per record of keys with data only, and stateSnapshots holds every key', () => {
    const ssc = streamingContext({ interval: 1000 }).checkpoint();
    const input = ssc.queueStream<KV>();
    const seen: string[] = [];
    const mapped = input.mapWithState({
      fn: (key: string, v: number | undefined, state: State<number>) => {
        seen.push(key);
        const total = (state.exists() ? state.get() : 0) + (v ?? 0);
        state.update(total);
        return `${key}=${total}`;
      },
    });
    const outs: string[][] = [];
    const snaps: KV[][] = [];
    mapped.foreachRDD((rdd) => outs.push([...rdd]));
    mapped.stateSnapshots().foreachRDD((rdd) => snaps.push([...rdd]));
    ssc.start();
    input.push(['a', 1], ['a', 2], ['b', 5]);
    ssc.runBatch();
    input.push(['b', 1]);
    ssc.runBatch();
    expect(outs).toEqual([['a=1', 'a=3', 'b=5'], ['b=6']]);
    expect(seen).toEqual(['a', 'a', 'b', 'b']);
    expect(snaps[1]).toEqual([
      ['a', 3],
      ['b', 6],
    ]);
  });
  test('a timed-out key is reported only at a checkpoint batch (every 10 intervals), with no value', () => {
    const scheduler = new Scheduler(0);
    const ssc = new StreamingContext(1000, scheduler).checkpoint();
    const input = ssc.queueStream<KV>();
    const timeouts: Array<[number, string]> = [];
    input
      .mapWithState({
        timeout: 2000,
        fn: (key: string, v: number | undefined, state: State<number>, time: number) => {
          if (state.isTimingOut()) timeouts.push([time, key]);
          else state.update((state.exists() ? state.get() : 0) + (v ?? 0));
          return undefined;
        },
      })
      .foreachRDD(() => {});
    ssc.start();
    input.push(['a', 1]);
    scheduler.advanceTo(1000);
    expect(timeouts).toEqual([]);
    // Idle since 1 s: timed out from 4 s on, but only the full scan at 10 s finds it.
    scheduler.advanceTo(9000);
    expect(timeouts).toEqual([]);
    scheduler.advanceTo(10000);
    expect(timeouts).toEqual([[10000, 'a']]);
  });
});

describe('StreamingContext', () => {
  test('batch times are zeroTime + k * interval, k >= 1, fired by the scheduler even when empty', () => {
    const scheduler = new Scheduler(0);
    const ssc = new StreamingContext(500, scheduler);
    const times: number[] = [];
    ssc.queueStream<number>().foreachRDD((_, t) => times.push(t));
    ssc.start();
    scheduler.advanceTo(1999);
    expect(times).toEqual([500, 1000, 1500]);
  });
  test('a context without output operations does not start', () => {
    const ssc = streamingContext({ interval: 1000 });
    ssc.queueStream<number>();
    expect(() => ssc.start()).toThrow(/No output operations/);
  });
});
