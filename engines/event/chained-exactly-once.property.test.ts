// Random crash schedules against a chained aggregation on the event engine (A9, A10): its second stage sits
// in front of the sink, so its pending window results are part of the sink's snapshot. With the two-phase-commit sink the committed output is the oracle's, exactly,
// whatever the network delay, skew, checkpoint interval and mode; with a plain sink, extras are replays.
import fc from 'fast-check';
import type { Rec } from '../core/aggregates.ts';
import { type ChainedJob, parseChainedJob } from '../core/rank-job.ts';
import type { SinkKind } from '../core/sinks.ts';
import { evaluateChained } from '../oracle/rank-oracle.ts';
import { type CrashRunConfig, crashConfigArb, crashesArb, runWithCrashes } from '../test-support/crash-run.ts';
import { compileRank } from './compile-rank.ts';

/** The max of the sums per window, or (joinBack, Nexmark q5's shape) every key whose sum reaches it. */
const jobOf = (joinBack: boolean) =>
  parseChainedJob({
    key: 'k',
    window: { kind: 'sliding', size: 100, slide: 50 },
    aggregate: { fn: 'sum', field: 'v' },
    perWindow: { aggregate: { fn: 'max', field: 'value' }, ...(joinBack ? { joinBack } : {}) },
    watermark: { delay: 0, interval: 50 },
  });

/** In-order input (event time never decreases): nothing is late, so the oracle is the exact answer. */
const inputArb = fc
  .array(fc.record({ k: fc.integer({ min: 0, max: 3 }), v: fc.integer({ min: 1, max: 9 }), dt: fc.integer({ min: 0, max: 40 }) }), {
    maxLength: 40,
  })
  .map((xs) => {
    let t = 0;
    return xs.map((x) => {
      t += x.dt;
      return { arrival: t, record: { k: `k${x.k}`, v: x.v, ts: t } as Rec };
    });
  });

const configArb = crashConfigArb({ parallelism: [1, 2, 3], interval: [30, 80, 200], recordCost: true });

const crashAt = crashesArb();

type Input = Array<{ arrival: number; record: Rec }>;
type Config = CrashRunConfig;

function run(job: ChainedJob, input: Input, cfg: Config, sink: SinkKind, crashes: number[]): string[] {
  const out = runWithCrashes(compileRank(job), input, cfg, sink, crashes);
  return out.flatMap((x) => (x.output === 'main' ? [`${x.window?.start}=${JSON.stringify(x.value)}`] : []));
}

const truthOf = (job: ChainedJob, input: Input) => evaluateChained(job, input).map((r) => `${r.window.start}=${JSON.stringify(r.value)}`);

describe.each([
  ['the max per window', false],
  ['the join back to the max (q5)', true],
])('a chained aggregation, %s, is exactly-once under random crashes', (_name, joinBack) => {
  const job = jobOf(joinBack);
  test('two-phase-commit sink: the committed output equals the oracle exactly (300 crash schedules)', () => {
    fc.assert(
      fc.property(inputArb, configArb, crashAt, (input, cfg, crashes) => {
        expect(run(job, input, cfg, 'transactional', crashes).sort()).toEqual(truthOf(job, input).sort());
      }),
      { seed: 17, numRuns: 300 },
    );
  });

  test('plain sink: every oracle result is present; extras are only replayed copies of correct results (200 schedules)', () => {
    fc.assert(
      fc.property(inputArb, configArb, crashAt, (input, cfg, crashes) => {
        const truth = new Set(truthOf(job, input));
        const out = run(job, input, cfg, 'plain', crashes);
        for (const t of truth) expect(out).toContain(t);
        for (const o of out) expect(truth.has(o)).toBe(true);
      }),
      { seed: 18, numRuns: 200 },
    );
  });
});
