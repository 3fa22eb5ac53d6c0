// Nexmark q4's join → where → GROUP BY → GROUP BY as the tests write it (the catalog's nexmark-q4.json is the
// same job): auctions ⋈ bids on id = auction, the bid inside its auction's [dateTime, expires], MAX(price)
// per (auction id, category) as `final`, then a function of `final` per category. For tests only.
import { Q9_JOIN, Q9_WHERE } from './nexmark-q9.ts';

export const Q4_JOIN = Q9_JOIN;
export const Q4_WHERE = Q9_WHERE;

/** Stage 1: the highest bid per auction (`fn` over `right.price`), keyed by `left.id, left.category`. */
export const q4First = (fn = 'max'): Record<string, unknown> => ({
  keys: ['left.id', 'left.category'],
  aggregate: { fn, field: 'right.price' },
  as: 'final',
});

/** Stage 2: `fn` of the first stage's `final` per category (Nexmark: AVG). */
export const q4Second = (fn = 'avg'): Record<string, unknown> => ({
  keys: ['category'],
  aggregate: fn === 'count' ? { fn } : { fn, field: 'final' },
  as: 'avg',
});

/** Both stages, as Nexmark q4. */
export const q4GroupBy = (second = 'avg'): Array<Record<string, unknown>> => [q4First(), q4Second(second)];
