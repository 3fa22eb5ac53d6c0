// Random crash schedules against the event engine's guarantees (A9, A10), fast-check with a fixed seed:
// with the two-phase-commit sink the committed output is the oracle's, exactly; with a plain sink every
// oracle result is present and every extra is a replayed copy of a correct result.
import fc from 'fast-check';
import type { Rec } from '../core/aggregates.ts';
import { parseJob } from '../core/job.ts';
import type { SinkKind } from '../core/sinks.ts';
import { evaluate } from '../oracle/oracle.ts';
import { crashConfigArb, crashesArb, runWithCrashes } from '../test-support/crash-run.ts';
import type { CheckpointMode } from './event-engine.ts';
import { compileJob } from './pipeline.ts';

const job = parseJob({
  key: 'k',
  window: { kind: 'tumbling', size: 100 },
  aggregate: { fn: 'sum', field: 'v' },
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

const configArb = crashConfigArb({ parallelism: [1, 2], interval: [30, 80, 200] });

const crashAt = crashesArb();

type Input = Array<{ arrival: number; record: Rec }>;

function run(
  input: Input,
  cfg: { parallelism: number; delay: number; skew: number; interval: number; mode: CheckpointMode },
  sink: SinkKind,
  crashes: number[],
) {
  const out = runWithCrashes(compileJob(job), input, cfg, sink, crashes);
  return out.flatMap((x) => (x.output === 'main' ? [`${String(x.key)}@${x.window?.start}=${JSON.stringify(x.value)}`] : []));
}

const truthOf = (input: Input) => evaluate(job, input).map((r) => `${String(r.key)}@${r.window?.start}=${JSON.stringify(r.value)}`);

describe('exactly-once under random crashes', () => {
  test('two-phase-commit sink: the committed output equals the oracle exactly (600 crash schedules)', () => {
    fc.assert(
      fc.property(inputArb, configArb, crashAt, (input, cfg, crashes) => {
        expect(run(input, cfg, 'transactional', crashes).sort()).toEqual(truthOf(input).sort());
      }),
      { seed: 7, numRuns: 600 },
    );
  });

  test('plain sink: every oracle result is present; extras are only replayed copies of correct results (400 schedules)', () => {
    fc.assert(
      fc.property(inputArb, configArb, crashAt, (input, cfg, crashes) => {
        const truth = new Set(truthOf(input));
        const out = run(input, cfg, 'plain', crashes);
        for (const t of truth) expect(out).toContain(t);
        for (const o of out) expect(truth.has(o)).toBe(true);
      }),
      { seed: 8, numRuns: 400 },
    );
  });
});
