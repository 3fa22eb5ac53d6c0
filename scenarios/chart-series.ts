// What the report's event-time picture and its decision box need beyond the figures, from every record and
// emission of a run (never from the 5,000-event sample): the input's disorder (how far the latest record
// trailed the newest event time before it), an even sample of the records each engine dropped or sent to
// its late side output, and the window results aggregated per (emit time, window), evenly thinned.
import { z } from 'zod';
import type { Job } from '../engines/core/job.ts';
import { DROPPED, type EmissionLog, MAIN } from './emission-log.ts';
import type { RunInput } from './run-input.ts';

/** At most this many dropped / side-output records per engine in result.json. */
export const LATE_SAMPLE = 2000;
/** At most this many (emit time, window) groups per engine in result.json. */
export const WINDOW_RESULT_SAMPLE = 3000;

/** result.json `input.disorder`. */
export const disorderSchema = z.strictObject({ behind: z.int().nonnegative(), maxLateness: z.number().nonnegative() });
/** result.json `series.late`: when each sampled record was dropped or side-output, and its event time. */
export const lateSchema = z.array(z.strictObject({ t: z.number(), eventTime: z.number(), output: z.enum(['dropped', 'late']) }));
/** result.json `series.windowResults`: results per (emit time, window), with their count. */
export const windowResultsSchema = z.array(
  z.strictObject({ t: z.number(), start: z.number(), end: z.number(), results: z.int().positive() }),
);

export interface Disorder {
  /** Records whose event time was below the newest event time that had arrived before them. */
  behind: number;
  /** The most any record trailed that newest event time, ms: the watermark delay that admits every record. */
  maxLateness: number;
}

/** The disorder of the job's input (`input` in arrival order, after the stateless steps). */
export function disorderOf(input: RunInput): Disorder {
  let newest = Number.NEGATIVE_INFINITY;
  let behind = 0;
  let maxLateness = 0;
  const times = input.eventTime;
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (t < newest) {
      behind++;
      maxLateness = Math.max(maxLateness, newest - t);
    }
    newest = Math.max(newest, t);
  }
  return { behind, maxLateness };
}

export interface LatePoint {
  /** When the engine dropped it or sent it to the late output (processing time, ms). */
  t: number;
  eventTime: number;
  output: 'dropped' | 'late';
}

/** An even sample of the records the engine dropped as late or sent to its late side output. */
export function lateSample(job: Job, log: EmissionLog): LatePoint[] {
  const all: LatePoint[] = [];
  for (let i = 0; i < log.length; i++) {
    const kind = log.kind(i);
    if (kind === MAIN) continue;
    const ts = log.record(i)[job.timestamp];
    if (typeof ts === 'number') all.push({ t: log.at(i), eventTime: ts, output: kind === DROPPED ? 'dropped' : 'late' });
  }
  return thin(all, LATE_SAMPLE);
}

export interface WindowResultPoint {
  t: number;
  start: number;
  end: number;
  /** Main results (keys) emitted for this window at this time. */
  results: number;
}

/** Main results of time windows, one point per (emit time, window), evenly thinned. */
export function windowResults(log: EmissionLog): WindowResultPoint[] {
  // Emit times only grow within an engine's log, so one emit time's results are contiguous: group them
  // by window start in a map of that moment alone (numeric keys, no string per result), in first-seen order.
  const out: WindowResultPoint[] = [];
  let now = Number.NaN;
  let atNow = new Map<number, WindowResultPoint | WindowResultPoint[]>();
  const seen = new Set<number>();
  for (let i = 0; i < log.length; i++) {
    const start = log.start(i);
    if (log.kind(i) !== MAIN || Number.isNaN(start)) continue;
    const at = log.at(i);
    const end = log.end(i);
    if (at !== now) {
      // An emit time seen before, not just now (never in a run's log): group the whole log by strings.
      if (seen.has(at)) return windowResultsByString(log);
      seen.add(at);
      now = at;
      atNow = new Map();
    }
    const had = atNow.get(start);
    if (had === undefined) {
      const g = { t: at, start, end, results: 1 };
      atNow.set(start, g);
      out.push(g);
    } else if (!Array.isArray(had) && had.end === end) had.results++;
    else {
      // Windows of one start with other ends (sessions): a short list.
      const list = Array.isArray(had) ? had : [had];
      const g = list.find((x) => x.end === end);
      if (g) g.results++;
      else {
        const h = { t: at, start, end, results: 1 };
        list.push(h);
        out.push(h);
      }
      atNow.set(start, list);
    }
  }
  return thin(out, WINDOW_RESULT_SAMPLE);
}

function windowResultsByString(log: EmissionLog): WindowResultPoint[] {
  const groups = new Map<string, WindowResultPoint>();
  for (let i = 0; i < log.length; i++) {
    const start = log.start(i);
    if (log.kind(i) !== MAIN || Number.isNaN(start)) continue;
    const at = log.at(i);
    const end = log.end(i);
    const k = `${at},${start},${end}`;
    const g = groups.get(k);
    if (g) g.results++;
    else groups.set(k, { t: at, start, end, results: 1 });
  }
  return thin([...groups.values()], WINDOW_RESULT_SAMPLE);
}

/** `n` items evenly spread over `items` (all of them when there are no more). */
function thin<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, j) => items[Math.round((j * (items.length - 1)) / (n - 1))]!);
}
