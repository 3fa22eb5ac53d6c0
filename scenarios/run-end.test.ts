// How a run ends (SCENARIOS.md): after the last arrival every engine keeps running on its own clock until
// it is quiet, so only windows its final watermark never closed are "not flushed". The example:
// 20,000 events over 10 s of arrival, event times 0–99,995 ms, 20 keys, 1 s tumbling sum, watermark delay 0.
import type { Rec } from '../engines/core/aggregates.ts';
import type { StepEngine } from '../engines/core/engine.ts';
import { evaluate } from '../engines/oracle/oracle.ts';
import { engineModule } from '../engines/registry.ts';
import { correctness, endInclusiveOracle } from './correctness.ts';
import { RunInput } from './run-input.ts';
import { type EngineRun, simulatedEngine } from './runner.ts';
import { aggregationOf, type EngineEntry, parseScenario } from './scenario.ts';
import { WindowIndex } from './window-index.ts';
import { EventLog, type LoggedEvent } from './workloads/index.ts';

const N = 20_000;
const KEYS = 20;
const events: LoggedEvent[] = Array.from({ length: N }, (_, i) => ({
  offset: i,
  arrival: Math.floor(i / 2), // 2,000 events a second: the last arrives at 9,999 ms
  eventTime: 5 * i, // event time runs 10× faster: the last is 99,995
  record: { k: `k${i % KEYS}`, ts: 5 * i, v: 1 },
}));
const input = RunInput.of(EventLog.of(events));

function scenario(faults: unknown[] = []) {
  return parseScenario({
    name: 'run-end',
    title: 'How a run ends',
    question: 'Which windows are still open when every engine is quiet?',
    workload: { generator: 'sensors', events: 1, rate: 1 }, // not used: the test feeds its own log
    job: { key: 'k', timestamp: 'ts', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'sum', field: 'v' } },
    engines: [
      { kind: 'event', watermark: { delay: 0 } },
      { kind: 'microbatch', interval: 1000, watermark: { delay: 0 } },
      { kind: 'tuple', watermark: { lag: 0 } },
    ],
    faults,
  });
}

function run(entry: EngineEntry, wrap?: (e: StepEngine) => StepEngine): EngineRun {
  const gen = simulatedEngine(entry, input, wrap);
  let next = gen.next();
  while (!next.done) next = gen.next();
  return next.value;
}

function check(entry: EngineEntry, faulty = false) {
  const job = aggregationOf(entry.job!);
  const oracle = evaluate(
    job,
    events.map((e) => ({ record: e.record, arrival: e.arrival })),
  );
  const r = run(entry);
  if (!r.supported) throw new Error(r.reason);
  const facts = engineModule(entry.kind)!.facts(entry.options);
  const index = new WindowIndex(job, events);
  const restarts = r.recovery?.restarts.map((x) => x.t) ?? [];
  const c = correctness(
    job,
    oracle,
    r.emissions,
    { facts, closed: facts.closure === 'end-inclusive' ? endInclusiveOracle(job, events) : null, finalWatermark: r.finalWatermark, index },
    faulty ? { crashes: r.recovery!.faults.map((f) => f.t), restarts, index, atMostOnce: facts.delivery === 'at-most-once' } : undefined,
  );
  return { r, c, oracle };
}

describe('a run ends when every engine is quiet (the 20,000-event example)', () => {
  const [flink, spark, storm] = scenario().engines;

  test('Flink: the bounded source ends with the MAX watermark, so every window is emitted', () => {
    const { c, oracle } = check(flink!);
    expect(oracle).toHaveLength(100 * KEYS);
    expect(c.missing).toBe(0);
    expect(c.exact).toBe(oracle.length);
  });

  test('Spark: the batch at 10 s reads the last rows, the no-data batch applies watermark 99,995; only [99000, 100000) stays open', () => {
    const { r, c } = check(spark!);
    expect(r.ended).toMatchObject({ lastArrival: 9999, capped: false });
    expect(r.finalWatermark).toBe(99_995);
    expect(c.missing).toBe(KEYS);
    expect(c.causes).toEqual({ 'not-flushed': KEYS });
    expect(c.differences.every((d) => d.window?.start === 99_000)).toBe(true);
    expect(c.exact).toBe(99 * KEYS);
  });

  test('Storm: the watermark generator keeps ticking, so windows its last watermark passes fire; only (99000, 100000] stays open', () => {
    const { r, c } = check(storm!);
    expect(r.finalWatermark).toBe(99_995);
    expect(c.missing).toBe(KEYS);
    expect(c.causes['not-flushed']).toBe(KEYS);
    expect(c.causes.unexplained).toBeUndefined();
    const notFlushed = c.differences.filter((d) => d.cause === 'not-flushed');
    expect(notFlushed.every((d) => d.window?.start === 99_000 && d.kind === 'missing')).toBe(true);
  });

  test('with a crash in the middle the same windows are the only ones not flushed, on every engine', () => {
    const entries = scenario([{ at: 5000, kind: 'crash', downtime: 1000 }]).engines;
    for (const entry of entries) {
      const { c } = check(entry, true);
      const expected = entry.kind === 'event' ? 0 : KEYS;
      expect({ id: entry.id, notFlushed: c.causes['not-flushed'] ?? 0 }).toEqual({ id: entry.id, notFlushed: expected });
      expect({ id: entry.id, unexplained: c.causes.unexplained ?? 0 }).toEqual({ id: entry.id, unexplained: 0 });
      const missingForOtherCauses = c.differences.filter((d) => d.kind === 'missing' && d.window?.start !== 99_000);
      expect(missingForOtherCauses.every((d) => d.cause !== 'not-flushed')).toBe(true);
    }
  });
});

describe('records no engine step read are a bug, never a cause', () => {
  test('an engine that is quiet with records it never read stops the run with an error', () => {
    const [flink] = scenario().engines;
    const hiding = (e: StepEngine): StepEngine =>
      Object.assign(Object.create(Object.getPrototypeOf(e)), e, {
        add: (records: readonly Rec[]) => e.add(records.slice(1)), // drops one record per add …
        unread: () => 1, // … and admits it was never read
      }) as StepEngine;
    expect(() => run(flink!, hiding)).toThrow(/never read/);
  });

  test('an engine still busy at the drain cap is a "not supported" row naming the cap, not a result', () => {
    const [, spark] = scenario().engines;
    const stuck = (e: StepEngine): StepEngine =>
      Object.assign(Object.create(Object.getPrototypeOf(e)), e, {
        nextActivity: () => e.now() + 1_000_000,
        unread: () => 5,
      }) as StepEngine;
    const r = run(spark!, stuck);
    expect(r.supported).toBe(false);
    if (!r.supported) expect(r.reason).toMatch(/drainCap/);
  });
});
