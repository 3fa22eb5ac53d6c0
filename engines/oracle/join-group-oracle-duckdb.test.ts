// An independent check of the join-group oracle (Nexmark q4, core/join-group.ts): DuckDB runs q4's published
// SQL — a GROUP BY (A.id, A.category) over auction ⋈ bid with the bid inside the auction's lifetime, then a
// GROUP BY category over that — on random auctions and bids (few ids and categories, equal prices, NULL
// prices, bids of no auction, an id twice), with the functions of both stages varied. The rows must be the
// oracle's: the same groups and the same results (SQL's NULL rules included).
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import type { Rec } from '../core/aggregates.ts';
import { parseJoinJob } from '../core/join-job.ts';
import { Q4_JOIN, Q4_WHERE } from '../test-support/nexmark-q4.ts';
import { evaluateJoinGroup } from './join-group-oracle.ts';

type Conn = Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;

let conn: Conn;
beforeAll(async () => {
  conn = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => conn.closeSync());

type Ev =
  | { kind: 'a'; id: number; category: number; dt: number; ex: number }
  | { kind: 'b'; auction: number; price: number | null; dt: number };

const sqlValue = (v: number | null) => (v === null ? 'NULL' : String(v));

async function load(evs: readonly Ev[]): Promise<void> {
  await conn.run('CREATE OR REPLACE TABLE auction (id INTEGER, category INTEGER, dateTime INTEGER, expires INTEGER)');
  await conn.run('CREATE OR REPLACE TABLE bid (auction INTEGER, price INTEGER, dateTime INTEGER)');
  for (const e of evs) {
    if (e.kind === 'a') await conn.run(`INSERT INTO auction VALUES (${e.id}, ${e.category}, ${e.dt}, ${e.ex})`);
    else await conn.run(`INSERT INTO bid VALUES (${e.auction}, ${sqlValue(e.price)}, ${e.dt})`);
  }
}

/** A result as text: integers exactly, fractions to 12 significant digits (sums of means may differ in the last bit). */
const num = (v: unknown) =>
  v === null ? 'null' : typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(12) : String(typeof v === 'bigint' ? Number(v) : v);

async function query(sql: string): Promise<string[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRows().map((row) => row.map(num).join('|'));
}

const evsArb = fc.array(
  fc.oneof(
    fc.record({
      kind: fc.constant('a' as const),
      id: fc.integer({ min: 0, max: 4 }),
      category: fc.integer({ min: 0, max: 2 }),
      dt: fc.integer({ min: 0, max: 30 }),
      ex: fc.integer({ min: 0, max: 60 }),
    }),
    fc.record({
      kind: fc.constant('b' as const),
      auction: fc.integer({ min: 0, max: 5 }),
      price: fc.option(fc.integer({ min: 1, max: 6 }), { freq: 6 }),
      dt: fc.integer({ min: 0, max: 60 }),
    }),
  ),
  { maxLength: 40, size: 'max' },
);

const input = (evs: readonly Ev[]) =>
  evs.map((e) => ({
    record: (e.kind === 'a'
      ? { stream: 'auctions', id: e.id, category: e.category, dateTime: e.dt, expires: e.ex }
      : { stream: 'bids', auction: e.auction, price: e.price, dateTime: e.dt }) as Rec,
  }));

const SQL_FN = { count: 'COUNT', sum: 'SUM', min: 'MIN', max: 'MAX', avg: 'AVG' } as const;
type Fn = keyof typeof SQL_FN;

/** The job and DuckDB's SQL of `first(price)` per (id, category), then `second(final)` (or COUNT(*)) per category. */
function both(first: Fn, second: Fn | 'count(*)' | null, where: boolean) {
  const job = parseJoinJob({
    join: Q4_JOIN,
    streams: { auctions: {}, bids: {} },
    timestamp: 'dateTime',
    ...(where ? { where: Q4_WHERE } : {}),
    groupBy: [
      { keys: ['left.id', 'left.category'], aggregate: { fn: first, field: 'right.price' }, as: 'final' },
      ...(second === null
        ? []
        : [{ keys: ['category'], aggregate: second === 'count(*)' ? { fn: 'count' } : { fn: second, field: 'final' }, as: 'avg' }]),
    ],
  });
  const inner = `SELECT A.id, A.category, ${SQL_FN[first]}(B.price) AS final FROM auction A, bid B
    WHERE A.id = B.auction ${where ? 'AND B.dateTime BETWEEN A.dateTime AND A.expires' : ''} GROUP BY A.id, A.category`;
  const outer = second === null ? null : second === 'count(*)' ? 'COUNT(*)' : `${SQL_FN[second]}(final)`;
  const sql = outer === null ? inner : `SELECT category, ${outer} FROM (${inner}) Q GROUP BY Q.category`;
  return { job, sql };
}

const rowsOf = (job: ReturnType<typeof both>['job'], evs: readonly Ev[]) =>
  evaluateJoinGroup(job, input(evs)).map((r) => Object.values(r.row!).map(num).join('|'));

test("Nexmark q4's SQL (AVG of MAX(price) per auction, per category): the oracle equals DuckDB", async () => {
  const { job, sql } = both('max', 'avg', true);
  let several = 0;
  await fc.assert(
    fc.asyncProperty(evsArb, async (evs) => {
      await load(evs);
      const got = rowsOf(job, evs);
      expect(got.sort()).toEqual((await query(sql)).sort());
      if (got.length > 1) several++;
    }),
    { numRuns: 40, seed: 20261204 },
  );
  expect(several).toBeGreaterThan(20); // most inputs have several categories
});

test('other functions in either stage, with and without the where, COUNT(*) and COUNT(final) (NULL maxima)', async () => {
  const fnArb = fc.constantFrom<Fn>('count', 'sum', 'min', 'max', 'avg');
  await fc.assert(
    fc.asyncProperty(
      evsArb,
      fnArb,
      fc.option(fc.constantFrom<Fn | 'count(*)'>('count', 'sum', 'min', 'max', 'avg', 'count(*)')),
      fc.boolean(),
      async (evs, first, second, where) => {
        await load(evs);
        const { job, sql } = both(first, second, where);
        expect(rowsOf(job, evs).sort()).toEqual((await query(sql)).sort());
      },
    ),
    { numRuns: 60, seed: 4 },
  );
});
