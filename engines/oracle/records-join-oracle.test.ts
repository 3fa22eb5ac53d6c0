// The oracle of a window result joined back to its records (records-join-oracle.ts, Nexmark q7), on hand-made
// inputs: BETWEEN's two inclusive ends, NULL joining nothing, ties, and what the RANK Top-N form leaves out.
import type { Rec } from '../core/aggregates.ts';
import { parseRecordsJoinJob } from '../core/records-join.ts';
import { evaluateRecordsJoin } from './records-join-oracle.ts';

const inp = (rows: Rec[]) => rows.map((record) => ({ record }));

/** q7 over 10 ms windows: MAX(price) joined on price, records within [end − 10, end]. */
const q7 = (joinRecords: Partial<{ on: string; lower: number; upper: number }> = {}, aggregate: Rec = { fn: 'max', field: 'price' }) =>
  parseRecordsJoinJob({
    window: { kind: 'tumbling', size: 10 },
    aggregate,
    joinRecords: { on: 'price', lower: -10, upper: 0, ...joinRecords },
  });

/** The output as `[window start, record id]` pairs, in the oracle's order (window start, then input order). */
const pairs = (job: ReturnType<typeof q7>, rows: Rec[]) => evaluateRecordsJoin(job, inp(rows)).map((r) => [r.window!.start, r.row!.id]);

describe('the inclusive window end (BETWEEN end − 10 AND end)', () => {
  test("a record exactly at a window's end equal to that window's max is output for that window", () => {
    // Window [0, 10) has max 7 (id 1); id 2 at t = 10 belongs to [10, 20), whose max is 9 (id 3).
    const rows = [
      { id: 1, price: 7, ts: 3 },
      { id: 2, price: 7, ts: 10 },
      { id: 3, price: 9, ts: 15 },
    ];
    expect(pairs(q7(), rows)).toEqual([
      [0, 1],
      [0, 2],
      [10, 3],
    ]);
  });

  test("…and for its own window too when it is that one's max as well", () => {
    const rows = [
      { id: 1, price: 7, ts: 3 },
      { id: 2, price: 7, ts: 10 },
      { id: 3, price: 4, ts: 15 },
    ];
    expect(pairs(q7(), rows)).toEqual([
      [0, 1],
      [0, 2],
      [10, 2],
    ]);
  });

  test('a record at end − 1 of a later window does not join an earlier window whose range it misses', () => {
    // [0, 10) max 7; id 2 at t = 21 is past 10 (the end), so only [20, 30) takes it.
    const rows = [
      { id: 1, price: 7, ts: 0 },
      { id: 2, price: 7, ts: 21 },
    ];
    expect(pairs(q7(), rows)).toEqual([
      [0, 1],
      [20, 2],
    ]);
  });

  test('the lower bound is inclusive too: end + lower is in, one below is out', () => {
    // Window [20, 30) (max 5, id 3). With lower −20 its range is [10, 30]: id 2 at t = 10 joins, id 1 at 9 does not.
    const rows = [
      { id: 1, price: 5, ts: 9 },
      { id: 2, price: 5, ts: 10 },
      { id: 3, price: 5, ts: 25 },
    ];
    expect(pairs(q7({ lower: -20 }), rows)).toEqual([
      [0, 1], // [0, 10) max 5: range [-10, 10] holds 1, 2
      [0, 2],
      [10, 1], // [10, 20) max 5 (id 2): range [0, 20] holds 1, 2
      [10, 2],
      [20, 2], // [20, 30): range [10, 30] holds 2, 3 — not 1 at t = 9
      [20, 3],
    ]);
  });

  test('the range need not hold the window: upper > 0 reaches into the next windows, lower = upper is one instant', () => {
    const rows = [
      { id: 1, price: 5, ts: 2 },
      { id: 2, price: 5, ts: 14 },
      { id: 3, price: 5, ts: 15 },
    ];
    // [0, 10) max 5, range [10, 15]: ids 2, 3 (not 1, its own record). [10, 20) max 5, range [20, 25]: nothing.
    expect(pairs(q7({ lower: 0, upper: 5 }), rows)).toEqual([
      [0, 2],
      [0, 3],
    ]);
    expect(pairs(q7({ lower: 4, upper: 4 }), rows)).toEqual([[0, 2]]);
  });
});

describe('SQL = and ties', () => {
  test('every record tied at the max is output (no ROW_NUMBER cut)', () => {
    const rows = [
      { id: 1, price: 9, ts: 1 },
      { id: 2, price: 3, ts: 2 },
      { id: 3, price: 9, ts: 5 },
      { id: 4, price: 9, ts: 9 },
    ];
    expect(pairs(q7(), rows)).toEqual([
      [0, 1],
      [0, 3],
      [0, 4],
    ]);
  });

  test('NULL never joins: a NULL joined value meets no result, not even a NULL-free window whose count it would equal', () => {
    // COUNT(*) per window joined on `n`: window [0, 10) counts 3, so n = 3 joins; n = null never does.
    const rows = [
      { id: 1, n: 3, ts: 1 },
      { id: 2, n: null, ts: 2 },
      { id: 3, n: 2, ts: 3 },
      { id: 4, n: 1, ts: 30 },
    ];
    expect(pairs(q7({ on: 'n' }, { fn: 'count' }), rows)).toEqual([
      [0, 1],
      [30, 4],
    ]);
  });

  test('equality is on the value, not its text: 7 does not join "7"', () => {
    const rows = [
      { id: 1, price: 7, ts: 1, p: '7' },
      { id: 2, price: 5, ts: 2, p: 7 },
    ];
    expect(pairs(q7({ on: 'p' }), rows)).toEqual([[0, 2]]);
  });

  test('an empty input, and windows with no record, output nothing', () => {
    expect(pairs(q7(), [])).toEqual([]);
    expect(pairs(q7(), [{ id: 1, price: 1, ts: 55 }])).toEqual([[50, 1]]);
  });

  test('a record without the joined field is a data error naming job.joinRecords.on', () => {
    expect(() => pairs(q7({ on: 'bidder' }), [{ id: 1, price: 1, ts: 1 }])).toThrow(/^job\.joinRecords\.on: /);
  });
});

test('negative event times: windows [-10, 0) and [0, 10), the record at 0 ends the first', () => {
  const rows = [
    { id: 1, price: 4, ts: -7 },
    { id: 2, price: 4, ts: 0 },
    { id: 3, price: 2, ts: 6 },
  ];
  expect(pairs(q7(), rows)).toEqual([
    [-10, 1],
    [-10, 2],
    [0, 2],
  ]);
});
