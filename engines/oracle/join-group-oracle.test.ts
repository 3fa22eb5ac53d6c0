// The join GROUP BY oracle's rules about fields: a pair without a field the first stage reads is bad input
// naming its path (as for a top-N over a join); an explicit null is a NULL, which the aggregates skip.
import type { Rec } from '../core/aggregates.ts';
import { InputError } from '../core/errors.ts';
import { auction, bid, q4, q4First, q4Second } from '../test-support/nexmark-q4.ts';
import { evaluateJoinGroup } from './join-group-oracle.ts';

const input = (records: Rec[]) => records.map((record) => ({ record }));

test('a bid whose price is null: the max of its auction skips it', () => {
  const rows = evaluateJoinGroup(q4(), input([auction(1, 10, 0, 100), bid(1, 4, 3), { ...bid(1, 9, 5), price: null }]));
  expect(rows.map((r) => r.row)).toEqual([{ category: 10, avg: 4 }]);
});

test('a bid without a price is bad input naming the first stage field, even beside bids with one', () => {
  const { price: _none, ...noPrice } = bid(1, 9, 5);
  const run = () => evaluateJoinGroup(q4(), input([auction(1, 10, 0, 100), bid(1, 4, 3), noPrice]));
  expect(run).toThrow(/^job\.groupBy\[0\]\.aggregate\.field: the pair \{"left":.*\} has no "right\.price"$/);
});

test('a field no pair has is bad input naming the first stage path', () => {
  const job = q4({ groupBy: [{ ...q4First(), aggregate: { fn: 'max', field: 'right.prize' } }, q4Second()] });
  const run = () => evaluateJoinGroup(job, input([auction(1, 10, 0, 100), bid(1, 4, 3)]));
  expect(run).toThrow(InputError);
  expect(run).toThrow(/^job\.groupBy\[0\]\.aggregate\.field: the pair .* has no "right\.prize"$/);
});

test('no pairs at all: nothing to read, no rows', () => {
  const job = q4({ groupBy: [{ ...q4First(), aggregate: { fn: 'max', field: 'right.prize' } }, q4Second()] });
  expect(evaluateJoinGroup(job, input([auction(1, 10, 0, 100)]))).toEqual([]);
});
