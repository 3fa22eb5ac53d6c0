// The join GROUP BY oracle's rules about fields: one no pair has is bad input naming its path; one some pairs
// lack is NULL there, skipped by the aggregates (a sparse JSON row under a schema).
import type { Rec } from '../core/aggregates.ts';
import { InputError } from '../core/errors.ts';
import { auction, bid, q4, q4First, q4Second } from '../test-support/nexmark-q4.ts';
import { evaluateJoinGroup } from './join-group-oracle.ts';

const input = (records: Rec[]) => records.map((record) => ({ record }));

test('a bid without a price is NULL: the max of its auction skips it', () => {
  const { price: _none, ...noPrice } = bid(1, 9, 5);
  const rows = evaluateJoinGroup(q4(), input([auction(1, 10, 0, 100), bid(1, 4, 3), noPrice]));
  expect(rows.map((r) => r.row)).toEqual([{ category: 10, avg: 4 }]);
});

test('a field no pair has is bad input naming the first stage path', () => {
  const job = q4({ groupBy: [{ ...q4First(), aggregate: { fn: 'max', field: 'right.prize' } }, q4Second()] });
  const run = () => evaluateJoinGroup(job, input([auction(1, 10, 0, 100), bid(1, 4, 3)]));
  expect(run).toThrow(InputError);
  expect(run).toThrow(/^job\.groupBy\[0\]\.aggregate\.field: no joined pair has "right\.prize"/);
});

test('no pairs at all: nothing to name, no rows', () => {
  const job = q4({ groupBy: [{ ...q4First(), aggregate: { fn: 'max', field: 'right.prize' } }, q4Second()] });
  expect(evaluateJoinGroup(job, input([auction(1, 10, 0, 100)]))).toEqual([]);
});
