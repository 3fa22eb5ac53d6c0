// The declarative job of TRACE.md: one keyed (or un-keyed) windowed aggregation, validated with zod.
// Every engine compiles this same logical job into its own physical form; none reinterprets it.
import * as z from 'zod';
import { InputError, RefusedError } from './errors.ts';
import { MAX_TIME, MIN_TIME } from './time.ts';
import { parseWith } from './validate.ts';

/** A `watermark` step on a job whose watermarks are generated (TRACE.md; every engine's refusal of it too). */
export const EXPLICIT_WATERMARKS_NEED_JOB = 'explicit watermarks need job.watermark = "explicit"';

/** A time field of a job or engine entry: whole milliseconds. */
export const ms = (what: string) =>
  z
    .number({ error: `${what} must be a number of milliseconds` })
    .finite()
    .int(`${what} must be whole milliseconds`);
const positiveMs = (what: string) => ms(what).positive(`${what} must be > 0`);

export const windowSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('tumbling'), size: positiveMs('size'), offset: ms('offset').optional() }),
    z.strictObject({
      kind: z.literal('sliding'),
      size: positiveMs('size'),
      slide: positiveMs('slide'),
      offset: ms('offset').optional(),
    }),
    z.strictObject({ kind: z.literal('session'), gap: positiveMs('gap') }),
    z.strictObject({
      kind: z.literal('count'),
      size: z.number().int('size must be a whole number').positive('size must be > 0'),
      slide: z.number().int('slide must be a whole number').positive('slide must be > 0').optional(),
    }),
    z.strictObject({ kind: z.literal('global') }),
  ],
  { error: 'kind must be one of tumbling, sliding, session, count, global' },
);
export type WindowSpec = z.infer<typeof windowSchema>;

export const aggregateFns = ['count', 'sum', 'min', 'max', 'avg', 'collect', 'multi'] as const;
export type AggregateFn = (typeof aggregateFns)[number];

/** The functions a `multi` aggregate may hold (SQL's count / sum / min / max / avg, each with FILTER, count also DISTINCT). */
export const namedAggregateFns = ['count', 'sum', 'min', 'max', 'avg'] as const;
const scalar = z.union([z.string(), z.number(), z.boolean()], { error: 'must be a string, number or boolean' });
/** SQL's `FILTER (WHERE …)` on one field: every comparison given must hold (AND); a missing value fails them all. */
export const aggregateFilterSchema = z
  .strictObject(
    {
      field: z.string({ error: 'field must be a field name' }).min(1, 'field must be a field name'),
      eq: scalar.optional(),
      lt: z.number().finite().optional(),
      lte: z.number().finite().optional(),
      gt: z.number().finite().optional(),
      gte: z.number().finite().optional(),
    },
    { error: 'filter must be an object {field, eq?, lt?, lte?, gt?, gte?}' },
  )
  .refine((f) => [f.eq, f.lt, f.lte, f.gt, f.gte].some((v) => v !== undefined), {
    message: 'a filter needs at least one of eq, lt, lte, gt, gte',
  });
export type AggregateFilter = z.infer<typeof aggregateFilterSchema>;
export const namedAggregateSchema = z.strictObject(
  {
    fn: z.enum(namedAggregateFns, { error: `fn must be one of ${namedAggregateFns.join(', ')}` }),
    field: z.string().min(1).optional(),
    /** count(DISTINCT field): the field whose distinct non-null values are counted. */
    distinct: z.string({ error: 'distinct must be a field name' }).min(1, 'distinct must be a field name').optional(),
    filter: aggregateFilterSchema.optional(),
  },
  { error: 'each aggregate of `of` must be an object {fn, field?, distinct?, filter?}' },
);
export type NamedAggregateSpec = z.infer<typeof namedAggregateSchema>;
export const aggregateSchema = z.strictObject({
  fn: z.enum(aggregateFns, { error: `fn must be one of ${aggregateFns.join(', ')}` }),
  field: z.string().min(1).optional(),
  /** For `multi`: the named aggregates, in output order; the result is an object of these names. */
  of: z
    .record(z.string().min(1), namedAggregateSchema, { error: 'of must be an object of named aggregates' })
    .refine((o) => Object.keys(o).length > 0, { message: 'a multi aggregate needs at least one named aggregate in `of`' })
    .optional(),
});
export type AggregateSpec = z.infer<typeof aggregateSchema>;

export const watermarkSpecSchema = z.union(
  [
    z.literal('explicit'),
    z.strictObject({
      delay: z.number().finite().int().nonnegative('delay must be >= 0').optional(),
      interval: positiveMs('interval').optional(),
      idleness: positiveMs('idleness').optional(),
      lag: z.number().finite().int().nonnegative('lag must be >= 0').optional(),
    }),
  ],
  { error: 'watermark must be "explicit" or an object {delay?, interval?, idleness?, lag?}' },
);
export type WatermarkSpec = z.infer<typeof watermarkSpecSchema>;

export const jobFields = {
  key: z.string().min(1).optional(),
  timestamp: z.string().min(1).default('ts'),
  time: z.enum(['event', 'processing', 'ingestion'], { error: 'time must be event, processing or ingestion' }).default('event'),
  window: windowSchema,
  aggregate: aggregateSchema,
  allowedLateness: z.number().finite().int().nonnegative('allowedLateness must be >= 0').default(0),
  trigger: z.enum(['default', 'purging'], { error: 'trigger must be default or purging' }).default('default'),
  lateOutput: z.boolean().default(false),
  watermark: watermarkSpecSchema.optional(),
  outputMode: z.enum(['append', 'update', 'complete'], { error: 'outputMode must be append, update or complete' }).default('append'),
  streams: z.record(z.string(), z.strictObject({ watermark: watermarkSpecSchema.optional() })).optional(),
};

export const jobSchema = z.strictObject(jobFields);
/** A validated job with defaults filled in. */
export type Job = z.infer<typeof jobSchema>;
/** A job as written in a file (defaults not yet applied). */
export type JobInput = z.input<typeof jobSchema>;

/** Validate a declarative job; errors name the JSON path under `root` (e.g. `job.window.size`). */
export function parseJob(value: unknown, root = 'job'): Job {
  const job = parseWith(jobSchema, value, root);
  checkJob(job, root);
  return job;
}

/**
 * Rules that hold for every engine (model-specific refusals live with each engine). Which is which (TRACE.md):
 * a rule of the modelled system about a job's parameters throws RefusedError (an `expectError` trace passes
 * `--check` on it); a file that breaks the format (a missing field, a wrong type) throws InputError.
 */
export function checkJob(job: Job, root = 'job'): void {
  const w = job.window;
  if (w.kind === 'tumbling' && w.offset !== undefined && Math.abs(w.offset) >= w.size) {
    throw new RefusedError(
      `${root}.window.offset`,
      `|offset| must be < size (${w.size}), got ${w.offset} (TumblingEventTimeWindows.of, A4)`,
    );
  }
  if (w.kind === 'sliding' && w.offset !== undefined && Math.abs(w.offset) >= w.slide) {
    throw new RefusedError(
      `${root}.window.offset`,
      `|offset| must be < slide (${w.slide}), got ${w.offset} (SlidingEventTimeWindows.of, A4)`,
    );
  }
  checkAggregate(job.aggregate, `${root}.aggregate`);
  if (job.time !== 'event') {
    if (job.allowedLateness > 0) {
      throw new RefusedError(
        `${root}.allowedLateness`,
        `allowed lateness only applies to event-time windows (time is ${job.time}); Flink throws for any other (A6)`,
      );
    }
  }
}

/** The format rules of an aggregate spec that a schema does not say: which fields each fn needs. */
export function checkAggregate(spec: AggregateSpec, path: string): void {
  const fn = spec.fn;
  if (fn === 'multi') {
    if (spec.of === undefined) throw new InputError(`${path}.of`, 'a multi aggregate needs `of`, its named aggregates');
    if (spec.field !== undefined) throw new InputError(`${path}.field`, 'a multi aggregate reads the fields named in `of`');
    for (const [name, sub] of Object.entries(spec.of)) {
      const at = `${path}.of.${name}`;
      if (sub.distinct !== undefined && sub.fn !== 'count') {
        throw new InputError(`${at}.distinct`, `distinct is supported on count only (count(DISTINCT field)), not on ${sub.fn}`);
      }
      if (sub.fn === 'count' && sub.field !== undefined) {
        throw new InputError(`${at}.field`, 'count counts rows (count(*)); count the distinct values of a field with `distinct`');
      }
      if (sub.fn !== 'count' && sub.field === undefined) throw new InputError(`${at}.field`, `aggregate ${sub.fn} needs a field`);
    }
    return;
  }
  if (spec.of !== undefined) throw new InputError(`${path}.of`, `only a multi aggregate has \`of\` (fn is ${fn})`);
  if (fn !== 'count' && spec.field === undefined) throw new InputError(`${path}.field`, `aggregate ${fn} needs a field`);
}

/** The fields an aggregate reads from a record (for multi: every field, distinct and filter field of `of`). */
export function aggregateFields(spec: AggregateSpec): string[] {
  if (spec.fn !== 'multi') return spec.fn === 'count' || spec.field === undefined ? [] : [spec.field];
  const fields = new Set<string>();
  for (const sub of Object.values(spec.of ?? {})) {
    for (const f of [sub.field, sub.distinct, sub.filter?.field]) if (f !== undefined) fields.add(f);
  }
  return [...fields];
}

/** What a record lacks that the job reads, as the field and a reason; null when it has all of it. */
export interface RecordProblem {
  /** Which of the job's settings names the field. */
  what: 'timestamp' | 'key' | 'aggregate.field' | `aggregate.of.${string}` | 'joinRecords.on';
  field: string;
  reason: string;
}

/**
 * The fields a job reads from every record: the key (present; `allowNullKey` false also refuses null —
 * Flink fails a job on a null key), the event-time timestamp where windows need it (`needsTimestamp`),
 * and a finite number for sum / min / max / avg.
 */
export function recordProblem(job: Job, r: Record<string, unknown>, needsTimestamp: boolean, allowNullKey = true): RecordProblem | null {
  const ts = r[job.timestamp];
  if (needsTimestamp && (typeof ts !== 'number' || !Number.isFinite(ts))) {
    return {
      what: 'timestamp',
      field: job.timestamp,
      reason: `an event-time job needs a numeric timestamp, got ${JSON.stringify(ts) ?? 'nothing'}`,
    };
  }
  if (job.time === 'event' && typeof ts === 'number') {
    const problem = timestampProblem(ts);
    if (problem) return { what: 'timestamp', field: job.timestamp, reason: problem };
  }
  if (job.key !== undefined && (r[job.key] === undefined || (!allowNullKey && r[job.key] === null))) {
    return {
      what: 'key',
      field: job.key,
      reason: `the job is keyed by "${job.key}", and this record has ${r[job.key] === null ? 'null there' : 'no such field'}`,
    };
  }
  const { fn, field } = job.aggregate;
  if (fn === 'multi') return multiRecordProblem(job.aggregate, r);
  if ((fn === 'sum' || fn === 'min' || fn === 'max' || fn === 'avg') && field !== undefined) {
    const v = r[field];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      return {
        what: 'aggregate.field',
        field,
        reason: `${fn} needs a finite number in every record, got ${JSON.stringify(v) ?? 'nothing'}`,
      };
    }
  }
  return null;
}

/**
 * A multi aggregate's needs of a record: a finite number for sum / min / max / avg (as for a single one), and
 * the field a count(DISTINCT …) reads present (null is a SQL NULL and not counted; a missing field is a typo).
 */
function multiRecordProblem(spec: AggregateSpec, r: Record<string, unknown>): RecordProblem | null {
  for (const [name, sub] of Object.entries(spec.of ?? {})) {
    if (sub.distinct !== undefined && r[sub.distinct] === undefined) {
      return {
        what: `aggregate.of.${name}.distinct`,
        field: sub.distinct,
        reason: `count(DISTINCT ${sub.distinct}) needs the field in every record (null is not counted), got nothing`,
      };
    }
    if (sub.fn !== 'count' && sub.field !== undefined) {
      const v = r[sub.field];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        return {
          what: `aggregate.of.${name}.field`,
          field: sub.field,
          reason: `${sub.fn} needs a finite number in every record, got ${JSON.stringify(v) ?? 'nothing'}`,
        };
      }
    }
  }
  return null;
}

/**
 * One rule for every engine: an event time is a whole number of milliseconds strictly between MIN_TIME and
 * MAX_TIME, ±(2^53 − 1), the range in which a JS number is an exact integer — Flink's and Storm's `long`
 * ms, Spark's µs / 1000 (SEMANTICS units). The two ends stand for Flink's Long.MIN_VALUE ("no timestamp")
 * and Long.MAX_VALUE (the end-of-input watermark). Fractions have no meaning, and past 2^53 `t + 1 === t`.
 */
export function timestampProblem(ts: number): string | null {
  if (!Number.isFinite(ts)) return `an event time must be a finite number of ms, got ${ts}`;
  if (!Number.isInteger(ts)) return `an event time must be whole milliseconds, got ${ts} (round it, or give it in ms)`;
  if (ts <= MIN_TIME || ts >= MAX_TIME) return `an event time must lie within ±${MAX_TIME - 1} ms (inside ±(2^53 − 1)), got ${ts}`;
  return null;
}

/**
 * A keyed aggregation without a window in update or complete output mode (Spark's `groupBy(key)`, Flink SQL's
 * GroupAggregate): one row per key, updated in place — not the DataStream GlobalWindows that never fire.
 */
export function updatesInPlace(job: Job): boolean {
  return job.window.kind === 'global' && job.outputMode !== 'append';
}

/** Event-time windows need a timestamp on every record (count and global windows do not, A4). */
export function needsEventTime(job: Job): boolean {
  return job.time === 'event' && job.window.kind !== 'count' && job.window.kind !== 'global';
}

export function streamNames(job: Job): string[] {
  return job.streams ? Object.keys(job.streams) : ['main'];
}
