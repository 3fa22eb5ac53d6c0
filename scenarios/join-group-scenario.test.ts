// A GROUP BY over a join at the scenario level (the catalog's nexmark-q4 at a small size): the event engine's
// changelog, read from its emissions here (to its final state, independently of rank-result.ts), against the
// join-group oracle; result.json's `rank` block (construct "groupBy"); the other models' refusals with their
// SEMANTICS keys; parallelism 2; and a crash with a two-phase-commit sink and with a plain one.
import { readFileSync } from 'node:fs';
import type { Rec } from '../engines/core/aggregates.ts';
import { isJoinJob, type JoinJob } from '../engines/core/join-job.ts';
import { type ChangelogRow, finalChangelog } from '../engines/core/rank-job.ts';
import { evaluateJoinGroup } from '../engines/oracle/join-group-oracle.ts';
import { resolveScenarioFile } from './catalog.ts';
import { MAIN } from './emission-log.ts';
import { buildResult, type Environment } from './result.ts';
import { type EngineRun, joinOracleInput, runScenario, type ScenarioRun } from './runner.ts';
import { parseScenario, type Scenario } from './scenario.ts';

const env: Environment = { node: 'test', commit: null, startedAt: '2026-01-01T00:00:00.000Z', mode: 'simulated' };

type Json = Record<string, unknown>;
const catalog = JSON.parse(readFileSync(resolveScenarioFile('nexmark-q4'), 'utf8')) as Json & { job: Json; workload: Json };

/** The catalog's nexmark-q4 at 6000 events with other engines (and faults, other job fields). */
function q4(engines: Json[], more: Json = {}, job: Json = {}): Scenario {
  return parseScenario({ ...catalog, workload: { ...catalog.workload, events: 6000 }, job: { ...catalog.job, ...job }, engines, ...more });
}

const text = (row: Rec | null) => JSON.stringify(row);

function finalRows(r: EngineRun): string[] {
  if (!r.supported) throw new Error(r.reason);
  const rows: ChangelogRow[] = [];
  for (let i = 0; i < r.emissions.length; i++) if (r.emissions.kind(i) === MAIN) rows.push(r.emissions.value(i) as ChangelogRow);
  return finalChangelog(rows).map((c) => text(c.row));
}

function oracle(s: Scenario, run: ScenarioRun): string[] {
  const job = s.job;
  if (!isJoinJob(job)) throw new Error('a join job');
  return evaluateJoinGroup(job as JoinJob, joinOracleInput(run.input)).map((x) => text(x.row));
}

function rankBlock(s: Scenario, run: ScenarioRun, id?: string) {
  const e = buildResult(s, run, env).engines.find((x) => id === undefined || x.id === id)!;
  if (e.status !== 'ok' || !('rank' in e) || !e.rank) throw new Error(e.status);
  return { rank: e.rank, recovery: e.recovery };
}

describe('nexmark-q4 (small): join → where → MAX per auction → AVG per category', () => {
  test.each([1, 2])('Flink at parallelism %i ends in the oracle state; result.json says so in its rank block', (parallelism) => {
    const s = q4([{ kind: 'event', parallelism }]);
    const run = runScenario(s);
    const truth = oracle(s, run);
    expect(truth.length).toBe(5); // Nexmark's five categories
    expect(run.rows?.length).toBe(truth.length);
    expect(finalRows(run.engines[0]!).sort()).toEqual([...truth].sort());
    const { rank } = rankBlock(s, run);
    expect(rank).toMatchObject({ construct: 'groupBy', rows: 5, final: 5, exact: 5, missing: 0, extra: 0 });
    expect(rank.retracted).toBeGreaterThan(0); // an updating average: earlier averages were retracted
  });

  test('the first stage alone: one row per auction with a bid in its lifetime, the where mattering', () => {
    const first = [(catalog.job.groupBy as Json[])[0]!];
    const s = q4([{ kind: 'event' }], {}, { groupBy: first });
    const run = runScenario(s);
    const truth = oracle(s, run);
    expect(truth.length).toBeGreaterThan(50);
    expect(finalRows(run.engines[0]!).sort()).toEqual([...truth].sort());
    expect(rankBlock(s, run).rank).toMatchObject({ construct: 'groupBy', exact: truth.length, missing: 0, extra: 0 });
    const { where: _w, ...open } = s.job as JoinJob;
    expect(evaluateJoinGroup(open, joinOracleInput(run.input)).map((x) => text(x.row))).not.toEqual(truth);
  });

  test('Spark, DStreams and Storm refuse, each with its path and SEMANTICS key', () => {
    const s = q4([{ kind: 'microbatch' }, { kind: 'microbatch', flavor: 'dstream' }, { kind: 'tuple', watermark: { lag: 3000 } }]);
    const statuses = buildResult(s, runScenario(s), env).engines.map((e) => e.status);
    expect(statuses[0]).toMatch(/^not supported: job\.groupBy: a GROUP BY over a stream-stream join .*\(E4, S-UOC\)$/);
    expect(statuses[1]).toMatch(/^not supported: job\.join\.kind: DStreams join two streams per batch time.*\(E5\)$/);
    expect(statuses[2]).toMatch(/^not supported: job\.join\.kind: a JoinBolt joins the tuples of one window.*\(E6\)$/);
  });
});

test('a crash: Flink with a two-phase-commit sink ends in the oracle state; with a plain sink nothing is missing', () => {
  const s = q4(
    [
      { id: 'event-2pc', kind: 'event', checkpoint: { interval: 1000 }, sink: 'transactional' },
      { id: 'event-plain', kind: 'event', checkpoint: { interval: 1000 }, sink: 'plain' },
    ],
    { faults: [{ at: 3500, kind: 'crash', downtime: 1000 }] },
  );
  const run = runScenario(s);
  const truth = oracle(s, run);
  expect(finalRows(run.engines.find((e) => e.entry.id === 'event-2pc')!).sort()).toEqual([...truth].sort());
  const two = rankBlock(s, run, 'event-2pc');
  expect({ missing: two.rank.missing, extra: two.rank.extra, faults: two.recovery.faults }).toEqual({ missing: 0, extra: 0, faults: 1 });
  const plain = rankBlock(s, run, 'event-plain');
  expect(plain.recovery.faults).toBe(1);
  expect(plain.rank.missing).toBe(0);
  // The replayed rows come again: a retraction of a row the sink already retracted (stray), and the row it
  // replaces twice; every extra row of the final state is put down to the replay.
  expect(plain.rank.emitted).toBeGreaterThan(two.rank.emitted);
  expect(plain.rank.extra).toBeGreaterThan(0);
  expect(plain.rank.causes).toEqual({ 'replayed-duplicate': plain.rank.extra });
});
