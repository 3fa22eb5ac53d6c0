// Spark's window() over one batch, column-wise: every row becomes (row, window) pairs, pairs whose
// window end <= the late-events watermark are filtered out (B5, per pair), and pairs group by (window, key).
import { windowStart, windowStarts } from '../core/windows/time-window.ts';
import type { BatchColumns } from './arrow-batch.ts';
import type { PairGroups } from './partial-aggregate.ts';
import { type Buffers, FRESH } from './scratch.ts';

export type PairWindow =
  | { readonly kind: 'sliding'; readonly size: number; readonly slide: number; readonly offset: number }
  | { readonly kind: 'none' };

export interface WindowPairs extends PairGroups {
  /** Window start of each group (0 for `none`) and its key id. */
  readonly groupStart: Float64Array;
  readonly groupKey: Int32Array;
  /** Rows none of whose windows survived the late filter: Spark drops them (numRowsDroppedByWatermark). */
  readonly droppedRows: readonly number[];
}

/** Above this many (window, key) cells per pair, groups are found through a hash map instead of a dense table. */
const DENSE_CELLS_PER_PAIR = 4;

/**
 * `lateAt`: the watermark for late events, or null when nothing is filtered (complete mode, no watermark, no window).
 * Window arithmetic is Flink's (`windowStart`, epoch-aligned plus offset), which is what ResolveTimeWindows computes (B4).
 * Every window of a batch is `minStart + j * slide`, so a pair's cell is the integer `j * keys + keyId`.
 */
export function windowPairs(
  cols: BatchColumns,
  window: PairWindow,
  keyCount: number,
  lateAt: number | null,
  buffers: Buffers = FRESH,
): WindowPairs {
  const n = cols.rows;
  const keyIds = cols.keyIds;
  const k = Math.max(keyCount, 1);
  if (window.kind === 'none') {
    const rowOf = buffers.int32('rowOf', n);
    const groupOf = buffers.int32('groupOf', n);
    const cells = new CellGroups(k, n, buffers);
    for (let i = 0; i < n; i++) {
      rowOf[i] = i;
      groupOf[i] = cells.group(keyIds[i]!);
    }
    const groupKey = Int32Array.from({ length: cells.groups }, (_, j) => cells.cellOf(j));
    return { pairs: n, rowOf, groupOf, groups: cells.groups, groupStart: new Float64Array(cells.groups), groupKey, droppedRows: [] };
  }
  const ts = cols.ts!;
  const { size, slide, offset } = window;
  const perRow = Math.ceil(size / slide);
  // Every window of the batch lies between the oldest window of tsMin and the newest of tsMax.
  const maxStart = n === 0 ? 0 : windowStart(cols.tsMax, offset, slide);
  const minStart = n === 0 ? 0 : windowStart(cols.tsMin, offset, slide) - (perRow - 1) * slide;
  const windows = n === 0 ? 0 : Math.round((maxStart - minStart) / slide) + 1;
  const late = lateAt ?? Number.NEGATIVE_INFINITY;
  const rowOf = buffers.int32('rowOf', n * perRow);
  const groupOf = buffers.int32('groupOf', n * perRow);
  const cells = new CellGroups(windows * k, n * perRow, buffers);
  const droppedRows: number[] = [];
  let pairs = 0;
  // Rows mostly arrive in time order: reuse the previous row's newest window while ts stays inside it.
  let first = Number.NaN;
  let firstBase = 0;
  if (slide === size) {
    // Tumbling: one window per row, so one pair per row that is not late.
    for (let i = 0; i < n; i++) {
      const t = ts[i]!;
      if (!(t >= first && t < first + slide)) {
        first = windowStart(t, offset, slide);
        firstBase = Math.round((first - minStart) / slide) * k;
      }
      if (first + size <= late) {
        droppedRows.push(i);
        continue;
      }
      rowOf[pairs] = i;
      groupOf[pairs] = cells.group(firstBase + keyIds[i]!);
      pairs++;
    }
  } else {
    // Spark: candidates lastStart - j*slide, kept when start <= ts < end: the core loop, Flink's set too (B4).
    const starts = buffers.float64('starts', perRow + 1);
    for (let i = 0; i < n; i++) {
      const w = windowStarts(ts[i]!, size, slide, offset, starts);
      let kept = false;
      for (let j = 0; j < w; j++) {
        const s = starts[j]!;
        // Spark: lateness is judged on the window end, per (row, window) pair (B5).
        if (s + size <= late) continue;
        rowOf[pairs] = i;
        groupOf[pairs] = cells.group(Math.round((s - minStart) / slide) * k + keyIds[i]!);
        pairs++;
        kept = true;
      }
      if (!kept) droppedRows.push(i);
    }
  }
  const groups = cells.groups;
  const groupStart = buffers.float64('groupStart', groups);
  const groupKey = buffers.int32('groupKey', groups);
  for (let j = 0; j < groups; j++) {
    const cell = cells.cellOf(j);
    groupKey[j] = cell % k;
    groupStart[j] = minStart + Math.floor(cell / k) * slide;
  }
  return { pairs, rowOf: rowOf.subarray(0, pairs), groupOf: groupOf.subarray(0, pairs), groups, groupStart, groupKey, droppedRows };
}

/**
 * Numbers distinct (window, key) cells in first-seen order: through a dense table when the batch spans
 * few cells, a Map otherwise (a batch spanning many windows, e.g. one very late row).
 */
class CellGroups {
  groups = 0;
  private readonly slot: Int32Array | null;
  private readonly map: Map<number, number> | null;
  private readonly cells: number[] = [];

  constructor(total: number, pairs: number, buffers: Buffers) {
    const dense = total <= Math.max(DENSE_CELLS_PER_PAIR * pairs, 1 << 16);
    this.slot = dense ? buffers.int32('slot', total).fill(-1) : null;
    this.map = dense ? null : new Map();
  }

  group(cell: number): number {
    const slot = this.slot;
    if (slot !== null) {
      let g = slot[cell]!;
      if (g < 0) {
        g = slot[cell] = this.groups++;
        this.cells.push(cell);
      }
      return g;
    }
    let g = this.map!.get(cell);
    if (g === undefined) {
      this.map!.set(cell, (g = this.groups++));
      this.cells.push(cell);
    }
    return g;
  }

  cellOf(group: number): number {
    return this.cells[group]!;
  }
}
