// A top-N over a join at the scenario level (Nexmark q9 on a small workload): the event engine's changelog,
// read from its emissions here (to its final state, independently of rank-result.ts), against the join-rank
// oracle; result.json's `rank` block; the other models' refusals with their keys.
import type { Rec } from '../engines/core/aggregates.ts';
import { isJoinJob } from '../engines/core/join-job.ts';
import { type ChangelogRow, finalChangelog } from '../engines/core/rank-job.ts';
import { evaluateJoinRank } from '../engines/oracle/join-rank-oracle.ts';
import { Q9_JOIN, Q9_WHERE, q9TopN } from '../engines/test-support/nexmark-q9.ts';
import { MAIN } from './emission-log.ts';
import { recordText } from './join-result.ts';
import { buildResult, type Environment } from './result.ts';
import { type EngineRun, joinOracleInput, runScenario } from './runner.ts';
import { parseScenario } from './scenario.ts';

const env: Environment = { node: 'test', commit: null, startedAt: '2026-01-01T00:00:00.000Z', mode: 'simulated' };

type Json = Record<string, unknown>;
const q9 = (topN: Json = {}, engines: Json[] = [{ kind: 'event' }], more: Json = {}) =>
  parseScenario({
    ...more,
    name: 'join-rank-test',
    title: 'Join rank test',
    question: 'Which bids win?',
    workload: { generator: 'nexmark', events: 6000, rate: 1000, seed: 11 },
    job: {
      join: Q9_JOIN,
      streams: { auctions: { filter: { field: 'kind', eq: 'auction' } }, bids: { filter: { field: 'kind', eq: 'bid' } } },
      where: Q9_WHERE,
      topN: q9TopN(topN),
      watermark: { delay: 3000 },
    },
    engines,
  });

const text = (rank: number | null | undefined, row: Rec) => {
  const p = row as unknown as { left: Rec; right: Rec };
  return JSON.stringify([rank ?? null, recordText(p.left), recordText(p.right)]);
};

function finalRows(r: EngineRun): string[] {
  if (!r.supported) throw new Error(r.reason);
  const rows: ChangelogRow[] = [];
  for (let i = 0; i < r.emissions.length; i++) if (r.emissions.kind(i) === MAIN) rows.push(r.emissions.value(i) as ChangelogRow);
  return finalChangelog(rows).map((c) => text(c.rank, c.row));
}

describe('join → where → top-N scenario (Nexmark q9, small)', () => {
  test.each([1, 3])('top-%i: the event engine ends in the oracle state; result.json says so in its rank block', (n) => {
    const s = q9({ n });
    const run = runScenario(s);
    const job = s.job;
    if (!isJoinJob(job)) throw new Error('a join job');
    const oracle = evaluateJoinRank(job, joinOracleInput(run.input)).map((x) => text(x.rank, x.row!));
    expect(oracle.length).toBeGreaterThan(50);
    expect(run.rows?.length).toBe(oracle.length);
    const got = finalRows(run.engines[0]!);
    expect(got.sort()).toEqual([...oracle].sort());
    // The where drops bids outside their auction's lifetime: without it the oracle differs on this input.
    const { where: _w, ...open } = job;
    expect(evaluateJoinRank(open, joinOracleInput(run.input)).map((x) => text(x.rank, x.row!))).not.toEqual(oracle);
    const e = buildResult(s, run, env).engines[0]!;
    expect(e.status).toBe('ok');
    if (!('rank' in e) || !e.rank) throw new Error('a rank block');
    expect(e.rank).toMatchObject({
      construct: 'topN',
      rows: oracle.length,
      final: oracle.length,
      exact: oracle.length,
      missing: 0,
      extra: 0,
    });
    expect(e.rank.retracted).toBeGreaterThan(0); // an updating top-N: earlier winners were retracted
  });

  test('Spark, DStreams and Storm refuse, each with its key', () => {
    const s = q9({}, [{ kind: 'microbatch' }, { kind: 'microbatch', flavor: 'dstream' }, { kind: 'tuple', watermark: { lag: 3000 } }]);
    const statuses = buildResult(s, runScenario(s), env).engines.map((e) => e.status);
    expect(statuses[0]).toMatch(/^not supported: job\.topN: top-N is ROW_NUMBER\(\).*\(S-UOC\)$/);
    expect(statuses[1]).toMatch(/^not supported: job\.join\.kind: DStreams join two streams per batch time.*\(E5\)$/);
    expect(statuses[2]).toMatch(/^not supported: job\.join\.kind: a JoinBolt joins the tuples of one window.*\(E6\)$/);
  });
});

test('a crash: Flink with a two-phase-commit sink ends in the oracle state; with a plain sink every extra row is a replay’s', () => {
  const s = q9(
    {},
    [
      { id: 'event-2pc', kind: 'event', checkpoint: { interval: 1000 }, sink: 'transactional' },
      { id: 'event-plain', kind: 'event', checkpoint: { interval: 1000 }, sink: 'plain' },
    ],
    { faults: [{ at: 3500, kind: 'crash', downtime: 1000 }] },
  );
  const run = runScenario(s);
  const job = s.job;
  if (!isJoinJob(job)) throw new Error('a join job');
  const oracle = evaluateJoinRank(job, joinOracleInput(run.input)).map((x) => text(x.rank, x.row!));
  expect(finalRows(run.engines.find((e) => e.entry.id === 'event-2pc')!).sort()).toEqual([...oracle].sort());
  const result = buildResult(s, run, env);
  const block = (id: string) => {
    const e = result.engines.find((x) => x.id === id)!;
    if (!('rank' in e) || !e.rank) throw new Error(e.status);
    return { rank: e.rank, recovery: e.recovery };
  };
  const two = block('event-2pc');
  expect({ missing: two.rank.missing, extra: two.rank.extra, faults: two.recovery.faults }).toEqual({ missing: 0, extra: 0, faults: 1 });
  const plain = block('event-plain');
  expect(plain.rank.missing).toBe(0);
  expect(plain.rank.extra).toBeGreaterThan(0);
  expect(plain.rank.causes).toEqual({ 'replayed-duplicate': plain.rank.extra });
});
