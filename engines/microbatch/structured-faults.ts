// The crash points of a Structured Streaming query (B7): crashes planned at a batch and point (`failAt`,
// the query stays down until restarted), crashes injected for the next batch that executes (a scenario's
// fault: the driver is restarted at once), and a slow task's extra cost per row.
import type { Fault, FaultPoint } from './options.ts';

export type CrashOutcome = 'none' | 'restart' | 'down';

export class StructuredFaults {
  /** Planned crashes still to happen (each fires once). */
  readonly planned: Fault[];
  /** Injected crashes, each for the next batch that executes (its batch id is fixed then). */
  private readonly injected: Array<{ point: FaultPoint; batchId: number | null }> = [];
  /** slow-task: extra processing cost per input row (ms) of batches that start before `slowUntil`. */
  private slowCost = 0;
  private slowUntil = 0;

  constructor(planned: readonly Fault[]) {
    this.planned = [...planned];
  }

  /** A crash for the next batch that executes, at `point`. */
  inject(point: FaultPoint): void {
    this.injected.push({ point, batchId: null });
  }

  slowDown(cost: number, until: number): void {
    this.slowCost = cost;
    this.slowUntil = until;
  }

  /** Extra ms a batch of `rows` starting at `now` takes while a task is slow. */
  slowness(rows: number, now: number): number {
    return this.slowCost > 0 && now < this.slowUntil ? this.slowCost * rows : 0;
  }

  /** Batch `batchId` starts executing: injected crashes not yet assigned belong to it. */
  executing(batchId: number): void {
    for (const f of this.injected) f.batchId ??= batchId;
  }

  /** Whether batch `batchId` crashes at `point`: an injected crash restarts the query, a planned one stops it. */
  at(batchId: number, point: FaultPoint): CrashOutcome {
    const j = this.injected.findIndex((f) => f.batchId === batchId && f.point === point);
    if (j >= 0) {
      this.injected.splice(j, 1);
      return 'restart';
    }
    const i = this.planned.findIndex((f) => f.batchId === batchId && f.point === point);
    if (i < 0) return 'none';
    this.planned.splice(i, 1);
    return 'down';
  }
}
