// Nexmark q4's join → where → GROUP BY → GROUP BY as the tests write it (the catalog's nexmark-q4.json is the
// same job): auctions ⋈ bids on id = auction, the bid inside its auction's [dateTime, expires], MAX(price)
// per (auction id, category) as `final`, then a function of `final` per category. The records and the random
// inputs the q4 tests share. For tests only.
import fc from 'fast-check';
import type { Rec } from '../core/aggregates.ts';
import { type JoinJob, parseJoinJob } from '../core/join-job.ts';
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

type Json = Record<string, unknown>;
/** The trace-format q4 job (event time `dateTime`), with `extra` fields over it. */
export const q4 = (extra: Json = {}): JoinJob =>
  parseJoinJob({
    join: Q4_JOIN,
    streams: { auctions: {}, bids: {} },
    timestamp: 'dateTime',
    watermark: { delay: 0, interval: 50 },
    where: Q4_WHERE,
    groupBy: q4GroupBy(),
    ...extra,
  });

export const auction = (id: number, category: number, dateTime: number, expires: number): Rec => ({
  stream: 'auctions',
  id,
  category,
  dateTime,
  expires,
});
export const bid = (auction: number, price: number, dateTime: number): Rec => ({ stream: 'bids', auction, price, dateTime });

export type Input = Array<{ arrival: number; record: Rec }>;

/**
 * Auctions and bids: few ids and categories (groups collide, an id may even come twice), prices 1–5 (ties),
 * each record's arrival independent of its event time (any order: a regular join drops nothing as late).
 */
export const inputArb: fc.Arbitrary<Input> = fc
  .array(
    fc.oneof(
      fc.record({
        kind: fc.constant('a' as const),
        id: fc.integer({ min: 0, max: 3 }),
        category: fc.integer({ min: 0, max: 2 }),
        dt: fc.integer({ min: 0, max: 40 }),
        len: fc.integer({ min: 0, max: 60 }),
      }),
      fc.record({
        kind: fc.constant('b' as const),
        auction: fc.integer({ min: 0, max: 4 }),
        price: fc.integer({ min: 1, max: 5 }),
        dt: fc.integer({ min: 0, max: 80 }),
      }),
    ),
    { maxLength: 40, size: 'max' },
  )
  .chain((xs) => fc.tuple(fc.constant(xs), fc.array(fc.nat({ max: 200 }), { minLength: xs.length, maxLength: xs.length })))
  .map(([xs, arrivals]) =>
    xs
      .map((x, i) => ({
        arrival: arrivals[i]!,
        record: x.kind === 'a' ? auction(x.id, x.category, x.dt, x.dt + x.len) : bid(x.auction, x.price, x.dt),
      }))
      .sort((a, b) => a.arrival - b.arrival),
  );
