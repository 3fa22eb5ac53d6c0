// Structured Streaming behaviour beyond the conformance traces: the two watermarks of a batch, recovery,
// triggers on the clock, processing-time windows, aggregates merged across batches, sessions bridging.
import type { Emission } from '../core/emission.ts';
import { type JobInput, parseJob } from '../core/job.ts';
import { resolveOptions } from './options.ts';
import { planJob, type StructuredPlan } from './plan.ts';
import { StructuredEngine } from './structured-engine.ts';

function engine(job: JobInput, options: Record<string, unknown> = {}): StructuredEngine {
  const o = resolveOptions({ kind: 'microbatch', ...options });
  return new StructuredEngine(planJob(parseJob(job), o) as StructuredPlan, o);
}
const main = (es: Emission[]) => es.flatMap((e) => (e.output === 'main' ? [{ key: e.key, window: e.window, value: e.value }] : []));
const dropped = (es: Emission[]) => es.filter((e) => e.output === 'dropped');
const tumbling = (size: number) => ({ kind: 'tumbling', size }) as const;
const count = { fn: 'count' } as const;

describe('the two watermarks of a batch (B2)', () => {
  test('without a no-data batch in between, a row is judged late against the previous batch watermark, so it is aggregated and emitted', () => {
    const e = engine({ window: tumbling(1000), aggregate: count, watermark: { delay: 0 } }, { noDataBatches: false });
    e.add([{ ts: 5000 }]);
    e.batch();
    expect(e.currentWatermark()).toBe(5000);
    e.drain();
    // Batch 1: late filter on W_0 = 0 keeps ts 1500; eviction on W_1 = 5000 closes its window in the same batch.
    e.add([{ ts: 1500 }]);
    e.batch();
    const out = e.drain();
    expect(main(out)).toEqual([{ key: undefined, window: { start: 1000, end: 2000 }, value: 1 }]);
    expect(dropped(out)).toEqual([]);
    // Batch 2: now the late filter uses W_1 = 5000.
    e.add([{ ts: 1600 }]);
    e.batch();
    expect(dropped(e.drain())).toEqual([{ output: 'dropped', record: { ts: 1600 } }]);
  });
});

describe('recovery (B7)', () => {
  test('a restart after a committed batch resumes with its watermark but runs no no-data batch until new data', () => {
    const e = engine({ window: tumbling(1000), aggregate: count, watermark: { delay: 0 } });
    e.add([{ ts: 500 }, { ts: 5000 }]);
    e.advance(0);
    expect(e.currentWatermark()).toBe(5000);
    e.restart();
    e.advance(2000);
    expect(main(e.drain())).toEqual([]);
    expect(e.currentWatermark()).toBe(5000);
    e.add([{ ts: 5100 }]);
    e.advance(3000);
    expect(main(e.drain())).toEqual([{ key: undefined, window: { start: 0, end: 1000 }, value: 1 }]);
  });
  test('a re-run batch keeps its batch id and offsets; the state it starts from is version N-1', () => {
    const e = engine(
      { window: tumbling(1000), aggregate: count, watermark: { delay: 0 }, outputMode: 'complete' },
      { batchCost: { fixed: 100 } },
    );
    e.add([{ ts: 1 }]);
    e.advance(50);
    e.restart();
    e.add([{ ts: 2 }]);
    e.advance(2000);
    expect(e.batches().map((b) => [b.batchId, b.start, b.end])).toEqual([
      [0, 0, 1],
      [1, 1, 2],
    ]);
    expect(main(e.drain()).map((r) => r.value)).toEqual([1, 2]);
  });
});

describe('triggers on the processing-time clock (B1)', () => {
  test('ProcessingTime batches are stamped with aligned trigger times; the no-data batch takes the next tick', () => {
    const e = engine({ window: tumbling(1000), aggregate: count, watermark: { delay: 0 }, outputMode: 'update' }, { interval: 500 });
    e.advance(200);
    e.add([{ ts: 1 }]);
    e.advance(1200);
    e.add([{ ts: 2 }]);
    e.advance(1600);
    expect(e.batches().map((b) => [b.timestamp, b.end - b.start])).toEqual([
      [500, 1],
      [1000, 0],
      [1500, 1],
    ]);
  });
  test('Once fires one batch at query start and stops; a restarted run fires again', () => {
    const e = engine({ window: tumbling(1000), aggregate: count, watermark: { delay: 0 }, outputMode: 'update' }, { trigger: 'once' });
    e.add([{ ts: 100 }]);
    e.advance(0);
    e.add([{ ts: 200 }]);
    e.advance(5000);
    expect(e.batches()).toHaveLength(1);
    e.restart();
    e.advance(5000);
    expect(e.batches().map((b) => [b.batchId, b.timestamp])).toEqual([
      [0, 0],
      [1, 5000],
    ]);
  });
  test('AvailableNow chains its batches back to back, each costing its own time, then stops', () => {
    const e = engine(
      { window: tumbling(1000), aggregate: count, watermark: { delay: 0 } },
      { trigger: 'availableNow', batchCost: { fixed: 300 } },
    );
    e.add([{ ts: 100 }, { ts: 1500 }]);
    e.advance(10000);
    // The data batch, then the no-data batch that emits [0, 1000).
    expect(e.batches().map((b) => [b.timestamp, b.finishedAt, b.end - b.start])).toEqual([
      [0, 300, 2],
      [300, 600, 0],
    ]);
    expect(main(e.drain())).toEqual([{ key: undefined, window: { start: 0, end: 1000 }, value: 1 }]);
  });
});

describe('rows and results', () => {
  test('processing-time windows use the batch timestamp (current_timestamp()), not a record field', () => {
    const e = engine({ key: 'k', time: 'processing', window: tumbling(1000), aggregate: count, outputMode: 'complete' });
    e.add([{ k: 'a' }, { k: 'b' }]);
    e.advance(1500);
    e.add([{ k: 'a' }]);
    e.advance(2000);
    expect(main(e.drain())).toEqual([
      { key: 'a', window: { start: 0, end: 1000 }, value: 1 },
      { key: 'b', window: { start: 0, end: 1000 }, value: 1 },
      { key: 'a', window: { start: 0, end: 1000 }, value: 1 },
      { key: 'b', window: { start: 0, end: 1000 }, value: 1 },
      { key: 'a', window: { start: 2000, end: 3000 }, value: 1 },
    ]);
  });
  test.each([
    ['sum', 9],
    ['min', 1],
    ['max', 5],
    ['avg', 3],
    ['collect', [1, 3, 5]],
  ] as const)('%s merges partial aggregates across batches column-wise', (fn, expected) => {
    const e = engine({ key: 'k', window: tumbling(1000), aggregate: { fn, field: 'v' }, outputMode: 'complete' });
    e.add([
      { k: 1, ts: 0, v: 1 },
      { k: 1, ts: 10, v: 3 },
    ]);
    e.batch();
    e.drain();
    e.add([{ k: 1, ts: 20, v: 5 }]);
    e.batch();
    expect(main(e.drain())).toEqual([{ key: 1, window: { start: 0, end: 1000 }, value: expected }]);
  });
  test('a global aggregation in update mode emits only the keys a batch changed, with no window', () => {
    const e = engine({ key: 'k', window: { kind: 'global' }, aggregate: count, outputMode: 'update' });
    e.add([
      { k: 'a', ts: 0 },
      { k: 'b', ts: 0 },
    ]);
    e.batch();
    e.drain();
    e.add([{ k: 'b', ts: 99 }]);
    e.batch();
    expect(main(e.drain())).toEqual([{ key: 'b', window: null, value: 2 }]);
  });
  test('window(2500, 1000) puts ts 2400 in [0,2500), [1000,3500) and [2000,4500)', () => {
    const e = engine({ window: { kind: 'sliding', size: 2500, slide: 1000 }, aggregate: count, outputMode: 'complete' });
    e.add([{ ts: 2400 }]);
    e.batch();
    expect(main(e.drain()).map((r) => r.window)).toEqual([
      { start: 0, end: 2500 },
      { start: 1000, end: 3500 },
      { start: 2000, end: 4500 },
    ]);
  });
  test('negative event times fall in epoch-aligned windows: -1 is in [-1000, 0)', () => {
    const e = engine({ window: tumbling(1000), aggregate: count, outputMode: 'complete' });
    e.add([{ ts: -1 }, { ts: 0 }]);
    e.batch();
    expect(main(e.drain()).map((r) => r.window)).toEqual([
      { start: -1000, end: 0 },
      { start: 0, end: 1000 },
    ]);
  });
  test('a session row that bridges two open sessions merges them into one', () => {
    const e = engine({ key: 'k', window: { kind: 'session', gap: 1500 }, aggregate: count, outputMode: 'complete' });
    e.add([
      { k: 'a', ts: 0 },
      { k: 'a', ts: 3000 },
    ]);
    e.batch();
    expect(main(e.drain()).map((r) => r.window)).toEqual([
      { start: 0, end: 1500 },
      { start: 3000, end: 4500 },
    ]);
    e.add([{ k: 'a', ts: 1500 }]);
    e.batch();
    expect(main(e.drain())).toEqual([{ key: 'a', window: { start: 0, end: 4500 }, value: 3 }]);
  });
  test('append mode evicts closed windows from the state store: only the open one remains', () => {
    const e = engine({ key: 'k', window: tumbling(1000), aggregate: count, watermark: { delay: 0 } });
    e.add([{ k: 'a', ts: 10 }]);
    e.batch();
    expect(e.stateRows()).toBe(1);
    e.add([{ k: 'a', ts: 5000 }]);
    e.batch();
    expect(e.stateRows()).toBe(1);
    expect(e.currentWatermark()).toBe(5000);
  });
  test('without a watermark the engine reports none (null); with one it starts at 0', () => {
    expect(engine({ window: tumbling(1000), aggregate: count, outputMode: 'update' }).currentWatermark()).toBeNull();
    expect(engine({ window: tumbling(1000), aggregate: count, watermark: { delay: 0 } }).currentWatermark()).toBe(0);
  });
  test('with a watermark, a row whose window ends at or before the epoch is late from the first batch: W starts at 0', () => {
    const e = engine({ window: tumbling(1000), aggregate: count, watermark: { delay: 5000 } });
    e.add([{ ts: -1 }, { ts: 0 }]);
    e.batch();
    expect(dropped(e.drain())).toEqual([{ output: 'dropped', record: { ts: -1 } }]);
  });
  test('end of input flushes nothing: open windows stay unemitted', () => {
    const e = engine({ window: tumbling(1000), aggregate: count, watermark: { delay: 0 } });
    e.add([{ ts: 10 }]);
    e.batch();
    e.end();
    expect(main(e.drain())).toEqual([]);
  });
});
