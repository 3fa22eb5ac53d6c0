// The declarative job on DStreams: windows over batch (arrival) time, whatever the records' timestamps.
import type { Emission } from '../core/emission.ts';
import { type JobInput, parseJob } from '../core/job.ts';
import type { DStreamEngine } from './dstream-engine.ts';
import { createMicrobatchEngine } from './module.ts';

const dstream = (job: JobInput, options: Record<string, unknown> = {}) =>
  createMicrobatchEngine(parseJob(job), { kind: 'microbatch', flavor: 'dstream', interval: 1000, ...options });
const main = (es: Emission[]) => es.flatMap((e) => (e.output === 'main' ? [{ key: e.key, window: e.window, value: e.value }] : []));

describe('DStream engine', () => {
  test('event time is ignored: rows with far-apart timestamps in one batch share its windows', () => {
    const e = dstream({ window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'sum', field: 'v' } });
    e.add([
      { ts: 0, v: 1 },
      { ts: 99999999, v: 2 },
    ]);
    e.batch();
    expect(main(e.drain())).toEqual([{ key: undefined, window: { start: 0, end: 1000 }, value: 3 }]);
    expect(e.currentWatermark()).toBeNull();
  });
  test('a row stays in every window of length 3 s that covers its batch, as the clock fires empty batches', () => {
    const e = dstream({ key: 'k', window: { kind: 'sliding', size: 3000, slide: 1000 }, aggregate: { fn: 'count' } });
    e.add([{ k: 'a' }]);
    e.advance(4000);
    expect(main(e.drain()).map((r) => r.window?.end)).toEqual([1000, 2000, 3000]);
  });
  test('with the receiver WAL a driver restart keeps the batch clock, the buffered records and the running state', () => {
    const e = dstream({ key: 'k', window: { kind: 'global' }, aggregate: { fn: 'count' } }, { receiverWal: true });
    e.add([{ k: 'a' }]);
    e.advance(1000);
    e.add([{ k: 'a' }]); // received, not yet in a batch
    e.restart();
    e.add([{ k: 'a' }]);
    e.advance(2000);
    expect(main(e.drain())).toEqual([
      { key: 'a', window: null, value: 1 },
      { key: 'a', window: null, value: 3 },
    ]);
  });

  test('without it (Spark’s default) the buffered records and the state since the last data checkpoint are lost', () => {
    const e = dstream({ key: 'k', window: { kind: 'global' }, aggregate: { fn: 'count' } }) as DStreamEngine;
    e.add([{ k: 'a' }]);
    e.advance(1000); // a = 1; no data checkpoint yet (the first is at 10 s)
    e.add([{ k: 'b' }]); // received, not yet in a batch
    e.restart();
    expect(e.lost).toBe(2); // b, and the block of batch 1000 that a recomputation would need
    e.add([{ k: 'a' }]);
    e.advance(2000);
    expect(main(e.drain())).toEqual([
      { key: 'a', window: null, value: 1 },
      { key: 'a', window: null, value: 1 },
    ]);
    expect(e.recoveryLog().restarts).toEqual([{ at: 1000, fromCheckpoint: null, replayed: 0 }]);
  });

  test('state comes back from the data checkpoint every 10 s of batch time; later batches lost their input', () => {
    const e = dstream({ key: 'k', window: { kind: 'global' }, aggregate: { fn: 'count' } }) as DStreamEngine;
    for (let t = 0; t < 12_000; t += 1000) {
      e.add([{ k: 'a' }]);
      e.advance(t + 1000); // batch t + 1000 holds one record: a counts 1, 2, ... 12
    }
    e.drain();
    e.restart(); // at 12 s: state/checkpoint at 10 s holds a = 10; batches 11 s and 12 s are recomputed without input
    e.add([{ k: 'a' }]);
    e.advance(13_000);
    expect(main(e.drain())).toEqual([{ key: 'a', window: null, value: 11 }]);
    expect(e.recoveryLog().restarts).toEqual([{ at: 12_000, fromCheckpoint: 10_000, replayed: 0 }]);
  });

  test('a window over batches from before a crash misses their records without the WAL, and keeps them with it', () => {
    const job: JobInput = { key: 'k', window: { kind: 'sliding', size: 3000, slide: 1000 }, aggregate: { fn: 'count' } };
    const run = (receiverWal: boolean) => {
      const e = dstream(job, { receiverWal });
      e.add([{ k: 'a' }]);
      e.advance(1000); // window (−2000, 1000]: 1
      e.restart();
      e.add([{ k: 'a' }]);
      e.advance(3000); // windows ending 2000 and 3000
      return main(e.drain()).map((r) => `${r.window?.end}:${String(r.value)}`);
    };
    expect(run(true)).toEqual(['1000:1', '2000:2', '3000:2']);
    expect(run(false)).toEqual(['1000:1', '2000:1', '3000:1']);
  });
  test('the inverse variant leaves (key, 0) where the plain one drops the key', () => {
    const job: JobInput = { key: 'k', window: { kind: 'sliding', size: 2000, slide: 1000 }, aggregate: { fn: 'sum', field: 'v' } };
    const plain = dstream(job);
    const inverse = dstream(job, { inverseReduce: true });
    for (const e of [plain, inverse]) {
      e.add([{ k: 'a', v: 5 }]);
      e.advance(3000);
    }
    expect(main(plain.drain()).map((r) => r.value)).toEqual([5, 5]);
    expect(main(inverse.drain()).map((r) => r.value)).toEqual([5, 5, 0]);
  });
});
