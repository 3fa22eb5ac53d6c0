// An independent check of the multi aggregate (engines/core/multi-aggregate.ts) as the oracle evaluates it:
// DuckDB computes the same named aggregates — `count(*)`, `count(DISTINCT …)`, `sum/min/max/avg(…)`, each
// with or without `FILTER (WHERE …)` — per key and tumbling or sliding window over random inputs.
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import type { Rec } from '../core/aggregates.ts';
import { type AggregateFilter, type Job, type NamedAggregateSpec, parseJob } from '../core/job.ts';
import { multiColumns } from './multi-sql.ts';
import { evaluate } from './oracle.ts';

type Conn = Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;

let conn: Conn;
beforeAll(async () => {
  conn = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => conn.closeSync());

const rowsArb = fc.array(
  fc.record({
    k: fc.constantFrom('a', 'b', 'c'),
    ts: fc.integer({ min: -30, max: 60 }),
    price: fc.integer({ min: 0, max: 20 }),
    // Numbers, strings that look like them, and nulls: DISTINCT must tell 1 from "1" and skip null.
    bidder: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom('1', '2', null)),
    channel: fc.constantFrom('apple', 'google', 'x'),
  }),
  { maxLength: 40 },
);

const filterArb: fc.Arbitrary<AggregateFilter> = fc.oneof(
  fc.record({ field: fc.constant('price'), lt: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ field: fc.constant('price'), gte: fc.integer({ min: 0, max: 10 }), lt: fc.integer({ min: 5, max: 21 }) }),
  fc.record({ field: fc.constant('price'), gt: fc.integer({ min: 0, max: 20 }), lte: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ field: fc.constant('channel'), eq: fc.constantFrom('apple', 'google') }),
  fc.record({ field: fc.constant('bidder'), eq: fc.constantFrom<string | number>(1, '1') }),
);

const namedArb: fc.Arbitrary<NamedAggregateSpec> = fc
  .tuple(
    fc.constantFrom<NamedAggregateSpec>(
      { fn: 'count' },
      { fn: 'count', distinct: 'bidder' },
      { fn: 'count', distinct: 'channel' },
      { fn: 'sum', field: 'price' },
      { fn: 'min', field: 'price' },
      { fn: 'max', field: 'price' },
      { fn: 'avg', field: 'price' },
    ),
    fc.option(filterArb, { nil: undefined }),
  )
  .map(([s, filter]) => (filter ? { ...s, filter } : s));

const windowArb = fc.oneof(
  fc.integer({ min: 3, max: 25 }).map((size) => ({ kind: 'tumbling' as const, size })),
  fc
    .tuple(fc.integer({ min: 2, max: 10 }), fc.integer({ min: 1, max: 3 }))
    .map(([slide, n]) => ({ kind: 'sliding' as const, size: slide * n + (n > 1 ? 1 : 0), slide })),
);

async function duckdb(job: Job, rows: readonly Rec[]): Promise<string[]> {
  const m = multiColumns(job.aggregate);
  await conn.run(`CREATE OR REPLACE TABLE ev (k VARCHAR, t BIGINT, ${m.ddl})`);
  const app = await conn.createAppender('ev');
  for (const r of rows) {
    app.appendVarchar(r.k as string);
    app.appendBigInt(BigInt(r.ts as number));
    for (const v of m.values(r)) {
      if (v === null) app.appendNull();
      else if (typeof v === 'number') app.appendDouble(v);
      else app.appendVarchar(v);
    }
    app.endRow();
  }
  app.flushSync();
  app.closeSync();
  const w = job.window as { kind: 'tumbling' | 'sliding'; size: number; slide?: number };
  const slide = w.slide ?? w.size;
  // Every start s ≡ 0 (mod slide) with s <= t < s + size.
  const sql = `SELECT k, s, ${m.select} FROM (
      SELECT ev.*, unnest(range(last - ${Math.ceil(w.size / slide) * slide}, last + 1, ${slide})) AS s
      FROM (SELECT *, t - ((t % ${slide}) + ${slide}) % ${slide} AS last FROM ev) ev
    ) WHERE s > t - ${w.size} GROUP BY k, s`;
  const out = (await conn.runAndReadAll(sql)).getRows();
  return out.map((row) => JSON.stringify([row[0], Number(row[1]), m.value(row, 2)])).sort();
}

test('multi aggregates with FILTER and DISTINCT, per key and window: the oracle equals DuckDB', async () => {
  await fc.assert(
    fc.asyncProperty(rowsArb, fc.array(namedArb, { minLength: 1, maxLength: 6 }), windowArb, async (rows, named, window) => {
      const of = Object.fromEntries(named.map((s, i) => [`a${i}`, s]));
      const job = parseJob({ key: 'k', window, aggregate: { fn: 'multi', of } });
      const records = rows as Rec[];
      const oracle = evaluate(
        job,
        records.map((record) => ({ record })),
      ).map((r) => JSON.stringify([r.key, r.window!.start, r.value]));
      expect(oracle.sort()).toEqual(await duckdb(job, records));
    }),
    { numRuns: 60, seed: 20261203 },
  );
});

test('the check fails when a FILTER is ignored', async () => {
  const job = parseJob({
    key: 'k',
    window: { kind: 'tumbling', size: 100 },
    aggregate: { fn: 'multi', of: { cheap: { fn: 'count', filter: { field: 'price', lt: 5 } } } },
  });
  const rows: Rec[] = [
    { k: 'a', ts: 1, price: 1, bidder: 1, channel: 'x' },
    { k: 'a', ts: 2, price: 9, bidder: 1, channel: 'x' },
  ];
  const unfiltered = parseJob({ key: 'k', window: job.window, aggregate: { fn: 'multi', of: { cheap: { fn: 'count' } } } });
  const wrong = evaluate(
    unfiltered,
    rows.map((record) => ({ record })),
  ).map((r) => JSON.stringify([r.key, r.window!.start, r.value]));
  expect(wrong).not.toEqual(await duckdb(job, rows));
});
