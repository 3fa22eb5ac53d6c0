// Random crash schedules against the event engine's dedup and Top-N (A9, A10): their KeyedProcessFunction
// state and timers are checkpointed like any keyed state, so with the two-phase-commit sink the committed
// changelog ends in the oracle's state, exactly, whatever the delay, skew, checkpoint interval and mode.
import fc from 'fast-check';
import type { Rec } from '../core/aggregates.ts';
import { type ChangelogRow, finalChangelog, parseDedupJob, parseTopNJob, type RankJob } from '../core/rank-job.ts';
import { evaluateDedup, evaluateTopN } from '../oracle/rank-oracle.ts';
import { crashesArb, runWithCrashes } from '../test-support/crash-run.ts';
import { compileRank } from './compile-rank.ts';
import type { CheckpointMode } from './event-engine.ts';

const watermark = { delay: 0, interval: 50 };
const jobs: RankJob[] = [
  parseDedupJob({ dedup: { keep: 'first', key: ['k'] }, watermark }),
  parseDedupJob({ dedup: { keep: 'last', key: ['k'] }, watermark }),
  parseTopNJob({ topN: { n: 2, partitionBy: ['k'], orderBy: 'v' }, window: { kind: 'sliding', size: 100, slide: 50 }, watermark }),
  parseTopNJob({ topN: { n: 2, orderBy: 'v', desc: false }, watermark }),
];

/** In-order input (event time never decreases): nothing is late, so the oracle is the exact answer. */
const inputArb = fc
  .array(fc.record({ k: fc.integer({ min: 0, max: 3 }), v: fc.integer({ min: 1, max: 9 }), dt: fc.integer({ min: 0, max: 40 }) }), {
    maxLength: 40,
  })
  .map((xs) => {
    let t = 0;
    return xs.map((x, id) => {
      t += x.dt;
      return { arrival: t, record: { k: `k${x.k}`, v: x.v, ts: t, id } as Rec };
    });
  });

const configArb = fc.record({
  job: fc.constantFrom(...jobs),
  parallelism: fc.constantFrom(1, 2),
  delay: fc.constantFrom(0, 5),
  skew: fc.constantFrom(0, 7),
  interval: fc.constantFrom(30, 80, 200),
  mode: fc.constantFrom<CheckpointMode>('exactly-once', 'unaligned'),
});

const crashAt = crashesArb();

type Input = Array<{ arrival: number; record: Rec }>;
type Config = { job: RankJob; parallelism: number; delay: number; skew: number; interval: number; mode: CheckpointMode };

/** The committed changelog's final rows as `[window start, rank, id]` texts. */
function run(input: Input, cfg: Config, crashes: number[]): string[] {
  const out = runWithCrashes(compileRank(cfg.job), input, cfg, 'transactional', crashes);
  const byWindow = new Map<number | null, ChangelogRow[]>();
  for (const x of out) {
    if (x.output !== 'main') continue;
    const start = x.window?.start ?? null;
    byWindow.set(start, [...(byWindow.get(start) ?? []), x.value as ChangelogRow]);
  }
  return [...byWindow].flatMap(([start, rows]) => finalChangelog(rows).map((c) => JSON.stringify([start, c.rank ?? null, c.row.id])));
}

function truthOf(job: RankJob, input: Input): string[] {
  if ('dedup' in job) return evaluateDedup(job, input).map((r) => JSON.stringify([null, null, r.id]));
  if ('topN' in job) return evaluateTopN(job, input).map((t) => JSON.stringify([t.window?.start ?? null, t.rank, t.record.id]));
  throw new Error('chained jobs: chained-exactly-once.property.test.ts');
}

describe('dedup and Top-N are exactly-once under random crashes', () => {
  test('two-phase-commit sink: the committed changelog ends in the oracle state (400 crash schedules)', () => {
    fc.assert(
      fc.property(inputArb, configArb, crashAt, (input, cfg, crashes) => {
        expect(run(input, cfg, crashes).sort()).toEqual(truthOf(cfg.job, input).sort());
      }),
      { seed: 27, numRuns: 400 },
    );
  });
});
