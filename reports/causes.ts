// The causes of a difference from the ground truth (scenarios/correctness.ts), as the report words them,
// and where each comes from: the model (its watermark, window closure, delivery) or the run (the input
// ended before the model was due to emit). Every cause the lab assigns has an entry here.
import type { Cause } from '../scenarios/correctness.ts';
import type { SupportedEngine } from './engines.ts';

export type CauseOrigin = 'model' | 'input-end';

interface CauseWords {
  /** Short, for tables, legends and filters. */
  label: string;
  /** A clause after "because". */
  text: string;
  origin: CauseOrigin;
}

export const CAUSES: Record<Cause, CauseWords> = {
  'late-dropped': {
    label: 'late, dropped',
    text: 'records arrived after the watermark had passed their window, and the engine dropped them from it',
    origin: 'model',
  },
  'window-closure': {
    label: '(start, end] windows',
    text: 'its windows are (start, end], so an event exactly on a boundary counts in the earlier window',
    origin: 'model',
  },
  'wrong-window': { label: 'arrival-time window', text: 'it windows by arrival (processing) time, not event time', origin: 'model' },
  'scan-stopped': {
    label: 'queued behind the scan stop',
    text: 'a tuple that arrived in time was queued behind one beyond the watermark plus the lag, where Storm’s window scan stops',
    origin: 'model',
  },
  'replayed-duplicate': { label: 'replayed duplicate', text: 'a replay emitted the result again', origin: 'model' },
  'lost-on-crash': { label: 'lost on crash', text: 'the result was lost in a crash', origin: 'model' },
  'not-flushed': {
    label: 'not flushed at end',
    text: 'the input ended before the engine’s watermark passed these windows, so they were never due',
    origin: 'input-end',
  },
  'arrival-order': {
    label: 'first arrival kept',
    text: 'it keeps a key’s first arrival, not its earliest event time (Spark dropDuplicates)',
    origin: 'model',
  },
  'watermark-expiry': {
    label: 'key kept until the watermark',
    text: 'it forgets a kept key only when the watermark passes its event time + within, so a later row inside that wait is still a duplicate (dropDuplicatesWithinWatermark)',
    origin: 'model',
  },
  'not-committed': {
    label: 'written, not committed',
    text: 'the rows are in part files no reader sees yet: the file sink makes them visible only when a checkpoint that holds them completes (Flink FileSink)',
    origin: 'model',
  },
  // Never assigned in the catalog (a test checks): a difference the lab cannot attribute is a defect to fix.
  unexplained: { label: 'unexplained', text: 'of no cause the lab can name', origin: 'model' },
};

const words = (c: string): CauseWords | undefined => (CAUSES as Record<string, CauseWords | undefined>)[c];
export const causeText = (c: string): string => words(c)?.text ?? c;
export const causeLabel = (c: string): string => words(c)?.label ?? c;
export const causeOrigin = (c: string): CauseOrigin => words(c)?.origin ?? 'model';

/** The causes with a count above zero, largest first. */
export function causeCounts(e: SupportedEngine): Array<[string, number]> {
  return Object.entries(e.correctness.causes)
    .filter((x): x is [string, number] => typeof x[1] === 'number' && x[1] > 0)
    .sort((a, b) => b[1] - a[1]);
}

/** Windows that differ (wrong, missing, extra), split by origin: what the model did, and what the input's end left open. */
export function differingByOrigin(e: SupportedEngine): { model: number; inputEnd: number; total: number } {
  const c = e.correctness;
  const total = c.wrong + c.missing + c.extra;
  // `replayed-duplicate` also counts identical re-emissions, which are not differences: count input-end only.
  const inputEnd = causeCounts(e)
    .filter(([k]) => causeOrigin(k) === 'input-end')
    .reduce((n, [, k]) => n + k, 0);
  return { model: total - inputEnd, inputEnd, total };
}
