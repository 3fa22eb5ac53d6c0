// A chained time-window aggregation on Structured Streaming (Spark ≥ 3.5, multiple stateful operators in
// Append mode; MultiStatefulOperatorsSuite "window agg -> window agg"): the first operator is the plan's
// window aggregation; the second groups its output rows by their window. Both run in the same batch with the
// same pair of watermarks (PropagateWatermarkSimulator: a window aggregation's output watermark is its input
// watermark). The first emits a window once its end <= the eviction watermark; the second's late filter
// never drops it — window_time is end − 1 µs, and the window was not closed by the previous batch's
// watermark, so end − 1 µs > it — and evicts (emits) that same window in that same batch, since its end is
// <= the same eviction watermark. So the second operator's state is empty after every batch: each batch's
// results are the first operator's closed windows, aggregated per window.

import type { Rec } from '../core/aggregates.ts';
import { aggregateFor } from '../core/aggregates.ts';
import type { PerWindowSpec } from '../core/rank-job.ts';
import type { TimeWindow } from '../core/windows/time-window.ts';
import type { BatchColumns } from './arrow-batch.ts';
import type { KeyDictionary } from './key-dictionary.ts';
import type { BatchWatermarks, RowSink, StatefulOperator } from './stateful-operator.ts';

export function chainedAggregation(first: StatefulOperator, spec: PerWindowSpec, keys: KeyDictionary): StatefulOperator {
  const agg = aggregateFor(spec.aggregate);
  return {
    execute(batchId: number, cols: BatchColumns, wm: BatchWatermarks, sink: RowSink, records: readonly Rec[]) {
      const groups = new Map<string, { window: TimeWindow; acc: unknown }>();
      const result = first.execute(
        batchId,
        cols,
        wm,
        (keyId, window, value) => {
          const id = `${window!.start}:${window!.end}`;
          const g = groups.get(id) ?? { window: window!, acc: agg.create() };
          g.acc = agg.add(g.acc, { key: keys.valueOf(keyId), value });
          groups.set(id, g);
        },
        records,
      );
      const closed = [...groups.values()].sort((a, b) => a.window.start - b.window.start);
      for (const g of closed) sink(-1, g.window, agg.result(g.acc));
      return result;
    },
    commit: (batchId) => first.commit(batchId),
    snapshot: (batchId) => first.snapshot(batchId),
    restore: (version, data) => first.restore(version, data),
    stateRows: (version) => first.stateRows(version),
  };
}
