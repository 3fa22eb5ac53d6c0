// chart-series: the input's disorder, the late-record sample and the window results per (emit time, window).
import * as fc from 'fast-check';
import type { Job } from '../engines/core/job.ts';
import { disorderOf, LATE_SAMPLE, lateSample, WINDOW_RESULT_SAMPLE, windowResults } from './chart-series.ts';
import { EmissionLog } from './emission-log.ts';
import { RunInput } from './run-input.ts';
import type { StampedEmission } from './runner.ts';
import { EventLog } from './workloads/index.ts';

const logged = (times: number[]): RunInput =>
  RunInput.of(EventLog.of(times.map((t, i) => ({ arrival: i * 10, eventTime: t, record: { ts: t } }))));
const logOf = (emissions: readonly StampedEmission[]): EmissionLog => {
  const log = new EmissionLog();
  for (const { at, emission } of emissions) log.push(at, emission);
  return log;
};
const job = { timestamp: 'ts' } as Job;

describe('disorderOf', () => {
  test('counts records behind the newest event time before them, and the most any trailed it', () => {
    // 500 trails 1000 by 500; 200 trails 1200 by 1000; 1200 ties nothing.
    expect(disorderOf(logged([0, 1000, 500, 1200, 200, 1300]))).toEqual({ behind: 2, maxLateness: 1000 });
  });

  test('an input in order, a tie and an empty input have no disorder', () => {
    expect(disorderOf(logged([0, 1, 1, 2]))).toEqual({ behind: 0, maxLateness: 0 });
    expect(disorderOf(logged([]))).toEqual({ behind: 0, maxLateness: 0 });
  });
});

describe('lateSample', () => {
  test('keeps dropped and side-output records with when and their event time, nothing else', () => {
    const emissions: StampedEmission[] = [
      { at: 5, emission: { output: 'dropped', record: { ts: 1 } } },
      { at: 6, emission: { output: 'main', key: 'a', window: null, value: 1, timestamp: null } },
      { at: 7, emission: { output: 'late', record: { ts: 2 } } },
      { at: 8, emission: { output: 'watermark', watermark: 3 } },
    ];
    expect(lateSample(job, logOf(emissions))).toEqual([
      { t: 5, eventTime: 1, output: 'dropped' },
      { t: 7, eventTime: 2, output: 'late' },
    ]);
  });

  test('thins evenly, keeping the first and the last', () => {
    const n = LATE_SAMPLE * 3;
    const emissions: StampedEmission[] = Array.from({ length: n }, (_, i) => ({
      at: i,
      emission: { output: 'dropped', record: { ts: i } },
    }));
    const sample = lateSample(job, logOf(emissions));
    expect(sample).toHaveLength(LATE_SAMPLE);
    expect(sample[0]!.t).toBe(0);
    expect(sample[sample.length - 1]!.t).toBe(n - 1);
  });
});

describe('windowResults', () => {
  test('one point per (emit time, window) with the number of keys, over every emission', () => {
    const main = (at: number, key: string, start: number): StampedEmission => ({
      at,
      emission: { output: 'main', key, window: { start, end: start + 1000 }, value: 1, timestamp: null },
    });
    expect(windowResults(logOf([main(1000, 'a', 0), main(1000, 'b', 0), main(2000, 'a', 1000), main(2500, 'a', 0)]))).toEqual([
      { t: 1000, start: 0, end: 1000, results: 2 },
      { t: 2000, start: 1000, end: 2000, results: 1 },
      { t: 2500, start: 0, end: 1000, results: 1 },
    ]);
    const many = Array.from({ length: WINDOW_RESULT_SAMPLE * 2 }, (_, i) => main(i, 'a', i * 1000));
    const thinned = windowResults(logOf(many));
    expect(thinned).toHaveLength(WINDOW_RESULT_SAMPLE);
    expect(thinned[thinned.length - 1]!.t).toBe(WINDOW_RESULT_SAMPLE * 2 - 1);
  });

  test('equals grouping by (emit time, start, end) strings, for sessions sharing a start and emit times out of order', () => {
    const reference = (es: StampedEmission[]) => {
      const groups = new Map<string, { t: number; start: number; end: number; results: number }>();
      for (const { at, emission: e } of es) {
        if (e.output !== 'main' || e.window === null) continue;
        const k = `${at},${e.window.start},${e.window.end}`;
        const g = groups.get(k);
        if (g) g.results++;
        else groups.set(k, { t: at, start: e.window.start, end: e.window.end, results: 1 });
      }
      return [...groups.values()];
    };
    const emission = fc.record({
      at: fc.integer({ min: 0, max: 5 }),
      start: fc.integer({ min: 0, max: 3 }),
      len: fc.integer({ min: 1, max: 3 }),
      timed: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(emission, { maxLength: 60 }), fc.boolean(), (raw, sorted) => {
        const es: StampedEmission[] = (sorted ? [...raw].sort((a, b) => a.at - b.at) : raw).map((x) => ({
          at: x.at,
          emission: {
            output: 'main',
            key: 'k',
            window: x.timed ? { start: x.start, end: x.start + x.len } : null,
            value: 1,
            timestamp: null,
          },
        }));
        expect(windowResults(logOf(es))).toEqual(reference(es));
      }),
    );
  });
});
