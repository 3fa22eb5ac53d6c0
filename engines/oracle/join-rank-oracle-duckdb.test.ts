// An independent check of the join-rank oracle (Nexmark q9): DuckDB evaluates the same random auctions and
// bids as SQL — a JOIN on a.id = b.auction with the non-equi condition in WHERE, then ROW_NUMBER() OVER
// (PARTITION BY a.id ORDER BY the order keys, then the pair's arrival: the later record's input position,
// then the earlier's) <= n, as core/join-rank.ts defines full ties.
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import type { Rec } from '../core/aggregates.ts';
import { parseJoinJob } from '../core/join-job.ts';
import { evaluateJoinRank } from './join-rank-oracle.ts';

type Conn = Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;

let conn: Conn;
beforeAll(async () => {
  conn = await (await DuckDBInstance.create(':memory:')).connect();
});

type Ev = { kind: 'a'; id: number; dt: number; ex: number } | { kind: 'b'; auction: number; price: number; dt: number };

async function load(evs: readonly Ev[]): Promise<void> {
  await conn.run('CREATE OR REPLACE TABLE a (i INTEGER, id INTEGER, dt INTEGER, ex INTEGER)');
  await conn.run('CREATE OR REPLACE TABLE b (i INTEGER, auction INTEGER, price INTEGER, dt INTEGER)');
  for (const [i, e] of evs.entries()) {
    if (e.kind === 'a') await conn.run(`INSERT INTO a VALUES (${i}, ${e.id}, ${e.dt}, ${e.ex})`);
    else await conn.run(`INSERT INTO b VALUES (${i}, ${e.auction}, ${e.price}, ${e.dt})`);
  }
}

async function query(sql: string): Promise<string[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRows().map((row) => JSON.stringify(row.map((v) => (typeof v === 'bigint' ? Number(v) : v))));
}

const evsArb = fc.array(
  fc.oneof(
    fc.record({
      kind: fc.constant('a' as const),
      id: fc.integer({ min: 0, max: 3 }),
      dt: fc.integer({ min: 0, max: 30 }),
      ex: fc.integer({ min: 0, max: 60 }),
    }),
    fc.record({
      kind: fc.constant('b' as const),
      auction: fc.integer({ min: 0, max: 4 }),
      price: fc.integer({ min: 1, max: 4 }),
      dt: fc.integer({ min: 0, max: 60 }),
    }),
  ),
  { maxLength: 30 },
);

const input = (evs: readonly Ev[]) =>
  evs.map((e, i) => ({
    record: (e.kind === 'a'
      ? { stream: 'auctions', i, id: e.id, dateTime: e.dt, expires: e.ex }
      : { stream: 'bids', i, auction: e.auction, price: e.price, dateTime: e.dt }) as Rec,
  }));

const job = (n: number, where: boolean, orderBy: unknown, desc?: boolean) =>
  parseJoinJob({
    join: { kind: 'regular', left: 'auctions', right: 'bids', leftKey: 'id', rightKey: 'auction' },
    streams: { auctions: {}, bids: {} },
    timestamp: 'dateTime',
    ...(where ? { where: 'right.dateTime BETWEEN left.dateTime AND left.expires' } : {}),
    topN: { n, partitionBy: ['left.id'], orderBy, ...(desc !== undefined ? { desc } : {}) },
  });

test('join → where → ROW_NUMBER() <= n: the oracle equals DuckDB (q9 order: price DESC, dateTime ASC)', async () => {
  await fc.assert(
    fc.asyncProperty(evsArb, fc.integer({ min: 1, max: 3 }), fc.boolean(), async (evs, n, where) => {
      await load(evs);
      const got = evaluateJoinRank(job(n, where, [{ field: 'right.price', desc: true }, { field: 'right.dateTime' }]), input(evs)).map(
        (r) => {
          const p = r.row as { left: Rec; right: Rec };
          return JSON.stringify([p.left.i, p.right.i, r.rank]);
        },
      );
      const sql = await query(`SELECT ai, bi, rn FROM (
          SELECT a.i AS ai, b.i AS bi, ROW_NUMBER() OVER (PARTITION BY a.id
            ORDER BY b.price DESC, b.dt ASC, GREATEST(a.i, b.i), LEAST(a.i, b.i)) AS rn
          FROM a JOIN b ON a.id = b.auction ${where ? 'WHERE b.dt BETWEEN a.dt AND a.ex' : ''}
        ) WHERE rn <= ${n}`);
      expect(got.sort()).toEqual(sql.sort());
    }),
    { numRuns: 40, seed: 20261203 },
  );
});

test('one order key with desc: false, read from the left side too (ORDER BY a.dt ASC)', async () => {
  await fc.assert(
    fc.asyncProperty(evsArb, async (evs) => {
      await load(evs);
      const got = evaluateJoinRank(job(2, true, 'left.dateTime', false), input(evs)).map((r) => {
        const p = r.row as { left: Rec; right: Rec };
        return JSON.stringify([p.left.i, p.right.i, r.rank]);
      });
      const sql = await query(`SELECT ai, bi, rn FROM (
          SELECT a.i AS ai, b.i AS bi, ROW_NUMBER() OVER (PARTITION BY a.id
            ORDER BY a.dt ASC, GREATEST(a.i, b.i), LEAST(a.i, b.i)) AS rn
          FROM a JOIN b ON a.id = b.auction WHERE b.dt BETWEEN a.dt AND a.ex
        ) WHERE rn <= 2`);
      expect(got.sort()).toEqual(sql.sort());
    }),
    { numRuns: 30, seed: 7 },
  );
});
