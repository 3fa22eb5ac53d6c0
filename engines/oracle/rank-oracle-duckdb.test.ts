// An independent check of the rank oracle: DuckDB evaluates the same random inputs in SQL — dedup as
// ROW_NUMBER() OVER (PARTITION BY k ORDER BY t) = 1 (ascending for keep-first, descending for keep-last; ties
// by input order), top-N as ROW_NUMBER() <= n per (window, partition) over rows expanded into their tumbling
// or sliding windows (and RANK() <= n for `function: 'rank'`, ties sharing a rank), and the chained aggregation as a GROUP BY over a GROUP BY. `dedup.within` is a
// sequential rule (each kept row opens a new span) that SQL does not say more simply: the oracle's unit
// tests cover it.
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import type { Rec } from '../core/aggregates.ts';
import { type ChainedJob, parseChainedJob, parseDedupJob, parseTopNJob, type TopNJob } from '../core/rank-job.ts';
import { evaluateChained, evaluateDedup, evaluateTopN } from './rank-oracle.ts';

type Conn = Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;

interface Row {
  k: string;
  cat: string;
  price: number;
  ts: number;
  id: number;
}

let conn: Conn;
beforeAll(async () => {
  conn = await (await DuckDBInstance.create(':memory:')).connect();
});

async function load(rows: readonly Row[]): Promise<void> {
  await conn.run('CREATE OR REPLACE TABLE ev (id INTEGER, k VARCHAR, cat VARCHAR, price INTEGER, t BIGINT)');
  const app = await conn.createAppender('ev');
  for (const r of rows) {
    app.appendInteger(r.id);
    app.appendVarchar(r.k);
    app.appendVarchar(r.cat);
    app.appendInteger(r.price);
    app.appendBigInt(BigInt(r.ts));
    app.endRow();
  }
  app.flushSync();
  app.closeSync();
}

async function query(sql: string): Promise<unknown[][]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRows().map((row) => row.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
}

/** ev's rows with a window start `s` per window they fall in ([s, s + size), starts ≡ 0 mod slide). */
function windowed(w: { kind: 'tumbling' | 'sliding'; size: number; slide?: number }): string {
  const slide = w.slide ?? w.size;
  return `(SELECT * FROM (
      SELECT ev.*, unnest(range(last - ${Math.ceil(w.size / slide) * slide}, last + 1, ${slide})) AS s
      FROM (SELECT *, t - ((t % ${slide}) + ${slide}) % ${slide} AS last FROM ev) ev
    ) WHERE s > t - ${w.size})`;
}

const input = (rows: readonly Row[]) => rows.map((r) => ({ record: r as unknown as Rec }));

const rowsArb = fc
  .array(
    fc.record({
      k: fc.constantFrom('a', 'b', 'c'),
      cat: fc.constantFrom('x', 'y'),
      price: fc.integer({ min: 0, max: 6 }),
      ts: fc.integer({ min: -30, max: 60 }),
    }),
    { maxLength: 30 },
  )
  .map((rs) => rs.map((r, id): Row => ({ ...r, id })));

const windowArb = fc.oneof(
  fc.integer({ min: 3, max: 25 }).map((size) => ({ kind: 'tumbling' as const, size })),
  fc
    .tuple(fc.integer({ min: 2, max: 10 }), fc.integer({ min: 1, max: 3 }))
    .map(([slide, n]) => ({ kind: 'sliding' as const, size: slide * n + (n > 1 ? 1 : 0), slide })),
);

const runs = { numRuns: 40, seed: 20261203 };

test('dedup keep first / keep last: the oracle equals ROW_NUMBER() = 1 in DuckDB', async () => {
  await fc.assert(
    fc.asyncProperty(rowsArb, fc.constantFrom<'first' | 'last'>('first', 'last'), async (rows, keep) => {
      const job = parseDedupJob({ dedup: { keep, key: ['k'] } });
      await load(rows);
      const dir = keep === 'first' ? 'ASC' : 'DESC';
      const sql = `SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY k ORDER BY t ${dir}, id ${dir}) AS rn FROM ev) WHERE rn = 1`;
      const expected = (await query(sql)).map(([id]) => id as number).sort((a, b) => a - b);
      expect(
        evaluateDedup(job, input(rows))
          .map((r) => r.id as number)
          .sort((a, b) => a - b),
      ).toEqual(expected);
    }),
    runs,
  );
});

function topNSql(job: TopNJob): string {
  const s = job.topN;
  const partition = [...(job.window ? ['s'] : []), ...s.partitionBy];
  const over = `${partition.length > 0 ? `PARTITION BY ${partition.join(', ')} ` : ''}ORDER BY price ${s.desc ? 'DESC' : 'ASC'}, id ASC`;
  const from = job.window ? windowed(job.window as { kind: 'tumbling' | 'sliding'; size: number; slide?: number }) : 'ev';
  const start = job.window ? 's' : 'NULL';
  return `SELECT ${start} AS s, rn, id FROM (SELECT *, ROW_NUMBER() OVER (${over}) AS rn FROM ${from}) WHERE rn <= ${s.n}`;
}

/** RANK() <= n per (window, partition): no tie-break column, so equal prices share a rank. */
function rankSql(job: TopNJob): string {
  const s = job.topN;
  const partition = ['s', ...s.partitionBy];
  const over = `PARTITION BY ${partition.join(', ')} ORDER BY price ${s.desc ? 'DESC' : 'ASC'}`;
  const from = windowed(job.window as { kind: 'tumbling' | 'sliding'; size: number; slide?: number });
  return `SELECT s, rk, id FROM (SELECT *, RANK() OVER (${over}) AS rk FROM ${from}) WHERE rk <= ${s.n}`;
}

test('window top-N with function rank: the oracle equals RANK() <= n (every tie at the cut kept)', async () => {
  let tiesPastN = 0;
  await fc.assert(
    fc.asyncProperty(
      rowsArb,
      windowArb,
      fc.integer({ min: 1, max: 3 }),
      fc.constantFrom([], ['cat']),
      fc.boolean(),
      async (rows, window, n, partitionBy, desc) => {
        const job = parseTopNJob({ topN: { n, partitionBy, orderBy: 'price', desc, function: 'rank' }, window });
        await load(rows);
        const expected = (await query(rankSql(job))).map((r) => JSON.stringify(r)).sort();
        const got = evaluateTopN(job, input(rows));
        const cells = new Map<string, number>();
        for (const t of got) {
          const id = JSON.stringify([t.window?.start, t.partition]);
          cells.set(id, (cells.get(id) ?? 0) + 1);
        }
        if ([...cells.values()].some((c) => c > n)) tiesPastN++;
        const actual = got.map((t) => JSON.stringify([t.window?.start ?? null, t.rank, t.record.id]));
        expect(actual.sort()).toEqual(expected);
      },
    ),
    runs,
  );
  // The random inputs did reach the case RANK exists for: more than n rows kept in some window.
  expect(tiesPastN).toBeGreaterThan(0);
});

test('top-N, with a tumbling or sliding window or none, partitioned or not: the oracle equals ROW_NUMBER() <= n', async () => {
  await fc.assert(
    fc.asyncProperty(
      rowsArb,
      fc.option(windowArb, { nil: undefined }),
      fc.integer({ min: 1, max: 3 }),
      fc.constantFrom([], ['cat']),
      fc.boolean(),
      async (rows, window, n, partitionBy, desc) => {
        const job = parseTopNJob({ topN: { n, partitionBy, orderBy: 'price', desc }, ...(window ? { window } : {}) });
        await load(rows);
        const expected = (await query(topNSql(job))).map((r) => JSON.stringify(r)).sort();
        const actual = evaluateTopN(job, input(rows)).map((t) => JSON.stringify([t.window?.start ?? null, t.rank, t.record.id]));
        expect(actual.sort()).toEqual(expected);
      },
    ),
    runs,
  );
});

const SQL_AGG: Record<string, (col: string) => string> = {
  count: () => 'count(*)',
  sum: (c) => `sum(${c})`,
  max: (c) => `max(${c})`,
  min: (c) => `min(${c})`,
};

function chainedSql(job: ChainedJob): string {
  const first = SQL_AGG[job.aggregate.fn]!('price');
  const second = SQL_AGG[job.perWindow.aggregate.fn]!('v');
  const from = windowed(job.window as { kind: 'tumbling' | 'sliding'; size: number; slide?: number });
  return `SELECT s, ${second} AS r FROM (SELECT s, k, ${first} AS v FROM ${from} GROUP BY s, k) GROUP BY s`;
}

test('a chained aggregation: the oracle equals a GROUP BY (window) over a GROUP BY (window, key)', async () => {
  await fc.assert(
    fc.asyncProperty(
      rowsArb,
      windowArb,
      fc.constantFrom('count', 'sum', 'max'),
      fc.constantFrom('count', 'sum', 'max', 'min'),
      async (rows, window, f1, f2) => {
        const job = parseChainedJob({
          key: 'k',
          window,
          aggregate: f1 === 'count' ? { fn: f1 } : { fn: f1, field: 'price' },
          perWindow: { aggregate: f2 === 'count' ? { fn: f2 } : { fn: f2, field: 'value' } },
        });
        await load(rows);
        const expected = (await query(chainedSql(job))).map((r) => JSON.stringify(r)).sort();
        const actual = evaluateChained(job, input(rows)).map((c) => JSON.stringify([c.window.start, c.value]));
        expect(actual.sort()).toEqual(expected);
      },
    ),
    runs,
  );
});
