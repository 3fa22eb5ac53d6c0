// A stateless Structured Streaming query (core/stateless-job.ts): `df.filter(…).select(…)` in Append mode.
// There is no state store: each batch's rows are filtered and projected, and the batch's result reaches the
// sink when the batch completes (B2 step 4, sink.addBatch) — with the other rows of that batch, never before.
import type { Rec } from '../core/aggregates.ts';
import { type StatelessJob, statelessStage } from '../core/stateless-job.ts';
import type { BatchColumns } from './arrow-batch.ts';
import type { BatchWatermarks, RowSink, StatefulOperator } from './stateful-operator.ts';

export function statelessBatch(steps: StatelessJob['stateless']): StatefulOperator {
  const stage = statelessStage({ stateless: steps, timestamp: '' });
  return {
    execute(_batchId: number, _cols: BatchColumns, _wm: BatchWatermarks, sink: RowSink, records: readonly Rec[]) {
      for (const r of records) {
        const out = stage(r);
        if (out !== null) sink(-1, null, out);
      }
      return { droppedRows: [] };
    },
    // Nothing to version: a re-run batch recomputes the same rows from its offsets (B7).
    commit: () => {},
    snapshot: () => ['{}'],
    restore: () => {},
    stateRows: () => 0,
  };
}
