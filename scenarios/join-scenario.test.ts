// Stream joins at the scenario level (issue 18): each engine's pairs against the join oracle's, checked
// here independently of join-result.ts (the emissions themselves, as multisets), the causes each model's
// rules give its differences, latency per pair, and the "not supported" rows of models without the join.
import type { Rec } from '../engines/core/aggregates.ts';
import { isJoinJob, type JoinJob } from '../engines/core/join-job.ts';
import { evaluateJoin } from '../engines/oracle/join-oracle.ts';
import { loadScenario } from './catalog.ts';
import { MAIN } from './emission-log.ts';
import { recordText } from './join-result.ts';
import { buildResult, type Environment, type Result } from './result.ts';
import { type EngineRun, HELD_POINTS, joinOracleInput, runScenario, type ScenarioRun } from './runner.ts';
import { parseScenario, type Scenario } from './scenario.ts';
import { thinHeld } from './simulated-runner.ts';

const env: Environment = { node: 'test', commit: null, startedAt: '2026-01-01T00:00:00.000Z', mode: 'simulated' };

type Json = Record<string, unknown>;
/** Persons ⋈ auctions on id = seller over a small Nexmark run, 2 s tumbling windows unless `job` says otherwise (null deletes a field). */
function scenario(
  job: Json = {},
  engines: Json[] = [
    { kind: 'event' },
    { kind: 'microbatch' },
    { kind: 'microbatch', flavor: 'dstream' },
    { kind: 'tuple', watermark: { lag: 3000 } },
  ],
) {
  const j: Json = {
    join: { kind: 'window', left: 'persons', right: 'auctions', leftKey: 'id', rightKey: 'seller' },
    streams: { persons: { filter: { field: 'kind', eq: 'person' } }, auctions: { filter: { field: 'kind', eq: 'auction' } } },
    window: { kind: 'tumbling', size: 2000 },
    watermark: { delay: 3000 },
    ...job,
  };
  for (const [k, v] of Object.entries(j)) if (v === null) delete j[k];
  return parseScenario({
    name: 'join-test',
    title: 'Join test',
    question: 'Which pairs?',
    workload: { generator: 'nexmark', events: 12_000, rate: 1000, seed: 7 },
    job: j,
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

/** A pair as the multiset element: window (or none), then both records by content. */
const pairText = (window: { start: number; end: number } | null, left: Rec | null, right: Rec | null) =>
  JSON.stringify([window, left ? recordText(left) : null, right ? recordText(right) : null]);

function emitted(r: EngineRun, withWindow: boolean): string[] {
  if (!r.supported) throw new Error(r.reason);
  const out: string[] = [];
  for (let i = 0; i < r.emissions.length; i++) {
    if (r.emissions.kind(i) !== MAIN) continue;
    const v = r.emissions.value(i) as { left: Rec | null; right: Rec | null };
    const start = r.emissions.start(i);
    out.push(pairText(withWindow && !Number.isNaN(start) ? { start, end: r.emissions.end(i) } : null, v.left, v.right));
  }
  return out.sort();
}

function oracle(d: Done, closure: '[)' | '(]', withWindow = true): string[] {
  const job = d.s.job as JoinJob;
  return evaluateJoin(job, joinOracleInput(d.run.input), closure)
    .map((x) => pairText(withWindow ? x.window : null, x.value.left, x.value.right))
    .sort();
}

const engine = (d: Done, id: string) => {
  const e = d.result.engines.find((x) => x.id === id)!;
  if (!('join' in e) || e.join === undefined) throw new Error(`${id}: ${e.status}`);
  return e;
};

describe('a window join scenario (persons ⋈ auctions, 2 s tumbling, 3 s watermark delay)', () => {
  const d = run(scenario());

  test('the runner cuts the two streams out of the workload and tags each record with its stream', () => {
    expect(isJoinJob(d.s.job)).toBe(true);
    const streams = new Set(d.run.input.events.map((e) => e.record.stream));
    expect([...streams].sort()).toEqual(['auctions', 'persons']);
    // Person : Auction : Bid = 1 : 3 : 46, and bids are not part of the job.
    expect(d.run.input.size).toBe(d.run.log.size / 50 + (d.run.log.size / 50) * 3);
    expect(d.result.oracle.results).toBe(d.run.pairs!.length);
    expect(d.run.pairs!.length).toBeGreaterThan(100);
  });

  test('Flink and Spark Structured Streaming emit exactly the oracle’s pairs, window by window (E1, E4)', () => {
    for (const id of ['event', 'microbatch']) {
      const r = d.run.engines.find((e) => e.entry.id === id)!;
      expect(emitted(r, true)).toEqual(oracle(d, '[)'));
      const j = engine(d, id).join!;
      expect({ matched: j.matched, missing: j.missing, extra: j.extra, pairs: j.pairs }).toEqual({
        matched: j.pairs,
        missing: 0,
        extra: 0,
        pairs: d.run.pairs!.length,
      });
    }
  });

  test('Storm emits the pairs of its (start, end] windows that its watermark closed; the rest are window-closure or not flushed (C3, E6)', () => {
    const r = d.run.engines.find((e) => e.entry.id === 'tuple')!;
    if (!r.supported) throw new Error(r.reason);
    const closedBy = r.finalWatermark ?? Number.NEGATIVE_INFINITY;
    const closedOracle = oracle(d, '(]').filter((t) => (JSON.parse(t) as [{ end: number }])[0].end <= closedBy);
    expect(emitted(r, true)).toEqual(closedOracle);
    const j = engine(d, 'tuple').join!;
    expect(j.missing).toBeGreaterThan(0);
    expect(Object.keys(j.causes).sort()).toEqual(expect.arrayContaining(['not-flushed']));
    for (const c of Object.keys(j.causes)) expect(['window-closure', 'not-flushed']).toContain(c);
    // Nexmark's hot sellers register at multiples of 5 s: on a window boundary, so Storm pairs them a window early.
    expect(j.causes['window-closure']).toBeGreaterThan(0);
    expect(j.matched + j.missing).toBe(j.pairs);
  });

  test('DStreams pair by batch-time window: compared without windows, every difference is batch-time (E5)', () => {
    const r = d.run.engines.find((e) => e.entry.id === 'microbatch-dstream')!;
    const got = emitted(r, false);
    const want = oracle(d, '[)', false);
    const j = engine(d, 'microbatch-dstream').join!;
    const left = [...want];
    let matched = 0;
    for (const g of got) {
      const i = left.indexOf(g);
      if (i >= 0) {
        left.splice(i, 1);
        matched++;
      }
    }
    expect({ matched: j.matched, missing: j.missing, extra: j.extra }).toEqual({
      matched,
      missing: want.length - matched,
      extra: got.length - matched,
    });
    expect(j.missing + j.extra).toBeGreaterThan(0);
    expect(Object.keys(j.causes)).toEqual(['batch-time']);
  });

  test('latency per pair is emit time minus the later side’s arrival: Spark within its batch, Flink after the window closes', () => {
    const spark = engine(d, 'microbatch').join!.latency;
    expect(spark.count).toBe(engine(d, 'microbatch').join!.emitted);
    expect(spark.negative).toBe(0);
    expect(spark.max).toBeLessThan(2 * 1000);
    const flink = engine(d, 'event').join!.latency;
    expect(flink.p50).toBeGreaterThan(spark.p50);
    expect(engine(d, 'event').correctness).toMatchObject({ windows: d.run.pairs!.length, exact: d.run.pairs!.length, missing: 0 });
  });

  test('result.json records each stream’s filter in the scenario as run', () => {
    const job = d.result.scenario.job as { streams: Record<string, { filter: unknown }> };
    expect(job.streams.persons!.filter).toEqual({ field: 'kind', eq: 'person' });
  });
});

describe('a sliding window join repeats a pair once per common window, by rule (E1, E6)', () => {
  const d = run(
    scenario({ window: { kind: 'sliding', size: 4000, slide: 2000 } }, [{ kind: 'event' }, { kind: 'tuple', watermark: { lag: 3000 } }]),
  );
  /** Pairs of the oracle's (closed) windows minus the distinct (left, right) among them: a pair in k windows repeats k − 1 times. */
  const byRule = (texts: string[]) => texts.length - new Set(texts.map((t) => JSON.stringify((JSON.parse(t) as unknown[]).slice(1)))).size;

  test('Flink: the repeats are the oracle’s, and every repeat is a matched pair, not an extra one', () => {
    const j = engine(d, 'event').join!;
    expect(j.repeats).toBe(byRule(oracle(d, '[)')));
    expect(j.repeats).toBeGreaterThan(0);
    expect({ missing: j.missing, extra: j.extra }).toEqual({ missing: 0, extra: 0 });
  });

  test('Storm: exactly the pairs and repeats of its (start, end] windows that its watermark closed (an extra pair is window-closure)', () => {
    const r = d.run.engines.find((e) => e.entry.id === 'tuple')!;
    if (!r.supported) throw new Error(r.reason);
    const closed = oracle(d, '(]').filter((t) => (JSON.parse(t) as [{ end: number }])[0].end <= (r.finalWatermark ?? 0));
    const j = engine(d, 'tuple').join!;
    expect(emitted(r, true)).toEqual(closed);
    expect(j.repeats).toBe(byRule(closed));
    expect(j.repeats).toBeGreaterThan(0);
    for (const x of j.differences.filter((x) => x.kind === 'extra')) expect(x.cause).toBe('window-closure');
  });
});

describe('lateness: a watermark without delay drops Nexmark’s late records, and the missing pairs say so', () => {
  const d = run(scenario({ watermark: { delay: 0 } }, [{ kind: 'event' }]));
  test('Flink misses pairs whose side was dropped as late (E1: no late side output on a window join)', () => {
    const e = engine(d, 'event');
    expect(e.correctness.lateDropped).toBeGreaterThan(0);
    expect(e.join!.missing).toBeGreaterThan(0);
    expect(e.join!.causes['late-dropped']).toBe(e.join!.missing);
    expect(e.join!.extra).toBe(0);
  });
});

describe('an outer window join (left: every person, with or without an auction)', () => {
  const d = run(
    scenario({ join: { kind: 'window', left: 'persons', right: 'auctions', leftKey: 'id', rightKey: 'seller', type: 'left' } }),
  );

  test('Flink has no outer window join: its row is "not supported" with the path and E-key', () => {
    const e = d.result.engines.find((x) => x.id === 'event')!;
    expect(e.status).toMatch(/^not supported: job\.join\.type: .*E1/);
  });

  test('Spark emits the oracle’s pairs and NULL rows once the watermark evicts their window (E4)', () => {
    const r = d.run.engines.find((e) => e.entry.id === 'microbatch')!;
    const j = engine(d, 'microbatch').join!;
    expect(j.outerRows).toBeGreaterThan(0);
    expect(j.extra).toBe(0);
    // What is missing is the last windows' NULL rows, whose eviction never came: no batch moved the watermark past them.
    for (const c of Object.keys(j.causes)) expect(['outer-row-pending', 'not-flushed']).toContain(c);
    expect(emitted(r, true).length).toBe(j.emitted);
  });

  test('Storm’s JoinBolt left join emits an unmatched person with nulls in each window (E6)', () => {
    const j = engine(d, 'tuple').join!;
    expect(j.outerRows).toBeGreaterThan(0);
    for (const c of Object.keys(j.causes)) expect(['window-closure', 'not-flushed']).toContain(c);
  });
});

describe('auctions ⋈ bids placed within 2 s of the auction, with a 500 ms watermark delay (Nexmark delays 10 % by up to 3 s)', () => {
  const streams = { auctions: { filter: { field: 'kind', eq: 'auction' } }, bids: { filter: { field: 'kind', eq: 'bid' } } };
  const on = { left: 'auctions', right: 'bids', leftKey: 'id', rightKey: 'auction' };
  const engines = [{ kind: 'event' }, { kind: 'microbatch' }, { kind: 'microbatch', flavor: 'dstream' }, { kind: 'tuple' }];

  test('interval join: Flink (E2) and Spark (E4) miss only pairs with a side dropped as late; DStreams and Storm refuse', () => {
    const d = run(
      scenario({ join: { kind: 'interval', ...on, lower: 0, upper: 2000 }, streams, window: null, watermark: { delay: 500 } }, engines),
    );
    for (const id of ['event', 'microbatch']) {
      const j = engine(d, id).join!;
      expect(j.missing).toBeGreaterThan(0);
      expect(j.causes).toEqual({ 'late-dropped': j.missing });
      expect(j.extra).toBe(0);
    }
    const status = (id: string) => d.result.engines.find((x) => x.id === id)!.status;
    expect(status('microbatch-dstream')).toMatch(/^not supported: job\.join\.kind: .*interval join.*\(E5\)$/);
    expect(status('tuple')).toMatch(/^not supported: job\.join\.kind: .*\(E6\)$/);
  });

  test('left outer interval join (bids within 100 ms): Flink refuses (E2); Spark emits NULL rows at eviction, later than pairs, and the last ones never (E4)', () => {
    const d = run(
      scenario(
        { join: { kind: 'interval', ...on, lower: 0, upper: 100, type: 'left' }, streams, window: null, watermark: { delay: 3000 } },
        engines.slice(0, 2),
      ),
    );
    expect(d.result.engines.find((x) => x.id === 'event')!.status).toMatch(/^not supported: job\.join\.type: .*\(E2\)/);
    const r = d.run.engines.find((e) => e.entry.id === 'microbatch')!;
    const j = engine(d, 'microbatch').join!;
    expect(j.outerRows).toBeGreaterThan(0);
    expect(j.outerLatency.count).toBe(j.outerRows);
    // Bids within 100 ms leave many auctions unmatched. A NULL row waits for the state watermark to pass its
    // auction (W − 100 ms − 1 ms, W = max event time − 3 s), a pair only for the end of its batch.
    expect(j.outerLatency.p50).toBeGreaterThan(j.latency.p50);
    expect(j.extra).toBe(0);
    expect(j.missing).toBeGreaterThan(0);
    expect(j.causes).toEqual({ 'outer-row-pending': j.missing });
    // Every pending row is an auction the oracle NULL-pads: none of its bids came.
    const missing = oracle(d, '[)', false).filter((t) => !emitted(r, false).includes(t));
    expect(missing.length).toBe(j.missing);
    for (const t of missing) expect((JSON.parse(t) as unknown[])[2]).toBeNull();
  });

  test('regular join: Flink SQL ignores the watermark and is exact (E3); Spark still drops rows behind it (E4)', () => {
    const d = run(scenario({ join: { kind: 'regular', ...on }, streams, window: null, watermark: { delay: 500 } }, engines.slice(0, 2)));
    const flink = engine(d, 'event');
    expect({ missing: flink.join!.missing, extra: flink.join!.extra, dropped: flink.correctness.lateDropped }).toEqual({
      missing: 0,
      extra: 0,
      dropped: 0,
    });
    const spark = engine(d, 'microbatch');
    expect(spark.correctness.lateDropped).toBeGreaterThan(0);
    expect(spark.join!.causes).toEqual({ 'late-dropped': spark.join!.missing });
  });
});

describe('the catalog’s regular joins (q3, q20): Flink and Spark run them, DStreams and Storm refuse', () => {
  for (const name of ['nexmark-q3', 'nexmark-q20']) {
    test(`${name}: exact on Flink and Spark, Flink’s pairs at once (latency 0), refusals name E5 and E6`, () => {
      const { scenario: s } = loadScenario(name, { events: 6000 });
      const d = run(s);
      for (const id of ['event', 'microbatch']) {
        const r = d.run.engines.find((e) => e.entry.id === id)!;
        expect(emitted(r, false)).toEqual(oracle(d, '[)', false));
        expect(engine(d, id).join!.pairs).toBeGreaterThan(0);
      }
      expect(engine(d, 'event').join!.latency.max).toBe(0);
      const status = (id: string) => d.result.engines.find((x) => x.id === id)!.status;
      expect(status('microbatch-dstream')).toMatch(/^not supported: job\.join\.kind: .*\(E5\)$/);
      expect(status('tuple')).toMatch(/^not supported: job\.join\.kind: .*\(E6\)$/);
    });
  }
});

describe('the catalog’s nexmark-q8: persons and sellers grouped per 10 s window, then joined (the published q8)', () => {
  const { scenario: s } = loadScenario('nexmark-q8', { events: 20_000 });
  const d = run(s);
  // Made here from the raw log, not through the oracle: (person id, name, window) for every person whose
  // window also holds an auction they opened.
  const byHand = (() => {
    const events = d.run.log.events.map((e) => e.record);
    const win = (t: number) => Math.floor(t / 10_000) * 10_000;
    const sellers = new Set(events.filter((r) => r.kind === 'auction').map((r) => `${win(r.dateTime as number)}|${String(r.seller)}`));
    return events
      .filter((r) => r.kind === 'person' && sellers.has(`${win(r.dateTime as number)}|${String(r.id)}`))
      .map((r) => JSON.stringify([win(r.dateTime as number), r.id, r.name]))
      .sort();
  })();
  const rows = (id: string) =>
    emitted(d.run.engines.find((e) => e.entry.id === id)!, true).map((t) => {
      const [w, l, r] = JSON.parse(t) as [{ start: number }, string, string];
      const left = Object.fromEntries(JSON.parse(l) as Array<[string, unknown]>);
      expect(Object.fromEntries(JSON.parse(r) as Array<[string, unknown]>)).toEqual({ seller: left.id, stream: 'auctions' });
      return JSON.stringify([w.start, left.id, left.name]);
    });

  test('Flink emits one row per new user and window, however many auctions they opened: the rows made from the raw log', () => {
    expect(byHand.length).toBeGreaterThan(20);
    expect(rows('event').sort()).toEqual(byHand);
    expect(oracle(d, '[)')).toHaveLength(byHand.length);
    const j = engine(d, 'event').join!;
    expect({ matched: j.matched, missing: j.missing, extra: j.extra }).toEqual({ matched: byHand.length, missing: 0, extra: 0 });
    // Nexmark's late events are behind the 3 s watermark delay here: nothing is dropped, so latency is measured for every row.
    expect(j.latency.count).toBe(byHand.length);
  });

  test('a grouped row’s latency counts from the last of its records in the window to arrive: never negative, a DStream row within its batch window', () => {
    const flink = d.result.engines.find((x) => x.id === 'event')!;
    const dstream = engine(d, 'microbatch-dstream');
    if (!('latency' in flink)) throw new Error(flink.status);
    expect(flink.latency.eventTime.negative).toBe(0);
    expect(engine(d, 'event').join!.latency.negative).toBe(0);
    // DStreams emit a window's rows at its batch time, at most one window (10 s) after their records arrived.
    const l = dstream.join!.latency;
    expect(l.count).toBeGreaterThan(0);
    expect({ negative: l.negative, withinWindow: l.max <= 10_000 }).toEqual({ negative: 0, withinWindow: true });
    expect(dstream.latency.eventTime.negative).toBe(0);
  });

  test('DStreams group each batch-time window with distinct(): every difference is batch-time (E5); Spark and Storm refuse (S-UOC, E6)', () => {
    const j = engine(d, 'microbatch-dstream').join!;
    expect(j.matched).toBeGreaterThan(0);
    expect(Object.keys(j.causes).filter((c) => c !== 'batch-time')).toEqual([]);
    expect(new Set(rows('microbatch-dstream')).size).toBe(rows('microbatch-dstream').length);
    const status = (id: string) => d.result.engines.find((x) => x.id === id)!.status;
    expect(status('microbatch')).toMatch(/^not supported: job\.streams\.persons\.distinct: .*\(S-UOC, E4\)$/);
    expect(status('tuple')).toMatch(/^not supported: job\.streams\.persons\.distinct: .*\(E6, ST-JB\).*\(C3\)$/);
  });

  test('nexmark-q8-pairs keeps the pairs form: one pair per auction, more than q8’s rows, on all four models', () => {
    const pairs = run(loadScenario('nexmark-q8-pairs', { events: 20_000 }).scenario);
    expect(pairs.run.pairs!.length).toBeGreaterThan(byHand.length);
    expect(pairs.result.engines.every((e) => e.status === 'ok')).toBe(true);
  });
});

describe('state per join side over time (StepEngine.heldByStream, sampled by the simulated runner)', () => {
  /** Records of each stream the engine read. */
  const perStream = (d: Done) => {
    const n = { persons: 0, auctions: 0 };
    for (const e of d.run.input.events) n[e.record.stream as 'persons' | 'auctions']++;
    return n;
  };
  const held = (d: Done, id: string) => engine(d, id).join!.held!;

  test('a regular join keeps every record (Flink SQL without TTL, E3; Spark without a time condition, E4): the last sample holds them all, less what Spark dropped as late', () => {
    const on = { left: 'persons', right: 'auctions', leftKey: 'id', rightKey: 'seller' };
    const d = run(scenario({ join: { kind: 'regular', ...on }, window: null }, [{ kind: 'event' }, { kind: 'microbatch' }]));
    const n = perStream(d);
    const flink = held(d, 'event');
    expect(flink[flink.length - 1]).toMatchObject({ left: n.persons, right: n.auctions });
    const spark = held(d, 'microbatch');
    const last = spark[spark.length - 1]!;
    expect(last.left + last.right).toBe(n.persons + n.auctions - engine(d, 'microbatch').correctness.lateDropped);
    // Nothing is ever evicted: each side only grows.
    for (const h of [flink, spark]) for (let i = 1; i < h.length; i++) expect(h[i]!.left).toBeGreaterThanOrEqual(h[i - 1]!.left);
  });

  test('a 2 s tumbling window join cleans its state as windows close (Flink’s and Spark’s by watermark, Storm’s queue by eviction); DStreams report none', () => {
    const d = run(scenario());
    const n = perStream(d);
    for (const id of ['event', 'microbatch', 'tuple']) {
      const h = held(d, id);
      expect(h.length).toBeGreaterThan(10);
      expect(h.every((p) => p.t >= 0 && Number.isInteger(p.left) && Number.isInteger(p.right))).toBe(true);
      // The state shrinks while records keep arriving: a window's records leave once it closes.
      expect(h.some((p, i) => i > 0 && p.right < h[i - 1]!.right)).toBe(true);
      expect(Math.max(...h.map((p) => p.right))).toBeLessThan(n.auctions);
    }
    // Flink clears a window at watermark ≥ end − 1, so it holds at most the open windows: 2 s + the 3 s delay of auctions.
    expect(Math.max(...held(d, 'event').map((p) => p.right))).toBeLessThan(n.auctions / 2);
    expect(engine(d, 'microbatch-dstream').join!.held).toBeUndefined();
  });

  test('the samples are deterministic and at most HELD_POINTS, evenly thinned with the last kept', () => {
    const a = run(scenario());
    const b = run(scenario());
    expect(held(a, 'event')).toEqual(held(b, 'event'));
    const points = Array.from({ length: 1000 }, (_, i) => ({ t: i, left: i, right: 0 }));
    const thin = thinHeld(points);
    expect(thin.length).toBeLessThanOrEqual(HELD_POINTS);
    expect(thin[0]).toEqual(points[0]);
    expect(thin[thin.length - 1]).toEqual(points[999]);
    expect(thinHeld(points.slice(0, 10))).toEqual(points.slice(0, 10));
  });
});

describe('a crash in a window join (checkpoints every 2 s; down 1 s at 7.5 s)', () => {
  const faulty = (engines: Json[]) =>
    parseScenario({
      name: 'join-crash',
      title: 'Join crash',
      question: 'Which pairs survive a crash?',
      workload: { generator: 'nexmark', events: 12_000, rate: 1000, seed: 7 },
      job: {
        join: { kind: 'window', left: 'persons', right: 'auctions', leftKey: 'id', rightKey: 'seller' },
        streams: { persons: { filter: { field: 'kind', eq: 'person' } }, auctions: { filter: { field: 'kind', eq: 'auction' } } },
        window: { kind: 'tumbling', size: 2000 },
        watermark: { delay: 3000 },
      },
      checkpoint: { interval: 2000 },
      faults: [{ at: 7500, kind: 'crash', downtime: 1000 }],
      engines,
    });
  const d = run(
    faulty([
      { id: 'event-2pc', kind: 'event', sink: 'transactional' },
      { id: 'event-plain', kind: 'event' },
      { kind: 'microbatch' },
      { id: 'tuple-acking', kind: 'tuple', watermark: { lag: 3000 } },
      { id: 'tuple-at-most-once', kind: 'tuple', acking: false, watermark: { lag: 3000 } },
    ]),
  );

  test('Flink with a two-phase-commit sink and Spark emit exactly the oracle’s pairs across the restart', () => {
    for (const id of ['event-2pc', 'microbatch']) {
      const e = engine(d, id);
      expect({ id, missing: e.join!.missing, extra: e.join!.extra, faults: e.recovery.faults }).toEqual({
        id,
        missing: 0,
        extra: 0,
        faults: 1,
      });
    }
  });

  test('Flink with a plain sink emits the replayed windows’ pairs again: every extra pair is a replayed-duplicate of a pair it had matched', () => {
    const e = engine(d, 'event-plain');
    expect(e.join!.missing).toBe(0);
    expect(e.join!.extra).toBeGreaterThan(0);
    expect(e.join!.causes).toEqual({ 'replayed-duplicate': e.join!.extra });
    expect(e.recovery.duplicated).toBe(e.join!.extra);
    // A replayed pair is the same pair in the same window, not a repeat in another window.
    expect(e.join!.repeats).toBe(0);
    const r = d.run.engines.find((x) => x.entry.id === 'event-plain')!;
    const oracleSet = new Set(oracle(d, '[)'));
    for (const t of emitted(r, true)) expect(oracleSet.has(t)).toBe(true);
  });

  test('Storm: with acking the crash loses no pair to the crash (replays come late); without acking the pairs of records in the job at the crash are lost-on-crash (C2)', () => {
    const acking = engine(d, 'tuple-acking');
    expect(acking.join!.causes['lost-on-crash']).toBeUndefined();
    expect(acking.recovery.replayed).toBeGreaterThan(0);
    const amo = engine(d, 'tuple-at-most-once');
    expect(amo.join!.causes['lost-on-crash']).toBeGreaterThan(0);
    expect(amo.recovery.lost).toBe(amo.join!.causes['lost-on-crash']);
    expect(amo.recovery.replayed).toBe(0);
  });
});

describe('real mode (a virtual wall clock): the runner path is shared', () => {
  /** A wall clock that only moves when the runner waits; CPU time moves with it. */
  const clock = () => {
    const c = { t: 1000, now: () => c.t, cpu: () => c.t, wait: (until: number) => void (c.t = Math.max(c.t, until)) };
    return c;
  };
  const regular = (pace: 'rate' | 'max') => {
    const s = scenario({ join: { kind: 'regular', left: 'persons', right: 'auctions', leftKey: 'id', rightKey: 'seller' }, window: null }, [
      { kind: 'event' },
    ]);
    s.run = { ...s.run, mode: 'real', pace, warmup: 0 };
    const r = runScenario(s, { mode: 'real', clock: clock() });
    return { r, e: engine({ s, run: r, result: buildResult(s, r, { ...env, mode: 'real' }) }, 'event') };
  };

  test.each(['rate', 'max'] as const)(
    'at %s pace Flink’s regular join is exact and a pair’s latency runs from when its later side was fed, never below zero',
    (pace) => {
      const { r, e } = regular(pace);
      expect(r.mode).toBe('real');
      expect({ missing: e.join!.missing, extra: e.join!.extra }).toEqual({ missing: 0, extra: 0 });
      expect(e.join!.latency.count).toBe(e.join!.emitted);
      expect(e.join!.latency.negative).toBe(0);
      expect(e.latency.eventTime.negative).toBe(0);
    },
  );

  test('at max pace every record reaches DStreams’ first batch, and the engine runs until its window has read it: all key matches are paired', () => {
    // The receiver's block is sealed at the first batch; the 2 s window reads it only when it slides. The
    // engine stays active until then (it used to go quiet after the first batch, with no pair emitted).
    const s = scenario({}, [{ kind: 'microbatch', flavor: 'dstream' }]);
    s.run = { ...s.run, mode: 'real', pace: 'max', warmup: 0 };
    const r = runScenario(s, { mode: 'real', clock: clock() });
    const got = emitted(r.engines[0]!, false);
    const all = scenario(
      { join: { kind: 'regular', left: 'persons', right: 'auctions', leftKey: 'id', rightKey: 'seller' }, window: null },
      [{ kind: 'event' }],
    );
    const want = oracle(run(all), '[)', false);
    expect(got.length).toBeGreaterThan(0);
    expect(got).toEqual(want);
  });
});
