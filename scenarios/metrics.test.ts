// Metrics on hand-drawn emissions: percentiles, throughput over simulated time, and the correctness
// classes (exact, wrong, missing, extra, duplicates, updates) with their causes.
import type { Emission } from '../engines/core/emission.ts';
import { parseJob } from '../engines/core/job.ts';
import { eventEngine } from '../engines/event/module.ts';
import type { OracleResult } from '../engines/oracle/oracle.ts';
import { tupleEngine } from '../engines/tuple/module.ts';
import { correctness, endInclusiveOracle, type ModelContext, replayedDuplicates } from './correctness.ts';
import {
  batchTimes,
  EMISSION_SAMPLE,
  EVENT_SAMPLE,
  emissionSample,
  eventSample,
  latency,
  latencySeries,
  percentiles,
  series,
  throughput,
} from './metrics.ts';
import type { StampedEmission } from './runner.ts';
import { WindowIndex } from './window-index.ts';
import type { LoggedEvent } from './workloads/index.ts';

const job = parseJob({ key: 'k', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' } });

/** A Flink model whose run ended with watermark `finalWatermark` (null: none). */
const flink = (finalWatermark: number | null, input: LoggedEvent[] = []): ModelContext => ({
  facts: eventEngine.facts({ kind: 'event' }),
  closed: null,
  finalWatermark,
  index: new WindowIndex(job, input),
});
/** A Storm windowed-bolt model: `(start, end]` windows, fired at a watermark >= end. */
const storm = (closed: OracleResult[] | null, finalWatermark: number | null, input: LoggedEvent[] = []): ModelContext => ({
  facts: tupleEngine.facts({ kind: 'tuple' }),
  closed,
  finalWatermark,
  index: new WindowIndex(job, input),
});
const main = (at: number, key: string, start: number, value: number): StampedEmission => ({
  at,
  emission: { output: 'main', key, window: { start, end: start + 1000 }, value, timestamp: start + 999 },
});
const arrivals = (events: LoggedEvent[]) => events.map((e) => e.arrival);
const ev = (offset: number, arrival: number, k: string, ts: number): LoggedEvent => ({ offset, arrival, eventTime: ts, record: { k, ts } });

describe('percentiles', () => {
  test('1..1000 ms: p50 = 500, p99.9 = 999, max = 1000 (HdrHistogram, 3 digits)', () => {
    const p = percentiles(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(p).toEqual({ count: 1000, p50: 500, p75: 750, p95: 950, p99: 990, p999: 999, max: 1000, negative: 0 });
  });
  test('no values give zeros; negative values are counted and recorded as 0', () => {
    expect(percentiles([])).toEqual({ count: 0, p50: 0, p75: 0, p95: 0, p99: 0, p999: 0, max: 0, negative: 0 });
    expect(percentiles([-5, 10])).toMatchObject({ count: 2, p50: 0, max: 10, negative: 1 });
  });
});

describe('throughput, latency and series', () => {
  const events = [ev(0, 0, 'a', 0), ev(1, 500, 'a', 400), ev(2, 1500, 'b', 1200), ev(3, 1999, 'a', 1000)];
  const emissions = [main(1200, 'a', 0, 2), main(2000, 'a', 1000, 1), main(2000, 'b', 1000, 1)];
  test('throughput is per second of the arrival span (first to last arrival), not of the drain after it', () => {
    expect(throughput(arrivals(events), 3)).toEqual({ inputPerSec: 2.001, outputPerSec: 1.501, perCpuSec: null, spanMs: 1999 });
  });
  test('latency: emit − max event time, emit − window end, emit − latest arrival in the window', () => {
    const l = latency(job, emissions, new WindowIndex(job, events));
    // a[0,1000): 1200−400 = 800; a[1000,2000): 2000−1000 = 1000; b: 2000−1200 = 800.
    expect(l.eventTime).toMatchObject({ count: 3, p50: 800, max: 1000 });
    // window end: 1200−1000 = 200; 2000−2000 = 0 twice.
    expect(l.windowEnd).toMatchObject({ count: 3, p50: 0, max: 200 });
    // ingest: a[0,1000) last arrived at 500 → 700; a[1000,2000) at 1999 → 1; b at 1500 → 500.
    expect(l.processingTime).toMatchObject({ count: 3, p50: 500, max: 700 });
  });
  test("a count window: the n-th firing per key covers that key's records (n·slide − size, n·slide] in arrival order", () => {
    const cjob = parseJob({ key: 'k', window: { kind: 'count', size: 2, slide: 1 }, aggregate: { fn: 'count' } });
    // a arrives at 0 (ts 50), 100 (ts 10), 300 (ts 20); b at 200 (ts 150).
    const input = [ev(0, 0, 'a', 50), ev(1, 100, 'a', 10), ev(2, 200, 'b', 150), ev(3, 300, 'a', 20)];
    const fire = (at: number, key: string, value: number): StampedEmission => ({
      at,
      emission: { output: 'main', key, window: null, value, timestamp: null },
    });
    // a fires at 0 ([0]), 100 ([0,1]), 300 ([1,3]); b at 200; a 4th firing of a has no input (null: skipped).
    const em = [fire(0, 'a', 1), fire(100, 'a', 2), fire(200, 'b', 1), fire(300, 'a', 2), fire(400, 'a', 2)];
    const l = latency(cjob, em, new WindowIndex(cjob, input));
    // Event time: 0−50 (negative → 0), 100−50 = 50, 200−150 = 50, 300−20 = 280.
    expect(l.eventTime).toMatchObject({ count: 4, p50: 50, max: 280, negative: 1 });
    // Ingest: 0−0, 100−100, 200−200, 300−300.
    expect(l.processingTime).toMatchObject({ count: 4, max: 0 });
    // No window end to measure from.
    expect(l.windowEnd.count).toBe(0);
    expect(latencySeries(cjob, em, new WindowIndex(cjob, input)).map((p) => [p.t, p.max])).toEqual([[0, 280]]);
  });
  test('series counts inputs by arrival second and outputs by emit second', () => {
    expect(
      series(
        arrivals(events),
        emissions.map((e) => e.at),
      ),
    ).toEqual([
      { t: 0, input: 2, output: 0 },
      { t: 1000, input: 2, output: 1 },
      { t: 2000, input: 0, output: 2 },
    ]);
  });
});

describe('correctness', () => {
  const oracle: OracleResult[] = [
    { key: 'a', window: { start: 0, end: 1000 }, value: 3 },
    { key: 'b', window: { start: 0, end: 1000 }, value: 2 },
    { key: 'c', window: { start: 0, end: 1000 }, value: 1 },
    { key: 'd', window: { start: 0, end: 1000 }, value: 4 },
  ];
  test('last value decides exact/wrong; re-firings are updates, changed or not; extras and missing have causes', () => {
    const dropped: Emission = { output: 'dropped', record: { k: 'd', ts: 10 } };
    const em: StampedEmission[] = [
      main(1000, 'a', 0, 2),
      main(1100, 'a', 0, 3), // legitimate update to the right value
      main(1200, 'b', 0, 2),
      main(1300, 'b', 0, 2), // a re-firing with the same value (complete mode, a late firing): no replay, an update
      main(1300, 'd', 0, 3), // short by the dropped record
      main(1400, 'e', 0, 1), // no such window
      { at: 1500, emission: dropped },
    ];
    const c = correctness(job, oracle, em, flink(null));
    expect(c).toMatchObject({
      windows: 4,
      exact: 2,
      wrong: 1,
      missing: 1,
      extra: 1,
      duplicates: 0,
      updates: 2,
      lateDropped: 1,
      lateSideOutput: 0,
    });
    expect(c.causes).toEqual({ 'late-dropped': 1, 'not-flushed': 1, unexplained: 1 });
    expect(c.differences.map((d) => [d.kind, d.key, d.cause])).toEqual([
      ['missing', 'c', 'not-flushed'],
      ['wrong', 'd', 'late-dropped'],
      ['extra', 'e', 'unexplained'],
    ]);
  });
  test('a missing window the final watermark closed is never not-flushed: the engine had every chance to emit it', () => {
    const em: StampedEmission[] = [main(1000, 'a', 0, 3), main(1000, 'b', 0, 2), main(1000, 'd', 0, 4)];
    // Flink closes [0, 1000) at watermark 999 (A6): at 998 it was never due, at 999 it was.
    expect(correctness(job, oracle, em, flink(998)).causes).toEqual({ 'not-flushed': 1 });
    expect(correctness(job, oracle, em, flink(999)).causes).toEqual({ unexplained: 1 });
  });
  test('the same value again across a restart is a replayed duplicate; after it, re-firings are updates again', () => {
    const em: StampedEmission[] = [
      main(1000, 'a', 0, 3),
      main(3000, 'a', 0, 3), // replayed after the restart at 2500: a duplicate
      main(3500, 'a', 0, 3), // the next re-firing, no restart in between: an update
      main(1000, 'b', 0, 1),
      main(3000, 'b', 0, 2), // changed across the restart: an update, and b ends exact
    ];
    const faults = { crashes: [2000], restarts: [2500], index: new WindowIndex(job, []), atMostOnce: false };
    const c = correctness(job, oracle.slice(0, 2), em, flink(null), faults);
    expect(c).toMatchObject({ exact: 2, duplicates: 1, updates: 2, causes: { 'replayed-duplicate': 1 } });
    expect(replayedDuplicates(em, [2500])).toBe(1);
    expect(replayedDuplicates(em, [])).toBe(0);
  });
  test('a record dropped at the window end (ts = end) does not explain that window', () => {
    const em: StampedEmission[] = [main(1000, 'd', 0, 3), { at: 1001, emission: { output: 'late', record: { k: 'd', ts: 1000 } } }];
    const c = correctness(job, oracle.slice(3), em, flink(null));
    expect(c.lateSideOutput).toBe(1);
    expect(c.causes).toEqual({ unexplained: 1 });
  });
});

describe('window-closure cause', () => {
  // Records of key a at t = 0, 1000 (on the boundary) and 1500.
  const input = [ev(0, 0, 'a', 0), ev(1, 1000, 'a', 1000), ev(2, 1500, 'a', 1500)];
  const oracle: OracleResult[] = [
    { key: 'a', window: { start: 0, end: 1000 }, value: 1 },
    { key: 'a', window: { start: 1000, end: 2000 }, value: 2 },
  ];
  test('(start, end] puts t=1000 in (0,1000] and t=0 in (-1000,0]: the end-inclusive oracle says so', () => {
    const closed = endInclusiveOracle(job, input)!;
    expect(closed.map((o) => [o.window!.start, o.value])).toEqual([
      [-1000, 1],
      [0, 1],
      [1000, 1],
    ]);
  });
  test("an end-inclusive engine's wrong, missing and extra windows on boundaries are window-closure, not unexplained", () => {
    const out = [main(1000, 'a', -1000, 1), main(1000, 'a', 0, 1), main(2000, 'a', 1000, 1)];
    const c = correctness(job, oracle, out, storm(endInclusiveOracle(job, input), 2000, input));
    expect(c.exact).toBe(1); // [0,1000): 1 either way (t=0 out, t=1000 in)
    expect(c.wrong).toBe(1);
    expect(c.extra).toBe(1);
    expect(c.causes).toEqual({ 'window-closure': 2 });
    // Without the closure declaration the same differences are unexplained.
    expect(correctness(job, oracle, out, flink(2000, input)).causes).toEqual({ unexplained: 2 });
  });
  test('a value no closure explains stays unexplained; a missing window the final watermark never reached is not-flushed', () => {
    // Storm fires (1000, 2000] at a watermark >= 2000 (C3): the run ended at 1500.
    const c = correctness(job, oracle, [main(1000, 'a', 0, 7)], storm(endInclusiveOracle(job, input), 1500, input));
    expect(c.causes).toEqual({ unexplained: 1, 'not-flushed': 1 });
    expect(correctness(job, oracle, [main(1000, 'a', 0, 7)], storm(endInclusiveOracle(job, input), 2000, input)).causes).toEqual({
      unexplained: 2,
    });
  });
});

describe('series for the reports', () => {
  test('the emission sample keeps the first 2,000 main emissions; the count stays exact', () => {
    const many = Array.from({ length: 2500 }, (_, i) => main(i, 'k', i * 1000, 1));
    const sample = emissionSample(many);
    expect(sample).toHaveLength(EMISSION_SAMPLE);
    expect(sample[0]).toEqual({ t: 0, key: 'k', window: { start: 0, end: 1000 }, value: 1 });
  });
  test('the event sample is at most 5,000 points, evenly spaced, first and last kept', () => {
    const log = Array.from({ length: 12345 }, (_, i) => ev(i, i, 'a', i - (i % 7)));
    const s = eventSample(
      arrivals(log),
      log.map((e) => e.eventTime),
    );
    expect(s).toHaveLength(EVENT_SAMPLE);
    expect(s[0]).toEqual({ arrival: 0, eventTime: 0 });
    expect(s[s.length - 1]).toEqual({ arrival: 12344, eventTime: 12344 - (12344 % 7) });
    expect(
      eventSample(
        arrivals(log.slice(0, 10)),
        log.slice(0, 10).map((e) => e.eventTime),
      ),
    ).toHaveLength(10);
  });
  test('per-second latency: p50, p99 and max of emit − max event time by emit second; batches are distinct emit times', () => {
    const events = [ev(0, 0, 'a', 0), ev(1, 500, 'a', 400), ev(2, 1500, 'b', 1200)];
    const ems = [main(1200, 'a', 0, 2), main(1300, 'b', 1000, 1), main(2000, 'a', 1000, 0)];
    expect(latencySeries(job, ems, new WindowIndex(job, events))).toEqual([{ t: 1000, p50: 100, p99: 800, max: 800 }]);
    expect(batchTimes([...ems, main(2000, 'b', 0, 1)])).toEqual([1200, 1300, 2000]);
  });
});

test('percentiles keep the lowest value of event-time latencies when some were below zero (joins, rank and stateless jobs too)', () => {
  const withMin = percentiles([-5, 3, -2, 10], true);
  expect(withMin.negative).toBe(2);
  expect(withMin.min).toBe(-5);
  expect(percentiles([-5, 3]).min).toBeUndefined();
  expect(percentiles([1, 2], true).min).toBeUndefined();
});
