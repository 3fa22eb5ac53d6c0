// Property tests (fast-check, fixed seed) of the event engine against the oracle, across restarts and
// parallelism: the guarantees the Flink model makes, checked on random keyed, disordered inputs.
import fc from 'fast-check';
import type { Rec } from '../core/aggregates.ts';
import type { Emission } from '../core/emission.ts';
import { type Job, parseJob } from '../core/job.ts';
import { evaluate } from '../oracle/oracle.ts';
import { EventEngine } from './event-engine.ts';
import { compileJob } from './pipeline.ts';

const FC = { seed: 20261124, numRuns: 60 };

/** Random records: keys k0..k4, small values, event times around an increasing arrival clock with disorder. */
const inputArb = fc
  .array(
    fc.record({
      key: fc.integer({ min: 0, max: 4 }),
      value: fc.integer({ min: -5, max: 20 }),
      lag: fc.integer({ min: 0, max: 3000 }),
      gapMs: fc.integer({ min: 0, max: 400 }),
    }),
    {
      minLength: 0,
      maxLength: 120,
    },
  )
  .map((xs) => {
    let t = 0;
    return xs.map((x) => {
      t += x.gapMs;
      return { arrival: t, record: { key: `k${x.key}`, value: x.value, ts: t - x.lag } as Rec };
    });
  });

const windowArb = fc.oneof(
  fc.record({ kind: fc.constant('tumbling' as const), size: fc.constantFrom(500, 1000, 3000) }),
  fc.record({ kind: fc.constant('sliding' as const), size: fc.constantFrom(1000, 3000), slide: fc.constantFrom(500, 1000) }),
  fc.record({ kind: fc.constant('session' as const), gap: fc.constantFrom(200, 700) }),
);

const aggArb = fc.constantFrom({ fn: 'sum', field: 'value' }, { fn: 'count' }, { fn: 'max', field: 'value' });

function makeJob(window: unknown, aggregate: unknown, lateness: number): Job {
  return parseJob({ key: 'key', window, aggregate, allowedLateness: lateness, watermark: { delay: 500, interval: 200 } });
}

type Input = Array<{ arrival: number; record: Rec }>;

function run(job: Job, input: Input, opts: { parallelism?: number; checkpointAt?: number; restartAt?: number } = {}): Emission[] {
  const e = new EventEngine(compileJob(job), { parallelism: opts.parallelism ?? 1 });
  const out: Emission[] = [];
  input.forEach(({ arrival, record }, i) => {
    if (i === opts.checkpointAt) e.checkpoint();
    if (i === opts.restartAt) e.restart();
    e.advance(arrival);
    e.add([record]);
    out.push(...e.drain());
  });
  e.end();
  out.push(...e.drain());
  return out;
}

const wkey = (e: { key?: unknown; window: { start: number; end: number } | null }) =>
  `${String(e.key)}|${e.window?.start},${e.window?.end}`;

/**
 * The last value emitted per (key, window): later firings (late, cumulative) supersede earlier ones,
 * and a session that fired and later merged into a larger session is superseded by it (A6.4).
 */
function finalValues(out: Emission[]): Map<string, unknown> {
  const m = new Map<string, unknown>();
  const mains = out.flatMap((e) => (e.output === 'main' ? [e] : []));
  mains.forEach((e, i) => {
    const w = e.window;
    const merged =
      w !== null &&
      mains.some(
        (o, j) =>
          j > i &&
          o.key === e.key &&
          o.window !== null &&
          o.window.start <= w.start &&
          o.window.end >= w.end &&
          (o.window.start !== w.start || o.window.end !== w.end),
      );
    if (!merged) m.set(wkey(e), e.value);
  });
  return m;
}

describe('event engine properties', () => {
  test('with lateness that admits every element, end of input gives the oracle final values', () => {
    fc.assert(
      fc.property(inputArb, windowArb, aggArb, (input, window, aggregate) => {
        const job = makeJob(window, aggregate, 100_000);
        const truth = new Map(evaluate(job, input).map((r) => [wkey(r), r.value]));
        const out = run(job, input);
        expect(out.filter((e) => e.output === 'late' || e.output === 'dropped')).toEqual([]);
        expect(finalValues(out)).toEqual(truth);
      }),
      FC,
    );
  });

  test('a crash after a checkpoint replays from it: state is exactly-once, every final value matches', () => {
    fc.assert(
      fc.property(inputArb, windowArb, aggArb, fc.nat(), fc.nat(), (input, window, aggregate, a, b) => {
        const job = makeJob(window, aggregate, 100_000);
        const n = input.length;
        const cp = n === 0 ? 0 : a % n;
        const rs = n === 0 ? 0 : cp + (b % (n - cp));
        const plain = finalValues(run(job, input));
        const crashed = finalValues(run(job, input, { checkpointAt: cp, restartAt: rs }));
        expect(crashed).toEqual(plain);
      }),
      FC,
    );
  });

  test('parallelism 1, 2 and 4 give the same results', () => {
    fc.assert(
      fc.property(inputArb, windowArb, aggArb, (input, window, aggregate) => {
        const job = makeJob(window, aggregate, 100_000);
        const p1 = finalValues(run(job, input, { parallelism: 1 }));
        expect(finalValues(run(job, input, { parallelism: 2 }))).toEqual(p1);
        expect(finalValues(run(job, input, { parallelism: 4 }))).toEqual(p1);
      }),
      FC,
    );
  });
});
