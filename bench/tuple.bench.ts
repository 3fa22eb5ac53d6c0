// The tuple engine (Storm core) on the shared keyed tumbling count: 1M events, 1,000 keys, event-time
// Storm ≥1.0 windowed bolt behind a fields grouping; acking on (at-least-once) and off (at-most-once).
// Records arrive 1,000 per second of virtual processing time (one per ms of event time).
import { parseJob } from '../engines/core/job.ts';
import { parseWith } from '../engines/core/validate.ts';
import { tupleEngine } from '../engines/tuple/module.ts';
import type { BenchRow } from './bench-row.ts';
import { BENCH_KEYS, keyedCountJob, keyedCountRecords } from './keyed-count-workload.ts';

const CHUNK = 1000;

function runOnce(records: ReturnType<typeof keyedCountRecords>, acking: boolean): { ms: number; results: number } {
  const job = parseJob(keyedCountJob);
  const engine = tupleEngine.create(job, parseWith(tupleEngine.options, { kind: 'tuple', acking }) as Record<string, unknown>);
  let results = 0;
  const start = performance.now();
  for (let i = 0; i < records.length; i += CHUNK) {
    engine.add(records.slice(i, i + CHUNK));
    engine.advance(engine.now() + CHUNK);
    for (const e of engine.drain()) if (e.output === 'main') results++;
  }
  return { ms: performance.now() - start, results };
}

export async function bench(): Promise<BenchRow[]> {
  const records = keyedCountRecords();
  runOnce(records.slice(0, 100_000), true); // warm-up (JIT)
  const rows: BenchRow[] = [];
  for (const acking of [true, false]) {
    const { ms, results } = runOnce(records, acking);
    rows.push({
      name: `tuple engine (Storm core, windowed bolt) — keyed tumbling count, acking ${acking ? 'on' : 'off'}`,
      eventsPerSec: Math.round(records.length / (ms / 1000)),
      note: `${results} window results over ${BENCH_KEYS} keys; ${acking ? 'at-least-once (acker XOR trees)' : 'at-most-once'}`,
    });
  }
  return rows;
}
