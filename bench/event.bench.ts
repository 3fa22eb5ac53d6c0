// Event engine (Flink model) on the shared keyed tumbling count, on the real clock, beside a
// hand-written plain-TypeScript loop computing the same counts in the same process.
import { parseJob } from '../engines/core/job.ts';
import { EventEngine } from '../engines/event/event-engine.ts';
import { compileJob } from '../engines/event/pipeline.ts';
import type { BenchRow } from './bench-row.ts';
import { BENCH_WINDOW, type BenchRecord, keyedCountJob, keyedCountRecords } from './keyed-count-workload.ts';

/** The baseline: counts per (window, key) in nested Maps, emitted when a window closes. */
export function handLoop(records: readonly BenchRecord[]): number {
  const windows = new Map<number, Map<string, number>>();
  let emitted = 0;
  let maxTs = Number.MIN_SAFE_INTEGER;
  for (const r of records) {
    const start = r.ts - (r.ts % BENCH_WINDOW);
    let m = windows.get(start);
    if (m === undefined) windows.set(start, (m = new Map()));
    m.set(r.key, (m.get(r.key) ?? 0) + 1);
    if (r.ts > maxTs) {
      maxTs = r.ts;
      for (const [s, counts] of windows) {
        if (s + BENCH_WINDOW - 1 <= maxTs - 1) {
          emitted += counts.size;
          windows.delete(s);
        }
      }
    }
  }
  for (const counts of windows.values()) emitted += counts.size;
  return emitted;
}

export function runEventEngine(records: readonly BenchRecord[], parallelism = 1): number {
  const engine = new EventEngine(compileJob(parseJob(keyedCountJob)), { parallelism });
  const t0 = performance.now();
  let emitted = 0;
  const CHUNK = 10_000;
  for (let i = 0; i < records.length; i += CHUNK) {
    // Real clock: processing time is wall time since start, so periodic watermarks fire as they would.
    engine.advance(Math.floor(performance.now() - t0));
    engine.add(records.slice(i, i + CHUNK));
    for (const e of engine.drain()) if (e.output === 'main') emitted++;
  }
  engine.end();
  for (const e of engine.drain()) if (e.output === 'main') emitted++;
  return emitted;
}

function time(f: () => number): { ms: number; result: number } {
  const t = performance.now();
  const result = f();
  return { ms: performance.now() - t, result };
}

export async function bench(): Promise<BenchRow[]> {
  const records = keyedCountRecords();
  // Warm-up on a slice, so both sides run JIT-compiled code.
  handLoop(records.slice(0, 100_000));
  runEventEngine(records.slice(0, 100_000));
  const base = time(() => handLoop(records));
  const ev = time(() => runEventEngine(records));
  if (ev.result !== base.result) throw new Error(`event engine emitted ${ev.result} results, the hand loop ${base.result}`);
  const baseRate = records.length / (base.ms / 1000);
  const evRate = records.length / (ev.ms / 1000);
  const p2 = time(() => runEventEngine(records, 2));
  return [
    { name: 'hand-written TypeScript loop — keyed tumbling count', eventsPerSec: baseRate, note: `${base.result} window results` },
    {
      name: 'event engine (Flink model), p=1 — keyed tumbling count',
      eventsPerSec: evRate,
      note: `ratio to hand loop ${(evRate / baseRate).toFixed(2)}`,
    },
    {
      name: 'event engine (Flink model), p=2 (one thread) — same job',
      eventsPerSec: records.length / (p2.ms / 1000),
      note: 'key groups + watermark valve over 2 channels',
    },
  ];
}
