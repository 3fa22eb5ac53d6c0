// A window aggregation joined back to its own records (Nexmark q7 as Flink runs it):
//   SELECT B.* FROM bid B JOIN (SELECT MAX(price) AS maxprice, window_end AS dateTime
//     FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) GROUP BY window_start, window_end) B1
//   ON B.price = B1.maxprice WHERE B.dateTime BETWEEN B1.dateTime - INTERVAL '10' SECOND AND B1.dateTime
// `joinRecords: {on, lower, upper}` on a windowed aggregation without a key: each window's result R (its
// aggregate, stamped with the window's end) is joined to every record whose `on` field equals R and whose
// event time is within [end + lower, end + upper] — BETWEEN, inclusive at both ends, so a record exactly at a
// window's end (the next window's first instant) also joins the window it ends. window_end is not a time
// attribute, so Flink plans the join as a regular join (both sides kept in state for good; its output is
// insert-only). Output: each joined record with its result's window, as `+I` changelog rows.
import * as z from 'zod';
import { InputError } from './errors.ts';
import { checkJob, type Job, jobSchema, type RecordProblem, recordProblem } from './job.ts';
import { parseWith } from './validate.ts';

export const joinRecordsSpecSchema = z.strictObject({
  /** The record field compared (=) with the window's result. */
  on: z.string().min(1),
  /** The record's event time must be within [window end + lower, window end + upper] (ms, both inclusive). */
  lower: z.number().finite().int(),
  upper: z.number().finite().int(),
});
export type JoinRecordsSpec = z.infer<typeof joinRecordsSpecSchema>;

export const recordsJoinJobSchema = jobSchema.extend({ joinRecords: joinRecordsSpecSchema });
export type RecordsJoinJob = z.infer<typeof recordsJoinJobSchema>;

/** Validate a window aggregation joined back to its records; errors name the JSON path under `root`. */
export function parseRecordsJoinJob(value: unknown, root = 'job'): RecordsJoinJob {
  const job = parseWith(recordsJoinJobSchema, value, root);
  const path = `${root}.joinRecords`;
  if (job.joinRecords.lower > job.joinRecords.upper) {
    throw new InputError(`${path}.lower`, `lower (${job.joinRecords.lower}) must be <= upper (${job.joinRecords.upper})`);
  }
  const w = job.window.kind;
  // q7 is a TUMBLE; a sliding window holds a record in several windows, and the join back takes each record
  // once from the window it fires with: a HOP form would need each record joined once, not per window (not built).
  if (w !== 'tumbling')
    throw new InputError(
      `${root}.window.kind`,
      'the join back needs a tumbling window (its end is the time joined on, and each record comes from its one window)',
    );
  if (job.time !== 'event')
    throw new InputError(`${root}.time`, "the join back runs on event time (it compares the records' event time with the window end)");
  if (job.key !== undefined) {
    throw new InputError(
      `${root}.key`,
      "the join back joins one result per window (a global aggregation, as q7's MAX per window): give no key",
    );
  }
  const fn = job.aggregate.fn;
  if (fn === 'collect' || fn === 'multi' || job.aggregate.of !== undefined) {
    throw new InputError(`${root}.aggregate.fn`, 'the join back compares records with one scalar result per window');
  }
  // The window aggregation's own rules (a max needs its field, a window offset within its size).
  checkJob(aggregationOf(job), root);
  return job;
}

/** Whether a record of time `ts` is inside the join bounds of a result at `end` (BETWEEN: both ends inclusive). */
export function withinJoinBounds(spec: JoinRecordsSpec, end: number, ts: number): boolean {
  return ts >= end + spec.lower && ts <= end + spec.upper;
}

/** The window aggregation of a join back, as a plain windowed job (job.ts). */
export function aggregationOf(job: RecordsJoinJob): Job {
  const { joinRecords: _joined, ...first } = job;
  return first;
}

/** What a record lacks for a join back: its window aggregation's fields and event time, then the field joined on. */
export function recordsJoinProblem(job: RecordsJoinJob, r: Record<string, unknown>): RecordProblem | null {
  const p = recordProblem(aggregationOf(job), r, true, false);
  if (p !== null) return p;
  const on = job.joinRecords.on;
  return r[on] === undefined
    ? { what: 'joinRecords.on', field: on, reason: `the records are joined on "${on}", and this record has no such field` }
    : null;
}
