// Property: with nothing late, every engine's join output is the oracle's multiset of pairs (SEMANTICS.md E),
// for random two-stream inputs, keys, windows and arrival orders, and for each join kind and type the
// model has. Flink (E1, E2) sees the records in any order and a final watermark; Spark (E4) sees them cut
// into micro-batches in any order, with a watermark delay larger than the disorder, then a sentinel row on
// each side that moves the watermark past everything (so the outer rows come out), event times >= 1 since
// Spark's first watermark is 0 and a row at or below it is late (B3); Storm's JoinBolt (E6) pairs within
// its `(start, end]` windows, a sliding window repeating a pair once per window, its tuples arriving in
// event-time order (out of order, the eviction scan stops at a tuple past the window: C3); DStreams
// (E5) pair records within batch-time windows, so there each record's event time is its arrival time.
import fc from 'fast-check';
import type { Rec } from './core/aggregates.ts';
import type { Emission } from './core/emission.ts';
import type { StepEngine } from './core/engine.ts';
import { type JoinJob, type JoinType, parseJoinJob } from './core/join-job.ts';
import { evaluateJoin } from './oracle/join-oracle.ts';
import { engineModule } from './registry.ts';
import { shuffle } from './test-support/shuffle.ts';

interface Row {
  stream: 'l' | 'r';
  k: string;
  ts: number;
  id: number;
}

const rowsArb = (minTs: number) =>
  fc
    .array(fc.record({ stream: fc.constantFrom('l', 'r'), k: fc.constantFrom('a', 'b', 'c'), ts: fc.integer({ min: minTs, max: 60 }) }), {
      maxLength: 30,
    })
    .map((rs) => rs.map((r, id): Row => ({ ...(r as Omit<Row, 'id'>), id })));

const windowArb = fc.oneof(
  fc.integer({ min: 5, max: 30 }).map((size) => ({ kind: 'tumbling' as const, size })),
  fc
    .tuple(fc.integer({ min: 2, max: 10 }), fc.constantFrom(2, 3))
    .map(([slide, n]) => ({ kind: 'sliding' as const, size: slide * n, slide })),
);

function joinJob(kind: 'window' | 'interval' | 'regular', type: JoinType, extra: Record<string, unknown>): JoinJob {
  return parseJoinJob({
    join: { kind, left: 'l', right: 'r', leftKey: 'k', rightKey: 'k', type, ...(extra.join as object) },
    timestamp: 'ts',
    streams: { l: {}, r: {} },
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'join')),
  });
}

function create(kind: string, job: JoinJob, options: Record<string, unknown>): StepEngine {
  const mod = engineModule(kind)!;
  return mod.create(job, mod.options.parse({ kind, ...options }) as Record<string, unknown>);
}

/** A pair as text, with the window where the model reports one: the multiset element compared. */
const pairText = (e: { window: { start: number; end: number } | null; value: unknown }, withWindow: boolean) => {
  const v = e.value as { left: Rec | null; right: Rec | null };
  return JSON.stringify([withWindow ? e.window : null, v.left?.id ?? null, v.right?.id ?? null]);
};

const mainOf = (out: Emission[]) => out.filter((e) => e.output === 'main');

function expected(job: JoinJob, rows: readonly Row[], closure: '[)' | '(]', withWindow: boolean): string[] {
  return evaluateJoin(
    job,
    rows.map((record) => ({ record: record as unknown as Rec })),
    closure,
  )
    .map((x) => pairText(x, withWindow))
    .sort();
}

function actual(out: Emission[], withWindow: boolean, keep: (id: number) => boolean = () => true): string[] {
  return mainOf(out)
    .map((e) => {
      const m = e as { window: { start: number; end: number } | null; value: { left: Rec | null; right: Rec | null } };
      return { m, ids: [m.value.left?.id ?? null, m.value.right?.id ?? null] as Array<number | null> };
    })
    .filter(({ ids }) => ids.every((id) => id === null || keep(id as number)))
    .map(({ m }) => pairText(m, withWindow))
    .sort();
}

const MAX = Number.MAX_SAFE_INTEGER;
const runs = { numRuns: 60 };

describe('Flink joins equal the oracle when nothing is late (E1, E2)', () => {
  test('window join, any arrival order, one final watermark', () => {
    fc.assert(
      fc.property(rowsArb(0), windowArb, fc.nat(), (rows, window, seed) => {
        const job = joinJob('window', 'inner', { window, watermark: 'explicit' });
        const engine = create('event', job, {});
        engine.add(shuffle(rows, seed) as unknown as Rec[]);
        engine.watermark(MAX);
        expect(actual(engine.drain(), true)).toEqual(expected(job, rows, '[)', true));
      }),
      runs,
    );
  });

  test('interval join, any bounds, in event-time order with watermarks that follow', () => {
    fc.assert(
      fc.property(
        rowsArb(0),
        fc.integer({ min: -10, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        fc.boolean(),
        fc.boolean(),
        (rows, lower, width, loIn, hiIn) => {
          const join = { lower, upper: lower + width, lowerInclusive: loIn, upperInclusive: hiIn };
          const job = joinJob('interval', 'inner', { join, watermark: 'explicit' });
          const engine = create('event', job, {});
          const sorted = [...rows].sort((a, b) => a.ts - b.ts);
          // Each record arrives, then a watermark one below the next record's time: nothing is late (A1: ts < WM).
          const out: Emission[] = [];
          sorted.forEach((r, i) => {
            engine.add([r as unknown as Rec]);
            const next = sorted[i + 1];
            if (next) engine.watermark(next.ts - 1);
            out.push(...engine.drain());
          });
          engine.watermark(MAX);
          out.push(...engine.drain());
          expect(actual(out, false)).toEqual(expected(job, rows, '[)', false));
        },
      ),
      runs,
    );
  });
});

describe('Spark stream-stream joins equal the oracle when nothing is late (E4)', () => {
  const DELAY = 1000;
  const sentinels = (): Row[] => [
    { stream: 'l', k: 'zl', ts: 100_000, id: 10_000 },
    { stream: 'r', k: 'zr', ts: 100_000, id: 10_001 },
  ];
  const typeArb = fc.constantFrom<JoinType>('inner', 'left', 'right', 'full');

  function runBatches(job: JoinJob, rows: Row[], cuts: number[]): Emission[] {
    const engine = create('microbatch', job, { flavor: 'structured' });
    const out: Emission[] = [];
    let from = 0;
    for (const c of [...cuts.filter((c) => c < rows.length), rows.length]) {
      engine.add(rows.slice(from, c) as unknown as Rec[]);
      engine.batch();
      from = c;
    }
    engine.add(sentinels() as unknown as Rec[]);
    engine.batch();
    engine.batch();
    out.push(...engine.drain());
    return out;
  }

  const cutsArb = fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 5 }).map((c) => [...new Set(c)].sort((a, b) => a - b));

  test('window join on key and window, every join type', () => {
    fc.assert(
      fc.property(rowsArb(1), windowArb, typeArb, cutsArb, fc.nat(), (rows, window, type, cuts, seed) => {
        const job = joinJob('window', type, { window, watermark: { delay: DELAY }, outputMode: 'append' });
        const out = runBatches(job, shuffle(rows, seed), cuts);
        expect(actual(out, true, (id) => id < 10_000)).toEqual(expected(job, rows, '[)', true));
      }),
      runs,
    );
  });

  test('time-range join, every join type', () => {
    fc.assert(
      fc.property(
        rowsArb(1),
        fc.integer({ min: -10, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        typeArb,
        cutsArb,
        fc.nat(),
        (rows, lower, width, type, cuts, seed) => {
          const job = joinJob('interval', type, {
            join: { lower, upper: lower + width },
            watermark: { delay: DELAY },
            outputMode: 'append',
          });
          const out = runBatches(job, shuffle(rows, seed), cuts);
          expect(actual(out, false, (id) => id < 10_000)).toEqual(expected(job, rows, '[)', false));
        },
      ),
      runs,
    );
  });

  test('regular (unbounded) inner join', () => {
    fc.assert(
      fc.property(rowsArb(1), cutsArb, fc.nat(), (rows, cuts, seed) => {
        const job = joinJob('regular', 'inner', { outputMode: 'append' });
        const out = runBatches(job, shuffle(rows, seed), cuts);
        expect(actual(out, false, (id) => id < 10_000)).toEqual(expected(job, rows, '[)', false));
      }),
      runs,
    );
  });
});

describe("Storm's JoinBolt equals the oracle on its (start, end] windows (E6)", () => {
  test('inner and left joins, tumbling and sliding (a sliding window repeats a pair per window)', () => {
    fc.assert(
      fc.property(rowsArb(1), windowArb, fc.constantFrom<JoinType>('inner', 'left'), (rows, window, type) => {
        const job = joinJob('window', type, { window, watermark: 'explicit' });
        const engine = create('tuple', job, {});
        engine.add([...rows].sort((a, b) => a.ts - b.ts) as unknown as Rec[]);
        engine.watermark(1_000_000);
        expect(actual(engine.drain(), true)).toEqual(expected(job, rows, '(]', true));
      }),
      runs,
    );
  });
});

describe('DStream joins equal the oracle over batch-time windows (E5)', () => {
  test('each record in the batch it arrives in; inner, left, right and full', () => {
    const INTERVAL = 10;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ stream: fc.constantFrom<'l' | 'r'>('l', 'r'), k: fc.constantFrom('a', 'b'), batch: fc.integer({ min: 0, max: 8 }) }),
          {
            maxLength: 25,
          },
        ),
        fc.constantFrom(1, 2),
        fc.constantFrom(1, 2, 3),
        fc.constantFrom<JoinType>('inner', 'left', 'right', 'full'),
        (raw, slideBatches, n, type) => {
          const lengthBatches = slideBatches * n;
          // A record pushed between batch times b·I and (b+1)·I belongs to batch (b+1)·I; its time is b·I + 5.
          const rows: Row[] = raw.map((r, id) => ({ stream: r.stream, k: r.k, ts: r.batch * INTERVAL + 5, id }));
          const window = { kind: 'sliding' as const, size: lengthBatches * INTERVAL, slide: slideBatches * INTERVAL };
          const job = joinJob('window', type, { window });
          const engine = create('microbatch', job, { flavor: 'dstream', interval: INTERVAL });
          const out: Emission[] = [];
          for (let b = 0; b <= 8 + lengthBatches; b++) {
            engine.add(rows.filter((r) => r.ts === b * INTERVAL + 5) as unknown as Rec[]);
            engine.advance((b + 1) * INTERVAL);
            out.push(...engine.drain());
          }
          // The oracle's windows [t − length, t) hold the records of batches (t − length, t] (B8).
          expect(actual(out, true)).toEqual(expected(job, rows, '[)', true));
        },
      ),
      runs,
    );
  });
});

describe('a stream made distinct per window before the join (Nexmark q8) equals the oracle, on Flink and DStreams (E1, E5)', () => {
  type VRow = Row & { v: number };
  const vRowsArb = fc
    .array(
      fc.record({
        stream: fc.constantFrom<'l' | 'r'>('l', 'r'),
        k: fc.constantFrom('a', 'b', 'c'),
        v: fc.integer({ min: 0, max: 2 }),
        ts: fc.integer({ min: 0, max: 60 }),
      }),
      { maxLength: 30 },
    )
    .map((rs) => rs.map((r, id): VRow => ({ ...r, id })));
  // Per side: paired as records, or grouped on the key alone, or on the key and v.
  const distinctArb = fc.constantFrom<string[] | null>(null, ['k'], ['k', 'v']);
  const text = (r: Rec | null) => (r === null ? null : JSON.stringify(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1))));
  const rowPair = (e: { window: { start: number; end: number } | null; value: unknown }) => {
    const v = e.value as { left: Rec | null; right: Rec | null };
    return JSON.stringify([e.window, text(v.left), text(v.right)]);
  };
  const distinctJob = (window: unknown, left: string[] | null, right: string[] | null, extra: Record<string, unknown> = {}) =>
    parseJoinJob({
      join: { kind: 'window', left: 'l', right: 'r', leftKey: 'k', rightKey: 'k', ...(extra.join as object) },
      timestamp: 'ts',
      window,
      streams: { l: left ? { distinct: left } : {}, r: right ? { distinct: right } : {} },
      ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'join')),
    });
  const oracleRows = (job: JoinJob, rows: readonly Rec[]) =>
    evaluateJoin(
      job,
      rows.map((record) => ({ record })),
      '[)',
    )
      .map(rowPair)
      .sort();

  test('Flink at parallelism 1–3: any arrival order, one final watermark; a grouped row holds only its fields and its stream', () => {
    fc.assert(
      fc.property(
        vRowsArb,
        windowArb,
        distinctArb,
        distinctArb,
        fc.integer({ min: 1, max: 3 }),
        fc.nat(),
        (rows, window, l, r, p, seed) => {
          const job = distinctJob(window, l, r, { watermark: 'explicit' });
          const engine = create('event', job, { parallelism: p });
          engine.add(shuffle(rows, seed) as unknown as Rec[]);
          engine.watermark(MAX);
          const out = mainOf(engine.drain());
          expect(out.map(rowPair).sort()).toEqual(oracleRows(job, rows as unknown as Rec[]));
          for (const e of out) {
            const v = e.value as { left: Rec; right: Rec };
            if (l) expect(Object.keys(v.left).sort()).toEqual([...l, 'stream'].sort());
            if (r) expect(Object.keys(v.right).sort()).toEqual([...r, 'stream'].sort());
          }
        },
      ),
      runs,
    );
  });

  test('DStreams: each windowed side map(fields).distinct() per batch-time window; inner and outer', () => {
    const INTERVAL = 10;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            stream: fc.constantFrom<'l' | 'r'>('l', 'r'),
            k: fc.constantFrom('a', 'b'),
            v: fc.integer({ min: 0, max: 2 }),
            batch: fc.integer({ min: 0, max: 6 }),
          }),
          { maxLength: 25 },
        ),
        fc.constantFrom(1, 2),
        fc.constantFrom(1, 2),
        distinctArb,
        distinctArb,
        fc.constantFrom<JoinType>('inner', 'left', 'full'),
        (raw, slideBatches, n, l, r, type) => {
          const rows = raw.map((x, id) => ({ stream: x.stream, k: x.k, v: x.v, ts: x.batch * INTERVAL + 5, id }));
          const window = { kind: 'sliding' as const, size: slideBatches * n * INTERVAL, slide: slideBatches * INTERVAL };
          const job = distinctJob(window, l, r, { join: { type } });
          const engine = create('microbatch', job, { flavor: 'dstream', interval: INTERVAL });
          const out: Emission[] = [];
          for (let b = 0; b <= 6 + slideBatches * n; b++) {
            engine.add(rows.filter((x) => x.ts === b * INTERVAL + 5) as unknown as Rec[]);
            engine.advance((b + 1) * INTERVAL);
            out.push(...engine.drain());
          }
          expect(mainOf(out).map(rowPair).sort()).toEqual(oracleRows(job, rows as unknown as Rec[]));
        },
      ),
      runs,
    );
  });

  test('checked to fail: without distinct on the left, a key with two left records in a window gives two pairs, not one', () => {
    const rows = [
      { stream: 'l', k: 'a', v: 0, ts: 1, id: 0 },
      { stream: 'l', k: 'a', v: 1, ts: 2, id: 1 },
      { stream: 'r', k: 'a', v: 0, ts: 3, id: 2 },
    ] as unknown as Rec[];
    const grouped = distinctJob({ kind: 'tumbling', size: 10 }, ['k'], null, { watermark: 'explicit' });
    const engine = create('event', grouped, {});
    engine.add(rows);
    engine.watermark(MAX);
    const out = mainOf(engine.drain());
    expect(out.map((e) => (e.value as { left: Rec }).left)).toEqual([{ k: 'a', stream: 'l' }]);
    expect(oracleRows(distinctJob({ kind: 'tumbling', size: 10 }, null, null), rows)).toHaveLength(2);
  });
});
