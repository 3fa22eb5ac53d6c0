// The stateful aggregation of a Structured Streaming query (StateStoreRestore/Save, B2 step 3) as one
// interface: execute batch N from state version N-1, keep the result pending, make it version N on commit.
import type { Rec } from '../core/aggregates.ts';
import type { TimeWindow } from '../core/windows/time-window.ts';
import type { BatchColumns } from './arrow-batch.ts';
import { chainedAggregation } from './chained-aggregation.ts';
import type { KeyDictionary } from './key-dictionary.ts';
import type { StructuredPlan } from './plan.ts';
import type { Buffers } from './scratch.ts';
import { sessionAggregation } from './session-aggregation.ts';
import { statelessBatch } from './stateless-batch.ts';
import { streamDedup } from './stream-dedup.ts';
import { streamJoin } from './stream-join.ts';
import { windowAggregation } from './window-aggregation.ts';

/** The two watermarks a batch is planned with (B2 step 2), or null when the query has no watermark. */
export interface BatchWatermarks {
  /** eventTimeWatermarkForLateEvents: the previous batch's watermark (Spark >= 3.4, allowMultiple = true). */
  readonly late: number | null;
  /** eventTimeWatermarkForEviction: this batch's watermark. */
  readonly evict: number | null;
}

/**
 * Receives the batch's result rows (`window` null for a global aggregation), in a deterministic order:
 * window start, then key id. Spark's order is arbitrary; traces compare multisets.
 */
export type RowSink = (keyId: number, window: TimeWindow | null, value: unknown) => void;

export interface StatefulOperator {
  /** Run batch N from state version N-1, emitting rows to `sink`; returns the input rows dropped as late (B5). */
  execute(
    batchId: number,
    cols: BatchColumns,
    wm: BatchWatermarks,
    sink: RowSink,
    records: readonly Rec[],
  ): { readonly droppedRows: readonly number[] };
  /** commits/N: the pending state of `batchId` becomes state version `batchId`. */
  commit(batchId: number): void;
  /** state/N: the executed, not yet committed state of `batchId` as JSON text in pieces (concatenated, one document), grouping keys by value. */
  snapshot(batchId: number): readonly string[];
  /** Recovery in a fresh process: a `snapshot` becomes committed version `version`. */
  restore(version: number, data: unknown): void;
  /** Rows in the state of a committed version (for metrics and tests). */
  stateRows(version: number): number;
  /** Records of each input stream in a committed version's state (a stream-stream join's two sides). */
  heldByStream?(version: number): Record<string, number>;
}

export function statefulOperator(plan: StructuredPlan, keys: KeyDictionary, buffers: Buffers): StatefulOperator {
  if (plan.stateless) return statelessBatch(plan.stateless);
  if (plan.join) return streamJoin(plan, plan.join, keys);
  if (plan.dedup) return streamDedup(plan, plan.dedup, keys);
  if (plan.chained) return chainedAggregation(windowAggregation(plan, keys, buffers), plan.chained, keys);
  return plan.window.kind === 'session' ? sessionAggregation(plan, plan.window.gap, keys) : windowAggregation(plan, keys, buffers);
}
