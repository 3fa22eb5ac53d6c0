// The event engine's GROUP BY over a join's pairs (Nexmark q4, core/join-group.ts): the first stage in the
// join's keyed context, the second in front of the sink — a hand-checked changelog on a fixed input, the
// refusals, and on random inputs (any arrival order, parallelism 1–3, small key ranges so groups collide)
// the final state of its changelog equal to the join-group oracle's, as a multiset.
import fc from 'fast-check';
import type { Rec } from '../core/aggregates.ts';
import { RefusedError } from '../core/errors.ts';
import type { JoinJob } from '../core/join-job.ts';
import { type ChangelogRow, finalChangelog } from '../core/rank-job.ts';
import { evaluateJoinGroup } from '../oracle/join-group-oracle.ts';
import { runWithCrashes } from '../test-support/crash-run.ts';
import { auction, bid, type Input, inputArb, Q4_JOIN, q4, q4First, q4Second } from '../test-support/nexmark-q4.ts';
import { compileJoin } from './compile-join.ts';

/** The main output's changelog rows of a run without crashes (checkpoints on, 2PC sink). */
function changelog(job: JoinJob, input: Input, parallelism = 1): ChangelogRow[] {
  const cfg = { parallelism, delay: 0, skew: 0, interval: 1000, mode: 'exactly-once' as const };
  return runWithCrashes(compileJoin(job), input, cfg, 'transactional', [])
    .filter((x) => x.output === 'main')
    .map((x) => x.value as ChangelogRow);
}

const rowText = (row: Rec | null) => JSON.stringify(row);
const truth = (job: JoinJob, input: Input) => evaluateJoinGroup(job, input).map((r) => rowText(r.row));

describe('event engine: GROUP BY over a regular join (Nexmark q4)', () => {
  const input: Input = [
    auction(1, 10, 10, 100),
    auction(2, 10, 10, 100),
    auction(3, 20, 0, 50),
    bid(1, 5, 20), // auction 1's first bid: its max, and category 10's first average
    bid(1, 3, 30), // lower: no change anywhere
    bid(2, 9, 30), // auction 2's first bid: category 10's average of 5 and 9
    bid(1, 7, 40), // raises auction 1's max: -U 5 / +U 7, and category 10's average 7 → 9 → 8
    bid(3, 100, 60), // after auction 3 expired: the where drops it
    bid(1, 11, 5), // before auction 1 opened: dropped
    bid(4, 1, 20), // no auction 4: no pair
  ].map((record, i) => ({ arrival: i * 10, record }));
  const ops = (rows: ChangelogRow[]) => rows.map((c) => `${c.op} ${rowText(c.row)}`);

  test('stage 1 alone: MAX(price) per (auction, category), -U/+U when a bid raises it, nothing for a lower one', () => {
    const job = q4({ groupBy: [q4First()] });
    expect(ops(changelog(job, input))).toEqual([
      `+I ${rowText({ id: 1, category: 10, final: 5 })}`,
      `+I ${rowText({ id: 2, category: 10, final: 9 })}`,
      `-U ${rowText({ id: 1, category: 10, final: 5 })}`,
      `+U ${rowText({ id: 1, category: 10, final: 7 })}`,
    ]);
    expect(
      finalChangelog(changelog(job, input))
        .map((c) => rowText(c.row))
        .sort(),
    ).toEqual(truth(job, input).sort());
  });

  test('both stages: the category average retracts the auction’s old maximum, then adds the new one', () => {
    const job = q4();
    const row = (avg: number) => rowText({ category: 10, avg });
    expect(ops(changelog(job, input))).toEqual([
      `+I ${row(5)}`,
      `-U ${row(5)}`,
      `+U ${row(7)}`,
      `-U ${row(7)}`, // -U {id 1, final 5}: only auction 2's 9 left
      `+U ${row(9)}`,
      `-U ${row(9)}`, // +U {id 1, final 7}: the average of 7 and 9
      `+U ${row(8)}`,
    ]);
    expect(finalChangelog(changelog(job, input)).map((c) => rowText(c.row))).toEqual(truth(job, input));
    expect(truth(job, input)).toEqual([row(8)]);
  });

  test('a stage-1 key without the join key, and a window join, are refused with the reason', () => {
    const other = q4({ groupBy: [{ ...q4First(), keys: ['left.category'] }] });
    expect(() => compileJoin(other)).toThrow(RefusedError);
    expect(() => compileJoin(other)).toThrow(/^job\.groupBy\[0\]\.keys: .*must hold the join key \("left\.id" or "right\.auction"\)/);
    // The right side's key names the join key as well.
    expect(() => compileJoin(q4({ groupBy: [{ ...q4First(), keys: ['right.auction'] }] }))).not.toThrow();
    const windowed = q4({ join: { ...Q4_JOIN, kind: 'window' }, window: { kind: 'tumbling', size: 100 } });
    expect(() => compileJoin(windowed)).toThrow(/^job\.groupBy: a GROUP BY over a window join's pairs is not built.*\(E1\)$/);
  });
});

const fns = ['max', 'min', 'avg', 'sum', 'count'] as const;

describe('event engine: join GROUP BY on random inputs', () => {
  test('stage 1 alone: the final changelog equals the oracle as a multiset (200 inputs)', () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom('max', 'min', 'sum', 'count', 'avg'), fc.constantFrom(1, 2, 3), (input, fn, parallelism) => {
        const job = q4({ groupBy: [q4First(fn)] });
        const got = finalChangelog(changelog(job, input, parallelism)).map((c) => rowText(c.row));
        expect(got.sort()).toEqual(truth(job, input).sort());
      }),
      { seed: 4, numRuns: 200 },
    );
  });

  test('two stages, max / min / avg / sum / count of the first stage per category (300 inputs)', () => {
    const seen = { '-U': 0, '-D': 0 }; // how many inputs exercised the retracting rules
    fc.assert(
      fc.property(
        inputArb,
        fc.constantFrom('max', 'min', 'sum', 'count'),
        fc.constantFrom(...fns),
        fc.constantFrom(1, 2, 3),
        fc.boolean(),
        (input, first, second, parallelism, where) => {
          const job = q4({ groupBy: [q4First(first), q4Second(second)], ...(where ? {} : { where: undefined }) });
          const rows = changelog(job, input, parallelism);
          const got = finalChangelog(rows).map((c) => rowText(c.row)); // throws on a retraction of a row never added
          expect(got.sort()).toEqual(truth(job, input).sort());
          for (const op of ['-U', '-D'] as const) if (rows.some((c) => c.op === op)) seen[op]++;
        },
      ),
      { seed: 44, numRuns: 300 },
    );
    expect(seen['-U']).toBeGreaterThan(100);
    expect(seen['-D']).toBeGreaterThan(20);
  });

  test('an interval join groups its pairs the same way (a watermark delay past every event time: nothing is late)', () => {
    const interval = { ...Q4_JOIN, kind: 'interval', lower: 0, upper: 40 };
    fc.assert(
      fc.property(inputArb, fc.constantFrom(...fns), fc.constantFrom(1, 2), (input, second, parallelism) => {
        const job = q4({ join: interval, watermark: { delay: 1000, interval: 50 }, groupBy: [q4First(), q4Second(second)] });
        const got = finalChangelog(changelog(job, input, parallelism)).map((c) => rowText(c.row));
        expect(got.sort()).toEqual(truth(job, input).sort());
      }),
      { seed: 45, numRuns: 100 },
    );
  });
});
