// An independent check of the join oracle: DuckDB joins the same random two-stream inputs in SQL — rows
// expanded into their tumbling or sliding windows and joined on (key, window), or joined on key with
// `lo' <= r.t − l.t <= hi'`, or on key alone — with INNER, LEFT, RIGHT and FULL joins, and the multiset
// of (window, left id, right id) must be the oracle's. Session windows are left to the engines' traces.
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import type { Rec } from '../core/aggregates.ts';
import { intervalBounds, type JoinJob, type JoinType, parseJoinJob } from '../core/join-job.ts';
import { evaluateJoin } from './join-oracle.ts';

type Conn = Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;

interface Row {
  stream: 'l' | 'r';
  k: string;
  ts: number;
  id: number;
}

let conn: Conn;
beforeAll(async () => {
  conn = await (await DuckDBInstance.create(':memory:')).connect();
});

/** The rows into table `ev` (id, side, k, t), with column v where the rows have one (the distinct case). */
async function load(rows: ReadonlyArray<Row & { v?: number }>, withV = false): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE ev (id INTEGER, side VARCHAR, k VARCHAR,${withV ? ' v INTEGER,' : ''} t BIGINT)`);
  const app = await conn.createAppender('ev');
  for (const r of rows) {
    app.appendInteger(r.id);
    app.appendVarchar(r.stream);
    app.appendVarchar(r.k);
    if (withV) app.appendInteger(r.v!);
    app.appendBigInt(BigInt(r.ts));
    app.endRow();
  }
  app.flushSync();
  app.closeSync();
}

const SQL_JOIN: Record<JoinType, string> = { inner: 'JOIN', left: 'LEFT JOIN', right: 'RIGHT JOIN', full: 'FULL OUTER JOIN' };

/** The join in SQL, rows (window start, window end, left id, right id). */
function joinSql(job: JoinJob): string {
  const j = job.join;
  const kind = SQL_JOIN[j.type];
  if (j.kind === 'window') {
    const w = job.window!;
    if (w.kind !== 'tumbling' && w.kind !== 'sliding') throw new Error(`not checked here: ${w.kind}`);
    const size = w.size;
    const slide = w.kind === 'sliding' ? w.slide : w.size;
    // Every start s ≡ 0 (mod slide) with s <= t < s + size.
    const windows = (side: string) => `(SELECT id, k, s FROM (
        SELECT ev.*, unnest(range(last - ${Math.ceil(size / slide) * slide}, last + 1, ${slide})) AS s
        FROM (SELECT *, t - ((t % ${slide}) + ${slide}) % ${slide} AS last FROM ev WHERE side = '${side}') ev
      ) WHERE s > t - ${size})`;
    return `SELECT coalesce(a.s, b.s) AS s, coalesce(a.s, b.s) + ${size} AS e, a.id AS lid, b.id AS rid
      FROM ${windows('l')} a ${kind} ${windows('r')} b ON a.k = b.k AND a.s = b.s`;
  }
  const cond =
    j.kind === 'interval'
      ? (() => {
          const { lo, hi } = intervalBounds(j);
          return ` AND b.t - a.t BETWEEN ${lo} AND ${hi}`;
        })()
      : '';
  return `SELECT NULL AS s, NULL AS e, a.id AS lid, b.id AS rid
    FROM (SELECT * FROM ev WHERE side = 'l') a ${kind} (SELECT * FROM ev WHERE side = 'r') b ON a.k = b.k${cond}`;
}

async function duckdb(job: JoinJob, rows: readonly Row[]): Promise<string[]> {
  await load(rows);
  const reader = await conn.runAndReadAll(joinSql(job));
  const num = (v: unknown) => (v === null ? null : Number(v));
  return reader
    .getRows()
    .map(([s, e, lid, rid]) => JSON.stringify([s === null ? null : { start: num(s), end: num(e) }, num(lid), num(rid)]))
    .sort();
}

function oracle(job: JoinJob, rows: readonly Row[]): string[] {
  return evaluateJoin(
    job,
    rows.map((r) => ({ record: r as unknown as Rec })),
  )
    .map((x) => JSON.stringify([x.window, x.value.left?.id ?? null, x.value.right?.id ?? null]))
    .sort();
}

const rowsArb = fc
  .array(
    fc.record({ stream: fc.constantFrom<'l' | 'r'>('l', 'r'), k: fc.constantFrom('a', 'b', 'c'), ts: fc.integer({ min: -30, max: 60 }) }),
    {
      maxLength: 30,
    },
  )
  .map((rs) => rs.map((r, id): Row => ({ ...r, id })));
const typeArb = fc.constantFrom<JoinType>('inner', 'left', 'right', 'full');
const windowArb = fc.oneof(
  fc.integer({ min: 3, max: 25 }).map((size) => ({ kind: 'tumbling' as const, size })),
  fc
    .tuple(fc.integer({ min: 2, max: 10 }), fc.integer({ min: 1, max: 3 }))
    .map(([slide, n]) => ({ kind: 'sliding' as const, size: slide * n + (n > 1 ? 1 : 0), slide })),
);

function job(join: Record<string, unknown>, extra: Record<string, unknown> = {}): JoinJob {
  return parseJoinJob({
    join: { left: 'l', right: 'r', leftKey: 'k', rightKey: 'k', ...join },
    timestamp: 'ts',
    streams: { l: {}, r: {} },
    ...extra,
  });
}

const runs = { numRuns: 40, seed: 20261202 };

test('window joins: the oracle equals DuckDB on (key, window), every join type', async () => {
  await fc.assert(
    fc.asyncProperty(rowsArb, windowArb, typeArb, async (rows, window, type) => {
      const j = job({ kind: 'window', type }, { window });
      expect(oracle(j, rows)).toEqual(await duckdb(j, rows));
    }),
    runs,
  );
});

test('interval joins: the oracle equals DuckDB on key and r.t − l.t within the bounds, every join type and inclusiveness', async () => {
  await fc.assert(
    fc.asyncProperty(
      rowsArb,
      fc.integer({ min: -15, max: 15 }),
      fc.integer({ min: 0, max: 15 }),
      fc.boolean(),
      fc.boolean(),
      typeArb,
      async (rows, lower, width, lowerInclusive, upperInclusive, type) => {
        const j = job({ kind: 'interval', type, lower, upper: lower + width, lowerInclusive, upperInclusive });
        expect(oracle(j, rows)).toEqual(await duckdb(j, rows));
      },
    ),
    runs,
  );
});

test('regular joins: the oracle equals DuckDB on key alone, every join type', async () => {
  await fc.assert(
    fc.asyncProperty(rowsArb, typeArb, async (rows, type) => {
      const j = job({ kind: 'regular', type });
      expect(oracle(j, rows)).toEqual(await duckdb(j, rows));
    }),
    runs,
  );
});

test('window joins with distinct sides (Nexmark q8: GROUP BY per side and window, then the join): the oracle equals DuckDB', async () => {
  const vRows = fc
    .array(
      fc.record({
        stream: fc.constantFrom<'l' | 'r'>('l', 'r'),
        k: fc.constantFrom('a', 'b', 'c'),
        v: fc.integer({ min: 0, max: 2 }),
        ts: fc.integer({ min: -30, max: 60 }),
      }),
      { maxLength: 30 },
    )
    .map((rs) => rs.map((r, id) => ({ ...r, id })));
  const distinctArb = fc.constantFrom<string[] | null>(['k'], ['k', 'v'], null);
  await fc.assert(
    fc.asyncProperty(vRows, windowArb, typeArb, distinctArb, distinctArb, async (rows, window, type, l, r) => {
      const j = job({ kind: 'window', type }, { window, streams: { l: l ? { distinct: l } : {}, r: r ? { distinct: r } : {} } });
      // A side's row: its distinct fields, or the record's id where the side is paired record by record.
      const rowOf = (x: Rec | null, fields: string[] | null) => (x === null ? null : fields ? fields.map((f) => x[f]) : x.id);
      const mine = evaluateJoin(
        j,
        rows.map((x) => ({ record: x as unknown as Rec })),
      )
        .map((x) => JSON.stringify([x.window, rowOf(x.value.left, l), rowOf(x.value.right, r)]))
        .sort();
      await load(rows, true);
      const size = window.size;
      const slide = window.kind === 'sliding' ? window.slide : window.size;
      const windows = (side: string, fields: string[] | null) => {
        const cols = fields ? ['k', ...fields.filter((f) => f !== 'k')] : ['id', 'k', 'v'];
        const rowExpr = fields ? `[${fields.map((f) => (f === 'k' ? 'k' : `CAST(${f} AS VARCHAR)`)).join(', ')}]` : 'NULL';
        return `(SELECT ${fields ? 'DISTINCT' : ''} ${cols.join(', ')}, s, ${rowExpr} AS row FROM (
          SELECT ev.*, unnest(range(last - ${Math.ceil(size / slide) * slide}, last + 1, ${slide})) AS s
          FROM (SELECT *, t - ((t % ${slide}) + ${slide}) % ${slide} AS last FROM ev WHERE side = '${side}') ev
        ) WHERE s > t - ${size})`;
      };
      const sql = `SELECT coalesce(a.s, b.s) AS s, a.${l ? 'row' : 'id'} AS lr, b.${r ? 'row' : 'id'} AS rr
        FROM ${windows('l', l)} a ${SQL_JOIN[type]} ${windows('r', r)} b ON a.k = b.k AND a.s = b.s`;
      const reader = await conn.runAndReadAll(sql);
      const cell = (v: unknown, fields: string[] | null): unknown => {
        if (v === null) return null;
        if (!fields) return Number(v);
        const items = (v as { items: unknown[] }).items;
        return fields.map((f, i) => (f === 'k' ? items[i] : Number(items[i])));
      };
      const theirs = reader
        .getRows()
        .map(([s, lr, rr]) => JSON.stringify([{ start: Number(s), end: Number(s) + size }, cell(lr, l), cell(rr, r)]))
        .sort();
      expect(mine).toEqual(theirs);
    }),
    runs,
  );
});
