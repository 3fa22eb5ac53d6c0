// Property: a keyed aggregation without a window in update output mode (window global, the GROUP BY key of
// Nexmark q15–q17's published SQL) ends, on Flink's and Spark's models, with each key's row equal to the
// oracle's total, for random inputs and aggregates (FILTER and DISTINCT included) — Flink's GroupAggregate
// updating the row at each record (never emitting an unchanged result twice in a row), Spark's update mode
// once per micro-batch for the keys the batch changed (complete mode: every key, every batch); both through
// a checkpoint or a restart on the way. Time plays no part.
import fc from 'fast-check';
import type { Rec } from './core/aggregates.ts';
import type { Emission } from './core/emission.ts';
import type { StepEngine } from './core/engine.ts';
import { type Job, type NamedAggregateSpec, parseJob } from './core/job.ts';
import { evaluate } from './oracle/oracle.ts';
import { engineModule } from './registry.ts';

interface Row {
  k: string;
  ts: number;
  price: number;
  bidder: number | null;
}

const rowsArb = fc.array(
  fc.record({
    k: fc.constantFrom('a', 'b', 'c'),
    ts: fc.integer({ min: 0, max: 60 }),
    price: fc.integer({ min: 0, max: 9 }),
    bidder: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  }),
  { maxLength: 30 },
);

const aggregateArb = fc.oneof(
  fc.constantFrom({ fn: 'count' }, { fn: 'max', field: 'price' }, { fn: 'min', field: 'price' }, { fn: 'sum', field: 'price' }),
  fc
    .array(
      fc.constantFrom<NamedAggregateSpec>(
        { fn: 'count' },
        { fn: 'count', distinct: 'bidder' },
        { fn: 'count', filter: { field: 'price', lt: 5 } },
        { fn: 'max', field: 'price' },
        { fn: 'avg', field: 'price' },
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((xs) => ({ fn: 'multi', of: Object.fromEntries(xs.map((s, i) => [`a${i}`, s])) })),
);

function create(kind: string, job: Job, options: Record<string, unknown> = {}): StepEngine {
  const mod = engineModule(kind)!;
  return mod.create(job, mod.options.parse({ kind, ...options }) as Record<string, unknown>);
}

const expected = (job: Job, rows: readonly Row[]) =>
  new Map(
    evaluate(
      job,
      rows.map((r) => ({ record: r as unknown as Rec })),
    ).map((r) => [r.key as string, JSON.stringify(r.value)]),
  );

/** Each key's last emitted value; the keys' emissions in order (to check no unchanged result is emitted twice). */
function lastPerKey(out: readonly Emission[]) {
  const last = new Map<string, string>();
  const repeats: string[] = [];
  for (const e of out) {
    if (e.output !== 'main') continue;
    expect(e.window).toBeNull();
    const v = JSON.stringify(e.value);
    if (last.get(e.key as string) === v) repeats.push(`${String(e.key)}=${v}`);
    last.set(e.key as string, v);
  }
  return { last, repeats };
}

const sorted = (m: Map<string, string>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
const runs = { numRuns: 100, seed: 20261203 };

test("Flink's GroupAggregate: each key's last row is the oracle's total; an unchanged result is never emitted again (parallelism 1–3, a checkpoint and restart on the way)", () => {
  fc.assert(
    fc.property(rowsArb, aggregateArb, fc.integer({ min: 1, max: 3 }), fc.nat(), (rows, aggregate, parallelism, cut) => {
      const job = parseJob({ key: 'k', window: { kind: 'global' }, aggregate, outputMode: 'update', watermark: 'explicit' });
      const engine = create('event', job, { parallelism });
      const at = rows.length === 0 ? 0 : cut % (rows.length + 1);
      engine.add(rows.slice(0, at) as unknown as Rec[]);
      engine.checkpoint();
      engine.restart();
      engine.add(rows.slice(at) as unknown as Rec[]);
      engine.end();
      const { last, repeats } = lastPerKey(engine.drain());
      expect(repeats).toEqual([]);
      expect(sorted(last)).toEqual(sorted(expected(job, rows)));
    }),
    runs,
  );
});

test.each(['update', 'complete'] as const)(
  "Spark's %s mode: each key's last row is the oracle's total (micro-batches, a restart on the way)",
  (outputMode) => {
    fc.assert(
      fc.property(
        rowsArb,
        aggregateArb,
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 4 }),
        fc.nat(),
        (rows, aggregate, cuts, restartAt) => {
          const job = parseJob({ key: 'k', window: { kind: 'global' }, aggregate, outputMode });
          const engine = create('microbatch', job, { flavor: 'structured' });
          const bounds = [...new Set([0, ...cuts.filter((c) => c < rows.length), rows.length])].sort((a, b) => a - b);
          for (let i = 0; i + 1 < bounds.length; i++) {
            engine.add(rows.slice(bounds[i], bounds[i + 1]) as unknown as Rec[]);
            engine.batch();
            if (i === restartAt % bounds.length) engine.restart();
          }
          expect(sorted(lastPerKey(engine.drain()).last)).toEqual(sorted(expected(job, rows)));
        },
      ),
      runs,
    );
  },
);

test('in append mode a global window never fires: the oracle has no row (GlobalWindows, DataStream)', () => {
  const job = parseJob({ key: 'k', window: { kind: 'global' }, aggregate: { fn: 'count' }, watermark: 'explicit' });
  expect(evaluate(job, [{ record: { k: 'a', ts: 1 } }])).toEqual([]);
});
