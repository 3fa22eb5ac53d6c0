// session_window() aggregation (SessionWindowStateStore*Exec): rows become `[ts, ts + gap)`, sessions that
// overlap or touch merge (S-MSW), late rows are judged on ts + gap and sessions evicted on their end (B4, B5).
import { aggregateFor } from '../core/aggregates.ts';
import { encode } from '../core/checkpoint-storage.ts';
import { mergeWindows, type TimeWindow } from '../core/windows/time-window.ts';
import type { BatchColumns } from './arrow-batch.ts';
import { type KeyDictionary, type KeyValue, keyCodec } from './key-dictionary.ts';
import { partialAggregate } from './partial-aggregate.ts';
import type { StructuredPlan } from './plan.ts';
import { VersionedStateStore } from './state-store.ts';
import type { BatchWatermarks, RowSink, StatefulOperator } from './stateful-operator.ts';

/** state/N: `[key, [[start, end, accumulator], ...]]` per key. */
type SessionSnapshot = Array<[KeyValue, Array<[number, number, unknown]>]>;

interface Session extends TimeWindow {
  readonly acc: unknown;
}

/** Update mode is refused at planning (B4), so this serves append and complete. */
export function sessionAggregation(plan: StructuredPlan, gap: number, keys: KeyDictionary): StatefulOperator {
  const agg = aggregateFor(plan.aggregate);
  const store = new VersionedStateStore<number, readonly Session[]>();
  const watermarked = plan.hasWatermark && plan.outputMode !== 'complete';
  let pending: { batchId: number; state: Map<number, readonly Session[]> } | null = null;
  const codec = keyCodec(plan.key !== undefined, keys);

  return {
    execute(batchId: number, cols: BatchColumns, wm: BatchWatermarks, sink: RowSink) {
      const state = store.load(batchId - 1);
      const ts = cols.ts!;
      const late = watermarked && wm.late !== null ? wm.late : Number.NEGATIVE_INFINITY;
      const kept: number[] = [];
      const droppedRows: number[] = [];
      for (let i = 0; i < cols.rows; i++) {
        // Spark: a row is late when its own session end ts + gap <= watermark, before any merging (B5, S-T-SSW).
        if (ts[i]! + gap <= late) droppedRows.push(i);
        else kept.push(i);
      }
      // Sweep rows by (key, ts) into this batch's sessions; touching rows (ts <= end) share one.
      const order = Int32Array.from(kept).sort((a, b) => cols.keyIds[a]! - cols.keyIds[b]! || ts[a]! - ts[b]!);
      const groupOfRow = new Int32Array(cols.rows);
      const fresh: Array<{ keyId: number; start: number; end: number }> = [];
      for (const i of order) {
        const cur = fresh[fresh.length - 1];
        if (cur && cur.keyId === cols.keyIds[i] && ts[i]! <= cur.end) cur.end = Math.max(cur.end, ts[i]! + gap);
        else fresh.push({ keyId: cols.keyIds[i]!, start: ts[i]!, end: ts[i]! + gap });
        groupOfRow[i] = fresh.length - 1;
      }
      // Partial aggregates in arrival order, so `collect` keeps it within a batch.
      const rowOf = Int32Array.from(kept);
      const groupOf = rowOf.map((i) => groupOfRow[i]!);
      const partials = partialAggregate(plan.aggregate, { pairs: rowOf.length, rowOf, groupOf, groups: fresh.length }, cols);

      const byKey = new Map<number, Session[]>();
      fresh.forEach((f, g) => {
        const list = byKey.get(f.keyId) ?? [];
        list.push({ start: f.start, end: f.end, acc: partials.acc(g) });
        byKey.set(f.keyId, list);
      });
      // Merge the batch's sessions with the key's open sessions from the state store (F-TW mergeWindows, S-MSW).
      for (const [keyId, news] of byKey) {
        const merged: Session[] = mergeWindows([...(state.get(keyId) ?? []), ...news]).map(({ merged: w, parts }) => {
          const acc = parts.slice(1).reduce((a, p) => agg.merge(a, p.acc), parts[0]!.acc);
          return { start: w.start, end: w.end, acc };
        });
        state.set(keyId, merged);
      }
      const rows: Array<{ keyId: number; s: Session }> = [];
      for (const [keyId, sessions] of state) {
        if (plan.outputMode === 'complete') {
          for (const s of sessions) rows.push({ keyId, s });
        } else if (watermarked && wm.evict !== null) {
          // Spark: a session is evicted (and emitted in append mode) once its end <= watermark (B5, B6).
          const evict = wm.evict;
          const keep = sessions.filter((s) => s.end > evict);
          for (const s of sessions) if (s.end <= evict) rows.push({ keyId, s });
          if (keep.length === 0) state.delete(keyId);
          else if (keep.length !== sessions.length) state.set(keyId, keep);
        }
      }
      rows.sort((a, b) => a.s.start - b.s.start || a.s.end - b.s.end || a.keyId - b.keyId);
      for (const { keyId, s } of rows) sink(keyId, { start: s.start, end: s.end }, agg.result(s.acc));
      pending = { batchId, state };
      return { droppedRows };
    },
    commit(batchId: number): void {
      if (pending === null || pending.batchId !== batchId) throw new Error(`batch ${batchId} was not executed`);
      store.commit(batchId, pending.state);
      pending = null;
    },
    snapshot(batchId: number): readonly string[] {
      if (pending === null || pending.batchId !== batchId) throw new Error(`batch ${batchId} was not executed`);
      const data: SessionSnapshot = [...pending.state].map(([keyId, sessions]) => [
        codec.value(keyId),
        sessions.map((s) => [s.start, s.end, s.acc]),
      ]);
      return [encode(data)];
    },
    restore(version: number, data: unknown): void {
      const state = new Map<number, readonly Session[]>();
      for (const [key, sessions] of data as SessionSnapshot) {
        state.set(
          codec.id(key),
          sessions.map(([start, end, acc]) => ({ start, end, acc })),
        );
      }
      store.commit(version, state);
      pending = null;
    },
    stateRows: (version) => store.sizeOf(version),
  };
}
