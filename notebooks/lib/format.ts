// How the notebooks write times, watermarks, windows and values: seconds with up to three decimals
// (so Flink's 1999 ms watermark reads 1.999 s), the engine's window closure, and JSON-free value text.
// The tables use these exact strings, and the tests compare them with the Node engines' output.

import type { Emission } from '../../engines/core/emission.ts';
import { MAX_TIME, MIN_TIME } from '../../engines/core/time.ts';

export function secs(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/** A watermark: none yet, end of input (Flink's Long.MAX_VALUE), or a time. */
export function fmtWatermark(wm: number | null): string {
  if (wm === null || wm <= MIN_TIME) return 'none';
  if (wm >= MAX_TIME) return '+∞ (end of input)';
  return secs(wm);
}

export function fmtWindow(w: { start: number; end: number } | null, closure: '[)' | '(]' = '[)'): string {
  if (w === null) return 'count window';
  if (w.end >= MAX_TIME) return 'global window';
  return closure === '(]' ? `(${secs(w.start)}, ${secs(w.end)}]` : `[${secs(w.start)}, ${secs(w.end)})`;
}

/** A result value: collected ids as `e1 e2`, numbers as they are. */
export function fmtValue(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'number' ? `e${x}` : String(x))).join(' ') || '∅';
  if (typeof v === 'number') return String(Number(v.toFixed(3)));
  return v === null || v === undefined ? '–' : String(v);
}

/** A record: `e7 (ts 1.5 s)` for the notebooks' events, its fields otherwise (conformance traces). */
export function fmtRecord(r: Record<string, unknown>): string {
  const ts = typeof r.ts === 'number' ? ` (ts ${secs(r.ts)})` : '';
  if (typeof r.id === 'number') return `e${r.id}${ts}`;
  return Object.entries(r)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

export function fmtKey(k: unknown): string {
  return k === undefined || k === null ? '–' : String(k);
}

/** One emission as a row of the emissions table: output, key, window, value / record. */
export function emissionCells(e: Emission, closure: '[)' | '(]'): [string, string, string, string] {
  switch (e.output) {
    case 'main':
      return ['result', fmtKey(e.key), fmtWindow(e.window, closure), fmtValue(e.value)];
    case 'late':
      return ['late output', fmtKey(e.record.key), '–', fmtRecord(e.record)];
    case 'dropped':
      return ['dropped', fmtKey(e.record.key), '–', fmtRecord(e.record)];
    case 'watermark':
      return ['watermark', '–', '–', fmtWatermark(e.watermark)];
  }
}

export const ENGINE_NAME: Record<string, string> = { event: 'Flink', microbatch: 'Spark', tuple: 'Storm' };
