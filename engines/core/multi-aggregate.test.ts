import { aggregateAll, aggregateFor, type Rec } from './aggregates.ts';
import { parseJob } from './job.ts';

const q15 = {
  fn: 'multi' as const,
  of: {
    total_bids: { fn: 'count' as const },
    rank1_bids: { fn: 'count' as const, filter: { field: 'price', lt: 10000 } },
    rank2_bids: { fn: 'count' as const, filter: { field: 'price', gte: 10000, lt: 1000000 } },
    total_bidders: { fn: 'count' as const, distinct: 'bidder' },
    rank1_bidders: { fn: 'count' as const, distinct: 'bidder', filter: { field: 'price', lt: 10000 } },
    min_price: { fn: 'min' as const, field: 'price' },
    max_price: { fn: 'max' as const, field: 'price' },
    avg_price: { fn: 'avg' as const, field: 'price' },
    sum_price: { fn: 'sum' as const, field: 'price' },
    sum_rank3: { fn: 'sum' as const, field: 'price', filter: { field: 'price', gte: 1000000 } },
  },
};

const bids: Rec[] = [
  { bidder: 1, price: 500 },
  { bidder: 1, price: 20000 },
  { bidder: 2, price: 700 },
  { bidder: '1', price: 9999 },
  { bidder: null, price: 10000 },
];

test('each named aggregate, its FILTER and DISTINCT, as SQL computes them; the value is an object in `of` order', () => {
  const value = aggregateAll(aggregateFor(q15), bids);
  expect(value).toEqual({
    total_bids: 5,
    rank1_bids: 3,
    rank2_bids: 2,
    // 1, "1" and 2 (1 and "1" are different values; null is not counted).
    total_bidders: 3,
    rank1_bidders: 3,
    min_price: 500,
    max_price: 20000,
    avg_price: 41199 / 5,
    sum_price: 41199,
    // SQL: a sum over no rows is NULL.
    sum_rank3: null,
  });
  expect(Object.keys(value as object)).toEqual(Object.keys(q15.of));
});

test('merging partial accumulators equals one fold, and never mutates either side (a stored state version may share them)', () => {
  const agg = aggregateFor(q15);
  const fold = (rs: Rec[]) => rs.reduce((a, r) => agg.add(a, r), agg.create());
  for (let cut = 0; cut <= bids.length; cut++) {
    const left = fold(bids.slice(0, cut));
    const right = fold(bids.slice(cut));
    const before = JSON.stringify([left, right]);
    const merged = agg.merge(left, right);
    expect(JSON.stringify([left, right])).toBe(before);
    expect(agg.result(merged)).toEqual(aggregateAll(agg, bids));
    // Accumulators are JSON: a snapshot round trip changes nothing.
    expect(agg.result(JSON.parse(JSON.stringify(merged)))).toEqual(aggregateAll(agg, bids));
  }
});

test('an eq filter compares the value itself; range comparisons fail on a value that is not a number', () => {
  const agg = aggregateFor({
    fn: 'multi',
    of: {
      hot: { fn: 'count', filter: { field: 'channel', eq: 'apple' } },
      cheap: { fn: 'count', filter: { field: 'price', lte: 5 } },
    },
  });
  const rows: Rec[] = [{ channel: 'apple', price: 5 }, { channel: 'apple', price: '4' }, { channel: 'google', price: 1 }, { price: 6 }];
  expect(aggregateAll(agg, rows)).toEqual({ hot: 2, cheap: 2 });
});

test('the job accepts a multi aggregate and rejects a field beside `of`', () => {
  const job = parseJob({ window: { kind: 'tumbling', size: 10 }, aggregate: q15 });
  expect(job.aggregate.of?.rank1_bids?.filter).toEqual({ field: 'price', lt: 10000 });
  expect(() => parseJob({ window: { kind: 'tumbling', size: 10 }, aggregate: { ...q15, field: 'price' } })).toThrow(
    'job.aggregate.field: a multi aggregate reads the fields named in `of`',
  );
});
