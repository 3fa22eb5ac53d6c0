// Spark Structured Streaming's stream-stream join (E4, S-SSHJ / S-SSHJH), batch by batch: rows late by the
// previous batch's watermark are dropped per side (a window join judges each (row, window) on the window
// end); left rows join the right state and are stored; right rows join the left state, this batch's left
// rows included, and are stored; then each side's state is evicted by its state watermark — a window join
// evicts windows ending at or before the watermark, an interval join rows below `W + c − 1 ms` solved from
// its time condition, a regular join never — and an outer side emits each evicted row no pair matched,
// with nulls on the other side. Pairs come in the batch where the second row arrives.
import type { Rec } from '../core/aggregates.ts';
import { intervalBounds, type JoinSpec } from '../core/join-job.ts';
import { windowStarts } from '../core/windows/time-window.ts';
import type { BatchColumns } from './arrow-batch.ts';
import type { KeyDictionary, KeyValue } from './key-dictionary.ts';
import type { StructuredPlan } from './plan.ts';
import type { BatchWatermarks, RowSink, StatefulOperator } from './stateful-operator.ts';
import { VersionedState } from './versioned-state.ts';

/** One row in a side's state: its key, its window start (window joins; null otherwise), the record, whether a pair matched it. */
interface StateRow {
  key: KeyValue;
  window: number | null;
  ts: number;
  record: Rec;
  matched: boolean;
}

type Side = 'left' | 'right';
/** Each side's rows by join key (Spark's SymmetricHashJoinStateManager keys its state by the join key). */
interface JoinState {
  left: Map<KeyValue, StateRow[]>;
  right: Map<KeyValue, StateRow[]>;
}

// Copy-on-write: a batch copies the key maps and then each key's row list before it changes it, and replaces a
// row rather than mutating it, so the committed version it started from stays as it was.
const copy = (s: JoinState): JoinState => ({ left: new Map(s.left), right: new Map(s.right) });
const sideRows = (m: Map<KeyValue, StateRow[]>): StateRow[] => [...m.values()].flat();
const byKey = (rows: readonly StateRow[]): Map<KeyValue, StateRow[]> => {
  const m = new Map<KeyValue, StateRow[]>();
  for (const row of rows) {
    const list = m.get(row.key);
    if (list) list.push(row);
    else m.set(row.key, [row]);
  }
  return m;
};
/** state/N: each side's rows, key by key. */
const codec = {
  encode: (s: JoinState) => ({ left: sideRows(s.left), right: sideRows(s.right) }),
  decode: (d: unknown) => {
    const j = d as { left: StateRow[]; right: StateRow[] };
    return { left: byKey(j.left), right: byKey(j.right) };
  },
};
const count = (m: Map<KeyValue, StateRow[]>) => {
  let n = 0;
  for (const list of m.values()) n += list.length;
  return n;
};

export function streamJoin(plan: StructuredPlan, join: JoinSpec, keys: KeyDictionary): StatefulOperator {
  const w = plan.window.kind === 'sliding' ? plan.window : null;
  const bounds = join.kind === 'interval' ? intervalBounds(join) : null;
  const hasWm = {
    left: plan.delays[plan.streams.indexOf(join.left)] !== null,
    right: plan.delays[plan.streams.indexOf(join.right)] !== null,
  };
  const outer = { left: join.type === 'left' || join.type === 'full', right: join.type === 'right' || join.type === 'full' };
  const store = new VersionedState<JoinState>({ left: new Map(), right: new Map() }, copy, (s) => count(s.left) + count(s.right), codec);

  /** Rows of side `s` at or below this are evicted (E4 state watermarks); null: never. */
  const stateWatermark = (s: Side, W: number | null): number | null => {
    if (W === null) return null;
    if (join.kind === 'window') return hasWm[s] ? W : null; // the window is a join key: evict end <= W
    if (join.kind === 'interval' && hasWm.left && hasWm.right) {
      // right.ts − left.ts ∈ [lo', hi'] with the other side's future rows above W; `<=`/`>=` give W + c − 1 ms.
      return s === 'left' ? W - bounds!.hi - 1 : W + bounds!.lo - 1;
    }
    return null;
  };
  const matches = (l: StateRow, r: StateRow) =>
    l.key === r.key && l.window === r.window && (bounds === null || (r.ts - l.ts >= bounds.lo && r.ts - l.ts <= bounds.hi));
  const rowsOf = (record: Rec, side: Side, ts: number): StateRow[] => {
    const key = record[side === 'left' ? join.leftKey : join.rightKey] as KeyValue;
    if (w === null) return [{ key, window: null, ts, record, matched: false }];
    const starts: number[] = [];
    const n = windowStarts(ts, w.size, w.slide, w.offset, starts);
    return starts.slice(0, n).map((start) => ({ key, window: start, ts, record, matched: false }));
  };

  return {
    execute(batchId: number, cols: BatchColumns, wm: BatchWatermarks, sink: RowSink, records: readonly Rec[]) {
      const state = store.begin();
      const owned = { left: new Set<KeyValue>(), right: new Set<KeyValue>() };
      /** Side `side`'s rows of `key`, as a list this batch may change. */
      const own = (side: Side, key: KeyValue): StateRow[] => {
        const list = state[side].get(key);
        if (list !== undefined && owned[side].has(key)) return list;
        const mine = list === undefined ? [] : list.slice();
        state[side].set(key, mine);
        owned[side].add(key);
        return mine;
      };
      const droppedRows: number[] = [];
      const emit = (row: StateRow, pair: { left: Rec | null; right: Rec | null }) =>
        sink(keys.idOf(row.key), row.window === null || w === null ? null : { start: row.window, end: row.window + w.size }, pair);
      const late = (row: StateRow, side: Side) => {
        if (!hasWm[side] || wm.late === null) return false;
        // The late filter is on the side's own watermarked column: the window end for a window join (B5).
        return (row.window === null ? row.ts : row.window + w!.size) <= wm.late;
      };
      for (const side of ['left', 'right'] as const) {
        const name = side === 'left' ? join.left : join.right;
        const otherSide: Side = side === 'left' ? 'right' : 'left';
        const s = plan.streams.indexOf(name);
        for (let i = 0; i < records.length; i++) {
          if (cols.stream !== null && cols.stream[i] !== s) continue;
          const kept = rowsOf(records[i]!, side, cols.ts![i]!).filter((row) => !late(row, side));
          if (kept.length === 0) {
            droppedRows.push(i);
            continue;
          }
          for (const row of kept) {
            let other = state[otherSide].get(row.key);
            for (let k = 0; other !== undefined && k < other.length; k++) {
              const o = other[k]!;
              if (!(side === 'left' ? matches(row, o) : matches(o, row))) continue;
              row.matched = true;
              if (!o.matched) {
                // The other row is marked matched (read by an outer side's eviction) in this batch's own list.
                other = own(otherSide, row.key);
                other[k] = { ...o, matched: true };
              }
              emit(row, side === 'left' ? { left: row.record, right: o.record } : { left: o.record, right: row.record });
            }
            own(side, row.key).push(row);
          }
        }
      }
      for (const side of ['left', 'right'] as const) {
        const limit = stateWatermark(side, wm.evict);
        if (limit === null) continue;
        for (const [key, rows] of state[side]) {
          const keep: StateRow[] = [];
          for (const row of rows) {
            const at = join.kind === 'window' ? row.window! + w!.size : row.ts;
            if (at > limit) keep.push(row);
            else if (!row.matched && outer[side])
              emit(row, side === 'left' ? { left: row.record, right: null } : { left: null, right: row.record });
          }
          if (keep.length === rows.length) continue;
          if (keep.length === 0) state[side].delete(key);
          else state[side].set(key, keep);
          owned[side].add(key);
        }
      }
      store.stage(batchId, state);
      return { droppedRows };
    },
    commit: (batchId: number) => store.commit(batchId),
    snapshot: (batchId: number) => store.snapshot(batchId),
    restore: (version: number, data: unknown) => store.restore(version, data),
    stateRows: (version: number) => store.stateRows(version),
    heldByStream: (version: number) => {
      const s = store.at(version);
      return { [join.left]: count(s.left), [join.right]: count(s.right) };
    },
  };
}
