// An independent check of the join-group oracle on the catalog's nexmark-q4 (generated Nexmark auctions and
// bids, the generator's disorder included): DuckDB runs q4's published SQL over the same records, and its inner
// query alone (MAX(price) per auction and category) against the oracle of the job's first stage.
import { DuckDBInstance } from '@duckdb/node-api';
import type { Rec } from '../engines/core/aggregates.ts';
import { isJoinJob } from '../engines/core/join-job.ts';
import { evaluateJoinGroup } from '../engines/oracle/join-group-oracle.ts';
import { loadScenario } from './catalog.ts';
import { joinOracleInput, setup } from './runner.ts';

type Conn = Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;

let conn: Conn;
beforeAll(async () => {
  conn = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => conn.closeSync());

const INNER = `SELECT A.id, A.category, MAX(B.price) AS final FROM auction A, bid B
  WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires GROUP BY A.id, A.category`;
const Q4 = `SELECT Q.category, AVG(Q.final) FROM (${INNER}) Q GROUP BY Q.category`;

/** The scenario's auctions and bids as tables; the job and the oracle's input. */
async function load(events: number) {
  const { scenario } = loadScenario('nexmark-q4', { events });
  const job = scenario.job;
  if (!isJoinJob(job)) throw new Error('nexmark-q4 is a join job');
  const input = joinOracleInput(setup(scenario).input);
  await conn.run('CREATE OR REPLACE TABLE auction (id BIGINT, category BIGINT, dateTime BIGINT, expires BIGINT)');
  await conn.run('CREATE OR REPLACE TABLE bid (auction BIGINT, price BIGINT, dateTime BIGINT)');
  const auctions = await conn.createAppender('auction');
  const bids = await conn.createAppender('bid');
  const n = (r: Rec, f: string) => BigInt(r[f] as number);
  for (const { record: r } of input) {
    const [app, fields] =
      r.stream === 'auctions' ? [auctions, ['id', 'category', 'dateTime', 'expires']] : [bids, ['auction', 'price', 'dateTime']];
    for (const f of fields) app.appendBigInt(n(r, f));
    app.endRow();
  }
  for (const app of [auctions, bids]) {
    app.flushSync();
    app.closeSync();
  }
  return { job, input };
}

const texts = async (sql: string) =>
  (await conn.runAndReadAll(sql))
    .getRows()
    .map((r) => r.map(Number).join('|'))
    .sort();

test('nexmark-q4 (20 000 events): AVG of each auction’s MAX(price) per category, and the MAX per auction, as DuckDB', async () => {
  const { job, input } = await load(20000);
  const rows = evaluateJoinGroup(job, input).map((r) => Object.values(r.row!).map(Number).join('|'));
  expect(rows.length).toBe(5); // Nexmark's five categories
  expect(rows.sort()).toEqual(await texts(Q4));
  const first = evaluateJoinGroup({ ...job, groupBy: [job.groupBy![0]!] }, input).map((r) => Object.values(r.row!).join('|'));
  expect(first.length).toBeGreaterThan(100);
  expect(first.sort()).toEqual(await texts(INNER));
});
