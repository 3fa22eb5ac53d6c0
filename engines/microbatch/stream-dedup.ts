// Structured Streaming's streaming dedup, batch by batch (StreamingDeduplicateExec and, with `within`,
// StreamingDeduplicateWithinWatermarkExec, Spark ≥ 3.5): rows at or below the previous batch's watermark
// are dropped first (eventTimeWatermarkForLateEvents, B2); of the rest, a row whose key is not in state is
// emitted and stored, any other row is a duplicate and silently dropped (numDroppedDuplicateRows, not a late
// drop). The first *arrival* wins, whatever its event time. Eviction on this batch's watermark W:
// `dropDuplicates` evicts a key only when the event-time column is one of its columns (the key's event time
// <= W, removeKeysOlderThanWatermark), so without that column state grows forever; `within` stores
// expiresAt = eventTime + delay and evicts when W >= expiresAt.
import type { Rec } from '../core/aggregates.ts';
import { type ChangelogRow, type DedupSpec, rankKey } from '../core/rank-job.ts';
import type { BatchColumns } from './arrow-batch.ts';
import type { KeyDictionary, KeyValue } from './key-dictionary.ts';
import type { StructuredPlan } from './plan.ts';
import type { BatchWatermarks, RowSink, StatefulOperator } from './stateful-operator.ts';
import { VersionedState } from './versioned-state.ts';

/** Key text → what eviction reads: the key's event time, or its expiry (`within`). */
type DedupState = Record<string, number>;

export function streamDedup(plan: StructuredPlan, d: DedupSpec, keys: KeyDictionary): StatefulOperator {
  const ts = plan.timestamp;
  const watermarked = plan.hasWatermark;
  const delay = plan.delays[0] ?? 0;
  const keyHasTime = d.key.includes(ts);
  const store = new VersionedState<DedupState>(
    {},
    (s) => ({ ...s }),
    (s) => Object.keys(s).length,
  );

  return {
    execute(batchId: number, _cols: BatchColumns, wm: BatchWatermarks, sink: RowSink, records: readonly Rec[]) {
      const state = store.begin();
      const droppedRows: number[] = [];
      for (let i = 0; i < records.length; i++) {
        const r = records[i]!;
        const t = r[ts] as number;
        if (watermarked && wm.late !== null && t <= wm.late) {
          droppedRows.push(i);
          continue;
        }
        const key = rankKey(d.key, r);
        const id = JSON.stringify(key);
        if (id in state) continue; // a duplicate: dropped, not late
        state[id] = d.within !== undefined ? t + delay : t;
        sink(keys.idOf(key as KeyValue), null, { op: '+I', row: r } satisfies ChangelogRow);
      }
      if (wm.evict !== null && (d.within !== undefined || keyHasTime)) {
        for (const [id, at] of Object.entries(state)) {
          // within: evicted when W >= expiresAt; dropDuplicates: the key's event time <= W.
          if (at <= wm.evict) delete state[id];
        }
      }
      store.stage(batchId, state);
      return { droppedRows };
    },
    commit: (batchId: number) => store.commit(batchId),
    snapshot: (batchId: number) => store.snapshot(batchId),
    restore: (version: number, data: unknown) => store.restore(version, data),
    stateRows: (version: number) => store.stateRows(version),
  };
}
