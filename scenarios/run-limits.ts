// What a run can afford, estimated before it starts: the processing time it would span on the virtual
// clock (engines tick through it: periodic watermarks, triggers, timeouts) and the memory its events
// would take. A run beyond either never ends or dies half-way, so it is refused as bad input instead.
import { getHeapStatistics } from 'node:v8';
import { InputError } from '../engines/core/errors.ts';

/** The longest run, ms of processing time: 30 days (~13 million 200 ms watermark ticks per engine). */
export const MAX_SPAN_MS = 30 * 24 * 3600 * 1000;

/**
 * Heap per event over a whole run, bytes: the record, its log entry and the copy the engines and the
 * oracle read, plus their share of emissions (measured with `npm run bench`, rounded up).
 */
export const BYTES_PER_EVENT = 150;

/** The share of the heap limit a run may plan to fill (the rest is engines' state, charts, the result). */
const HEAP_SHARE = 0.6;

export function heapLimitBytes(): number {
  return getHeapStatistics().heap_size_limit;
}

/** Refuse `events` (≈, of about `bytesPerEvent` each) when they would not fit in this process's heap. */
export function checkFitsInMemory(events: number, path: string, what: string, bytesPerEvent = BYTES_PER_EVENT): void {
  const need = events * bytesPerEvent;
  const budget = heapLimitBytes() * HEAP_SHARE;
  if (need <= budget) return;
  throw new InputError(
    path,
    `${what} would need about ${fmtBytes(need)} of memory, more than this process can use (${fmtBytes(budget)} of a ${fmtBytes(heapLimitBytes())} heap): ` +
      'replay fewer events (workload.events) or raise the heap (NODE_OPTIONS=--max-old-space-size=MB)',
  );
}

/** Refuse a run whose processing time would span more than MAX_SPAN_MS. */
export function checkSpan(spanMs: number, path: string, what: string, hint: string): void {
  if (Number.isFinite(spanMs) && spanMs <= MAX_SPAN_MS) return;
  throw new InputError(
    path,
    `${what} would span ${fmtSpan(spanMs)} of processing time, more than the ${fmtSpan(MAX_SPAN_MS)} a run may take: ${hint}`,
  );
}

export function fmtBytes(b: number): string {
  if (b >= 1e9) return `${(b / 1e9).toFixed(1)} GB`;
  if (b >= 1e6) return `${(b / 1e6).toFixed(0)} MB`;
  return `${Math.round(b / 1e3)} kB`;
}

/** A long duration in the largest unit that keeps it readable: `4.2 days`, `3.1e13 years`. */
export function fmtSpan(ms: number): string {
  if (!Number.isFinite(ms)) return 'forever';
  const days = ms / 86_400_000;
  if (days >= 365 * 1000) return `${(days / 365).toExponential(1)} years`;
  if (days >= 365) return `${(days / 365).toFixed(1)} years`;
  if (days >= 1) return `${days.toFixed(1)} days`;
  return `${(ms / 3_600_000).toFixed(1)} hours`;
}
