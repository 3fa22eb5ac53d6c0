// Random crash schedules against a join's GROUP BY on the event engine (Nexmark q4; A9, A10): the first stage's
// accumulators are keyed state of the join, the second's part of the sink's snapshot. With checkpoints and the
// two-phase-commit sink the committed changelog is one run's, exactly: no retraction of a row it never added,
// and its final state the oracle's. With a plain sink, the rows emitted after the last completed checkpoint are
// emitted again after the restart (at-least-once): every oracle row is among its +I/+U rows, and every group it
// names is one the oracle has — nothing more is promised (its changelog may retract a row twice).
import fc from 'fast-check';
import { outputKeyNames } from '../core/join-group.ts';
import { type ChangelogRow, finalChangelog, rankKey } from '../core/rank-job.ts';
import type { SinkKind } from '../core/sinks.ts';
import { evaluateJoinGroup } from '../oracle/join-group-oracle.ts';
import { type CrashRunConfig, crashConfigArb, crashesArb, runWithCrashes } from '../test-support/crash-run.ts';
import { type Input, inputArb, q4, q4First, q4Second } from '../test-support/nexmark-q4.ts';
import { compileJoin } from './compile-join.ts';

const configArb = crashConfigArb({ parallelism: [1, 2, 3], interval: [20, 50, 200], recordCost: true });
type Config = CrashRunConfig;

const crashAt = crashesArb(40, 1);

const jobArb = fc
  .tuple(fc.constantFrom('max', 'sum', 'count'), fc.constantFrom('avg', 'max', 'min', 'sum', 'count', null))
  .map(([first, second]) => q4({ groupBy: second === null ? [q4First(first)] : [q4First(first), q4Second(second)] }));

function changelog(job: ReturnType<typeof q4>, input: Input, cfg: Config, sink: SinkKind, crashes: number[]): ChangelogRow[] {
  return runWithCrashes(compileJoin(job), input, cfg, sink, crashes)
    .filter((x) => x.output === 'main')
    .map((x) => x.value as ChangelogRow);
}

const text = (row: unknown) => JSON.stringify(row);

describe('a join GROUP BY (Nexmark q4) under random crashes', () => {
  test('two-phase-commit sink: the committed changelog ends in the oracle state (300 schedules)', () => {
    let restarted = 0;
    fc.assert(
      fc.property(jobArb, inputArb, configArb, crashAt, (job, input, cfg, crashes) => {
        const rows = changelog(job, input, cfg, 'transactional', crashes);
        // finalChangelog throws on a retraction of a row the changelog never added: none may be committed.
        const got = finalChangelog(rows).map((c) => text(c.row));
        expect(got.sort()).toEqual(
          evaluateJoinGroup(job, input)
            .map((r) => text(r.row))
            .sort(),
        );
        if (crashes.some((i) => i < input.length)) restarted++;
      }),
      { seed: 41, numRuns: 300 },
    );
    expect(restarted).toBeGreaterThan(120); // most schedules crash inside the input
  });

  test('plain sink: every oracle row is emitted, every emitted group is an oracle group (200 schedules)', () => {
    let replayed = 0;
    fc.assert(
      fc.property(jobArb, inputArb, configArb, crashAt, (job, input, cfg, crashes) => {
        const rows = changelog(job, input, cfg, 'plain', crashes);
        const truth = evaluateJoinGroup(job, input);
        const added = new Set(rows.filter((c) => c.op === '+I' || c.op === '+U').map((c) => text(c.row)));
        for (const r of truth) expect(added).toContain(text(r.row));
        const groups = new Set(truth.map((r) => text(r.key)));
        for (const c of rows) expect(groups).toContain(text(rankKey(outputKeyNames(job.groupBy!), c.row!)));
        if (rows.length > changelog(job, input, cfg, 'transactional', crashes).length) replayed++;
      }),
      { seed: 42, numRuns: 200 },
    );
    expect(replayed).toBeGreaterThan(10); // the plain sink did emit replays: the test saw at-least-once, not exactly-once
  });
});
