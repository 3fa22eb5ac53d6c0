// Deterministic fault runs on the virtual clock (C1, C2): crashes lose bolt memory, acking turns the
// loss into replays (duplicates), at-most-once turns it into losses, and a slow bolt replays on its own.

import { RefusedError } from '../core/errors.ts';
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

describe('fault hooks for the scenario runner', () => {
  const job = () =>
    parseJob({ key: 'key', time: 'processing', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'collect', field: 'id' } });
  const engineWith = (options: Record<string, unknown>) =>
    new TupleEngine(job(), parseWith(tupleOptionsSchema, { kind: 'tuple', parallelism: 2, messageTimeout: 3000, ...options }));
  /** 10 records every 100 ms from t=0 up to `until` (exclusive), with `at` hooks before each add. */
  const feed = (engine: TupleEngine, from: number, until: number, at: (t: number) => void, ids = { next: 0 }) => {
    const out: number[] = [];
    for (let t = from; t < until; t += 100) {
      engine.advance(t);
      at(t);
      engine.add(Array.from({ length: 10 }, () => ({ id: ids.next, key: `k${ids.next++ % 10}` })));
      for (const e of engine.drain()) if (e.output === 'main') out.push(...(e.value as number[]));
    }
    return out;
  };
  const finish = (engine: TupleEngine, from: number, until: number) => {
    const out: number[] = [];
    for (let t = from; t <= until; t += 100) {
      engine.advance(t);
      for (const e of engine.drain()) if (e.output === 'main') out.push(...(e.value as number[]));
    }
    return out;
  };

  test('checkpoint and commit crashes are refused: Storm core has no checkpoints and no transactional sinks (C1)', () => {
    const e = engineWith({});
    expect(() => e.injectFault({ kind: 'crash-during-checkpoint' })).toThrow(RefusedError);
    expect(() => e.injectFault({ kind: 'crash-during-checkpoint' })).toThrow(/no checkpoints/);
    expect(() => e.injectFault({ kind: 'crash-before-commit' })).toThrow(RefusedError);
    expect(() => e.injectFault({ kind: 'crash-before-commit' })).toThrow(/no transactional sinks/);
    expect(e.recoveryLog()).toEqual({ checkpoints: [], restarts: [], replayed: 0 });
  });

  test('with acking, a restart logs the roots it sent back; the spout re-emits exactly that many once the timeout passed', () => {
    const e = engineWith({});
    let pendingAtCrash = -1;
    const out = feed(e, 0, 5000, (t) => {
      if (t !== 2500) return;
      pendingAtCrash = e.stats().pending;
      e.restart();
    });
    out.push(...finish(e, 5000, 20_000));
    expect(pendingAtCrash).toBeGreaterThan(0);
    const log = e.recoveryLog();
    expect(log).toEqual({
      checkpoints: [],
      restarts: [{ at: 2500, fromCheckpoint: null, replayed: pendingAtCrash }],
      replayed: pendingAtCrash,
    });
    expect(e.stats()).toMatchObject({ replayed: pendingAtCrash, timedOut: pendingAtCrash, pending: 0 });
    expect(new Set(out).size).toBe(500); // every input reflected at least once
    // The log is a copy: the caller cannot rewrite the engine's history.
    log.restarts[0]!.replayed = -1;
    expect(e.recoveryLog().restarts[0]!.replayed).toBe(pendingAtCrash);
  });

  test('two restarts before the timeouts count each doomed root once', () => {
    const e = engineWith({});
    const out = feed(e, 0, 5000, (t) => {
      if (t === 2500 || t === 2600) e.restart();
    });
    out.push(...finish(e, 5000, 20_000));
    const [a, b] = e.recoveryLog().restarts;
    expect(a!.replayed).toBeGreaterThan(0);
    expect(b!.replayed).toBe(10); // only the 10 records emitted between the two crashes
    expect(e.stats().replayed).toBe(a!.replayed + b!.replayed);
    expect(new Set(out).size).toBe(500);
  });

  test('without acking a restart replays nothing: restarts logged with replayed 0', () => {
    const e = engineWith({ acking: false });
    const out = feed(e, 0, 5000, (t) => {
      if (t === 2500) e.restart();
    });
    out.push(...finish(e, 5000, 20_000));
    expect(e.recoveryLog().restarts).toEqual([{ at: 2500, fromCheckpoint: null, replayed: 0 }]);
    expect(e.stats().replayed).toBe(0);
    expect(out.length).toBe(new Set(out).size);
    expect(out.length).toBeLessThan(500);
  });

  test('slow-task with acking: trees time out although processed, the replays duplicate, nothing is lost (C2)', () => {
    const run = (slow: boolean) => {
      const e = engineWith({ parallelism: 1, messageTimeout: 2000 });
      const out = feed(e, 0, 3000, (t) => {
        if (slow && t === 500) e.injectFault({ kind: 'slow-task', cost: 20, duration: 2000 });
      });
      out.push(...finish(e, 3000, 60_000));
      return { out, stats: e.stats(), log: e.recoveryLog() };
    };
    const fast = run(false);
    expect(fast.stats).toMatchObject({ replayed: 0, timedOut: 0 });
    expect(fast.out.length).toBe(300);
    const slow = run(true);
    expect(new Set(slow.out).size).toBe(300); // nothing lost
    expect(slow.stats.replayed).toBeGreaterThan(0);
    expect(slow.out.length - 300).toBeGreaterThan(0); // duplicates, nothing crashed
    expect(slow.out.length - 300).toBeLessThanOrEqual(slow.stats.replayed);
    expect(slow.stats).toMatchObject({ failed: 0, timedOut: slow.stats.replayed, pending: 0, lostInCrash: 0 });
    expect(slow.log.restarts).toEqual([]); // a slow task is not a restart
  });

  test('slow-task without acking delays results but neither loses nor repeats anything', () => {
    const e = engineWith({ parallelism: 1, acking: false });
    const out = feed(e, 0, 3000, (t) => {
      if (t === 500) e.injectFault({ kind: 'slow-task', cost: 20, duration: 2000 });
    });
    out.push(...finish(e, 3000, 60_000));
    expect(out.length).toBe(300);
    expect(new Set(out).size).toBe(300);
  });

  test('slow-task slows one bolt task only while it lasts: turns starting before its end take the cost', () => {
    let available = 0;
    let next = 0;
    const counted: number[] = [];
    const spec = topology()
      .spout('ids', () => {
        let c: SpoutOutputCollector;
        return {
          open: (_x, collector) => {
            c = collector;
          },
          nextTuple: () => {
            if (next < available) c.emit({ id: next++ });
          },
        };
      })
      .bolt('count', () => basicBolt((t) => void counted.push(t.values.id as number)))
      .shuffleGrouping('ids')
      .build();
    const rt = new Runtime(spec, { acking: false });
    expect(() => rt.slowTask(rt.taskIds('ids')[0]!, 10, 100)).toThrow(/not a bolt/);
    rt.slowTask(rt.taskIds('count')[0]!, 10, 100);
    available = 20;
    rt.wakeSpouts();
    expect(counted).toEqual([]); // the first tuple takes 10 ms
    rt.advanceTo(99);
    expect(counted.length).toBe(9); // turns started at 0, 10, …, 80 are done; the one started at 90 ends at 100
    rt.advanceTo(100);
    expect(counted.length).toBe(20); // from t=100 the task is fast again: the backlog runs at once
  });
});
