// Property: with no disorder, and a final record far in the future whose batch (and no-data batch) moves
// the watermark past every earlier window, append mode emits exactly the batch answer (group by key and
// window) for every window before that record, however the input is cut into micro-batches.
// Timestamps are >= 0: Spark's watermark starts at 0, so a window ending at or before the epoch is late (B3).
import fc from 'fast-check';
import type { Rec } from '../core/aggregates.ts';
import { parseJob } from '../core/job.ts';
import { createMicrobatchEngine } from './module.ts';

interface Case {
  rows: Array<{ k: string; ts: number; v: number }>;
  cuts: number[];
  size: number;
  slide: number;
  delay: number;
  fn: 'count' | 'sum' | 'min' | 'max';
}

const caseArb = (sliding: boolean): fc.Arbitrary<Case> =>
  fc
    .record({
      rows: fc.array(
        fc.record({ k: fc.constantFrom('a', 'b', 'c', 'd'), ts: fc.integer({ min: 0, max: 50000 }), v: fc.integer({ min: -50, max: 50 }) }),
        {
          maxLength: 60,
        },
      ),
      cuts: fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 6 }),
      size: fc.constantFrom(1000, 2000, 5000),
      ratio: sliding ? fc.constantFrom(1, 2, 4) : fc.constant(1),
      delay: fc.integer({ min: 0, max: 3000 }),
      fn: fc.constantFrom('count', 'sum', 'min', 'max'),
    })
    .map(({ rows, cuts, size, ratio, delay, fn }) => ({
      // No disorder: rows arrive in event-time order.
      rows: [...rows].sort((x, y) => x.ts - y.ts),
      cuts: [...new Set(cuts)].sort((x, y) => x - y),
      size,
      slide: size / ratio,
      delay,
      fn,
    }));

/** The batch answer: every (key, window) of every row, folded with the aggregate. */
function reference(c: Case): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of c.rows) {
    const last = r.ts - (((r.ts % c.slide) + c.slide) % c.slide);
    for (let s = last; s > r.ts - c.size; s -= c.slide) {
      const id = `${r.k}|${s}|${s + c.size}`;
      const prev = out.get(id);
      const x = c.fn === 'count' ? 1 : r.v;
      if (prev === undefined) out.set(id, x);
      else if (c.fn === 'count' || c.fn === 'sum') out.set(id, prev + x);
      else out.set(id, c.fn === 'min' ? Math.min(prev, x) : Math.max(prev, x));
    }
  }
  return out;
}

function runEngine(c: Case): Map<string, number> {
  const window = c.slide === c.size ? { kind: 'tumbling', size: c.size } : { kind: 'sliding', size: c.size, slide: c.slide };
  const job = parseJob({
    key: 'k',
    window,
    aggregate: c.fn === 'count' ? { fn: 'count' } : { fn: c.fn, field: 'v' },
    watermark: { delay: c.delay },
  });
  const engine = createMicrobatchEngine(job, { kind: 'microbatch' });
  const bounds = [0, ...c.cuts.filter((x) => x < c.rows.length), c.rows.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    engine.add(c.rows.slice(bounds[i], bounds[i + 1]) as Rec[]);
    engine.batch();
  }
  const far = (c.rows.at(-1)?.ts ?? 0) + c.size + c.delay + 1_000_000;
  engine.add([{ k: 'z', ts: far, v: 0 }]);
  engine.batch();
  const out = new Map<string, number>();
  for (const e of engine.drain()) {
    if (e.output === 'dropped') throw new Error(`dropped ${JSON.stringify(e.record)} without disorder`);
    if (e.output !== 'main' || e.window === null) continue;
    const id = `${String(e.key)}|${e.window.start}|${e.window.end}`;
    if (out.has(id)) throw new Error(`append mode emitted ${id} twice`);
    out.set(id, e.value as number);
  }
  return out;
}

describe('append mode equals the batch answer once the watermark has passed', () => {
  test('tumbling windows, any batch cuts, any delay (seed 42, 100 runs)', () => {
    fc.assert(
      fc.property(caseArb(false), (c) => {
        expect(runEngine(c)).toEqual(reference(c));
      }),
      { seed: 42, numRuns: 100 },
    );
  });
  test('sliding windows too: every (row, window) pair lands once (seed 42, 100 runs)', () => {
    fc.assert(
      fc.property(caseArb(true), (c) => {
        expect(runEngine(c)).toEqual(reference(c));
      }),
      { seed: 42, numRuns: 100 },
    );
  });
});
