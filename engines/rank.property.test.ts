// Property: with nothing late, every engine that runs a dedup or top-N job ends in the rank oracle's state
// (oracle/rank-oracle.ts) — the rows of an append-only output, or the final state of a changelog (keep-last,
// the unbounded Top-N: core/rank-job.ts finalChangelog). The oracle reads the input in arrival order, since
// ties (equal event time, equal order value) go by arrival in every engine. Flink sees the records in any
// order and one final watermark, or in event-time order with watermarks that follow (timers fire mid-stream);
// Spark sees them cut into micro-batches with a watermark delay larger than the whole range, in event-time
// order where the kept row is the first arrival (dropDuplicates keeps arrivals, not the smallest event time).
// A chained aggregation is compared as the multiset of (window, second result); Storm's windowed Top-N bolt
// on its `(start, end]` windows, tuples in event-time order (out of order, its eviction scan stops: C3).
import fc from 'fast-check';
import type { Rec } from './core/aggregates.ts';
import type { Emission } from './core/emission.ts';
import type { StepEngine } from './core/engine.ts';
import {
  type ChangelogRow,
  type DedupJob,
  finalChangelog,
  parseChainedJob,
  parseDedupJob,
  parseTopNJob,
  type RankJob,
  type TopNJob,
} from './core/rank-job.ts';
import { evaluateChained, evaluateDedup, evaluateTopN } from './oracle/rank-oracle.ts';
import { engineModule } from './registry.ts';
import { shuffle } from './test-support/shuffle.ts';

interface Row {
  k: string;
  cat: string;
  price: number;
  ts: number;
  id: number;
}

const rowsArb = fc
  .array(
    fc.record({
      k: fc.constantFrom('a', 'b', 'c'),
      cat: fc.constantFrom('x', 'y'),
      price: fc.integer({ min: 0, max: 8 }),
      ts: fc.integer({ min: 1, max: 60 }),
    }),
    { maxLength: 30 },
  )
  .map((rs) => rs.map((r, id): Row => ({ ...r, id })));

const windowArb = fc.oneof(
  fc.integer({ min: 5, max: 30 }).map((size) => ({ kind: 'tumbling' as const, size })),
  fc
    .tuple(fc.integer({ min: 2, max: 10 }), fc.constantFrom(2, 3))
    .map(([slide, n]) => ({ kind: 'sliding' as const, size: slide * n, slide })),
);

const topNArb = fc.record({
  n: fc.integer({ min: 1, max: 3 }),
  partitionBy: fc.constantFrom([], ['cat']),
  orderBy: fc.constant('price'),
  desc: fc.boolean(),
});

function create(kind: string, job: RankJob, options: Record<string, unknown>): StepEngine {
  const mod = engineModule(kind)!;
  return mod.create(job, mod.options.parse({ kind, ...options }) as Record<string, unknown>);
}

const input = (rows: readonly Row[]) => rows.map((r) => ({ record: r as unknown as Rec }));

/** The final rows of the engine's changelog, as `[window start, rank, id]` texts, sorted. */
function finalRows(out: Emission[]): string[] {
  const rows: Array<ChangelogRow & { start: number | null }> = [];
  for (const e of out) if (e.output === 'main') rows.push({ ...(e.value as ChangelogRow), start: e.window?.start ?? null });
  const byStart = new Map<number | null, ChangelogRow[]>();
  for (const r of rows) byStart.set(r.start, [...(byStart.get(r.start) ?? []), r]);
  return [...byStart].flatMap(([start, rs]) => finalChangelog(rs).map((c) => JSON.stringify([start, c.rank ?? null, c.row.id]))).sort();
}

const dedupExpected = (job: DedupJob, rows: readonly Row[]) =>
  evaluateDedup(job, input(rows))
    .map((r) => JSON.stringify([null, null, r.id]))
    .sort();

const topNExpected = (job: TopNJob, rows: readonly Row[]) =>
  evaluateTopN(job, input(rows))
    .map((t) => JSON.stringify([t.window?.start ?? null, t.rank, t.record.id]))
    .sort();

const dropped = (out: Emission[]) => out.filter((e) => e.output === 'dropped').length;
const MAX = Number.MAX_SAFE_INTEGER;
const runs = { numRuns: 60 };

describe('Flink dedup and Top-N end in the oracle state when nothing is late', () => {
  test('keep first and keep last, any arrival order, one final watermark, parallelism 1 or 2', () => {
    fc.assert(
      fc.property(rowsArb, fc.constantFrom('first', 'last'), fc.nat(), fc.constantFrom(1, 2), (rows, keep, seed, parallelism) => {
        const job = parseDedupJob({ dedup: { keep, key: ['k'] }, watermark: 'explicit' });
        const arrival = shuffle(rows, seed);
        const engine = create('event', job, { parallelism });
        engine.add(arrival as unknown as Rec[]);
        engine.watermark(MAX);
        const out = engine.drain();
        expect(finalRows(out)).toEqual(dedupExpected(job, arrival));
        // Keep-first is append-only: one +I per key and nothing retracted (RowTimeDeduplicateKeepFirstRowFunction).
        if (keep === 'first') expect(out.every((e) => e.output !== 'main' || (e.value as ChangelogRow).op === '+I')).toBe(true);
      }),
      runs,
    );
  });

  test('keep first in event-time order, a watermark just behind each record: timers fire mid-stream, nothing is dropped', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const job = parseDedupJob({ dedup: { keep: 'first', key: ['k'] }, watermark: 'explicit' });
        const arrival = [...rows].sort((a, b) => a.ts - b.ts);
        const engine = create('event', job, {});
        for (const r of arrival) {
          engine.add([r as unknown as Rec]);
          engine.watermark(r.ts - 1);
        }
        engine.end();
        const out = engine.drain();
        expect(dropped(out)).toBe(0);
        expect(finalRows(out)).toEqual(dedupExpected(job, arrival));
      }),
      runs,
    );
  });

  test('window Top-N, tumbling or sliding, any arrival order, one final watermark', () => {
    fc.assert(
      fc.property(rowsArb, topNArb, windowArb, fc.nat(), (rows, topN, window, seed) => {
        const job = parseTopNJob({ topN, window, watermark: 'explicit' });
        const arrival = shuffle(rows, seed);
        const engine = create('event', job, {});
        engine.add(arrival as unknown as Rec[]);
        engine.end();
        expect(finalRows(engine.drain())).toEqual(topNExpected(job, arrival));
      }),
      runs,
    );
  });

  test('window Top-N in event-time order with watermarks that follow: each window once, stamped end − 1', () => {
    fc.assert(
      fc.property(rowsArb, topNArb, windowArb, (rows, topN, window) => {
        const job = parseTopNJob({ topN, window, watermark: 'explicit' });
        const arrival = [...rows].sort((a, b) => a.ts - b.ts);
        const engine = create('event', job, {});
        for (const r of arrival) {
          engine.add([r as unknown as Rec]);
          engine.watermark(r.ts - 1);
        }
        engine.end();
        const out = engine.drain();
        expect(dropped(out)).toBe(0);
        for (const e of out) if (e.output === 'main') expect(e.timestamp).toBe(e.window!.end - 1);
        expect(finalRows(out)).toEqual(topNExpected(job, arrival));
      }),
      runs,
    );
  });

  test('unbounded Top-N (a changelog of rank updates), any arrival order', () => {
    fc.assert(
      fc.property(rowsArb, topNArb, fc.nat(), fc.constantFrom(1, 2), (rows, topN, seed, parallelism) => {
        const job = parseTopNJob({ topN, watermark: 'explicit' });
        const arrival = shuffle(rows, seed);
        const engine = create('event', job, { parallelism });
        engine.add(arrival as unknown as Rec[]);
        engine.end();
        expect(finalRows(engine.drain())).toEqual(topNExpected(job, arrival));
      }),
      runs,
    );
  });
});

describe("Storm's windowed Top-N bolt equals the oracle on its (start, end] windows", () => {
  test('tumbling and sliding, ROW_NUMBER or RANK, partitioned (parallelism 1 or 2) or not, tuples in event-time order', () => {
    fc.assert(
      fc.property(
        rowsArb,
        topNArb,
        windowArb,
        fc.constantFrom(1, 2),
        fc.constantFrom('rowNumber', 'rank'),
        (rows, topN, window, parallelism, fn) => {
          const job = parseTopNJob({ topN: { ...topN, function: fn }, window, watermark: 'explicit' });
          const p = topN.partitionBy.length === 0 ? 1 : parallelism;
          const arrival = [...rows].sort((a, b) => a.ts - b.ts);
          const engine = create('tuple', job, { windowing: 'windowedBolt', parallelism: p });
          engine.add(arrival as unknown as Rec[]);
          engine.watermark(1_000_000);
          expect(finalRows(engine.drain())).toEqual(
            evaluateTopN(job, input(arrival), '(]')
              .map((t) => JSON.stringify([t.window?.start ?? null, t.rank, t.record.id]))
              .sort(),
          );
        },
      ),
      runs,
    );
  });
});

test('Flink refuses RANK on a window Top-N (StreamExecWindowRank plans ROW_NUMBER only)', () => {
  const job = parseTopNJob({ topN: { n: 1, orderBy: 'price', function: 'rank' }, window: { kind: 'tumbling', size: 10 } });
  expect(() => create('event', job, {})).toThrow('job.topN.function');
});

describe('Flink chained aggregation equals the oracle when nothing is late', () => {
  const firstArb = fc.constantFrom(
    { fn: 'count' as const },
    { fn: 'sum' as const, field: 'price' },
    { fn: 'max' as const, field: 'price' },
  );
  const secondArb = fc.constantFrom(
    { fn: 'count' as const },
    { fn: 'max' as const, field: 'value' },
    { fn: 'min' as const, field: 'value' },
    { fn: 'sum' as const, field: 'value' },
  );
  test("per-window second aggregation over the first one's results, any arrival order, parallelism 1 to 3", () => {
    fc.assert(
      fc.property(
        rowsArb,
        windowArb,
        firstArb,
        secondArb,
        fc.nat(),
        fc.integer({ min: 1, max: 3 }),
        (rows, window, first, second, seed, p) => {
          const job = parseChainedJob({ key: 'k', window, aggregate: first, perWindow: { aggregate: second }, watermark: 'explicit' });
          const arrival = shuffle(rows, seed);
          const engine = create('event', job, { parallelism: p });
          engine.add(arrival as unknown as Rec[]);
          engine.end();
          const out = engine.drain().flatMap((e) => (e.output === 'main' ? [e] : []));
          for (const e of out) expect(e.timestamp).toBe(e.window!.end - 1);
          const text = (w: { start: number } | null, v: unknown) => JSON.stringify([w?.start, v]);
          expect(out.map((e) => text(e.window, e.value)).sort()).toEqual(
            evaluateChained(job, input(arrival))
              .map((r) => text(r.window, r.value))
              .sort(),
          );
        },
      ),
      runs,
    );
  });
  test("the join back (q5: each first result at its window's max, ties included), any arrival order, parallelism 1 to 3", () => {
    fc.assert(
      fc.property(rowsArb, windowArb, fc.nat(), fc.integer({ min: 1, max: 3 }), (rows, window, seed, p) => {
        const job = parseChainedJob({
          key: 'k',
          window,
          aggregate: { fn: 'count' },
          perWindow: { aggregate: { fn: 'max', field: 'value' }, joinBack: true },
          watermark: 'explicit',
        });
        const arrival = shuffle(rows, seed);
        const engine = create('event', job, { parallelism: p });
        engine.add(arrival as unknown as Rec[]);
        engine.end();
        const out = engine.drain().flatMap((e) => (e.output === 'main' ? [e] : []));
        const text = (w: { start: number } | null, v: unknown) => JSON.stringify([w?.start, v]);
        const expected = evaluateChained(job, input(arrival));
        // Every window's max is reached by at least one of its keys, and a key's row carries its own count.
        for (const r of expected) expect((r.value as { value: number }).value).toBeGreaterThan(0);
        expect(out.map((e) => text(e.window, e.value)).sort()).toEqual(expected.map((r) => text(r.window, r.value)).sort());
      }),
      runs,
    );
  });
  test('in event-time order with watermarks that follow, parallelism 2: each window once, when the min watermark reaches end − 1', () => {
    fc.assert(
      fc.property(rowsArb, windowArb, secondArb, (rows, window, second) => {
        const job = parseChainedJob({
          key: 'k',
          window,
          aggregate: { fn: 'count' },
          perWindow: { aggregate: second },
          watermark: 'explicit',
        });
        const arrival = [...rows].sort((a, b) => a.ts - b.ts);
        const engine = create('event', job, { parallelism: 2 });
        const out: Emission[] = [];
        for (const r of arrival) {
          engine.add([r as unknown as Rec]);
          engine.watermark(r.ts - 1);
          for (const e of engine.drain()) {
            if (e.output === 'main') expect(e.window!.end - 1).toBeLessThanOrEqual(r.ts - 1);
            out.push(e);
          }
        }
        engine.end();
        out.push(...engine.drain());
        const main = out.flatMap((e) => (e.output === 'main' ? [e] : []));
        const text = (w: { start: number } | null, v: unknown) => JSON.stringify([w?.start, v]);
        expect(main.map((e) => text(e.window, e.value)).sort()).toEqual(
          evaluateChained(job, input(arrival))
            .map((r) => text(r.window, r.value))
            .sort(),
        );
      }),
      runs,
    );
  });
});

describe('Spark dedup and chained aggregation equal the oracle when nothing is late', () => {
  const DELAY = 1000;

  function runBatches(job: RankJob, rows: readonly Row[], cuts: number[]): Emission[] {
    const engine = create('microbatch', job, { flavor: 'structured' });
    let from = 0;
    for (const c of [...cuts.filter((c) => c < rows.length), rows.length]) {
      engine.add(rows.slice(from, c) as unknown as Rec[]);
      engine.batch();
      from = c;
    }
    return engine.drain();
  }
  const cutsArb = fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 5 }).map((cs) => [...new Set(cs)].sort((a, b) => a - b));

  test('dropDuplicates(k) and dropDuplicatesWithinWatermark(k), input in event-time order, any micro-batches', () => {
    fc.assert(
      fc.property(rowsArb, cutsArb, fc.boolean(), (rows, cuts, within) => {
        const job = parseDedupJob({
          dedup: { keep: 'first', key: ['k'], ...(within ? { within: DELAY } : {}) },
          watermark: { delay: DELAY },
        });
        const arrival = [...rows].sort((a, b) => a.ts - b.ts);
        const out = runBatches(job, arrival, cuts);
        expect(dropped(out)).toBe(0);
        expect(finalRows(out)).toEqual(dedupExpected(job, arrival));
      }),
      runs,
    );
  });

  test('chained aggregation (window agg -> per-window agg, Append mode), any arrival order, any micro-batches', () => {
    fc.assert(
      fc.property(rowsArb, windowArb, cutsArb, fc.nat(), (rows, window, cuts, seed) => {
        const job = parseChainedJob({
          key: 'k',
          window,
          aggregate: { fn: 'sum', field: 'price' },
          perWindow: { aggregate: { fn: 'max', field: 'value' } },
          watermark: { delay: DELAY },
        });
        const arrival = shuffle(rows, seed);
        // A sentinel far ahead moves the watermark past every window of the input (its own windows are left out).
        const sentinel = { k: 'z', cat: 'x', price: 0, ts: 100_000, id: 10_000 };
        const out = runBatches(job, [...arrival, sentinel], [...cuts.filter((c) => c < arrival.length), arrival.length]);
        expect(dropped(out)).toBe(0);
        const text = (w: { start: number } | null, v: unknown) => JSON.stringify([w?.start, v]);
        const actual = out.flatMap((e) => (e.output === 'main' && e.window!.start < 1000 ? [text(e.window, e.value)] : []));
        expect(actual.sort()).toEqual(
          evaluateChained(job, input(arrival))
            .map((r) => text(r.window, r.value))
            .sort(),
        );
      }),
      runs,
    );
  });

  test('dropDuplicates(k, ts): the event-time column in the key, any arrival order', () => {
    fc.assert(
      fc.property(rowsArb, cutsArb, fc.nat(), (rows, cuts, seed) => {
        const job = parseDedupJob({ dedup: { keep: 'first', key: ['k', 'ts'] }, watermark: { delay: DELAY } });
        const arrival = shuffle(rows, seed);
        const out = runBatches(job, arrival, cuts);
        expect(dropped(out)).toBe(0);
        expect(finalRows(out)).toEqual(dedupExpected(job, arrival));
      }),
      runs,
    );
  });
});
