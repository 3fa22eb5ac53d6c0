// The declarative job on DStreams: windows over batch (arrival) time, whatever the records' timestamps.
import type { Emission } from '../core/emission.ts';
import { type JobInput, parseJob } from '../core/job.ts';
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
  test('a driver restart keeps the batch clock and the running state (transformations are exactly-once)', () => {
    const e = dstream({ key: 'k', window: { kind: 'global' }, aggregate: { fn: 'count' } });
    e.add([{ k: 'a' }]);
    e.advance(1000);
    e.restart();
    e.add([{ k: 'a' }]);
    e.advance(2000);
    expect(main(e.drain())).toEqual([
      { key: 'a', window: null, value: 1 },
      { key: 'a', window: null, value: 2 },
    ]);
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
