// Nexmark q16 and q17 as published (the catalog's nexmark-q16 / nexmark-q17): an updating GROUP BY
// (channel | auction, DATE_FORMAT(dateTime, 'yyyy-MM-dd')) — an aggregation without a window (`global`,
// output mode update) keyed by the composite key computed as one string by `map`. Flink (GroupAggregate)
// and Spark (update mode) end with each key's row equal to a count made here from the raw bids; DStreams and
// Storm refuse with their keys (B8, C3). A hand-made file of bids across midnight shows the day in the key
// and q16's `minute` (HH·100 + mm) through the whole scenario path.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Rec } from '../engines/core/aggregates.ts';
import { CATALOG_DIR } from './catalog.ts';
import { buildResult, type Environment } from './result.ts';
import { runScenario } from './runner.ts';
import { parseScenario, type Scenario } from './scenario.ts';

const env: Environment = { node: 'test', commit: null, startedAt: '2026-01-01T00:00:00.000Z', mode: 'simulated' };
const DAY = 86_400_000;

function catalogRaw(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(CATALOG_DIR, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/** The catalog file with fewer events, Flink also at parallelism 2. */
function catalog(name: string, events: number): Scenario {
  const raw = catalogRaw(name);
  return parseScenario({
    ...raw,
    workload: { ...(raw.workload as object), events },
    engines: [...(raw.engines as unknown[]), { kind: 'event', id: 'event-2', parallelism: 2 }],
  });
}

const ymd = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Nexmark's price ranges: rank1 < 10,000 <= rank2 < 1,000,000 <= rank3. */
const rankOf = (price: number) => (price < 10_000 ? 1 : price < 1_000_000 ? 2 : 3);

/**
 * Each (group, day)'s row, counted here from the raw bids (not through the lab's aggregates): every field of
 * the published q16 (group channel) or q17 (group auction) SELECT.
 */
function countByHand(bids: Rec[], group: 'channel' | 'auction'): Map<string, Record<string, number>> {
  const rows = new Map<string, Rec[]>();
  for (const b of bids) {
    const key = `${String(b[group])} ${ymd(b.dateTime as number)}`;
    rows.set(key, [...(rows.get(key) ?? []), b]);
  }
  const out = new Map<string, Record<string, number>>();
  for (const [key, bs] of rows) {
    const prices = bs.map((b) => b.price as number);
    const inRank = (n: number) => bs.filter((b) => rankOf(b.price as number) === n);
    const distinct = (xs: Rec[], f: string) => new Set(xs.map((x) => x[f])).size;
    const row: Record<string, number> = {
      total_bids: bs.length,
      rank1_bids: inRank(1).length,
      rank2_bids: inRank(2).length,
      rank3_bids: inRank(3).length,
    };
    if (group === 'channel') {
      row.minute = Math.max(
        ...bs.map((b) => {
          const d = new Date(b.dateTime as number);
          return d.getUTCHours() * 100 + d.getUTCMinutes();
        }),
      );
      row.total_bidders = distinct(bs, 'bidder');
      row.total_auctions = distinct(bs, 'auction');
      for (const n of [1, 2, 3]) {
        row[`rank${n}_bidders`] = distinct(inRank(n), 'bidder');
        row[`rank${n}_auctions`] = distinct(inRank(n), 'auction');
      }
    } else {
      row.min_price = Math.min(...prices);
      row.max_price = Math.max(...prices);
      row.sum_price = prices.reduce((x, y) => x + y, 0);
      row.avg_price = row.sum_price / bs.length;
    }
    out.set(key, row);
  }
  return out;
}

function check(s: Scenario, group: 'channel' | 'auction') {
  const r = runScenario(s);
  const result = buildResult(s, r, env);
  const bids = r.log.events.map((e) => e.record).filter((x) => x.kind === 'bid');
  const expected = countByHand(bids, group);
  const oracle = new Map(r.oracle.map((o) => [o.key as string, o.value as Record<string, number>]));
  expect([...oracle.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [k, want] of expected) {
    const got = oracle.get(k)!;
    expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
    for (const f of Object.keys(want)) {
      // avg is a double: the same sum over the same count, compared to the last digits of a double.
      if (f === 'avg_price') expect(got[f]).toBeCloseTo(want[f]!, 6);
      else expect({ key: k, f, v: got[f] }).toEqual({ key: k, f, v: want[f] });
    }
  }
  const block = (id: string) => {
    const e = result.engines.find((x) => x.id === id)!;
    if (!('correctness' in e) || e.correctness === undefined) throw new Error(`${id}: ${e.status}`);
    return e.correctness;
  };
  for (const id of ['event', 'event-2', 'microbatch']) {
    const c = block(id);
    expect({ id, windows: c.windows, exact: c.exact, wrong: c.wrong, missing: c.missing, extra: c.extra }).toEqual({
      id,
      windows: expected.size,
      exact: expected.size,
      wrong: 0,
      missing: 0,
      extra: 0,
    });
  }
  const reason = (id: string) => {
    const e = r.engines.find((x) => x.entry.id === id)!;
    return e.supported ? null : e.reason;
  };
  expect(reason('microbatch-dstream')).toMatch(/\(B8\)/);
  expect(reason('tuple')).toMatch(/\(C3\)/);
  return { expected, result };
}

describe('nexmark-q16 and nexmark-q17: the published updating GROUP BY (key, day)', () => {
  test('q16: each (channel, day) row ends equal, field by field, to a count of the raw bids, on Flink (p1, p2) and Spark', () => {
    const { expected } = check(catalog('nexmark-q16', 3000), 'channel');
    // Nexmark's hot channels and its "channel-N" tail, all on the generator's first day.
    expect([...expected.keys()].every((k) => / 1970-01-01$/.test(k))).toBe(true);
    expect(expected.has('Google 1970-01-01')).toBe(true);
  });

  test('q17: each (auction, day) row ends equal, field by field, to a count of the raw bids, on Flink (p1, p2) and Spark', () => {
    check(catalog('nexmark-q17', 3000), 'auction');
  });
});

describe('q16 over a hand-made file of bids across midnight', () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamlab-q16-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'bids.jsonl');
  const at = (h: number, m: number, day = 0) => day * DAY + h * 3_600_000 + m * 60_000;
  const bids = [
    { kind: 'bid', auction: 1, bidder: 7, price: 50, channel: 'Apple', dateTime: at(23, 58) },
    { kind: 'bid', auction: 1, bidder: 8, price: 20_000, channel: 'Apple', dateTime: at(23, 59) },
    { kind: 'person', auction: 9, bidder: 9, price: 1, channel: 'Apple', dateTime: at(23, 59) }, // not a bid
    { kind: 'bid', auction: 2, bidder: 7, price: 2_000_000, channel: 'Google', dateTime: at(23, 59) },
    { kind: 'bid', auction: 1, bidder: 7, price: 60, channel: 'Apple', dateTime: at(0, 0, 1) },
    { kind: 'bid', auction: 3, bidder: 7, price: 70, channel: 'Apple', dateTime: at(0, 12, 1) },
  ];
  writeFileSync(path, `${bids.map((b) => JSON.stringify(b)).join('\n')}\n`);
  const raw = catalogRaw('nexmark-q16');
  const s = parseScenario({
    ...raw,
    name: 'q16-midnight',
    workload: { generator: 'file', file: { path, timestamp: 'dateTime', key: 'channel' } },
    engines: [...(raw.engines as unknown[]), { kind: 'event', id: 'event-2', parallelism: 2 }],
  });

  test('the day splits the key; minute is HH·100 + mm; the price ranges and DISTINCT count per (channel, day)', () => {
    const r = runScenario(s);
    const rows = Object.fromEntries(r.oracle.map((o) => [o.key as string, o.value as Record<string, number>]));
    expect(Object.keys(rows).sort()).toEqual(['Apple 1970-01-01', 'Apple 1970-01-02', 'Google 1970-01-01']);
    expect(rows['Apple 1970-01-01']).toMatchObject({ minute: 2359, total_bids: 2, rank1_bids: 1, rank2_bids: 1, total_bidders: 2 });
    expect(rows['Apple 1970-01-02']).toMatchObject({ minute: 12, total_bids: 2, total_bidders: 1, total_auctions: 2 });
    expect(rows['Google 1970-01-01']).toMatchObject({ minute: 2359, total_bids: 1, rank3_bids: 1, rank3_auctions: 1 });
    check(s, 'channel');
  });
});
