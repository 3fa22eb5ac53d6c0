// An independent check of the rank oracle on the catalog's rank scenarios (nexmark-q18, q19, q5): DuckDB
// evaluates Nexmark's own SQL shapes over the same generated, filtered bids — ROW_NUMBER() OVER (PARTITION BY
// bidder, auction ORDER BY dateTime DESC) = 1, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC)
// <= 10, and a count per (auction, HOP window) then the max per window — with ties by arrival, as the oracle
// breaks them. The rows must be the oracle's: the same records (by arrival number), ranks and values.
// nexmark-q7 is the published join back (a TUMBLE max joined to the bids on price, BETWEEN both ends inclusive).
import { DuckDBInstance } from '@duckdb/node-api';
import type { ChainedJob } from '../engines/core/rank-job.ts';
import { loadScenario } from './catalog.ts';
import { recordText } from './join-result.ts';
import { setup } from './runner.ts';

type Conn = Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;

let conn: Conn;
beforeAll(async () => {
  conn = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => conn.closeSync());

/** The scenario's accepted bids as a table (seq: arrival number), and the oracle's rows; `ids` maps a record to its seq. */
async function load(name: string) {
  const { scenario } = loadScenario(name, { events: 8000 });
  const s = setup(scenario);
  await conn.run('CREATE OR REPLACE TABLE bid (seq BIGINT, auction BIGINT, bidder BIGINT, price BIGINT, t BIGINT)');
  const app = await conn.createAppender('bid');
  const ids = new Map<string, number>();
  s.input.events.forEach((e, i) => {
    const r = e.record;
    ids.set(recordText(r), i);
    app.appendBigInt(BigInt(i));
    app.appendBigInt(BigInt(r.auction as number));
    app.appendBigInt(BigInt(r.bidder as number));
    app.appendBigInt(BigInt(r.price as number));
    app.appendBigInt(BigInt(r.dateTime as number));
    app.endRow();
  });
  app.flushSync();
  app.closeSync();
  return { scenario, rows: s.rows!, ids };
}

const texts = async (sql: string) =>
  (await conn.runAndReadAll(sql))
    .getRows()
    .map((r) => r.map(Number).join('|'))
    .sort();

test('nexmark-q18: the last bid of each (bidder, auction), later arrival winning a tie on dateTime', async () => {
  const { rows, ids } = await load('nexmark-q18');
  const duck = await texts(`SELECT seq FROM (
    SELECT seq, row_number() OVER (PARTITION BY bidder, auction ORDER BY t DESC, seq DESC) AS rn FROM bid) WHERE rn = 1`);
  expect(rows.length).toBeGreaterThan(100);
  expect(rows.map((x) => String(ids.get(recordText(x.row!)))).sort()).toEqual(duck);
});

test('nexmark-q19: the top 10 bids by price per auction with their rank, earlier arrival first on a tie', async () => {
  const { rows, ids } = await load('nexmark-q19');
  const duck = await texts(`SELECT seq, rn FROM (
    SELECT seq, row_number() OVER (PARTITION BY auction ORDER BY price DESC, seq) AS rn FROM bid) WHERE rn <= 10`);
  expect(rows.length).toBeGreaterThan(100);
  expect(rows.map((x) => `${ids.get(recordText(x.row!))}|${x.rank}`).sort()).toEqual(duck);
});

test("nexmark-q5: the auctions whose count of bids reaches their window's max (the join back, num >= maxn)", async () => {
  const { scenario, rows } = await load('nexmark-q5');
  const w = (scenario.job as ChainedJob).window;
  if (w.kind !== 'sliding') throw new Error('q5 slides');
  const counts = `SELECT s, auction, count(*) AS num FROM (
      SELECT bid.*, unnest(range(last - ${w.size} + ${w.slide}, last + 1, ${w.slide})) AS s
      FROM (SELECT *, t - ((t % ${w.slide}) + ${w.slide}) % ${w.slide} AS last FROM bid) bid
    ) WHERE s > t - ${w.size} GROUP BY s, auction`;
  const duck = await texts(`WITH AuctionBids AS (${counts}), MaxBids AS (SELECT s, max(num) AS maxn FROM AuctionBids GROUP BY s)
    SELECT A.s, A.s + ${w.size}, A.auction, A.num FROM AuctionBids A JOIN MaxBids M ON A.s = M.s AND A.num >= M.maxn`);
  expect(rows.length).toBeGreaterThan(3);
  const got = rows.map((x) => {
    const v = x.value as { key: unknown; value: unknown };
    return `${x.window!.start}|${x.window!.end}|${v.key}|${v.value}`;
  });
  expect(got.sort()).toEqual(duck);
});

test('nexmark-q5-max: the max count of bids per auction in each 10 s window sliding every 2 s', async () => {
  const { scenario, rows } = await load('nexmark-q5-max');
  const w = (scenario.job as ChainedJob).window;
  if (w.kind !== 'sliding') throw new Error('q5 slides');
  const duck = await texts(`SELECT s, s + ${w.size}, max(n) FROM (
    SELECT s, auction, count(*) AS n FROM (
      SELECT bid.*, unnest(range(last - ${w.size} + ${w.slide}, last + 1, ${w.slide})) AS s
      FROM (SELECT *, t - ((t % ${w.slide}) + ${w.slide}) % ${w.slide} AS last FROM bid) bid
    ) WHERE s > t - ${w.size} GROUP BY s, auction) GROUP BY s`);
  expect(rows.length).toBeGreaterThan(3);
  expect(rows.map((x) => `${x.window!.start}|${x.window!.end}|${x.value}`).sort()).toEqual(duck);
});

test('nexmark-q7: the published query — the TUMBLE max joined back to the bids, BETWEEN window_end − 10 s AND window_end', async () => {
  const { rows, ids } = await load('nexmark-q7');
  const duck = await texts(`SELECT B.seq, B1.dateTime FROM bid B JOIN (
      SELECT max(price) AS maxprice, CAST(floor(t / 10000.0) AS BIGINT) * 10000 + 10000 AS dateTime
      FROM bid GROUP BY CAST(floor(t / 10000.0) AS BIGINT)
    ) B1 ON B.price = B1.maxprice
    WHERE B.t BETWEEN B1.dateTime - 10000 AND B1.dateTime`);
  // 8000 events at 200/s: four windows, each with its max bid.
  expect(rows.length).toBeGreaterThanOrEqual(4);
  expect(rows.map((x) => `${ids.get(recordText(x.row!))}|${x.window!.end}`).sort()).toEqual(duck);
});
