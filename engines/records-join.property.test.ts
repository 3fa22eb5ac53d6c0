// Property: with nothing late, the event engine's join back (Nexmark q7: a tumbling window's result joined to
// every record equal to it within [end + lower, end + upper], records-join-stage.ts) outputs exactly the
// oracle's rows (records-join-oracle.ts), as a multiset of (window, record). Few distinct prices, so ties are
// common, and many records sit exactly at a window's end (the next window's first instant), which BETWEEN
// joins to the window it ends. Arrival is any order with one final watermark, or disorder bounded by a
// watermark delay with watermarks that follow (windows fire and join mid-stream); parallelism 1 to 3.
// Spark, DStreams and Storm refuse the construct, each naming job.joinRecords.
import fc from 'fast-check';
import { aggregateAll, aggregateFor, type Rec } from './core/aggregates.ts';
import type { Emission } from './core/emission.ts';
import type { StepEngine } from './core/engine.ts';
import { RefusedError } from './core/errors.ts';
import type { ChangelogRow } from './core/rank-job.ts';
import { parseRecordsJoinJob, type RecordsJoinJob, withinJoinBounds } from './core/records-join.ts';
import { evaluateRecordsJoin } from './oracle/records-join-oracle.ts';
import { engineModule } from './registry.ts';
import { shuffle } from './test-support/shuffle.ts';

interface Row {
  id: number;
  price: number;
  v: number | null;
  ts: number;
}

const SIZE = 10;

const rowsArb = fc
  .array(
    fc.record({
      price: fc.integer({ min: 1, max: 3 }),
      v: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null, freq: 4 }),
      // One record in three exactly at a window end (a multiple of SIZE).
      ts: fc.oneof(
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 6 }).map((k) => k * SIZE),
      ),
    }),
    { minLength: 1, maxLength: 30, size: 'max' },
  )
  .map((rs) => rs.map((r, id): Row => ({ ...r, id })));

/** q7's MAX(price) on price within [end − size, end] mostly; other aggregates, a nullable joined field, other ranges. */
const jobArb = fc
  .record({
    agg: fc.constantFrom(
      { aggregate: { fn: 'max', field: 'price' }, on: 'price' },
      { aggregate: { fn: 'max', field: 'price' }, on: 'price' },
      { aggregate: { fn: 'min', field: 'price' }, on: 'price' },
      { aggregate: { fn: 'count' }, on: 'v' },
    ),
    range: fc.oneof(
      fc.constant([-SIZE, 0]),
      fc.constant([-SIZE, 0]),
      fc.tuple(fc.integer({ min: -25, max: 10 }), fc.integer({ min: 0, max: 25 })).map(([lo, w]) => [lo, lo + w]),
    ),
  })
  .map(
    ({ agg, range }): RecordsJoinJob =>
      parseRecordsJoinJob({
        window: { kind: 'tumbling', size: SIZE },
        aggregate: agg.aggregate,
        joinRecords: { on: agg.on, lower: range[0]!, upper: range[1]! },
        watermark: 'explicit',
      }),
  );

function create(kind: string, job: RecordsJoinJob, options: Record<string, unknown>): StepEngine {
  const mod = engineModule(kind)!;
  return mod.create(job, mod.options.parse({ kind, ...options }) as Record<string, unknown>);
}

const text = (start: number, row: Rec) => JSON.stringify([start, row.id]);

/** The engine's rows as `[window start, id]` texts (each an insert: the join's output is append-only). */
function rows(out: Emission[]): string[] {
  return out
    .filter((e) => e.output === 'main')
    .map((e) => {
      const c = e.value as ChangelogRow;
      expect(c.op).toBe('+I');
      return text(e.window!.start, c.row);
    })
    .sort();
}

const expected = (job: RecordsJoinJob, arrival: readonly Row[]) =>
  evaluateRecordsJoin(
    job,
    arrival.map((r) => ({ record: r as unknown as Rec })),
  )
    .map((r) => text(r.window!.start, r.row!))
    .sort();

const runs = { numRuns: 150, seed: 2026_12_03 };

describe('the event engine joins each window result back to its records as the oracle does', () => {
  test('any arrival order, one final watermark, parallelism 1 to 3', () => {
    fc.assert(
      fc.property(rowsArb, jobArb, fc.nat(), fc.integer({ min: 1, max: 3 }), (input, job, seed, parallelism) => {
        const arrival = shuffle(input, seed);
        const engine = create('event', job, { parallelism });
        engine.add(arrival as unknown as Rec[]);
        engine.end();
        expect(rows(engine.drain())).toEqual(expected(job, arrival));
      }),
      runs,
    );
  });

  test('disorder within the watermark delay, watermarks following the records: windows fire mid-stream, nothing is dropped', () => {
    fc.assert(
      fc.property(
        rowsArb,
        jobArb,
        fc.integer({ min: 0, max: 12 }),
        fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
        fc.integer({ min: 1, max: 3 }),
        (input, job, delay, jitter, parallelism) => {
          // Arrival by ts + jitter (jitter <= delay): a record arrives at most `delay` behind the largest event
          // time before it, so a watermark of max ts − delay − 1 (BoundedOutOfOrderness) never makes it late.
          const arrival = input
            .map((r, i) => ({ r, at: r.ts + (jitter[i]! % (delay + 1)) }))
            .sort((a, b) => a.at - b.at)
            .map((x) => x.r);
          const engine = create('event', job, { parallelism });
          const out: Emission[] = [];
          let max = Number.NEGATIVE_INFINITY;
          for (const r of arrival) {
            engine.add([r as unknown as Rec]);
            max = Math.max(max, r.ts);
            engine.watermark(max - delay - 1);
            out.push(...engine.drain());
          }
          engine.end();
          out.push(...engine.drain());
          expect(out.filter((e) => e.output === 'late' || e.output === 'dropped')).toEqual([]);
          expect(rows(out)).toEqual(expected(job, arrival));
        },
      ),
      runs,
    );
  });

  test("late records: left out of their window result (the window aggregation drops them), and still joined to every result they match (Flink's regular join takes every bid)", () => {
    let lateRuns = 0;
    fc.assert(
      fc.property(rowsArb, jobArb, fc.nat(), fc.integer({ min: 1, max: 3 }), (input, job, seed, parallelism) => {
        // Any order, and a watermark right behind the largest event time so far: later records go late.
        const arrival = shuffle(input, seed);
        const engine = create('event', job, { parallelism });
        const out: Emission[] = [];
        let max = Number.NEGATIVE_INFINITY;
        for (const r of arrival) {
          engine.add([r as unknown as Rec]);
          max = Math.max(max, r.ts);
          engine.watermark(max - 1);
          out.push(...engine.drain());
        }
        engine.end();
        out.push(...engine.drain());
        const dropped = new Set(out.flatMap((e) => (e.output === 'dropped' ? [(e.record as unknown as Row).id] : [])));
        if (dropped.size > 0) lateRuns++;
        // The results of the windows over the records the engine took; every record joined against them.
        const agg = aggregateFor(job.aggregate);
        const windows = new Map<number, Rec[]>();
        for (const r of input) {
          if (dropped.has(r.id)) continue;
          const start = Math.floor(r.ts / SIZE) * SIZE;
          windows.set(start, [...(windows.get(start) ?? []), r as unknown as Rec]);
        }
        const want: string[] = [];
        for (const [start, rs] of windows) {
          const result = aggregateAll(agg, rs);
          if (result === null || result === undefined) continue;
          for (const r of input) {
            const v = (r as unknown as Rec)[job.joinRecords.on];
            if (v !== null && v === result && withinJoinBounds(job.joinRecords, start + SIZE, r.ts))
              want.push(text(start, r as unknown as Rec));
          }
        }
        expect(rows(out)).toEqual(want.sort());
      }),
      runs,
    );
    expect(lateRuns).toBeGreaterThan(30);
  });

  test('the random inputs reach the cases the join back exists for: a record at a window end joined to the window it ends, and ties', () => {
    const samples = fc.sample(fc.tuple(rowsArb, jobArb), { numRuns: 150, seed: 7 });
    let endHits = 0;
    let ties = 0;
    for (const [input, job] of samples) {
      const got = evaluateRecordsJoin(
        job,
        input.map((r) => ({ record: r as unknown as Rec })),
      );
      if (got.some((x) => x.row!.ts === x.window!.end)) endHits++;
      const per = new Map<number, number>();
      for (const x of got) per.set(x.window!.start, (per.get(x.window!.start) ?? 0) + 1);
      if ([...per.values()].some((n) => n > 1)) ties++;
    }
    expect(endHits).toBeGreaterThan(10);
    expect(ties).toBeGreaterThan(10);
  });
});

test.each([
  ['microbatch', {}],
  ['microbatch', { flavor: 'dstream' }],
  ['tuple', {}],
])('%s %j refuses the join back, naming job.joinRecords', (kind, options) => {
  const job = parseRecordsJoinJob({
    window: { kind: 'tumbling', size: SIZE },
    aggregate: { fn: 'max', field: 'price' },
    joinRecords: { on: 'price', lower: -SIZE, upper: 0 },
    watermark: { delay: 5 },
  });
  expect(() => create(kind, job, options)).toThrow(RefusedError);
  expect(() => create(kind, job, options)).toThrow(/^job\.joinRecords: /);
});
