// One measured figure of `npm run bench`. Each bench file exports `bench(): Promise<BenchRow[]>`;
// bench/run.ts runs them in one process, prints one table and (with --json) writes the figures to a file.

export interface BenchRow {
  /** What was measured, e.g. "event engine (Flink), p=1". */
  name: string;
  /** Events processed per second of wall time (whole-job rows). */
  eventsPerSec?: number;
  /** Calls per second (micro-benchmarks). */
  opsPerSec?: number;
  /** Wall ms of the measured run (median where several). */
  ms?: number;
  /** Rate relative to a named baseline of the same job (1 = as fast). */
  ratios?: Record<string, number>;
  /** Other figures, printed after the rate (batch size, heap, …). */
  note?: string;
}
