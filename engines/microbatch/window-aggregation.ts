// Streaming aggregation over window() (or no window): Spark's StateStoreSaveExec per output mode (B5, B6).
// State is window → KeyColumns (accumulators by key id), so eviction on the window end drops whole windows
// and a batch's partials merge into it column-wise.
import { aggregateFor } from '../core/aggregates.ts';
import { base64ToFloat64, base64ToInt32, float64ToBase64, int32ToBase64 } from '../core/base64.ts';
import type { BatchColumns } from './arrow-batch.ts';
import { KeyColumns } from './key-columns.ts';
import { jsonNumber, type KeyDictionary, type KeyValue, keyCodec } from './key-dictionary.ts';
import { partialAggregate } from './partial-aggregate.ts';
import type { StructuredPlan } from './plan.ts';
import type { Buffers } from './scratch.ts';
import { VersionedStateStore } from './state-store.ts';
import type { BatchWatermarks, RowSink, StatefulOperator } from './stateful-operator.ts';
import { type PairWindow, windowPairs } from './window-pairs.ts';

/**
 * state/N: a key table (key values, JSON), then per window, ordered by start, `[start, end, index, a]` or
 * `[start, end, index, a, b]`: `index` is an Int32 column of key-table indices and `a` the accumulator
 * column in the same order, both base64 of little-endian bytes (engines/core/base64.ts). `a` holds counts,
 * sums or extrema (Float64); for avg the sums, then `b` the counts; for collect, `a` is a JSON array of lists,
 * for multi a JSON array of accumulators.
 */
interface WindowSnapshot {
  readonly keys: readonly KeyValue[];
  readonly windows: ReadonlyArray<readonly [number, number, string, string | readonly unknown[], string?]>;
}

interface WindowState {
  readonly start: number;
  readonly end: number;
  readonly accs: KeyColumns;
}

export function windowAggregation(plan: StructuredPlan, keys: KeyDictionary, buffers: Buffers): StatefulOperator {
  if (plan.window.kind === 'session') throw new Error('session windows use sessionAggregation');
  const window: PairWindow = plan.window;
  const agg = aggregateFor(plan.aggregate);
  const fn = plan.aggregate.fn;
  const numeric = fn === 'count' || fn === 'sum' || fn === 'min' || fn === 'max';
  const mergeBoxed = fn === 'multi' ? agg.merge : null;
  const store = new VersionedStateStore<number, WindowState>();
  const mode = plan.outputMode;
  const windowed = window.kind === 'sliding';
  const size = window.kind === 'sliding' ? window.size : 0;
  // Complete mode never drops or evicts (B5); without a watermark, or without an event-time grouping, neither happens.
  const watermarked = plan.hasWatermark && windowed && mode !== 'complete';
  let pending: { batchId: number; state: Map<number, WindowState> } | null = null;
  const codec = keyCodec(plan.key !== undefined, keys);

  /** A window's rows for the keys where `pick` is 1 (all present keys without it), in key id order. */
  const emit = (w: WindowState, sink: RowSink, pick?: Uint8Array) => {
    const tw = windowed ? { start: w.start, end: w.end } : null;
    const accs = w.accs;
    const on = pick ?? accs.present;
    const n = accs.capacity;
    if (numeric) {
      // count, sum, min, max: the accumulator is the result, read straight from its column.
      const a = accs.a;
      for (let k = 0; k < n; k++) if (on[k] === 1) sink(k, tw, a[k]!);
    } else for (let k = 0; k < n; k++) if (on[k] === 1) sink(k, tw, agg.result(accs.acc(k)));
  };
  const byStart = (a: { start: number }, b: { start: number }) => a.start - b.start;

  return {
    execute(batchId: number, cols: BatchColumns, wm: BatchWatermarks, sink: RowSink) {
      const state = store.load(batchId - 1);
      const pairs = windowPairs(cols, window, keys.size, watermarked ? wm.late : null, buffers);
      const partials = partialAggregate(plan.aggregate, pairs, cols, buffers);
      // Windows this batch writes, cloned once from the loaded version (copy-on-write), with their updated keys.
      const touched = new Map<number, { w: WindowState; keys: Uint8Array }>();
      for (let g = 0; g < partials.groups; g++) {
        const start = pairs.groupStart[g]!;
        let t = touched.get(start);
        if (t === undefined) {
          const prev = state.get(start)?.accs;
          const accs = prev ? prev.clone(keys.size) : KeyColumns.empty(fn, keys.size, mergeBoxed);
          const w: WindowState = { start, end: start + size, accs };
          state.set(start, w);
          touched.set(start, (t = { w, keys: new Uint8Array(accs.capacity) }));
        }
        const k = pairs.groupKey[g]!;
        t.w.accs.merge(k, partials, g);
        t.keys[k] = 1;
      }
      if (mode === 'complete') for (const w of [...state.values()].sort(byStart)) emit(w, sink);
      if (mode === 'update') for (const t of [...touched.values()].sort((a, b) => byStart(a.w, b.w))) emit(t.w, sink, t.keys);
      if (watermarked && wm.evict !== null) {
        // Spark: a window [s, e) is evicted (and, in append mode, emitted) once e <= watermark (B5, B6).
        const evicted = [...state.values()].filter((w) => w.end <= wm.evict!).sort(byStart);
        for (const w of evicted) {
          state.delete(w.start);
          if (mode === 'append') emit(w, sink);
        }
      }
      pending = { batchId, state };
      return { droppedRows: pairs.droppedRows };
    },
    commit(batchId: number): void {
      if (pending === null || pending.batchId !== batchId) throw new Error(`batch ${batchId} was not executed`);
      store.commit(batchId, pending.state);
      pending = null;
    },
    snapshot(batchId: number): readonly string[] {
      if (pending === null || pending.batchId !== batchId) throw new Error(`batch ${batchId} was not executed`);
      // Binary columns, as Spark's state files hold binary rows: each window's present keys (indices into one
      // key table) and accumulator columns, copied byte for byte into base64 (no number is formatted).
      // An un-keyed query has the one key id 0 and an empty key dictionary.
      const slot = buffers.int32('snapshotSlot', Math.max(keys.size, 1)).fill(-1);
      const table: string[] = [];
      const parts: string[] = [];
      for (const w of [...pending.state.values()].sort(byStart)) {
        const { present, a, b, capacity } = w.accs;
        const box = w.accs.lists ?? w.accs.boxed;
        const idx = buffers.int32('snapshotIdx', w.accs.size);
        const va = buffers.float64('snapshotA', w.accs.size);
        const vb = b === null ? null : buffers.float64('snapshotB', w.accs.size);
        const ls: unknown[] = [];
        let m = 0;
        for (let k = 0; k < capacity; k++) {
          if (present[k] !== 1) continue;
          let j = slot[k]!;
          if (j < 0) {
            j = slot[k] = table.length;
            table.push(codec.json(k));
          }
          idx[m] = j;
          va[m] = a[k]!;
          if (vb !== null) vb[m] = b![k]!;
          if (box !== null) ls.push(box[k]);
          m++;
        }
        // Pieces, not one string: the columns of a large state are never copied into one flat text.
        parts.push(`${parts.length === 0 ? '' : ','}[${jsonNumber(w.start)},${jsonNumber(w.end)},"`, int32ToBase64(idx), '",');
        if (box !== null) parts.push(`${JSON.stringify(ls)}]`);
        else if (vb !== null) parts.push('"', float64ToBase64(va), '","', float64ToBase64(vb), '"]');
        else parts.push('"', float64ToBase64(va), '"]');
      }
      return [`{"keys":[${table.join(',')}],"windows":[`, ...parts, ']}'];
    },
    restore(version: number, data: unknown): void {
      const { keys: table, windows } = data as WindowSnapshot;
      const ids = table.map((key) => codec.id(key));
      const state = new Map<number, WindowState>();
      for (const [start, end, idxText, aCol, bCol] of windows) {
        const idx = base64ToInt32(idxText);
        const a = typeof aCol === 'string' ? base64ToFloat64(aCol) : aCol;
        const b = bCol === undefined ? null : base64ToFloat64(bCol);
        const accs = KeyColumns.empty(fn, keys.size, mergeBoxed);
        for (let i = 0; i < idx.length; i++) accs.put(ids[idx[i]!]!, b !== null ? [a[i], b[i]] : a[i]);
        state.set(start, { start, end, accs });
      }
      store.commit(version, state);
      pending = null;
    },
    stateRows: (version) => {
      let n = 0;
      for (const w of store.load(version).values()) n += w.accs.size;
      return n;
    },
  };
}
