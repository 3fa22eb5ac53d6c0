// Dedup, top-N and chained per-window aggregations at the scenario level (issue 18): each engine's output,
// read from its emissions here (a changelog to its final state per window, independently of rank-result.ts),
// against the rank oracle's rows; the causes each model's rules give its differences; the refusals.
import type { Rec } from '../engines/core/aggregates.ts';
import { type ChangelogRow, finalChangelog, isRankJob, type RankJob } from '../engines/core/rank-job.ts';
import { evaluateRank } from '../engines/oracle/rank-oracle.ts';
import { MAIN } from './emission-log.ts';
import { recordText } from './join-result.ts';
import { buildResult, type Environment, type Result } from './result.ts';
import { type EngineRun, joinOracleInput, runScenario, type ScenarioRun } from './runner.ts';
import { parseScenario, type Scenario, type ScenarioInput } from './scenario.ts';

const env: Environment = { node: 'test', commit: null, startedAt: '2026-01-01T00:00:00.000Z', mode: 'simulated' };
const ALL = [
  { kind: 'event' },
  { kind: 'microbatch' },
  { kind: 'microbatch', flavor: 'dstream' },
  { kind: 'tuple', watermark: { lag: 3000 } },
];

type Json = Record<string, unknown>;
/** The bids of a small Nexmark run (12 s of events, 10 % up to 3 s late), with a 3 s watermark delay. */
function scenario(job: Json, engines: Json[] = ALL, more: Json = {}): Scenario {
  return parseScenario({
    ...more,
    name: 'rank-test',
    title: 'Rank test',
    question: 'Which rows?',
    workload: { generator: 'nexmark', events: 12_000, rate: 1000, seed: 7 },
    job: { filter: { field: 'kind', eq: 'bid' }, watermark: { delay: 3000 }, ...job },
    engines,
  });
}

interface Done {
  s: Scenario;
  run: ScenarioRun;
  result: Result;
}
function run(s: Scenario): Done {
  const r = runScenario(s);
  return { s, run: r, result: buildResult(s, r, env) };
}

type Win = { start: number; end: number } | null;
const rowText = (window: Win, rank: number | null, row: Rec | null, value: unknown) =>
  JSON.stringify([window ? [window.start, window.end] : null, rank, row ? recordText(row) : value]);

/** The rows the engine's output ends with: each window's changelog to its final state, or its values. */
function emitted(r: EngineRun): string[] {
  if (!r.supported) throw new Error(r.reason);
  const byWindow = new Map<string, { window: Win; rows: ChangelogRow[] }>();
  const out: string[] = [];
  for (let i = 0; i < r.emissions.length; i++) {
    if (r.emissions.kind(i) !== MAIN) continue;
    const start = r.emissions.start(i);
    const window = Number.isNaN(start) ? null : { start, end: r.emissions.end(i) };
    const v = r.emissions.value(i);
    if (typeof v !== 'object' || v === null || !('op' in v)) {
      out.push(rowText(window, null, null, v));
      continue;
    }
    const g = byWindow.get(JSON.stringify(window)) ?? { window, rows: [] };
    g.rows.push(v as ChangelogRow);
    byWindow.set(JSON.stringify(window), g);
  }
  for (const g of byWindow.values()) for (const c of finalChangelog(g.rows)) out.push(rowText(g.window, c.rank ?? null, c.row, null));
  return out.sort();
}

/** The oracle's rows (`closure` `(]`: Storm's windows), only those of windows closed by `closedBy` when given. */
function oracle(d: Done, closure: '[)' | '(]' = '[)', closedBy?: number): string[] {
  return evaluateRank(d.s.job as RankJob, joinOracleInput(d.run.input), closure)
    .filter((x) => closedBy === undefined || (x.window !== null && x.window.end - (closure === '(]' ? 0 : 1) <= closedBy))
    .map((x) => rowText(x.window, x.rank, x.row, x.value))
    .sort();
}

const block = (d: Done, id: string) => {
  const e = d.result.engines.find((x) => x.id === id)!;
  if (!('rank' in e) || e.rank === undefined) throw new Error(`${id}: ${e.status}`);
  return e.rank;
};
const status = (d: Done, id: string) => d.result.engines.find((x) => x.id === id)!.status;
const engineRun = (d: Done, id: string) => d.run.engines.find((e) => e.entry.id === id)!;

describe('dedup keep last per (bidder, auction) (Nexmark q18)', () => {
  const d = run(scenario({ dedup: { keep: 'last', key: ['bidder', 'auction'] } }));

  test('the job is a rank job, its input the bids, its ground truth one row per key', () => {
    expect(isRankJob(d.s.job)).toBe(true);
    expect(new Set(d.run.input.events.map((e) => e.record.kind))).toEqual(new Set(['bid']));
    const keys = new Set(d.run.input.events.map((e) => JSON.stringify([e.record.bidder, e.record.auction])));
    expect(d.run.rows!.length).toBe(keys.size);
    expect(d.result.oracle.results).toBe(keys.size);
  });

  test('Flink’s changelog ends in exactly the oracle’s rows, after retracting the ones it replaced', () => {
    expect(emitted(engineRun(d, 'event'))).toEqual(oracle(d));
    const b = block(d, 'event');
    expect({ exact: b.exact, missing: b.missing, extra: b.extra, final: b.final }).toEqual({
      exact: b.rows,
      missing: 0,
      extra: 0,
      final: b.rows,
    });
    expect(b.retracted).toBeGreaterThan(0);
    expect(b.emitted).toBe(b.rows + 2 * b.retracted);
  });

  test('Spark, DStreams and Storm refuse keep-last with the construct’s key', () => {
    expect(status(d, 'microbatch')).toMatch(/^not supported: job\.dedup\.keep: /);
    expect(status(d, 'microbatch-dstream')).toMatch(/^not supported: job\.dedup: /);
    expect(status(d, 'tuple')).toMatch(/^not supported: job\.dedup: /);
  });
});

describe('dedup keep first per bidder', () => {
  const d = run(scenario({ dedup: { keep: 'first', key: ['bidder'] } }));

  test('Flink keeps the earliest event time of each key, as the oracle does', () => {
    expect(emitted(engineRun(d, 'event'))).toEqual(oracle(d));
    expect(block(d, 'event').retracted).toBe(0);
  });

  test('Spark keeps each key’s first arrival: equal to an arrival-order dedup, every difference arrival-order', () => {
    const firsts = new Map<unknown, Rec>();
    for (const e of d.run.input.events) if (!firsts.has(e.record.bidder)) firsts.set(e.record.bidder, e.record);
    const byArrival = [...firsts.values()].map((r) => rowText(null, null, r, null)).sort();
    expect(emitted(engineRun(d, 'microbatch'))).toEqual(byArrival);
    const b = block(d, 'microbatch');
    expect(b.missing).toBeGreaterThan(0);
    expect(b.missing).toBe(b.extra);
    expect(b.causes).toEqual({ 'arrival-order': b.missing + b.extra });
  });
});

describe('dedup keep first within 3 s per bidder (Spark dropDuplicatesWithinWatermark)', () => {
  const d = run(scenario({ dedup: { keep: 'first', key: ['bidder'], within: 3000 } }, [{ kind: 'event' }, { kind: 'microbatch' }]));

  test('Flink refuses the bound: its dedup state expires by processing-time TTL only', () => {
    expect(status(d, 'event')).toMatch(/^not supported: job\.dedup\.within: /);
  });

  test('Spark never keeps a row within 3 s of an earlier-arriving kept row of its key; it differs by arrival order and by watermark expiry', () => {
    const r = engineRun(d, 'microbatch');
    if (!r.supported) throw new Error(r.reason);
    const arrival = new Map(d.run.input.events.map((e) => [recordText(e.record), e.arrival]));
    const kept = new Map<unknown, Array<{ at: number; ts: number }>>();
    for (let i = 0; i < r.emissions.length; i++) {
      if (r.emissions.kind(i) !== MAIN) continue;
      const row = (r.emissions.value(i) as ChangelogRow).row;
      kept.set(row.bidder, [...(kept.get(row.bidder) ?? []), { at: arrival.get(recordText(row))!, ts: row.dateTime as number }]);
    }
    for (const rows of kept.values()) {
      rows.sort((a, b) => a.at - b.at);
      for (let i = 1; i < rows.length; i++)
        for (let j = 0; j < i; j++) expect(Math.abs(rows[i]!.ts - rows[j]!.ts)).toBeGreaterThanOrEqual(3000);
    }
    const b = block(d, 'microbatch');
    expect(b.causes['watermark-expiry']).toBeGreaterThan(0);
    for (const c of Object.keys(b.causes)) expect(['arrival-order', 'watermark-expiry']).toContain(c);
  });
});

describe('top-10 bids by price per auction, no window (Nexmark q19)', () => {
  const d = run(scenario({ topN: { n: 10, partitionBy: ['auction'], orderBy: 'price' } }));

  test('Flink’s updating Top-N ends in the oracle’s ranks 1..10 per auction', () => {
    expect(emitted(engineRun(d, 'event'))).toEqual(oracle(d));
    const b = block(d, 'event');
    expect(b.exact).toBe(b.rows);
    expect(b.retracted).toBeGreaterThan(0);
  });

  test('Spark (both APIs) and Storm refuse an un-windowed Top-N', () => {
    for (const id of ['microbatch', 'microbatch-dstream', 'tuple']) expect(status(d, id)).toMatch(/^not supported: job\.topN: /);
  });
});

describe('window top-3 bids by price, 2 s tumbling', () => {
  const d = run(scenario({ topN: { n: 3, orderBy: 'price' }, window: { kind: 'tumbling', size: 2000 } }));

  test('Flink emits each window’s top 3 once, the oracle’s', () => {
    expect(emitted(engineRun(d, 'event'))).toEqual(oracle(d));
  });

  test('Storm’s windowed bolt emits the (start, end] windows its watermark closed; the rest are window-closure or not flushed', () => {
    const r = engineRun(d, 'tuple');
    if (!r.supported) throw new Error(r.reason);
    expect(emitted(r)).toEqual(oracle(d, '(]', r.finalWatermark ?? Number.NEGATIVE_INFINITY));
    const b = block(d, 'tuple');
    expect(b.missing).toBeGreaterThan(0);
    for (const c of Object.keys(b.causes)) expect(['window-closure', 'not-flushed']).toContain(c);
  });
});

describe('max of counts per auction per sliding window (Nexmark q5)', () => {
  const d = run(
    scenario({
      key: 'auction',
      window: { kind: 'sliding', size: 4000, slide: 2000 },
      aggregate: { fn: 'count' },
      perWindow: { aggregate: { fn: 'max', field: 'value' } },
    }),
  );

  test('Flink emits the oracle’s value for every window', () => {
    expect(emitted(engineRun(d, 'event'))).toEqual(oracle(d));
    expect(block(d, 'event').rows).toBeGreaterThan(4);
  });

  test('Spark emits the windows its watermark closed, each the oracle’s value; the others are not flushed', () => {
    const r = engineRun(d, 'microbatch');
    if (!r.supported) throw new Error(r.reason);
    const got = emitted(r);
    expect(got.length).toBeGreaterThan(0);
    expect(got).toEqual(oracle(d, '[)', r.finalWatermark ?? Number.NEGATIVE_INFINITY));
    const b = block(d, 'microbatch');
    expect(b.causes).toEqual(b.missing > 0 ? { 'not-flushed': b.missing } : {});
  });

  test('DStreams and Storm refuse the chained aggregation by its key', () => {
    expect(status(d, 'microbatch-dstream')).toMatch(/^not supported: job\.perWindow: /);
    expect(status(d, 'tuple')).toMatch(/^not supported: job\.perWindow: /);
  });
});

describe('late records in a rank job', () => {
  test('a record Flink drops as late is named the cause of the keep-first rows that differ', () => {
    // No watermark delay: Nexmark's late bids fall behind the watermark, and Flink's keep-first drops them.
    const d = run(scenario({ dedup: { keep: 'first', key: ['auction'] }, watermark: { delay: 0 } }, [{ kind: 'event' }]));
    const b = block(d, 'event');
    const e = d.result.engines[0]!;
    if (!('correctness' in e)) throw new Error(e.status);
    expect(e.correctness.lateDropped).toBeGreaterThan(0);
    expect(b.missing).toBeGreaterThan(0);
    expect(b.causes['late-dropped']).toBe(b.missing + b.extra);
    expect(b.differences.every((x) => x.cause === 'late-dropped')).toBe(true);
  });
});

test('a .ts scenario may cut a rank job’s input with a filter function; the same rows as the declarative filter', () => {
  const declarative = run(scenario({ dedup: { keep: 'last', key: ['bidder'] } }, [{ kind: 'event' }]));
  const input = {
    name: 'rank-fn',
    title: 'Rank with a filter function',
    question: 'Same rows?',
    workload: { generator: 'nexmark', events: 12_000, rate: 1000, seed: 7 },
    job: { filter: (r: Rec) => r.kind === 'bid', dedup: { keep: 'last', key: ['bidder'] }, watermark: { delay: 3000 } },
    engines: [{ kind: 'event' }],
  } satisfies ScenarioInput;
  const withFn = run(parseScenario(input));
  expect(withFn.run.rows).toEqual(declarative.run.rows);
  expect(emitted(engineRun(withFn, 'event'))).toEqual(oracle(declarative));
  // A key function has no place in a rank job: it names its fields.
  expect(() => parseScenario({ ...input, job: { ...input.job, key: (r: Rec) => String(r.bidder) } })).toThrow(
    'a dedup, top-N or chained scenario takes no key or timestamp function',
  );
});

describe('real mode (a virtual wall clock): the runner path is shared', () => {
  /** A wall clock that only moves when the runner waits; CPU time moves with it. */
  const clock = () => {
    const c = { t: 1000, now: () => c.t, cpu: () => c.t, wait: (until: number) => void (c.t = Math.max(c.t, until)) };
    return c;
  };

  test.each(['rate', 'max'] as const)(
    'at %s pace Flink’s keep-last dedup ends in the oracle’s rows, each final row’s latency from when its record was fed, never below zero',
    (pace) => {
      const s = scenario({ dedup: { keep: 'last', key: ['bidder', 'auction'] } }, [{ kind: 'event' }]);
      s.run = { ...s.run, mode: 'real', pace, warmup: 0 };
      const r = runScenario(s, { mode: 'real', clock: clock() });
      const d = { s, run: r, result: buildResult(s, r, { ...env, mode: 'real' }) };
      expect(r.mode).toBe('real');
      expect(emitted(engineRun(d, 'event'))).toEqual(oracle(d));
      const b = block(d, 'event');
      expect({ missing: b.missing, extra: b.extra }).toEqual({ missing: 0, extra: 0 });
      expect(b.latency.count).toBe(b.final);
      expect(b.latency.negative).toBe(0);
      const e = d.result.engines[0]!;
      if (!('series' in e)) throw new Error(e.status);
      expect(e.series.latency.length).toBeGreaterThan(0);
    },
  );
});

test('an engine entry’s window override is compared with the oracle of its own job', () => {
  const d = run(
    scenario({ topN: { n: 2, orderBy: 'price' }, window: { kind: 'tumbling', size: 2000 } }, [
      { kind: 'event' },
      { kind: 'event', id: 'event-1s', window: { kind: 'tumbling', size: 1000 } },
    ]),
  );
  const two = block(d, 'event');
  const one = block(d, 'event-1s');
  expect(two.rows).toBe(d.run.rows!.length);
  expect(one.rows).toBeGreaterThan(two.rows);
  for (const b of [one, two])
    expect({ exact: b.exact, missing: b.missing, extra: b.extra }).toEqual({ exact: b.rows, missing: 0, extra: 0 });
});

describe('a crash in a rank job (faults: SCENARIOS.md)', () => {
  const faults = [{ at: 5500, kind: 'crash', downtime: 2000 }];
  const topN = { topN: { n: 3, partitionBy: ['auction'], orderBy: 'price' } };
  const flink = [
    { id: 'event-2pc', kind: 'event', checkpoint: { interval: 2000 }, sink: 'transactional' },
    { id: 'event-plain', kind: 'event', checkpoint: { interval: 2000 }, sink: 'plain' },
  ];
  const d = run(scenario(topN, flink, { faults }));
  const result = (id: string) => {
    const e = d.result.engines.find((x) => x.id === id)!;
    if (!('recovery' in e)) throw new Error(e.status);
    return e;
  };

  test('Flink with a two-phase-commit sink ends with exactly the oracle’s rows, and says it recovered', () => {
    expect(emitted(engineRun(d, 'event-2pc'))).toEqual(oracle(d));
    const b = block(d, 'event-2pc');
    expect({ missing: b.missing, extra: b.extra, stray: b.strayRetractions }).toEqual({ missing: 0, extra: 0, stray: undefined });
    const e = result('event-2pc');
    expect(e.recovery.faults).toBe(1);
    expect(e.recovery.replayed).toBeGreaterThan(0);
    expect(e.recovery.checkpoints?.count).toBeGreaterThan(0);
    expect(e.series.faults).toEqual([5500]);
  });

  test('with a plain sink the replayed changelog leaves rows behind: every extra row a replayed duplicate, nothing missing', () => {
    const b = block(d, 'event-plain');
    expect(b.missing).toBe(0);
    expect(b.exact).toBe(b.rows);
    expect(b.extra).toBeGreaterThan(0);
    expect(b.causes).toEqual({ 'replayed-duplicate': b.extra });
    const e = result('event-plain');
    expect(e.correctness.duplicates).toBeGreaterThan(0);
    expect(e.recovery.duplicated).toBe(e.correctness.duplicates);
    // The duplicates are rows the output holds twice; the rest of the extras are rows a replay left behind.
    expect(e.correctness.duplicates).toBeLessThanOrEqual(b.extra);
  });

  test('Storm’s window Top-N: acking replays and loses nothing to the crash; at-most-once loses rows, each lost-on-crash', () => {
    const storm = run(
      scenario(
        { ...topN, window: { kind: 'tumbling', size: 2000 } },
        [
          { id: 'tuple-acking', kind: 'tuple', acking: true, messageTimeout: 30_000, watermark: { lag: 3000 } },
          { id: 'tuple-at-most-once', kind: 'tuple', acking: false, watermark: { lag: 3000 } },
        ],
        { faults },
      ),
    );
    const acking = storm.result.engines.find((x) => x.id === 'tuple-acking')!;
    const amo = storm.result.engines.find((x) => x.id === 'tuple-at-most-once')!;
    if (!('rank' in acking) || !('rank' in amo)) throw new Error('not run');
    expect(acking.rank!.causes['lost-on-crash']).toBeUndefined();
    expect(acking.recovery.replayed).toBeGreaterThan(0);
    expect(amo.rank!.causes['lost-on-crash']).toBeGreaterThan(0);
    expect(amo.recovery.lost).toBe(amo.rank!.causes['lost-on-crash']);
  });

  test('Spark’s dedup restarts from its state store: the rows it ends with are the crash-free run’s', () => {
    const dedup = { dedup: { keep: 'first', key: ['bidder'] } };
    const crashed = run(scenario(dedup, [{ kind: 'microbatch' }], { faults }));
    const clean = run(scenario(dedup, [{ kind: 'microbatch' }]));
    expect(emitted(engineRun(crashed, 'microbatch'))).toEqual(emitted(engineRun(clean, 'microbatch')));
    expect(block(crashed, 'microbatch').causes['replayed-duplicate']).toBeUndefined();
    const e = crashed.result.engines[0]!;
    if (!('recovery' in e)) throw new Error(e.status);
    expect(e.recovery.faults).toBe(1);
  });
});
