// Nexmark q7 as a window Top-N (nexmark-q7-rank; the published join back is nexmark-q7, tested in
// nexmark-q7-join-back.test.ts): the bids whose price is their 10 s tumbling window's max, every bid at the
// max when several tie — RANK() <= 1 (core/rank-job.ts `topN.function: 'rank'`). Storm's
// windowed bolt runs it and matches the rank oracle on the windows its watermark closed; Flink refuses RANK
// on a window Top-N (StreamExecWindowRank plans ROW_NUMBER only) and Spark has no streaming Top-N.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Rec } from '../engines/core/aggregates.ts';
import type { ChangelogRow, RankJob } from '../engines/core/rank-job.ts';
import { evaluateRank } from '../engines/oracle/rank-oracle.ts';
import { loadScenario } from './catalog.ts';
import { MAIN } from './emission-log.ts';
import { recordText } from './join-result.ts';
import { buildResult, type Environment } from './result.ts';
import { type EngineRun, joinOracleInput, runScenario } from './runner.ts';
import { parseScenario, type Scenario } from './scenario.ts';

const env: Environment = { node: 'test', commit: null, startedAt: '2026-01-01T00:00:00.000Z', mode: 'simulated' };
const text = (w: { start: number; end: number }, rank: number | null | undefined, row: Rec) =>
  JSON.stringify([w.start, w.end, rank ?? null, recordText(row)]);

/** The tuple engine's rows (append-only `+I`), as texts. */
function emitted(r: EngineRun): string[] {
  if (!r.supported) throw new Error(r.reason);
  const out: string[] = [];
  for (let i = 0; i < r.emissions.length; i++) {
    if (r.emissions.kind(i) !== MAIN) continue;
    const c = r.emissions.value(i) as ChangelogRow;
    expect(c.op).toBe('+I');
    out.push(text({ start: r.emissions.start(i), end: r.emissions.end(i) }, c.rank, c.row));
  }
  return out.sort();
}

/** The oracle's rows on Storm's `(start, end]` windows that the engine's final watermark closed. */
function oracle(s: Scenario, run: ReturnType<typeof runScenario>, closedBy: number): string[] {
  return evaluateRank(s.job as RankJob, joinOracleInput(run.input), '(]')
    .filter((x) => x.window!.end <= closedBy)
    .map((x) => text(x.window!, x.rank, x.row!))
    .sort();
}

function check(s: Scenario) {
  const run = runScenario(s);
  const result = buildResult(s, run, env);
  const tuple = run.engines.find((e) => e.entry.id === 'tuple')!;
  if (!tuple.supported) throw new Error(tuple.reason);
  const got = emitted(tuple);
  expect(got).toEqual(oracle(s, run, tuple.finalWatermark ?? Number.NEGATIVE_INFINITY));
  return { run, result, got };
}

describe('catalog nexmark-q7-rank (small)', () => {
  const s = loadScenario('nexmark-q7-rank', { events: 6000 }).scenario;
  const { result, got } = check(s);

  test('its job is a 10 s tumbling Top-1 by price with RANK over the bids', () => {
    expect(s.job).toMatchObject({
      topN: { n: 1, orderBy: 'price', desc: true, function: 'rank' },
      window: { kind: 'tumbling', size: 10_000 },
    });
    expect(got.length).toBeGreaterThan(0);
  });

  test('Flink and Spark refuse it, each naming the rule', () => {
    const status = (id: string) => result.engines.find((e) => e.id === id)!.status;
    expect(status('event')).toMatch(/^not supported: job\.topN\.function: .*StreamExecWindowRank/);
    expect(status('microbatch')).toMatch(/^not supported: job\.topN: /);
  });

  test('Storm differs from the [start, end) oracle only by window closure or windows left open at the end', () => {
    const e = result.engines.find((x) => x.id === 'tuple')!;
    if (!('rank' in e) || e.rank === undefined) throw new Error(e.status);
    for (const c of Object.keys(e.rank.causes)) expect(['window-closure', 'not-flushed']).toContain(c);
  });
});

describe('two bids at the same max price in one window', () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamlab-q7-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'bids.jsonl');
  const bids = [
    { id: 1, bidder: 'a', price: 5, ts: 1000 },
    { id: 2, bidder: 'b', price: 9, ts: 2000 },
    { id: 3, bidder: 'c', price: 3, ts: 3000 },
    { id: 4, bidder: 'd', price: 9, ts: 4000 },
    { id: 5, bidder: 'e', price: 8, ts: 12_000 },
    { id: 6, bidder: 'f', price: 8, ts: 13_000 },
    { id: 7, bidder: 'g', price: 8, ts: 14_000 },
    { id: 8, bidder: 'h', price: 1, ts: 15_000 },
    { id: 9, bidder: 'i', price: 1, ts: 35_000 },
  ];
  writeFileSync(path, `${bids.map((b) => JSON.stringify(b)).join('\n')}\n`);
  const s = parseScenario({
    name: 'q7-ties',
    title: 'q7 ties',
    question: 'Are both bids at the max output?',
    workload: { generator: 'file', file: { path, timestamp: 'ts', key: 'bidder' } },
    job: { topN: { n: 1, orderBy: 'price', function: 'rank' }, window: { kind: 'tumbling', size: 10_000 }, watermark: { delay: 0 } },
    engines: [{ kind: 'event' }, { kind: 'tuple', watermark: { lag: 0 } }],
  });
  const { got, result } = check(s);

  test('every bid at its window’s max comes out at rank 1: two in the first window, three in the second', () => {
    const ids = got.map((t) => {
      const [start, , rank, row] = JSON.parse(t) as [number, number, number, string];
      return [start, rank, Object.fromEntries(JSON.parse(row) as Array<[string, unknown]>).id];
    });
    expect(ids).toEqual([
      [0, 1, 2],
      [0, 1, 4],
      [10_000, 1, 5],
      [10_000, 1, 6],
      [10_000, 1, 7],
    ]);
    expect(result.engines.find((e) => e.id === 'event')!.status).toMatch(/^not supported: job\.topN\.function/);
  });
});
