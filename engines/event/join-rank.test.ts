// The event engine's top-N over a join's pairs (Nexmark q9, core/join-rank.ts): the Rank in the join's keyed
// context, its changelog's final state equal to the join-rank oracle's — on a fixed input, under random
// inputs, and under random crash schedules with checkpoints and the two-phase-commit sink (A9, A10).
import fc from 'fast-check';
import type { Rec } from '../core/aggregates.ts';
import { RefusedError } from '../core/errors.ts';
import { type JoinJob, parseJoinJob } from '../core/join-job.ts';
import { type ChangelogRow, finalChangelog } from '../core/rank-job.ts';
import { evaluateJoinRank } from '../oracle/join-rank-oracle.ts';
import { runWithCrashes } from '../test-support/crash-run.ts';
import { Q9_JOIN, Q9_WHERE, q9TopN } from '../test-support/nexmark-q9.ts';
import { compileJoin } from './compile-join.ts';
import type { CheckpointMode } from './event-engine.ts';

const q9 = (extra: Record<string, unknown> = {}): JoinJob =>
  parseJoinJob({
    join: Q9_JOIN,
    streams: { auctions: {}, bids: {} },
    timestamp: 'dateTime',
    watermark: { delay: 0, interval: 50 },
    where: Q9_WHERE,
    topN: q9TopN(),
    ...extra,
  });

const auction = (id: number, dateTime: number, expires: number): Rec => ({ stream: 'auctions', id, dateTime, expires });
const bid = (id: string, auction: number, price: number, dateTime: number): Rec => ({ stream: 'bids', id, auction, price, dateTime });

type Input = Array<{ arrival: number; record: Rec }>;

interface RunConfig {
  parallelism: number;
  delay: number;
  skew: number;
  interval: number;
  mode: CheckpointMode;
}

/** The committed changelog's rows and its final state as `[rank, auction id, bid id]` texts. */
function run(job: JoinJob, input: Input, cfg: RunConfig, crashes: number[] = []): { rows: ChangelogRow[]; final: string[] } {
  const out = runWithCrashes(compileJoin(job), input, cfg, 'transactional', crashes);
  const rows = out.filter((x) => x.output === 'main').map((x) => x.value as ChangelogRow);
  return { rows, final: finalChangelog(rows).map(text) };
}

const text = (c: { rank?: number | null; row: Rec | null }) => {
  const pair = c.row as { left: Rec; right: Rec };
  return JSON.stringify([c.rank ?? null, pair.left.id, pair.right.id]);
};

const truth = (job: JoinJob, input: Input) => evaluateJoinRank(job, input).map((r) => text({ rank: r.rank, row: r.row }));

const once: RunConfig = { parallelism: 1, delay: 0, skew: 0, interval: 1000, mode: 'exactly-once' };

describe('event engine: top-N over a regular join (Nexmark q9)', () => {
  const input: Input = [
    bid('early', 1, 99, 5), // before auction 1 opens: the where drops its pair
    auction(1, 10, 100),
    bid('b1', 1, 20, 20),
    bid('b2', 1, 30, 30), // a higher price takes rank 1
    bid('b3', 1, 30, 25), // same price, earlier dateTime: takes rank 1 (dateTime ASC)
    bid('late', 1, 500, 150), // after the auction expired: dropped by the where
    bid('c1', 2, 7, 40), // auction 2 arrives after its bid: the pair is made when it arrives
    auction(2, 30, 90),
    bid('other', 3, 1000, 50), // no auction 3: no pair
  ].map((record, i) => ({ arrival: i * 10, record }));

  test('the changelog updates rank 1 per auction and ends in the oracle state', () => {
    const job = q9();
    const { rows, final } = run(job, input, once);
    const ops = rows.map((c) => `${c.op} ${(c.row as { right: Rec }).right.id}`);
    expect(ops).toEqual(['+I b1', '-U b1', '+U b2', '-U b2', '+U b3', '+I c1']);
    expect(final.sort()).toEqual(truth(job, input).sort());
    expect(final.sort()).toEqual([JSON.stringify([1, 1, 'b3']), JSON.stringify([1, 2, 'c1'])]);
  });

  test('top-2 partitioned by the right side key', () => {
    const job = q9({
      topN: {
        n: 2,
        partitionBy: ['right.auction'],
        orderBy: [
          { field: 'right.price', desc: true },
          { field: 'right.dateTime', desc: false },
        ],
      },
    });
    const { final } = run(job, input, once);
    expect(final.sort()).toEqual(truth(job, input).sort());
    expect(final).toContain(JSON.stringify([2, 1, 'b2']));
  });

  test('a partition that is not the join key, and a window join, are refused with the reason', () => {
    const other = q9({ topN: { n: 1, partitionBy: ['right.price'], orderBy: 'right.dateTime' } });
    expect(() => compileJoin(other)).toThrow(RefusedError);
    expect(() => compileJoin(other)).toThrow(/partitionBy must be the join key/);
    const windowed = q9({
      join: { kind: 'window', left: 'auctions', right: 'bids', leftKey: 'id', rightKey: 'auction' },
      window: { kind: 'tumbling', size: 100 },
    });
    expect(() => compileJoin(windowed)).toThrow(/window join/);
  });
});

/** Auctions and bids with distinct event times (no full ties: pairs' arrival order cannot matter). */
const inputArb = fc
  .array(
    fc.oneof(
      fc.record({ kind: fc.constant('a' as const), id: fc.integer({ min: 0, max: 3 }), len: fc.integer({ min: 0, max: 60 }) }),
      fc.record({ kind: fc.constant('b' as const), id: fc.integer({ min: 0, max: 3 }), price: fc.integer({ min: 1, max: 5 }) }),
    ),
    { maxLength: 40 },
  )
  .map((xs) => {
    const seen = new Set<number>();
    return xs.flatMap((x, i) => {
      const t = (i + 1) * 3;
      if (x.kind === 'b') return [{ arrival: t, record: bid(`b${i}`, x.id, x.price, t) }];
      if (seen.has(x.id)) return []; // one auction per id, as Nexmark's
      seen.add(x.id);
      return [{ arrival: t, record: auction(x.id, t - 20, t + x.len) }];
    });
  });

describe('event engine: join top-N on random inputs', () => {
  test('final state equals the oracle (200 inputs, top-1 and top-2)', () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom(1, 2), fc.constantFrom(1, 2), (input, n, parallelism) => {
        const job = q9({
          topN: { n, partitionBy: ['left.id'], orderBy: [{ field: 'right.price', desc: true }, { field: 'right.dateTime' }] },
        });
        expect(run(job, input, { ...once, parallelism }).final.sort()).toEqual(truth(job, input).sort());
      }),
      { seed: 9, numRuns: 200 },
    );
  });

  test('an interval join ranks its pairs the same way (in-order input: nothing is late)', () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom(1, 2), (input, parallelism) => {
        const job = q9({
          join: { kind: 'interval', left: 'auctions', right: 'bids', leftKey: 'id', rightKey: 'auction', lower: 0, upper: 40 },
          watermark: { delay: 30, interval: 50 },
          where: 'right.price > 1',
        });
        expect(run(job, input, { ...once, parallelism }).final.sort()).toEqual(truth(job, input).sort());
      }),
      { seed: 5, numRuns: 100 },
    );
  });

  test('exactly-once under random crash schedules: the committed changelog ends in the oracle state (200 schedules)', () => {
    const job = q9();
    fc.assert(
      fc.property(
        inputArb,
        fc.record({
          parallelism: fc.constantFrom(1, 2),
          delay: fc.constantFrom(0, 5),
          skew: fc.constantFrom(0, 7),
          interval: fc.constantFrom(20, 50, 200),
          mode: fc.constantFrom<CheckpointMode>('exactly-once', 'unaligned'),
        }),
        fc.uniqueArray(fc.nat({ max: 40 }), { minLength: 1, maxLength: 3 }),
        (input, cfg, crashes) => {
          expect(run(job, input, cfg, crashes).final.sort()).toEqual(truth(job, input).sort());
        },
      ),
      { seed: 19, numRuns: 200 },
    );
  });
});
