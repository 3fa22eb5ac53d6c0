// A time window: two numbers and a closure. Flink and Spark windows are `[start, end)` with
// maxTimestamp = end - 1 (F-TW); Storm windows are `(start, end]` with maxTimestamp = end (ST-TEP).
import { floorMod, MAX_TIME } from '../time.ts';

export type Closure = '[)' | '(]';

export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/** The largest timestamp inside the window: `end - 1` for `[start, end)`, `end` for `(start, end]`. */
export function maxTimestamp(w: TimeWindow, closure: Closure = '[)'): number {
  // GlobalWindow.maxTimestamp() is Long.MAX_VALUE: no cleanup timer, never late (A4).
  if (w.end === MAX_TIME) return MAX_TIME;
  return closure === '[)' ? w.end - 1 : w.end;
}

export function contains(w: TimeWindow, ts: number, closure: Closure = '[)'): boolean {
  return closure === '[)' ? w.start <= ts && ts < w.end : w.start < ts && ts <= w.end;
}

/**
 * Flink's `TimeWindow.getWindowStartWithOffset`: the start of the `size`-aligned window holding `ts`.
 * Floors correctly for negative timestamps: -1 with size 1000 starts at -1000 (F-TW).
 */
export function windowStart(ts: number, offset: number, size: number): number {
  return ts - floorMod(ts - offset, size);
}

/**
 * The starts of every `[s, s + size)` window sliding by `slide` that holds `ts`, newest first, written to
 * `out`; returns how many. Flink's SlidingEventTimeWindows loop `for (s = lastStart; s > ts - size; s -= slide)`
 * (F-SLI) — the same set Spark's ResolveTimeWindows keeps (`start <= ts < end`, B4). With slide > size a
 * timestamp in a gap has none. Tumbling is slide = size. The one window-assignment loop of every engine.
 */
export function windowStarts(ts: number, size: number, slide: number, offset: number, out: { [i: number]: number }): number {
  let n = 0;
  for (let s = windowStart(ts, offset, slide); s > ts - size; s -= slide) out[n++] = s;
  return n;
}

/** Windows overlap or touch: `a.start <= b.end && a.end >= b.start` (F-TW intersects; so touching sessions merge). */
export function intersects(a: TimeWindow, b: TimeWindow): boolean {
  return a.start <= b.end && a.end >= b.start;
}

export function cover(a: TimeWindow, b: TimeWindow): TimeWindow {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

export function sameWindow(a: TimeWindow | null, b: TimeWindow | null): boolean {
  if (a === null || b === null) return a === b;
  return a.start === b.start && a.end === b.end;
}

export function windowId(w: TimeWindow): string {
  return `${w.start},${w.end}`;
}

/**
 * Flink's `TimeWindow.mergeWindows`: sort by start, sweep, and cover every run of intersecting windows.
 * Returns each merged window with the originals it replaces (only groups of 2+ are merges).
 */
export function mergeWindows<W extends TimeWindow>(windows: readonly W[]): Array<{ merged: TimeWindow; parts: W[] }> {
  const sorted = [...windows].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Array<{ merged: TimeWindow; parts: W[] }> = [];
  let cur: { merged: TimeWindow; parts: W[] } | null = null;
  for (const w of sorted) {
    if (cur === null) cur = { merged: w, parts: [w] };
    else if (intersects(cur.merged, w)) {
      cur.merged = cover(cur.merged, w);
      cur.parts.push(w);
    } else {
      out.push(cur);
      cur = { merged: w, parts: [w] };
    }
  }
  if (cur) out.push(cur);
  return out;
}
