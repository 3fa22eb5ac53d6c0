// Stateless jobs at the scenario level (issue 18): each engine runs filter and map itself; its output
// records, checked here from the emissions themselves (as multisets, independently of stateless-result.ts),
// equal the ground truth; each model's timing (per record, per micro-batch); and with a crash, the causes
// each model's guarantee gives its differences.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Rec } from '../engines/core/aggregates.ts';
import { MAIN } from './emission-log.ts';
import { recordText } from './output-multiset.ts';
import { buildResult, type Environment } from './result.ts';
import { type EngineRun, runScenario } from './runner.ts';
import { parseScenario } from './scenario.ts';

const env: Environment = { node: 'test', commit: null, startedAt: '2026-01-01T00:00:00.000Z', mode: 'simulated' };
type Json = Record<string, unknown>;
type Ok = Extract<EngineRun, { supported: true }>;

const ALL: Json[] = [
  { kind: 'event', parallelism: 2 },
  { kind: 'microbatch' },
  { kind: 'microbatch', flavor: 'dstream' },
  { kind: 'tuple', parallelism: 2 },
];

const q21 = {
  stateless: true,
  filter: {
    expr: "kind = 'bid' AND (regexp_extract(url, '(&|^)channel_id=([^&]*)', 2) IS NOT NULL OR lower(channel) IN ('apple', 'baidu'))",
  },
  map: {
    auction: 'auction',
    price: { expr: '0.908 * price' },
    channel_id: {
      expr: "CASE lower(channel) WHEN 'apple' THEN '0' WHEN 'baidu' THEN '3' ELSE regexp_extract(url, '(&|^)channel_id=([^&]*)', 2) END",
    },
  },
};

function scenario(job: Json, engines: Json[] = ALL, top: Json = {}) {
  return parseScenario({
    name: 'stateless-test',
    title: 'Stateless test',
    question: 'Which records?',
    workload: { generator: 'nexmark', events: 3000, rate: 1000, seed: 7 },
    job,
    engines,
    ...top,
  });
}

const outputsOf = (r: Ok): Array<{ at: number; value: Rec }> => {
  const out: Array<{ at: number; value: Rec }> = [];
  for (let i = 0; i < r.emissions.length; i++)
    if (r.emissions.kind(i) === MAIN) out.push({ at: r.emissions.at(i), value: r.emissions.value(i) as Rec });
  return out;
};
const multiset = (records: Rec[]) => records.map(recordText).sort();
const ok = (r: EngineRun): Ok => {
  if (!r.supported) throw new Error(`${r.entry.id}: ${r.reason}`);
  return r;
};

describe('every engine emits exactly the filtered, mapped input', () => {
  const s = scenario(q21);
  const run = runScenario(s);
  const truth = run.outputs!.map((o) => o.record);

  test('the ground truth is the filter and map applied to the input', () => {
    const bids = run.input.events.map((e) => e.record).filter((r) => r.kind === 'bid');
    expect(truth.length).toBeGreaterThan(1000);
    expect(truth.length).toBeLessThan(bids.length);
    expect(Object.keys(truth[0]!)).toEqual(['auction', 'price', 'channel_id']);
    expect(truth.every((r) => typeof r.channel_id === 'string')).toBe(true);
  });

  test.each(run.engines.map((r) => [r.entry.id, r] as const))('%s: its output records, as a multiset', (_id, r) => {
    expect(multiset(outputsOf(ok(r)).map((o) => o.value))).toEqual(multiset(truth));
  });

  test('result.json: every record matched, no difference, one result per output record', () => {
    const result = buildResult(s, run, env);
    expect(result.oracle.results).toBe(truth.length);
    for (const e of result.engines) {
      if (!('stateless' in e) || !e.stateless) throw new Error(`${e.id}: ${e.status}`);
      expect([e.id, e.stateless.matched, e.stateless.missing, e.stateless.extra]).toEqual([e.id, truth.length, 0, 0]);
      expect(e.correctness.exact).toBe(truth.length);
    }
  });

  test("each model's timing: Flink and Storm per record at its arrival, Spark per micro-batch at the trigger", () => {
    const arrivals = new Set(run.input.events.map((e) => e.arrival));
    const [flink, spark, dstream, storm] = run.engines.map((r) => outputsOf(ok(r)));
    for (const o of [...flink!, ...storm!]) expect(arrivals.has(o.at)).toBe(true);
    // Micro-batches: many records at once, once per 1 s trigger / batch interval over the ~3 s of input
    // (stamped when the runner drains them: at the arrival that moved the clock past the batch).
    for (const m of [spark!, dstream!]) {
      const times = [...new Set(m.map((o) => o.at))];
      expect(times.length).toBeLessThanOrEqual(7);
      for (const t of times) expect(t % 1000).toBeLessThan(200);
    }
    expect(new Set(flink!.map((o) => o.at)).size).toBeGreaterThan(100);
  });
});

describe('a crash: what each guarantee does to a stateless job', () => {
  const s = scenario(
    {
      stateless: true,
      filter: { expr: "kind = 'bid' AND auction % 3 = 0" },
      map: { auction: 'auction', price: 'price', dateTime: 'dateTime', bidder: 'bidder' },
    },
    [
      { kind: 'event' },
      { kind: 'microbatch', sink: 'idempotent' },
      { kind: 'microbatch', flavor: 'dstream' },
      { kind: 'tuple', id: 'storm-alo', processingDelay: 3 },
      { kind: 'tuple', id: 'storm-amo', acking: false, processingDelay: 3 },
    ],
    { checkpoint: { interval: 1000 }, faults: [{ at: 1500, kind: 'crash', downtime: 300 }] },
  );
  const result = buildResult(s, runScenario(s), env);
  const of = (id: string) => {
    const e = result.engines.find((x) => x.id === id)!;
    if (!('stateless' in e) || !e.stateless) throw new Error(`${id}: ${e.status}`);
    return e;
  };

  test('Flink with a plain sink re-emits what came after the checkpoint: replayed-duplicate (A9)', () => {
    const e = of('event');
    expect(e.stateless!.missing).toBe(0);
    expect(e.stateless!.extra).toBeGreaterThan(0);
    expect(e.stateless!.causes).toEqual({ 'replayed-duplicate': e.stateless!.extra });
    expect(e.recovery.duplicated).toBe(e.stateless!.extra);
  });
  test('Spark Structured Streaming with an idempotent (file) sink shows each batch once (B7)', () => {
    expect(of('microbatch').stateless).toMatchObject({ missing: 0, extra: 0 });
  });
  test('DStreams without the write-ahead log lose what the receiver held: lost-on-crash (B8)', () => {
    const e = of('microbatch-dstream');
    expect(e.stateless!.missing).toBeGreaterThan(0);
    expect(e.stateless!.causes).toEqual({ 'lost-on-crash': e.stateless!.missing });
  });
  test('Storm with acking replays the lost trees (at-least-once, C2); without acking they are gone (at-most-once)', () => {
    expect(of('storm-alo').stateless!.missing).toBe(0);
    expect(of('storm-alo').recovery.replayed).toBeGreaterThan(0);
    const amo = of('storm-amo');
    expect(amo.stateless!.missing).toBeGreaterThan(0);
    expect(amo.stateless!.causes).toEqual({ 'lost-on-crash': amo.stateless!.missing });
  });
});

test('property: on random filters and projections every engine equals the ground truth', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 3_000_000 }),
      fc.integer({ min: 1, max: 50 }),
      fc.constantFrom('price * 2', "upper(channel) || '!'", "split_index(url, '/', 3)", 'auction % 7'),
      (min, mod, expr) => {
        const s = scenario(
          {
            stateless: true,
            filter: { expr: `kind = 'bid' AND price > ${min} AND bidder % ${mod} <> 1` },
            map: { a: 'auction', v: { expr } },
          },
          ALL,
          { workload: { generator: 'nexmark', events: 600, rate: 1000, seed: min % 97 } },
        );
        const run = runScenario(s);
        const truth = multiset(run.outputs!.map((o) => o.record));
        for (const r of run.engines) expect([r.entry.id, multiset(outputsOf(ok(r)).map((o) => o.value))]).toEqual([r.entry.id, truth]);
      },
    ),
    { numRuns: 8 },
  );
});

test('refused: user functions in a stateless job, per-engine job overrides', () => {
  expect(() => scenario(q21, [{ kind: 'event', allowedLateness: 5 }])).toThrow(
    'engines[0].allowedLateness: a stateless job has no job fields',
  );
});

describe('a file replayed on its own clock (epoch-ms timestamps)', () => {
  // Processing time 0 is the first event's time (replay-clock.ts): latency must be measured on that clock.
  const dir = mkdtempSync(join(tmpdir(), 'streamlab-stateless-file-'));
  writeFileSync(
    join(dir, 'pay.csv'),
    'ts,user,amount\n1733220000000,a,10\n1733220000500,b,20.5\n1733220001200,a,7\n1733220002100,c,100\n1733220003300,b,1\n',
  );
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('event-time latency is emit time minus the event time on the processing clock: never below zero, no warning', () => {
    const s = parseScenario({
      name: 'pay',
      title: 'Payments',
      question: 'Which payments are over 5, in euros?',
      workload: { generator: 'file', file: { path: 'pay.csv', timestamp: 'ts' } },
      job: { stateless: true, filter: { expr: 'amount > 5' }, map: { user: 'user', eur: { expr: 'amount * 0.908' }, ts: 'ts' } },
      engines: [{ kind: 'event' }, { kind: 'microbatch' }, { kind: 'tuple' }],
    });
    const result = buildResult(s, runScenario(s, { baseDir: dir }), env);
    expect(result.warnings ?? []).toEqual([]);
    for (const e of result.engines) {
      if (!('latency' in e)) throw new Error(e.status);
      expect(e.latency.eventTime.negative).toBe(0);
      expect(e.correctness.exact).toBe(4);
    }
    // Flink and Storm emit each record as it arrives; Spark at its 1 s trigger after the arrival.
    const lat = (id: string) =>
      (result.engines.find((e) => e.id === id) as { latency: { eventTime: { max: number } } }).latency.eventTime.max;
    expect(lat('event')).toBe(0);
    expect(lat('tuple')).toBe(0);
    expect(lat('microbatch')).toBeGreaterThan(0);
    expect(lat('microbatch')).toBeLessThanOrEqual(1000 + 200);
  });
});
