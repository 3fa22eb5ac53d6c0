// Property (B7, issue 7): random crash schedules — any batch, any of the four fault points, recovered by an
// in-process restart or by a new engine on the same checkpoint directory and source — never change what the
// idempotent file sink holds: it equals the crash-free run exactly (append mode, keyed tumbling count).
// With foreachBatch every batch is delivered, and the extras are whole re-runs of batches that crashed after
// the sink, identical to the first delivery. Disorder stays within the delay, so no row is ever late and
// the crash-free run equals the batch answer however the input is cut.
import fc from 'fast-check';
import type { Rec } from '../core/aggregates.ts';
import type { MainEmission } from '../core/emission.ts';
import { parseJob } from '../core/job.ts';
import { MemoryFileIO } from '../core/memory-file-io.ts';
import { SourceLog } from '../core/source-log.ts';
import { FAULT_POINTS, type Fault, resolveOptions } from './options.ts';
import { planJob, type StructuredPlan } from './plan.ts';
import { foreachBatchSink, type SinkBatch, type StreamingSink } from './streaming-sinks.ts';
import { StructuredEngine } from './structured-engine.ts';

interface Case {
  chunks: Rec[][];
  size: number;
  delay: number;
  faults: Fault[];
  /** Per crash, in order: recover with a new engine (true) or with `restart()` (false). */
  newProcess: boolean[];
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    rows: fc.array(
      fc.record({ k: fc.constantFrom('a', 'b', 'c'), step: fc.integer({ min: 0, max: 700 }), back: fc.integer({ min: 0, max: 1000 }) }),
      { maxLength: 40 },
    ),
    cuts: fc.uniqueArray(fc.integer({ min: 1, max: 39 }), { maxLength: 4 }),
    size: fc.constantFrom(1000, 2000),
    delay: fc.constantFrom(0, 300, 1000),
    faults: fc.uniqueArray(fc.record({ batchId: fc.integer({ min: 0, max: 12 }), point: fc.constantFrom(...FAULT_POINTS) }), {
      maxLength: 5,
      selector: (f) => `${f.batchId}/${f.point}`,
    }),
    newProcess: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  })
  .map(({ rows, cuts, size, delay, faults, newProcess }) => {
    // Event time walks forward; each row may be up to `delay` behind the walk, so it is never behind the watermark.
    let base = 0;
    const recs: Rec[] = rows.map((r) => {
      base += r.step;
      return { k: r.k, ts: Math.max(0, base - Math.min(r.back, delay)) };
    });
    // Two far-future rows: the first moves the watermark past every window, the second makes a batch evict them
    // even when a restart skipped the no-data batch (a fresh run has none until new data, B2).
    const tail = base + 1_000_000;
    const edges = [0, ...[...cuts].sort((x, y) => x - y).filter((c) => c < recs.length), recs.length];
    const chunks = edges.slice(1).map((end, i) => recs.slice(edges[i], end));
    chunks.push([{ k: 'z', ts: tail }], [{ k: 'z', ts: tail }]);
    return { chunks, size, delay, faults, newProcess };
  });

/** One run: chunk by chunk, `batch()`; after a crash, recover and run again until the chunk is done. */
function run(
  c: Case,
  sink: 'file' | 'foreachBatch',
  faults: readonly Fault[],
): { sink: StreamingSink; visible: string[]; crashes: number } {
  const o = resolveOptions({ kind: 'microbatch', sink, failAt: [...faults] });
  const plan = planJob(
    parseJob({ key: 'k', window: { kind: 'tumbling', size: c.size }, aggregate: { fn: 'count' }, watermark: { delay: c.delay } }),
    o,
  ) as StructuredPlan;
  const io = new MemoryFileIO();
  const source = new SourceLog();
  const shared = sink === 'foreachBatch' ? foreachBatchSink() : undefined;
  let e = new StructuredEngine(plan, o, { io, source, sink: shared });
  let crashes = 0;
  // The engines' main emissions: what a trace or scenario reads as the sink's output.
  const visible: string[] = [];
  const drain = () => {
    for (const x of e.drain()) if (x.output === 'main') visible.push(row(x));
  };
  for (const chunk of c.chunks) {
    e.add(chunk);
    e.batch();
    while (e.isDown) {
      drain();
      if (c.newProcess[crashes++ % c.newProcess.length]) {
        // A new process: same directory, same replayable source, same external sink; the faults still to come.
        const next = resolveOptions({ kind: 'microbatch', sink, failAt: [...e.pendingFaults] });
        e = new StructuredEngine(plan, next, { io, source, sink: shared ?? e.sink });
      } else e.restart();
      e.batch();
    }
  }
  drain();
  return { sink: e.sink, visible: visible.sort(), crashes };
}

const row = (r: MainEmission) => `${String(r.key)}|${r.window?.start}|${r.window?.end}|${String(r.value)}`;
const rowsOf = (bs: readonly SinkBatch[]) => bs.flatMap((b) => b.rows.map(row)).sort();

/** The batch answer: count per (key, window) of the real rows (the far-future rows' windows never close). */
function reference(c: Case): string[] {
  const counts = new Map<string, number>();
  for (const r of c.chunks.slice(0, -2).flat()) {
    const s = Math.floor((r.ts as number) / c.size) * c.size;
    const id = `${String(r.k)}|${s}|${s + c.size}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts].map(([id, n]) => `${id}|${n}`).sort();
}

/** The issue asks for 1,000 random crash schedules per engine in CI (each property runs in a few seconds). */
const RUNS = 1000;
const FOREACH_RUNS = 1000;

describe('random crash schedules (B7)', () => {
  test(`with the idempotent file sink the output equals the crash-free run exactly (${RUNS} schedules)`, () => {
    let crashed = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const clean = rowsOf(run(c, 'file', []).sink.contents());
        const r = run(c, 'file', c.faults);
        if (r.crashes > 0) crashed++;
        expect(clean).toEqual(reference(c));
        expect(rowsOf(r.sink.contents())).toEqual(clean);
        expect(r.visible).toEqual(clean);
      }),
      { seed: 7005, numRuns: RUNS },
    );
    // The schedules really crash: most runs hit at least one fault.
    expect(crashed).toBeGreaterThan(RUNS / 2);
  });

  test(`with foreachBatch every batch arrives at least once; the extras are whole copies of re-run batches (${FOREACH_RUNS} schedules)`, () => {
    let duplicated = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const clean = rowsOf(run(c, 'foreachBatch', []).sink.contents());
        const calls = run(c, 'foreachBatch', c.faults).sink.contents();
        const byId = new Map<number, string[][]>();
        for (const b of calls) byId.set(b.batchId, [...(byId.get(b.batchId) ?? []), b.rows.map(row).sort()]);
        const afterSink = new Set(c.faults.filter((f) => f.point === 'afterSink').map((f) => f.batchId));
        for (const [id, deliveries] of byId) {
          for (const d of deliveries) expect(d).toEqual(deliveries[0]);
          if (deliveries.length > 1) {
            expect(afterSink.has(id)).toBe(true);
            expect(deliveries).toHaveLength(2);
            duplicated++;
          }
        }
        // One delivery per batch id is exactly the crash-free output.
        expect([...byId.values()].flatMap((d) => d[0]!).sort()).toEqual(clean);
      }),
      { seed: 7005, numRuns: FOREACH_RUNS },
    );
    expect(duplicated).toBeGreaterThan(0);
  });
});
