// An independent check of engines/oracle: DuckDB computes every catalog scenario's windowed
// aggregation in SQL over the same generated (and filtered/joined/projected) events, and the results
// must be identical to the oracle's — same (key, window) set, same values.
import { DuckDBInstance } from '@duckdb/node-api';
import { type Job, updatesInPlace } from '../engines/core/job.ts';
import { isJoinJob } from '../engines/core/join-job.ts';
import { isRankJob } from '../engines/core/rank-job.ts';
import { isStatelessJob } from '../engines/core/stateless-job.ts';
import { multiColumns } from '../engines/oracle/multi-sql.ts';
import type { OracleResult } from '../engines/oracle/oracle.ts';
import { catalogNames, loadScenario } from './catalog.ts';
import { setup } from './runner.ts';
import { aggregationOf } from './scenario.ts';
import type { LoggedEvent } from './workloads/index.ts';

type Conn = Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;

/** `key|start|end` (or `key|n|index` for count windows) → value, from the oracle. */
function fromOracle(results: readonly OracleResult[]): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const r of results) {
    const id = r.window
      ? `${JSON.stringify(r.key ?? null)}|${r.window.start}|${r.window.end}`
      : `${JSON.stringify(r.key ?? null)}|n|${r.index}`;
    m.set(id, r.value);
  }
  return m;
}

async function load(conn: Conn, job: Job, input: readonly LoggedEvent[]): Promise<void> {
  const multi = job.aggregate.fn === 'multi' ? multiColumns(job.aggregate) : null;
  await conn.run(`CREATE OR REPLACE TABLE ev (seq BIGINT, k VARCHAR, t BIGINT, v DOUBLE${multi ? `, ${multi.ddl}` : ''})`);
  const app = await conn.createAppender('ev');
  input.forEach((e, i) => {
    app.appendBigInt(BigInt(i));
    app.appendVarchar(JSON.stringify(job.key === undefined ? null : (e.record[job.key] ?? null)));
    app.appendBigInt(BigInt(job.time === 'event' ? (e.record[job.timestamp] as number) : e.arrival));
    const field = job.aggregate.field;
    app.appendDouble(field === undefined ? 0 : (e.record[field] as number));
    for (const v of multi?.values(e.record) ?? []) {
      if (v === null) app.appendNull();
      else if (typeof v === 'number') app.appendDouble(v);
      else app.appendVarchar(v);
    }
    app.endRow();
  });
  app.flushSync();
  app.closeSync();
}

/** The aggregate's select list: `… AS val`, or for multi one column per named aggregate. */
function aggSql(job: Job): string {
  switch (job.aggregate.fn) {
    case 'count':
      return 'count(*) AS val';
    case 'sum':
      return 'sum(v) AS val';
    case 'min':
      return 'min(v) AS val';
    case 'max':
      return 'max(v) AS val';
    case 'avg':
      return 'avg(v) AS val';
    case 'multi':
      return multiColumns(job.aggregate).select;
    case 'collect':
      throw new Error('collect is not checked against DuckDB');
  }
}

/** The job's windowed aggregation in SQL; rows (k, start, end, value), or (k, index, value) for count and global windows. */
function windowSql(job: Job): string {
  const agg = aggSql(job);
  const w = job.window;
  switch (w.kind) {
    case 'tumbling': {
      const off = w.offset ?? 0;
      return `SELECT k, s, s + ${w.size} AS e, ${agg} FROM (SELECT *, t - (((t - ${off}) % ${w.size}) + ${w.size}) % ${w.size} AS s FROM ev) GROUP BY k, s`;
    }
    case 'sliding': {
      const off = w.offset ?? 0;
      // Every start s ≡ offset (mod slide) with s <= t < s + size.
      return `SELECT k, s, s + ${w.size} AS e, ${agg} FROM (
        SELECT ev.*, unnest(range(last - ${w.size} + ${w.slide}, last + 1, ${w.slide})) AS s
        FROM (SELECT *, t - (((t - ${off}) % ${w.slide}) + ${w.slide}) % ${w.slide} AS last FROM ev) ev
      ) WHERE s > t - ${w.size} GROUP BY k, s`;
    }
    case 'session':
      // Gaps and islands: [t, t + gap) windows merge when they overlap or touch, so a session ends where the next t > previous t + gap.
      return `SELECT k, min(t) AS s, max(t) + ${w.gap} AS e, ${agg} FROM (
        SELECT *, sum(CASE WHEN prev IS NULL OR t - prev > ${w.gap} THEN 1 ELSE 0 END) OVER (PARTITION BY k ORDER BY t, seq) AS island
        FROM (SELECT *, lag(t) OVER (PARTITION BY k ORDER BY t, seq) AS prev FROM ev)
      ) GROUP BY k, island`;
    case 'count': {
      if (w.slide !== undefined) throw new Error('sliding count windows are not checked against DuckDB');
      return `SELECT k, idx, ${agg} FROM (
        SELECT *, (row_number() OVER (PARTITION BY k ORDER BY seq) - 1) // ${w.size} AS idx FROM ev
      ) GROUP BY k, idx HAVING count(*) = ${w.size}`;
    }
    case 'global':
      // Updated in place (update / complete output: SQL's GROUP BY k over the whole input), one row per key;
      // in append mode the DataStream GlobalWindows never fire.
      return updatesInPlace(job) ? `SELECT k, 0 AS idx, ${agg} FROM ev GROUP BY k` : 'SELECT NULL AS k, 0 AS idx, 0 AS val WHERE false';
  }
}

async function fromDuckDb(conn: Conn, job: Job): Promise<Map<string, unknown>> {
  const rows = (await conn.runAndReadAll(windowSql(job))).getRows();
  const m = new Map<string, unknown>();
  const multi = job.aggregate.fn === 'multi' ? multiColumns(job.aggregate) : null;
  const value = (row: readonly unknown[], at: number) => (multi ? multi.value(row, at) : Number(row[at]));
  for (const row of rows) {
    if (job.window.kind === 'count' || job.window.kind === 'global') m.set(`${String(row[0])}|n|${Number(row[1])}`, value(row, 2));
    else m.set(`${String(row[0])}|${Number(row[1])}|${Number(row[2])}`, value(row, 3));
  }
  return m;
}

/** Differences between two result maps, as readable lines (empty when identical). */
function compare(oracle: Map<string, unknown>, duck: Map<string, unknown>): string[] {
  const out: string[] = [];
  const text = (v: unknown) => (typeof v === 'number' ? String(v) : JSON.stringify(v));
  for (const [id, v] of oracle) {
    if (!duck.has(id)) out.push(`${id}: oracle ${text(v)}, duckdb none`);
    else if (text(duck.get(id)) !== text(v)) out.push(`${id}: oracle ${text(v)}, duckdb ${text(duck.get(id))}`);
  }
  for (const [id, v] of duck) if (!oracle.has(id)) out.push(`${id}: oracle none, duckdb ${text(v)}`);
  return out;
}

describe('the oracle agrees with DuckDB on every catalog scenario', () => {
  let conn: Conn;
  beforeAll(async () => {
    const db = await DuckDBInstance.create(':memory:');
    conn = await db.connect();
  });
  afterAll(() => conn.closeSync());

  // Join scenarios have their own cross-check (engines/oracle/join-oracle-duckdb.test.ts), and so have rank
  // scenarios (scenarios/rank-oracle-duckdb.test.ts); a stateless job has no aggregation (its ground truth, the
  // filtered, mapped input, is checked in stateless-scenario.test.ts).
  const aggregations = catalogNames().filter((n) => {
    const job = loadScenario(n).scenario.job;
    return !isJoinJob(job) && !isRankJob(job) && !isStatelessJob(job);
  });
  test.each(aggregations)('%s: identical (key, window) results and values', async (name) => {
    const { scenario } = loadScenario(name, { events: 6000 });
    // The oracle and its input do not depend on faults; 6,000 events may end before a scenario's fault.
    const s = setup({ ...scenario, faults: [] });
    await load(conn, aggregationOf(scenario.job), s.input.events);
    const duck = await fromDuckDb(conn, aggregationOf(scenario.job));
    const oracle = fromOracle(s.oracle);
    expect(oracle.size).toBeGreaterThan(0);
    expect(compare(oracle, duck)).toEqual([]);
  });

  test('the check fails when the oracle is wrong: one value off by one and one window dropped', async () => {
    const { scenario } = loadScenario('keyed-tumbling-count', { events: 3000 });
    const s = setup(scenario);
    await load(conn, aggregationOf(scenario.job), s.input.events);
    const duck = await fromDuckDb(conn, aggregationOf(scenario.job));
    const bad = s.oracle.slice(1).map((r, i) => (i === 0 ? { ...r, value: (r.value as number) + 1 } : r));
    expect(compare(fromOracle(bad), duck)).toHaveLength(2);
  });
});
