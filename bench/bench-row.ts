// One measured figure of `npm run bench`. Each bench file exports `bench(): Promise<BenchRow[]>`;
// bench/run.ts runs them all in one process and prints one table.

export interface BenchRow {
  /** What was measured, e.g. "event engine — keyed tumbling count". */
  name: string;
  /** Events processed per second of wall time. */
  eventsPerSec: number;
  /** Free-form extra figures, printed after the rate (ratio to a baseline, batch size, heap, …). */
  note?: string;
}
