// Nexmark q7 as published (the catalog's nexmark-q7): MAX(price) per 10 s TUMBLE joined back to the bids ON
// price AND dateTime BETWEEN window_end − 10 s AND window_end (core/records-join.ts). Flink runs it (a window
// aggregation feeding a regular join) and matches the oracle exactly, at parallelism 1 and 2; Spark, DStreams
// and Storm refuse it with their reasons. A hand-made file of bids shows BETWEEN's inclusive end through the
// whole scenario path; nexmark-q7-rank, the RANK Top-N form, still runs on Storm (nexmark-q7-rank.test.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Rec } from '../engines/core/aggregates.ts';
import type { ChangelogRow, RankJob } from '../engines/core/rank-job.ts';
import { evaluateRank } from '../engines/oracle/rank-oracle.ts';
import { CATALOG_DIR } from './catalog.ts';
import { MAIN } from './emission-log.ts';
import { recordText } from './join-result.ts';
import { buildResult, type Environment } from './result.ts';
import { type EngineRun, joinOracleInput, runScenario } from './runner.ts';
import { parseScenario, type Scenario } from './scenario.ts';

const env: Environment = { node: 'test', commit: null, startedAt: '2026-01-01T00:00:00.000Z', mode: 'simulated' };
const text = (w: { start: number; end: number }, row: Rec) => JSON.stringify([w.start, w.end, recordText(row)]);

/** The catalog file with fewer events and the given engine entries. */
function catalog(name: string, events: number, engines?: unknown[]): Scenario {
  const raw = JSON.parse(readFileSync(join(CATALOG_DIR, `${name}.json`), 'utf8')) as Record<string, unknown>;
  return parseScenario({
    ...raw,
    workload: { ...(raw.workload as object), events },
    ...(engines ? { engines } : {}),
  });
}

/** An engine's rows (append-only `+I`, each with its result's window), as sorted texts. */
function emitted(r: EngineRun): string[] {
  if (!r.supported) throw new Error(r.reason);
  const out: string[] = [];
  for (let i = 0; i < r.emissions.length; i++) {
    if (r.emissions.kind(i) !== MAIN) continue;
    const c = r.emissions.value(i) as ChangelogRow;
    expect(c.op).toBe('+I');
    out.push(text({ start: r.emissions.start(i), end: r.emissions.end(i) }, c.row));
  }
  return out.sort();
}

function run(s: Scenario) {
  const r = runScenario(s);
  const result = buildResult(s, r, env);
  const oracle = evaluateRank(s.job as RankJob, joinOracleInput(r.input))
    .map((x) => text(x.window!, x.row!))
    .sort();
  const engine = (id: string) => r.engines.find((e) => e.entry.id === id)!;
  const status = (id: string) => result.engines.find((e) => e.id === id)!.status;
  const block = (id: string) => {
    const e = result.engines.find((x) => x.id === id)!;
    if (!('rank' in e) || e.rank === undefined) throw new Error(e.status);
    return e.rank;
  };
  return { oracle, engine, status, block };
}

describe('catalog nexmark-q7 (small: 6000 events, three 10 s windows)', () => {
  const s = catalog('nexmark-q7', 6000);
  const { oracle, engine, status, block } = run(s);

  test('its job is the published query: a 10 s TUMBLE max of price joined on price within [end − 10 s, end]', () => {
    expect(s.job).toMatchObject({
      window: { kind: 'tumbling', size: 10_000 },
      aggregate: { fn: 'max', field: 'price' },
      joinRecords: { on: 'price', lower: -10_000, upper: 0 },
    });
    expect(oracle.length).toBeGreaterThanOrEqual(3);
  });

  test('Flink outputs exactly the oracle rows: each row once, nothing missing, extra or retracted', () => {
    expect(status('event')).toBe('ok');
    expect(emitted(engine('event'))).toEqual(oracle);
    const b = block('event');
    expect(b).toMatchObject({ construct: 'joinRecords', rows: oracle.length, exact: oracle.length, missing: 0, extra: 0, retracted: 0 });
  });

  test('Spark, DStreams and Storm refuse it, each naming job.joinRecords and its rule', () => {
    expect(status('microbatch')).toMatch(/^not supported: job\.joinRecords: .*stream-stream join after a streaming aggregation.*S-UOC/);
    expect(status('microbatch-dstream')).toMatch(/^not supported: job\.joinRecords: a DStream joins two streams per batch time \(E5\)/);
    expect(status('tuple')).toMatch(/^not supported: job\.joinRecords: Storm core has no join of a window's result back.*E6/);
  });
});

test('nexmark-q7 at parallelism 2 (the join back runs on one subtask after the source) is still exact', () => {
  const s = catalog('nexmark-q7', 6000, [{ kind: 'event', parallelism: 2 }]);
  const { oracle, engine, block } = run(s);
  expect(emitted(engine('event'))).toEqual(oracle);
  expect(block('event')).toMatchObject({ exact: oracle.length, missing: 0, extra: 0 });
});

test('nexmark-q7-rank (the RANK Top-N form) still runs on Storm, and Flink still refuses RANK', () => {
  const { status } = run(catalog('nexmark-q7-rank', 6000));
  expect(status('tuple')).toBe('ok');
  expect(status('event')).toMatch(/^not supported: job\.topN\.function: /);
});

describe('a bid exactly at the first window’s end tying its max, through the scenario path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamlab-q7-join-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'bids.jsonl');
  const bids = [
    { kind: 'bid', id: 1, price: 5, ts: 1000 },
    { kind: 'bid', id: 2, price: 9, ts: 4000 },
    { kind: 'person', id: 3, price: 99, ts: 5000 }, // filtered out before the job
    { kind: 'bid', id: 4, price: 9, ts: 10_000 }, // [10 s, 20 s)'s first instant, [0, 10 s)'s end
    { kind: 'bid', id: 5, price: 3, ts: 15_000 },
    { kind: 'bid', id: 6, price: 2, ts: 20_000 }, // [20 s, 30 s)'s max, not [10 s, 20 s)'s (9)
  ];
  writeFileSync(path, `${bids.map((b) => JSON.stringify(b)).join('\n')}\n`);
  const s = parseScenario({
    name: 'q7-window-end',
    title: 'q7 at a window end',
    question: 'Is a bid at a window end tying its max output for both windows?',
    workload: { generator: 'file', file: { path, timestamp: 'ts', key: 'id' } },
    job: {
      filter: { field: 'kind', eq: 'bid' },
      window: { kind: 'tumbling', size: 10_000 },
      aggregate: { fn: 'max', field: 'price' },
      joinRecords: { on: 'price', lower: -10_000, upper: 0 },
      watermark: { delay: 0 },
    },
    engines: [{ kind: 'event' }, { kind: 'event', id: 'event-3', parallelism: 3 }],
  });
  const { oracle, engine } = run(s);

  test('BETWEEN includes the end: bid 4 is output for [0, 10 s) and for [10 s, 20 s); bid 6 for its own window only', () => {
    const ids = oracle.map((t) => {
      const [start, , row] = JSON.parse(t) as [number, number, string];
      return [start, Object.fromEntries(JSON.parse(row) as Array<[string, unknown]>).id];
    });
    expect(ids).toEqual([
      [0, 2],
      [0, 4],
      [10_000, 4],
      [20_000, 6],
    ]);
    expect(emitted(engine('event'))).toEqual(oracle);
    expect(emitted(engine('event-3'))).toEqual(oracle);
  });
});
