// The join-rank oracle (core/join-rank.ts) by hand: join, where, ROW_NUMBER per partition with several order
// keys, full ties by the pairs' arrival, and the errors a pair it cannot read gives.
import type { Rec } from '../core/aggregates.ts';
import { InputError } from '../core/errors.ts';
import { parseJoinJob } from '../core/join-job.ts';
import { Q9_JOIN, Q9_WHERE, q9TopN } from '../test-support/nexmark-q9.ts';
import { evaluateJoinRank } from './join-rank-oracle.ts';

const job = (extra: Record<string, unknown> = {}) =>
  parseJoinJob({
    join: Q9_JOIN,
    streams: { auctions: {}, bids: {} },
    timestamp: 'dateTime',
    where: Q9_WHERE,
    topN: q9TopN(),
    ...extra,
  });

const a = (id: number, dateTime: number, expires: number): Rec => ({ stream: 'auctions', id, dateTime, expires });
const b = (name: string, auction: number, price: number, dateTime: number): Rec => ({ stream: 'bids', name, auction, price, dateTime });
const ids = (rows: ReturnType<typeof evaluateJoinRank>) =>
  rows.map((r) => [(r.row as { left: Rec }).left.id, (r.row as { right: Rec }).right.name, r.rank]);

test('q9: the highest bid inside the auction lifetime wins, an equal price by the earlier dateTime', () => {
  const input = [
    a(1, 10, 100),
    b('x', 1, 50, 20),
    b('y', 1, 70, 60),
    b('z', 1, 70, 40),
    b('out', 1, 999, 101),
    a(2, 0, 5),
    b('w', 2, 1, 6),
  ];
  const rows = evaluateJoinRank(
    job(),
    input.map((record) => ({ record })),
  );
  expect(ids(rows)).toEqual([[1, 'z', 1]]);
  expect(rows[0]!.key).toBe(1);
  expect(rows[0]!.window).toBeNull();
});

test('full ties go by the pair arrival; top-3 ranks 1..3', () => {
  const input = [b('early', 1, 5, 20), a(1, 10, 100), b('mid', 1, 5, 20), b('best', 1, 9, 30)];
  const rows = evaluateJoinRank(
    job({ topN: { n: 3, partitionBy: ['left.id'], orderBy: 'right.price' } }),
    input.map((record) => ({ record })),
  );
  // 'early' pairs when the auction arrives (position 1), before 'mid' (position 2).
  expect(ids(rows)).toEqual([
    [1, 'best', 1],
    [1, 'early', 2],
    [1, 'mid', 3],
  ]);
});

test('without a where every pair of a key is ranked', () => {
  const { where: _w, ...rest } = job();
  const input = [a(1, 10, 100), b('out', 1, 999, 101)];
  expect(
    ids(
      evaluateJoinRank(
        parseJoinJob(rest),
        input.map((record) => ({ record })),
      ),
    ),
  ).toEqual([[1, 'out', 1]]);
});

test('a pair the where or the order keys cannot read is an InputError naming the job field', () => {
  const input = [a(1, 10, 100), b('x', 1, 50, 20)].map((record) => ({ record }));
  expect(() => evaluateJoinRank(job({ where: "right.price + 'x' > 1" }), input)).toThrow(InputError);
  expect(() => evaluateJoinRank(job({ where: "right.price + 'x' > 1" }), input)).toThrow(/job\.where/);
  expect(() => evaluateJoinRank(job({ topN: { n: 1, partitionBy: ['left.id'], orderBy: 'right.nope' } }), input)).toThrow(
    /job\.topN.*no "right\.nope"/,
  );
});
