import type { Rec } from '../core/aggregates.ts';
import type { Emission } from '../core/emission.ts';
import { InputError, RefusedError } from '../core/errors.ts';
import { type JobInput, parseJob } from '../core/job.ts';
import { parseJoinJob } from '../core/join-job.ts';
import { parseRankJob } from '../core/rank-job.ts';
import { parseWith } from '../core/validate.ts';
import { engineModule } from '../registry.ts';
import { tupleEngine } from './module.ts';

const base: JobInput = { key: 'key', time: 'processing', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' } };

function create(job: Partial<JobInput>, engine: Record<string, unknown> = {}) {
  return tupleEngine.create(
    parseJob({ ...base, ...job }),
    parseWith(tupleEngine.options, { kind: 'tuple', ...engine }) as Record<string, unknown>,
  );
}

function refusal(job: Partial<JobInput>, engine: Record<string, unknown> = {}): { path: string; reason: string } {
  try {
    create(job, engine);
  } catch (e) {
    if (e instanceof RefusedError) return { path: e.path, reason: e.reason };
    throw e;
  }
  throw new Error('not refused');
}

const main = (es: Emission[]) => es.filter((e) => e.output === 'main');

test('the registry finds the tuple engine by kind', () => {
  expect(engineModule('tuple')).toBe(tupleEngine);
});

test('checkpoint, batch, and watermark steps without job.watermark "explicit" are refused with the rule that forbids them', () => {
  expect(tupleEngine.checkStep('checkpoint', parseJob(base))).toEqual({
    path: 'checkpoint',
    reason: 'Storm core has no checkpoints; bolt state is not saved (C1)',
  });
  expect(tupleEngine.checkStep('watermark', parseJob(base))?.reason).toMatch(/generates its own/);
  expect(tupleEngine.checkStep('watermark', parseJob({ ...base, time: 'event', watermark: 'explicit' }))).toBeNull();
  expect(tupleEngine.checkStep('batch', parseJob(base))?.reason).toMatch(/no micro-batches/);
  for (const ok of ['add', 'advance', 'restart', 'end'] as const) expect(tupleEngine.checkStep(ok, parseJob(base))).toBeNull();
});

test.each([
  [{ window: { kind: 'session', gap: 100 } }, {}, 'job.window', /no session windows/],
  [{ window: { kind: 'global' } }, {}, 'job.window', /no global window/],
  [{ window: { kind: 'tumbling', size: 1000, offset: 5 } }, {}, 'job.window.offset', /no offset/],
  [{ time: 'event', allowedLateness: 10 }, {}, 'job.allowedLateness', /no allowed lateness/],
  [{ trigger: 'purging' }, {}, 'job.trigger', /purging/],
  [{ outputMode: 'update' }, {}, 'job.outputMode', /no output modes/],
  [{ time: 'ingestion' }, {}, 'job.time', /no ingestion time/],
  [{ time: 'event', watermark: 'explicit', lateOutput: true }, {}, 'job.lateOutput', /nothing is late/],
  [{ time: 'processing', watermark: 'explicit' }, {}, 'job.watermark', /explicit watermarks are event time/],
  [{ time: 'event', watermark: { idleness: 100 } }, {}, 'job.watermark.idleness', /no idleness/],
  [{ time: 'event', streams: { a: { watermark: { lag: 1 } }, b: {} } }, {}, 'job.streams.a.watermark', /one lag/],
  [{ lateOutput: true }, {}, 'job.lateOutput', /timestamp field/],
  [{ time: 'event' }, { windowing: 'tickTuples' }, 'job.time', /tick tuples fire by processing time/],
  [{ window: { kind: 'count', size: 3 } }, { windowing: 'tickTuples' }, 'job.window', /count windows/],
  [{ window: { kind: 'tumbling', size: 1500 } }, { windowing: 'tickTuples' }, 'job.window.size', /whole number of seconds/],
  [{ window: { kind: 'sliding', size: 3000, slide: 2000 } }, { windowing: 'tickTuples' }, 'job.window.slide', /multiple of slide/],
  [
    { window: { kind: 'sliding', size: 20_000, slide: 15_000 } },
    {},
    'engine.messageTimeout',
    /35000 ms is more than the message timeout 30000/,
  ],
  [{ window: { kind: 'count', size: 5, slide: 2 } }, { maxSpoutPending: 6 }, 'engine.maxSpoutPending', /7 is more than maxSpoutPending 6/],
] as const)('refuses %j with %j at %s', (job, engine, path, reason) => {
  const r = refusal(job as Partial<JobInput>, engine);
  expect(r.path).toBe(path);
  expect(r.reason).toMatch(reason);
});

test('unknown engine options are input errors naming the field', () => {
  expect(() => parseWith(tupleEngine.options, { kind: 'tuple', windowing: 'trident' }, 'engine')).toThrow(InputError);
  expect(() => parseWith(tupleEngine.options, { kind: 'tuple', checkpointing: true }, 'engine')).toThrow('engine.checkpointing');
});

test('un-keyed windows are per task: with 2 shuffled tasks one window end gives one result per task', () => {
  const e = create({ key: undefined, aggregate: { fn: 'count' } }, { parallelism: 2 });
  e.add(Array.from({ length: 10 }, (): Rec => ({})));
  e.advance(1000);
  expect(main(e.drain()).map((x) => (x.output === 'main' ? x.value : null))).toEqual([5, 5]);
});

test('keyed windows give the same per-key results on 1 or 3 tasks (fields grouping keeps a key on one task)', () => {
  const run = (parallelism: number) => {
    const e = create({}, { parallelism });
    e.add(Array.from({ length: 60 }, (_, i): Rec => ({ key: `k${i % 7}` })));
    e.advance(1000);
    return main(e.drain())
      .map((x) => (x.output === 'main' ? `${x.key}=${x.value}` : ''))
      .sort();
  };
  expect(run(3)).toEqual(run(1));
  expect(run(1)).toHaveLength(7);
});

test('before any watermark a negative timestamp is already late: Storm starts lastWatermark at 0', () => {
  const e = create({ time: 'event', lateOutput: true });
  e.add([
    { key: 'a', ts: -5 },
    { key: 'a', ts: 0 },
  ]);
  const out = e.drain();
  expect(out.filter((x) => x.output === 'late')).toEqual([{ output: 'late', record: { key: 'a', ts: -5 } }]);
  expect(e.currentWatermark()).toBeNull();
});

test('a restart crashes every bolt: with acking the lost window comes back by timeout, duplicating nothing unemitted', () => {
  const e = create({ aggregate: { fn: 'collect', field: 'id' } }, { messageTimeout: 2000 });
  e.add([
    { key: 'a', id: 1 },
    { key: 'a', id: 2 },
  ]);
  e.advance(500);
  e.restart();
  e.advance(1000);
  expect(main(e.drain())).toEqual([]); // the window memory is gone
  e.advance(4000); // rotations at 2000 and 4000: the roots emitted at 0 time out and are replayed at 4000
  expect(e.drain()).toEqual([]);
  e.advance(4500); // the restarted task's timer runs from 500: its windows end at x499
  const out = main(e.drain());
  expect(out).toMatchObject([{ output: 'main', key: 'a', window: { start: 3499, end: 4499 }, timestamp: null }]);
  expect(out[0]?.output === 'main' && [...(out[0].value as number[])].sort()).toEqual([1, 2]); // replayed in hash order
});

test('a restart without acking loses what the bolts held', () => {
  const e = create({ aggregate: { fn: 'collect', field: 'id' } }, { acking: false });
  e.add([{ key: 'a', id: 1 }]);
  e.restart();
  e.advance(10_000);
  expect(main(e.drain())).toEqual([]);
});

test('tick-tuple windows acknowledge inputs on arrival, so a crash loses the slots even with acking', () => {
  const e = create({ window: { kind: 'tumbling', size: 1000 } }, { windowing: 'tickTuples' });
  e.add([{ key: 'a' }, { key: 'b' }]);
  e.restart();
  e.advance(100_000);
  expect(main(e.drain())).toEqual([]);
  expect(tupleStats(e)).toMatchObject({ acked: 2, replayed: 0, timedOut: 0 });
});

function tupleStats(e: ReturnType<typeof create>): Record<string, number> {
  return (e as unknown as { stats(): Record<string, number> }).stats();
}

test('every windowed bolt the lab builds is checked at prepare: a Top-N and a JoinBolt too (C3)', () => {
  const opts = parseWith(tupleEngine.options, { kind: 'tuple', messageTimeout: 3000 }) as Record<string, unknown>;
  const topN = parseRankJob({
    timestamp: 'ts',
    topN: { n: 1, orderBy: 'price', partitionBy: ['a'] },
    window: { kind: 'tumbling', size: 10_000 },
    watermark: { delay: 0 },
  })!;
  const join = parseJoinJob({
    join: { kind: 'window', left: 'l', right: 'r', leftKey: 'k', rightKey: 'k' },
    timestamp: 'ts',
    streams: { l: {}, r: {} },
    window: { kind: 'tumbling', size: 5000 },
  });
  for (const job of [topN, join]) {
    let refused: RefusedError | null = null;
    try {
      tupleEngine.create(job, opts);
    } catch (e) {
      if (e instanceof RefusedError) refused = e;
      else throw e;
    }
    expect(refused?.path).toBe('engine.messageTimeout');
    expect(refused?.reason).toMatch(/ms is more than the message timeout 3000 ms/);
  }
});
