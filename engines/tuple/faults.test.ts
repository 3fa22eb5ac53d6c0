// Deterministic fault runs on the virtual clock (C1, C2): crashes lose bolt memory, acking turns the
// loss into replays (duplicates), at-most-once turns it into losses, and a slow bolt replays on its own.

import { parseJob } from '../core/job.ts';
import { parseWith } from '../core/validate.ts';
import type { Spout, SpoutOutputCollector } from './components.ts';
import { basicBolt } from './components.ts';
import { tupleOptionsSchema } from './module.ts';
import { Runtime } from './runtime.ts';
import { topology } from './topology.ts';
import { TupleEngine } from './tuple-engine.ts';

/** 500 records, ids 0..499 over keys k0..k9, 10 every 100 ms from t=0; optional crash; run to t=20 s. */
function crashRun(options: Record<string, unknown>, crashAt: number | null) {
  const job = parseJob({
    key: 'key',
    time: 'processing',
    window: { kind: 'tumbling', size: 1000 },
    aggregate: { fn: 'collect', field: 'id' },
  });
  const engine = new TupleEngine(job, parseWith(tupleOptionsSchema, { kind: 'tuple', parallelism: 2, messageTimeout: 3000, ...options }));
  const seen = new Map<number, number[]>(); // id -> ends of the windows it was counted in
  const collect = () => {
    for (const e of engine.drain()) {
      if (e.output !== 'main') continue;
      for (const id of e.value as number[]) seen.set(id, [...(seen.get(id) ?? []), e.window!.end]);
    }
  };
  let id = 0;
  for (let t = 0; t <= 20_000; t += 100) {
    engine.advance(t);
    if (t === crashAt) engine.crashTask('window', 0);
    if (id < 500) engine.add(Array.from({ length: 10 }, () => ({ id, key: `k${id++ % 10}` })));
    collect();
  }
  const counts = [...seen.values()].map((ends) => ends.length);
  const total = counts.reduce((a, b) => a + b, 0);
  return { seen, total, distinct: seen.size, duplicates: total - seen.size, stats: engine.stats() };
}

test('without faults, acking reflects every record exactly once', () => {
  const r = crashRun({}, null);
  expect(r.distinct).toBe(500);
  expect(r.duplicates).toBe(0);
  expect(r.stats).toMatchObject({ emitted: 500, replayed: 0, acked: 500, timedOut: 0, pending: 0 });
});

test('a window task crashing mid-run with acking: every record is reflected at least once, replays add duplicates', () => {
  const r = crashRun({}, 2500);
  expect(r.distinct).toBe(500); // nothing lost
  expect(r.duplicates).toBeGreaterThan(0);
  expect(Math.max(...[...r.seen.values()].map((e) => e.length))).toBe(2);
  // Every replay either re-counts a record already emitted (a duplicate) or recovers one that only
  // lived in the crashed task's window. Replays happen at 6000 (crash at 2500, first rotation 3000,
  // expiry 6000), after every natural window: the restarted task's timer runs from 2500, ends x499.
  const recovered = [...r.seen.values()].filter((ends) => Math.min(...ends) > 6000).length;
  expect(recovered).toBeGreaterThan(0);
  expect(r.duplicates + recovered).toBe(r.stats.replayed);
  // The crashed trees fail only by timeout (T = 3 s, expiry in (T, 2T]), then all complete.
  expect(r.stats).toMatchObject({ timedOut: r.stats.replayed, failed: 0, acked: 500, pending: 0 });
  expect(r).toMatchObject({ duplicates: 50, stats: { replayed: 75 } }); // deterministic from the seed
});

test('a window task crashing mid-run without acking loses what its memory held, and duplicates nothing', () => {
  const r = crashRun({ acking: false }, 2500);
  const lost = 500 - r.distinct;
  expect(lost).toBeGreaterThan(0);
  expect(r.duplicates).toBe(0);
  expect(r.stats).toMatchObject({ replayed: 0, timedOut: 0 });
  expect(lost).toBe(25); // deterministic from the seed
});

test('the same seed gives the same run, fault included', () => {
  const a = crashRun({ seed: 9 }, 2500);
  const b = crashRun({ seed: 9 }, 2500);
  expect([...a.seen.entries()]).toEqual([...b.seen.entries()]);
  expect(a.stats).toEqual(b.stats);
});

/** A spout over ids 0..n-1, replaying failed ids first (the spout's job, C2). */
function listSpout(n: number, replays: number[]): Spout {
  let c: SpoutOutputCollector;
  let next = 0;
  const retry: number[] = [];
  return {
    open: (_x, collector) => {
      c = collector;
    },
    nextTuple() {
      const again = retry.shift();
      if (again !== undefined) {
        replays.push(again);
        c.emit({ id: again }, again);
      } else if (next < n) c.emit({ id: next }, next++);
    },
    fail: (id) => retry.push(id as number),
  };
}

test('a slow bolt with a short timeout replays and duplicates tuples it did process, with nothing crashed', () => {
  // 250 tuples at t=0 into a bolt taking 10 ms each: tuple k (1-based) is counted and acked at 10k ms.
  // The spout's buckets rotate at 1000 and 2000 (T = 1000), so at t=2000 the 51 roots not acked yet
  // (k = 200..250; the tick at 2000 runs before k=200's completion) time out and are replayed, behind
  // the originals still queued. The replays finish by 3020, before their own timeout at 4000.
  const counted = new Map<number, number>();
  const replays: number[] = [];
  const spec = topology()
    .spout('ids', () => listSpout(250, replays))
    .bolt(
      'count',
      () =>
        basicBolt((t) => {
          const id = t.values.id as number;
          counted.set(id, (counted.get(id) ?? 0) + 1);
        }),
      { cost: 10 },
    )
    .shuffleGrouping('ids')
    .build();
  const rt = new Runtime(spec, { messageTimeout: 1000, seed: 3 });
  rt.advanceTo(10_000);
  const total = [...counted.values()].reduce((a, b) => a + b, 0);
  expect(counted.size).toBe(250);
  expect([...replays].sort((a, b) => a - b)).toEqual(Array.from({ length: 51 }, (_, i) => 199 + i)); // in hash order, as Storm's HashMap buckets
  expect(total - counted.size).toBe(51);
  expect(rt.counters).toMatchObject({ timedOut: 51, failed: 0, acked: 250 });
  expect(rt.pendingRoots()).toBe(0);
});

test('the engine option processingDelay makes the window bolt slow: timeouts replay and duplicate, nothing lost', () => {
  const job = parseJob({ time: 'processing', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'collect', field: 'id' } });
  const engine = new TupleEngine(job, parseWith(tupleOptionsSchema, { kind: 'tuple', processingDelay: 4, messageTimeout: 2000 }));
  engine.add(Array.from({ length: 600 }, (_, id) => ({ id })));
  const ids: number[] = [];
  for (let t = 0; t <= 40_000; t += 1000) {
    engine.advance(t);
    for (const e of engine.drain()) if (e.output === 'main') ids.push(...(e.value as number[]));
  }
  const s = engine.stats();
  expect(new Set(ids).size).toBe(600);
  expect(s.replayed).toBeGreaterThan(0);
  expect(ids.length - 600).toBe(s.replayed); // every replay was of a tuple already counted
  expect(s).toMatchObject({ failed: 0, timedOut: s.replayed, pending: 0, lostInCrash: 0 });
});
