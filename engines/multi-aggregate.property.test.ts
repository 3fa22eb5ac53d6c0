// Property: with nothing late, every engine's multi-aggregate results (several named aggregates with FILTER and
// DISTINCT in one accumulator, Nexmark q15–q17) equal the oracle's for every (key, window), for random inputs,
// aggregates and windows. Each engine folds and merges the shared accumulator in its own way: Flink per
// element, merging on session merges and through a checkpoint and restart; Spark per micro-batch group,
// merged into the state store's version and restored from its snapshot after a restart; Storm over the
// window's tuples at firing. Storm's windows are `(start, end]` (C3), so its tuples are never on a boundary.
import fc from 'fast-check';
import type { Rec } from './core/aggregates.ts';
import type { Emission } from './core/emission.ts';
import type { StepEngine } from './core/engine.ts';
import { type Job, type NamedAggregateSpec, parseJob } from './core/job.ts';
import { evaluate } from './oracle/oracle.ts';
import { engineModule } from './registry.ts';
import { shuffle } from './test-support/shuffle.ts';

interface Row {
  k: string;
  ts: number;
  price: number;
  bidder: number | string | null;
  channel: string;
}

const rowsArb = (ts: fc.Arbitrary<number>) =>
  fc.array(
    fc.record({
      k: fc.constantFrom('a', 'b', 'c'),
      ts,
      price: fc.integer({ min: 0, max: 20 }),
      bidder: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom('1', null)),
      channel: fc.constantFrom('apple', 'google', 'x'),
    }),
    { maxLength: 30 },
  );

const namedArb: fc.Arbitrary<NamedAggregateSpec> = fc
  .tuple(
    fc.constantFrom<NamedAggregateSpec>(
      { fn: 'count' },
      { fn: 'count', distinct: 'bidder' },
      { fn: 'sum', field: 'price' },
      { fn: 'min', field: 'price' },
      { fn: 'max', field: 'price' },
      { fn: 'avg', field: 'price' },
    ),
    fc.option(
      fc.oneof(
        fc.integer({ min: 0, max: 20 }).map((lt) => ({ field: 'price', lt })),
        fc.integer({ min: 0, max: 20 }).map((gte) => ({ field: 'price', gte })),
        fc.constantFrom('apple', 'google').map((eq) => ({ field: 'channel', eq })),
      ),
      { nil: undefined },
    ),
  )
  .map(([s, filter]) => (filter ? { ...s, filter } : s));
const ofArb = fc.array(namedArb, { minLength: 1, maxLength: 5 }).map((xs) => Object.fromEntries(xs.map((s, i) => [`a${i}`, s])));

/** Even sizes and slides: with odd event times no tuple lies on a window boundary. */
const windowArb = fc.oneof(
  fc.integer({ min: 2, max: 15 }).map((n) => ({ kind: 'tumbling' as const, size: 2 * n })),
  fc
    .tuple(fc.integer({ min: 1, max: 5 }), fc.constantFrom(2, 3))
    .map(([n, k]) => ({ kind: 'sliding' as const, size: 2 * n * k, slide: 2 * n })),
);
const withSessionArb = fc.oneof(
  windowArb,
  fc.integer({ min: 1, max: 10 }).map((gap) => ({ kind: 'session' as const, gap })),
);

function create(kind: string, job: Job, options: Record<string, unknown> = {}): StepEngine {
  const mod = engineModule(kind)!;
  return mod.create(job, mod.options.parse({ kind, ...options }) as Record<string, unknown>);
}

const id = (key: unknown, w: { start: number; end: number } | null) => `${JSON.stringify(key)}|${w?.start}|${w?.end}`;

function expected(job: Job, rows: readonly Row[]): Map<string, string> {
  const out = evaluate(
    job,
    rows.map((r) => ({ record: r as unknown as Rec })),
  );
  return new Map(out.map((r) => [id(r.key, r.window), JSON.stringify(r.value)]));
}

/** Each (key, window)'s last emitted value, as JSON (keys other than a, b, c are sentinels). */
function actual(out: readonly Emission[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of out) {
    if (e.output !== 'main' || !['a', 'b', 'c'].includes(e.key as string)) continue;
    m.set(id(e.key, e.window), JSON.stringify(e.value));
  }
  return m;
}

const sorted = (m: Map<string, string>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
const runs = { numRuns: 50, seed: 20261203 };

test('Flink: any arrival order, a checkpoint and restart on the way, one final watermark', () => {
  fc.assert(
    fc.property(rowsArb(fc.integer({ min: 0, max: 60 })), ofArb, withSessionArb, fc.nat(), fc.nat(), (rows, of, window, seed, cut) => {
      const job = parseJob({ key: 'k', window, aggregate: { fn: 'multi', of }, watermark: 'explicit' });
      const engine = create('event', job);
      const order = shuffle(rows, seed) as unknown as Rec[];
      const at = rows.length === 0 ? 0 : cut % (rows.length + 1);
      const out: Emission[] = [];
      engine.add(order.slice(0, at));
      engine.checkpoint();
      engine.restart();
      engine.add(order.slice(at));
      engine.watermark(Number.MAX_SAFE_INTEGER);
      out.push(...engine.drain());
      expect(sorted(actual(out))).toEqual(sorted(expected(job, rows)));
    }),
    runs,
  );
});

test('Spark Structured Streaming: any order cut into micro-batches, a restart on the way, append mode', () => {
  fc.assert(
    fc.property(
      rowsArb(fc.integer({ min: 1, max: 60 })),
      ofArb,
      windowArb,
      fc.nat(),
      fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 4 }),
      fc.nat(),
      (rows, of, window, seed, cuts, restartAt) => {
        // The delay exceeds the disorder: nothing is late (B3).
        const job = parseJob({ key: 'k', window, aggregate: { fn: 'multi', of }, watermark: { delay: 1000 }, outputMode: 'append' });
        const engine = create('microbatch', job, { flavor: 'structured' });
        const order = shuffle(rows, seed) as unknown as Rec[];
        const bounds = [...new Set([0, ...cuts.filter((c) => c < order.length), order.length])].sort((a, b) => a - b);
        for (let i = 0; i + 1 < bounds.length; i++) {
          engine.add(order.slice(bounds[i], bounds[i + 1]));
          engine.batch();
          if (i === restartAt % bounds.length) engine.restart();
        }
        // A sentinel far ahead moves the watermark past every window; its no-data batch emits them (B5, B6).
        engine.add([{ k: 'z', ts: 100_000, price: 0, bidder: 0, channel: 'x' }]);
        engine.batch();
        engine.batch();
        expect(sorted(actual(engine.drain()))).toEqual(sorted(expected(job, rows)));
      },
    ),
    runs,
  );
});

test("Storm's windowed bolt: tuples in event-time order, one final watermark", () => {
  fc.assert(
    fc.property(rowsArb(fc.integer({ min: 0, max: 30 }).map((n) => 2 * n + 1)), ofArb, windowArb, (rows, of, window) => {
      const job = parseJob({ key: 'k', window, aggregate: { fn: 'multi', of }, watermark: 'explicit' });
      const engine = create('tuple', job);
      engine.add([...rows].sort((a, b) => a.ts - b.ts) as unknown as Rec[]);
      engine.watermark(1_000_000);
      expect(sorted(actual(engine.drain()))).toEqual(sorted(expected(job, rows)));
    }),
    runs,
  );
});
