// The shared benchmark workload: a keyed tumbling count. Every engine's bench and its hand-written
// baseline read these same records, so their rates are comparable within one `npm run bench` run.
import { createRng } from '../engines/core/random.ts';

export const BENCH_EVENTS = 1_000_000;
export const BENCH_KEYS = 1_000;
/** Tumbling window size, ms of event time. */
export const BENCH_WINDOW = 10_000;

export interface BenchRecord {
  key: string;
  ts: number;
  [field: string]: unknown;
}

/** `n` records, one per ms of event time (in order), keys `k0`…`k999` drawn uniformly from seed 42. */
export function keyedCountRecords(n = BENCH_EVENTS, keys = BENCH_KEYS, seed = 42): BenchRecord[] {
  const rng = createRng(seed);
  const names = Array.from({ length: keys }, (_, i) => `k${i}`);
  const out: BenchRecord[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = { key: names[rng.int(0, keys - 1)]!, ts: i };
  return out;
}

/** The job every engine runs in the bench (TRACE.md job format). */
export const keyedCountJob = {
  key: 'key',
  window: { kind: 'tumbling', size: BENCH_WINDOW },
  aggregate: { fn: 'count' },
  watermark: { delay: 0 },
} as const;
