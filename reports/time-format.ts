// Times as people read them. Event times of real data are epoch milliseconds and show as UTC dates;
// generated workloads count ms from the start of the run and show as seconds. Processing times are
// always ms from the start of the run; a file replay can also place them on the data's calendar.
import type { Result } from '../scenarios/result.ts';

const trim = (n: number, digits: number): string => String(Number(n.toFixed(digits)));

/** Event times at or above this (March 1973 in epoch ms) are dates; below, times since the start. */
export const EPOCH_FLOOR_MS = 1e11;

type Clock = NonNullable<Result['input']['clock']>;

/** True for a time that is an epoch date (ms since 1970) rather than a time since the start of a run. */
export function isEpoch(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) >= EPOCH_FLOOR_MS;
}

/** The replay clock of a file whose event times are epoch dates (null: times are relative). */
export function epochClock(result: Result): Clock | null {
  const c = result.input.clock;
  return c && Math.abs(c.origin) >= EPOCH_FLOOR_MS ? c : null;
}

/** `2023-11-14 22:13:20 UTC`, with `.123` when the ms are not zero. */
export function fmtDate(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return '–';
  const iso = new Date(ms).toISOString();
  const frac = iso.slice(19, 23) === '.000' ? '' : iso.slice(19, 23);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac} UTC`;
}

/** A time of day only (same-day ranges): `22:13:20` or `22:13:20.123`. */
function fmtClock(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.slice(11, 19) + (iso.slice(19, 23) === '.000' ? '' : iso.slice(19, 23));
}

/** An event time: a date for epoch data, else seconds since the start. */
export function fmtEventTime(result: Result, ms: number): string {
  return epochClock(result) ? fmtDate(ms) : `${trim(ms / 1000, 3)} s`;
}

/** `[start, end)` of a window as dates (the end's day shown only when it differs), or null for relative times. */
export function fmtDateWindow(w: { start: number; end: number }, closure: 'start-inclusive' | 'end-inclusive' = 'start-inclusive'): string {
  const a = fmtDate(w.start).replace(' UTC', '');
  const sameDay = new Date(w.start).toISOString().slice(0, 10) === new Date(w.end).toISOString().slice(0, 10);
  const b = sameDay ? fmtClock(w.end) : fmtDate(w.end).replace(' UTC', '');
  return closure === 'end-inclusive' ? `(${a}, ${b}] UTC` : `[${a}, ${b}) UTC`;
}

/** One sentence on how a file's rows arrived, with the data's time range as dates (null: not a replay). */
export function describeReplay(result: Result): string | null {
  const c = result.input.clock;
  if (!c) return null;
  const times = result.events.map((e) => e.eventTime);
  const range =
    times.length > 0
      ? `event times from ${fmtEventTime(result, Math.min(...times))} to ${fmtEventTime(result, Math.max(...times))}`
      : 'no events';
  const how =
    c.pacing === 'own-clock'
      ? `replayed on their own clock${c.speed === 1 ? '' : ` at ${c.speed}× speed`}`
      : c.pacing === 'rate'
        ? 'paced evenly at the workload rate'
        : 'arriving at the times of their arrival column';
  const zero = epochClock(result) ? `; processing time 0 is ${fmtDate(c.origin)}` : '';
  return `${range}, ${how}${zero}`;
}
