// The lmdb state backend (A11): serialized values outside the heap, read-your-writes through its write
// buffer, heap-format snapshots, and the event engine giving the same emissions on lmdb as on the heap —
// for tumbling, sliding, session and count windows, across a checkpoint and a restart; state TTL on it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Rec } from '../engines/core/aggregates.ts';
import type { Emission } from '../engines/core/emission.ts';
import { parseJob } from '../engines/core/job.ts';
import { type KeyScope, listState, mapState, valueState } from '../engines/core/state/keyed-state.ts';
import { HeapKeyedStateBackend, type KeyedStateBackend } from '../engines/core/state/keyed-state-backend.ts';
import type { Namespace } from '../engines/core/state/state-table.ts';
import { MIN_TIME } from '../engines/core/time.ts';
import { executionEnvironment } from '../engines/event/datastream.ts';
import { EventEngine } from '../engines/event/event-engine.ts';
import { compileJob } from '../engines/event/pipeline.ts';
import type { KeyedProcessFunction } from '../engines/event/process-operator.ts';
import { type LmdbStateBackendFactory, lmdbStateBackend } from './lmdb-backend.ts';

const factories: LmdbStateBackendFactory[] = [];
function lmdb(codec: 'msgpack' | 'json' = 'msgpack'): LmdbStateBackendFactory {
  const f = lmdbStateBackend(mkdtempSync(join(tmpdir(), 'streamlab-lmdb-')), { codec });
  factories.push(f);
  return f;
}
afterAll(async () => {
  for (const f of factories) await f.close();
});

function scope(): KeyScope & { key: unknown; ns: Namespace } {
  const s = { key: 'a' as unknown, ns: '' as Namespace, currentKey: () => s.key, currentNamespace: () => s.ns };
  return s;
}

describe.each(['msgpack', 'json'] as const)('lmdb backend (%s codec)', (codec) => {
  test('RocksDB behaviour (A11): mutating the object from value() without update() does not change state', () => {
    const b = lmdb(codec)();
    const v = valueState<{ n: number }>(b, 'v', scope());
    v.update({ n: 1 });
    v.value()!.n = 2;
    expect(v.value()).toEqual({ n: 1 });
    const x = { n: 3 };
    v.update(x);
    x.n = 4; // after update: the stored bytes do not see it either
    expect(v.value()).toEqual({ n: 3 });
  });

  test('a write is visible to the next read, before and after the write buffer commits (5,000 writes)', () => {
    const b = lmdb(codec)();
    const sc = scope();
    const v = valueState<number>(b, 'v', sc);
    for (let i = 0; i < 5000; i++) {
      sc.key = `k${i % 1700}`;
      v.update(i);
      expect(v.value()).toBe(i);
    }
    expect(b.entryCount()).toBe(1700);
    sc.key = 'k3';
    expect(v.value()).toBe(3403);
    v.clear();
    expect(v.value()).toBeUndefined();
    expect(b.entryCount()).toBe(1699);
  });

  test('keys keep their type and characters: 1 and "1", null, bigint, "é:|", arrays; namespaces "" 0 and "3,4"', () => {
    const b = lmdb(codec)();
    const sc = scope();
    const v = valueState<string>(b, 'v', sc);
    const keys: unknown[] = [1, '1', null, 7n, 'é:|\u{1F600}', ['a', 2], -2.5, true];
    const nss: Namespace[] = ['', 0, '3,4', -1000];
    for (const key of keys)
      for (const ns of nss) {
        sc.key = key;
        sc.ns = ns;
        v.update(`${String(key)}@${ns}`);
      }
    expect(b.entryCount()).toBe(keys.length * nss.length);
    const seen = [...b.table<string>('v').entries()].map(([k, ns, val]) => [k, ns, val]);
    expect(seen).toHaveLength(keys.length * nss.length);
    for (const [k, ns, val] of seen) expect(val).toBe(`${String(k)}@${ns}`);
    expect(new Set(seen.map(([k]) => typeof k))).toEqual(new Set(['number', 'string', 'object', 'bigint', 'boolean']));
  });

  test('list and map state persist through set, and a Map survives the round trip as a Map', () => {
    const b = lmdb(codec)();
    const sc = scope();
    const l = listState<number>(b, 'l', sc);
    l.add(1);
    l.add(2);
    l.get().push(99);
    expect(l.get()).toEqual([1, 2]);
    const m = mapState<string, bigint>(b, 'm', sc);
    m.put('x', 10n ** 20n);
    expect(m.get('x')).toBe(10n ** 20n);
    expect(b.table<unknown>('m').get('a', '')).toBeInstanceOf(Map);
  });

  test('snapshots have the heap format: lmdb → heap → lmdb restores the same entries, by owned key group', () => {
    const sc = scope();
    const kgOf = (key: unknown) => (key === 'a' ? 1 : 2);
    const l = lmdb(codec)();
    valueState<number[]>(l, 'v', sc).update([MIN_TIME, 1.5]);
    sc.key = 'b';
    valueState<number[]>(l, 'v', sc).update([2]);
    const snap = l.snapshot(kgOf);
    const heap = new HeapKeyedStateBackend();
    heap.restore([snap], () => true);
    expect(heap.snapshot(kgOf)).toEqual(snap);
    const back = lmdb(codec)();
    back.restore([heap.snapshot(kgOf)], (kg) => kg === 1);
    expect(back.entryCount()).toBe(1);
    sc.key = 'a';
    expect(valueState<number[]>(back, 'v', sc).value()).toEqual([MIN_TIME, 1.5]);
    back.restore([], () => true);
    expect(back.entryCount()).toBe(0);
    expect(valueState<number[]>(back, 'v', sc).value()).toBeUndefined();
  });
});

test('msgpack keeps what JSON loses: undefined, -Infinity, NaN, Maps of Maps, bigints', () => {
  const b = lmdb('msgpack')();
  const v = valueState<unknown>(b, 'v', scope());
  const value = {
    u: undefined,
    inf: Number.NEGATIVE_INFINITY,
    nan: Number.NaN,
    m: new Map([[1, new Map([['x', 2n]])]]),
    big: -(2n ** 70n),
  };
  v.update(value);
  expect(v.value()).toEqual(value);
});

// ---- the event engine on both backends ----

type Input = Array<{ arrival: number; record: Rec }>;

const inputArb = fc
  .array(
    fc.record({
      key: fc.integer({ min: 0, max: 4 }),
      value: fc.integer({ min: -5, max: 20 }),
      lag: fc.integer({ min: 0, max: 3000 }),
      gapMs: fc.integer({ min: 0, max: 400 }),
    }),
    { maxLength: 80 },
  )
  .map((xs): Input => {
    let t = 0;
    return xs.map((x) => {
      t += x.gapMs;
      return { arrival: t, record: { key: `k${x.key}`, value: x.value, ts: t - x.lag } };
    });
  });

const windowArb = fc.oneof(
  fc.record({ kind: fc.constant('tumbling' as const), size: fc.constantFrom(500, 1000, 3000) }),
  fc.record({ kind: fc.constant('sliding' as const), size: fc.constantFrom(1000, 3000), slide: fc.constantFrom(500, 1000) }),
  fc.record({ kind: fc.constant('session' as const), gap: fc.constantFrom(200, 700) }),
  fc.record({ kind: fc.constant('count' as const), size: fc.constantFrom(2, 3, 5) }),
  fc.record({ kind: fc.constant('count' as const), size: fc.constantFrom(3, 4), slide: fc.constantFrom(1, 2) }),
);
const aggArb = fc.constantFrom(
  { fn: 'sum', field: 'value' },
  { fn: 'count' },
  { fn: 'avg', field: 'value' },
  { fn: 'collect', field: 'value' },
);

function run(
  job: unknown,
  input: Input,
  stateBackend: () => KeyedStateBackend,
  opts: { parallelism: number; checkpointAt: number; restartAt: number },
): Emission[] {
  const e = new EventEngine(compileJob(parseJob(job)), { stateBackend, parallelism: opts.parallelism });
  const out: Emission[] = [];
  input.forEach(({ arrival, record }, i) => {
    if (i === opts.checkpointAt) e.checkpoint();
    if (i === opts.restartAt) e.restart();
    e.advance(arrival);
    e.add([record]);
    out.push(...e.drain());
  });
  e.end();
  out.push(...e.drain());
  return out;
}

test('the event engine emits exactly the same on heap and lmdb, with a checkpoint and a restart (fast-check, 60 runs)', () => {
  const f = lmdb();
  let emitted = 0;
  fc.assert(
    fc.property(
      inputArb,
      windowArb,
      aggArb,
      fc.nat(),
      fc.nat(),
      fc.constantFrom(1, 2),
      fc.constantFrom(0, 200),
      (input, window, aggregate, a, b, parallelism, lateness) => {
        const job = { key: 'key', window, aggregate, allowedLateness: lateness, watermark: { delay: 300, interval: 200 } };
        const n = input.length;
        const checkpointAt = n === 0 ? 0 : a % n;
        const restartAt = n === 0 ? 0 : checkpointAt + (b % (n - checkpointAt));
        const opts = { parallelism, checkpointAt, restartAt };
        const heap = run(job, input, () => new HeapKeyedStateBackend(), opts);
        expect(run(job, input, f, opts)).toEqual(heap);
        emitted += heap.filter((e) => e.output === 'main').length;
      },
    ),
    { seed: 20261124, numRuns: 60 },
  );
  expect(f.created).toBeGreaterThan(60);
  expect(emitted).toBeGreaterThan(200); // the runs are not vacuous
});

test('a restart disposes the old subtasks’ sub-databases and reuses them: 25 restarts at parallelism 2 keep 2 in use', () => {
  const f = lmdb();
  const job = { key: 'k', window: { kind: 'tumbling', size: 100 }, aggregate: { fn: 'count' }, watermark: { delay: 0 } };
  const records = Array.from({ length: 500 }, (_, i) => ({ k: `k${i % 7}`, ts: i * 2 }));
  const go = (stateBackend?: () => KeyedStateBackend) => {
    const e = new EventEngine(compileJob(parseJob(job)), { parallelism: 2, ...(stateBackend ? { stateBackend } : {}) });
    const out: Emission[] = [];
    records.forEach((r, i) => {
      if (i % 20 === 10) e.checkpoint();
      if (i % 20 === 19) e.restart();
      e.add([r]);
      out.push(...e.drain());
    });
    e.end();
    out.push(...e.drain());
    return out;
  };
  expect(go(f)).toEqual(go());
  expect(f.created).toBe(2 + 2 * 25);
  expect(f.inUse).toBe(2);
});

test('a KeyedProcessFunction with ctx.valueState(name, { ttl: 100 }) on lmdb: state seen at +99 ms of processing time, gone at +100', () => {
  const seen: KeyedProcessFunction = {
    processElement(r, ctx, out) {
      const last = ctx.valueState<number>('last', { ttl: 100 });
      out({ at: ctx.timerService().currentProcessingTime(), previous: last.value() ?? null });
      last.update(r.n as number);
    },
  };
  for (const stateBackend of [lmdb(), () => new HeapKeyedStateBackend()]) {
    const e = executionEnvironment({ stateBackend })
      .source()
      .keyBy((r) => r.k)
      .process(seen)
      .engine();
    const values: unknown[] = [];
    for (const [at, n] of [
      [1000, 1],
      [1099, 2],
      [1199, 3],
      [1299, 4],
    ] as const) {
      e.advance(at);
      e.add([{ k: 'a', n }]);
      for (const x of e.drain()) if (x.output === 'main') values.push(x.value);
    }
    expect(values).toEqual([
      { at: 1000, previous: null },
      { at: 1099, previous: 1 },
      { at: 1199, previous: null }, // written at 1099: 1099 + 100 <= 1199
      { at: 1299, previous: null },
    ]);
  }
});
