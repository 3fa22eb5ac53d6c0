// The declarative dedup, top-N and chained-aggregation jobs (issue 18; SEMANTICS.md has no part for them yet,
// they are the constructs of Nexmark F: q18 dedup, q19 top-N, q5 chained aggregation, q9 top-1 per group).
//
// Rules implemented (upstream sources, facts only):
// - dedup {keep: 'first'}: per dedup key, the record with the smallest event time is kept; an equal event time
//   does not replace it (Flink DeduplicateFunctionHelper / RowTimeDeduplicateFunction: keep-first replaces only
//   when rowtime < previous rowtime, emits once). Spark Structured Streaming `dropDuplicates` keeps the first
//   arrival of a key; with nothing late, that is the same record only when input is in event-time order.
// - dedup {keep: 'last'}: per key, the record with the largest event time, an equal event time replacing the
//   earlier one (Flink keep-last: rowtime >= previous rowtime replaces, emitting -U/+U). The oracle states the
//   final row of that changelog.
// - dedup {within: ms} (keep first only): Spark 3.5 `dropDuplicatesWithinWatermark` — a record is a duplicate
//   of the kept record of its key while its event time is < kept.ts + within; after that a new record is kept.
//   Flink has no such bound (state TTL is processing time): keep-last with `within` is not a format.
// - topN {n, partitionBy, orderBy, desc}: ROW_NUMBER() OVER (PARTITION BY … ORDER BY orderBy [DESC]) <= n;
//   `orderBy` may list several keys [{field, desc}] (ORDER BY price DESC, dateTime ASC), compared in turn
//   (Flink Rank / AppendOnlyTopNFunction; Window Top-N emits once per window at its end). With a window, per
//   (window, partition); without, over the whole input (the final state of Flink's updating Top-N, q19).
//   ROW_NUMBER breaks ties arbitrarily upstream; the oracle breaks them by input order (documented choice).
// - topN {function: 'rank'} (window Top-N only): RANK() … <= n — a row's rank is 1 + the number of rows of
//   its (window, partition) strictly better by orderBy, so equal values share a rank (1, 2, 2, 4) and every
//   row whose rank is <= n is kept: more than n rows when ties straddle the cut. Nexmark q7 (the bids at
//   their window's max price) is RANK() <= 1. Upstream Flink plans neither form: StreamExecWindowRank
//   throws "RANK() function is not supported on Window TopN currently" and StreamExecRank "RANK() on
//   streaming table is not supported currently" (Flink runs q7 as a window max joined back to the bids).
// - perWindow {aggregate, joinBack?} (not `then`: a then field makes a job object thenable): a second aggregation over the first's window results, grouped by window (q5: count per
//   auction per sliding window, then the max count per window). Flink carries a window result's timestamp as
//   end − 1 into the next window (TimeWindow.maxTimestamp); Spark 3.4+ `window_time` is end − 1 too; the
//   second aggregation therefore groups the results of one window together. `joinBack` (max only) joins the first
//   results back to the max on the window, keeping those with value >= max: the published q5's window join of
//   AuctionBids and MaxBids (num >= maxn), every auction tied at the max included.
import * as z from 'zod';
import { InputError } from './errors.ts';
import { readField } from './field-path.ts';
import { aggregateSchema, type Job, jobFields, jobSchema, ms, windowSchema } from './job.ts';
import { parseRecordsJoinJob, type RecordsJoinJob } from './records-join.ts';
import { parseWith } from './validate.ts';

export const dedupSpecSchema = z.strictObject({
  keep: z.enum(['first', 'last'], { error: 'dedup.keep must be first or last' }),
  /** The fields whose values together make a record's dedup key. */
  key: z.array(z.string().min(1)).min(1, 'dedup.key names at least one field'),
  within: ms('within').positive('within must be > 0').optional(),
});
export type DedupSpec = z.infer<typeof dedupSpecSchema>;

/** One key of a several-key `orderBy`, with its own direction (SQL's default: ascending). */
export const orderKeySchema = z.strictObject({ field: z.string().min(1), desc: z.boolean().default(false) });
export type OrderKey = z.infer<typeof orderKeySchema>;

const topNFields = z.strictObject({
  n: z.number().int('n must be a whole number').positive('n must be > 0'),
  partitionBy: z.array(z.string().min(1)).default([]),
  /** One field (its direction is `desc`), or several `{field, desc?}` keys, each with its own direction (q9: price DESC, dateTime ASC). */
  orderBy: z.union([z.string().min(1), z.array(orderKeySchema).min(1, 'orderBy names at least one key')], {
    error: 'orderBy must be a field name or a list of {field, desc?}',
  }),
  /** The direction of a one-field `orderBy`, descending unless false (a list gives each key its own). */
  desc: z.boolean().optional(),
  /** `rank`: SQL RANK() (ties share a rank, all rows with rank <= n kept); absent or `rowNumber`: ROW_NUMBER(). */
  function: z.enum(['rowNumber', 'rank'], { error: 'topN.function must be rowNumber or rank' }).optional(),
});
/**
 * A one-field `orderBy` gets `desc` (default true); a list takes none beside it (each key has its own). Keys
 * in the schema's order, so a job as run reads as before.
 */
export const topNSpecSchema = topNFields
  .superRefine((s, ctx) => {
    if (Array.isArray(s.orderBy) && s.desc !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['desc'], message: 'with a list orderBy each key has its own desc; give no desc beside it' });
    }
  })
  .transform(({ function: fn, desc, ...s }) => ({
    ...s,
    ...(typeof s.orderBy === 'string' ? { desc: desc ?? true } : {}),
    ...(fn !== undefined ? { function: fn } : {}),
  }));
export type TopNSpec = z.infer<typeof topNSpecSchema>;

export const perWindowSpecSchema = z.strictObject({
  /** Over the first aggregation's results: `field` is `value` (the result) or absent for count. */
  aggregate: aggregateSchema,
  /**
   * Join the first aggregation's results back to this one (Nexmark q5: `AuctionBids ⋈ MaxBids ON the window AND
   * num >= maxn`): output each first result whose value reaches the window's max — `{key, value}` — not the max.
   */
  joinBack: z.boolean().optional(),
});
export type PerWindowSpec = z.infer<typeof perWindowSpecSchema>;

const streamFields = {
  timestamp: jobFields.timestamp,
  time: z.literal('event', { error: 'dedup and top-N jobs run on event time' }).default('event'),
  watermark: jobFields.watermark,
  outputMode: jobFields.outputMode,
};

export const dedupJobSchema = z.strictObject({ dedup: dedupSpecSchema, ...streamFields });
export type DedupJob = z.infer<typeof dedupJobSchema>;

export const topNJobSchema = z.strictObject({ topN: topNSpecSchema, window: windowSchema.optional(), ...streamFields });
export type TopNJob = z.infer<typeof topNJobSchema>;

export const chainedJobSchema = jobSchema.extend({ perWindow: perWindowSpecSchema });
export type ChainedJob = z.infer<typeof chainedJobSchema>;

/** Validate a dedup job; errors name the JSON path under `root`. */
export function parseDedupJob(value: unknown, root = 'job'): DedupJob {
  const job = parseWith(dedupJobSchema, value, root);
  if (job.dedup.within !== undefined && job.dedup.keep === 'last') {
    throw new InputError(`${root}.dedup.within`, 'within bounds keep-first dedup only (Spark dropDuplicatesWithinWatermark)');
  }
  return job;
}

/** Validate a top-N job. */
export function parseTopNJob(value: unknown, root = 'job'): TopNJob {
  const job = parseWith(topNJobSchema, value, root);
  checkTopNSpec(job.topN, `${root}.topN`);
  const k = job.window?.kind;
  if (k !== undefined && k !== 'tumbling' && k !== 'sliding') {
    throw new InputError(`${root}.window.kind`, 'window top-N needs a tumbling or sliding window (Flink TUMBLE/HOP)');
  }
  if (job.topN.function === 'rank' && job.window === undefined) {
    throw new InputError(
      `${root}.topN.function`,
      'rank is built for a window Top-N only (give the job a tumbling or sliding window); an updating Top-N with RANK is not built',
    );
  }
  return job;
}

/** Rules of a top-N spec beyond its schema. */
export function checkTopNSpec(spec: TopNSpec, path: string): void {
  const keys = orderKeys(spec);
  for (const [i, k] of keys.entries()) {
    const at = Array.isArray(spec.orderBy) ? `${path}.orderBy[${i}].field` : `${path}.orderBy`;
    if (spec.partitionBy.includes(k.field)) throw new InputError(at, `"${k.field}" is also a partitionBy field`);
    if (keys.findIndex((o) => o.field === k.field) !== i) throw new InputError(at, `"${k.field}" is ordered by twice`);
  }
}

/** A top-N's order keys, each with its direction: a one-field `orderBy` with `desc`, or the list as given. */
export function orderKeys(spec: TopNSpec): OrderKey[] {
  return typeof spec.orderBy === 'string' ? [{ field: spec.orderBy, desc: spec.desc ?? true }] : spec.orderBy;
}

/**
 * The top-N order of two rows by every order key in turn (< 0: `a` ranks before `b`; 0: tied on all keys,
 * which ROW_NUMBER leaves to arrival). `get` reads a key's value (readField: dotted paths into a join pair).
 */
export function rankOrder<T>(spec: TopNSpec, get: (x: T, field: string) => unknown): (a: T, b: T) => number {
  const keys = orderKeys(spec);
  return (a, b) => {
    for (const k of keys) {
      const d = compareRankValues(get(a, k.field), get(b, k.field));
      if (d !== 0) return k.desc ? -d : d;
    }
    return 0;
  };
}

/** Validate a chained-aggregation job. */
export function parseChainedJob(value: unknown, root = 'job'): ChainedJob {
  const job = parseWith(chainedJobSchema, value, root);
  const w = job.window.kind;
  if (w !== 'tumbling' && w !== 'sliding') {
    throw new InputError(`${root}.window.kind`, 'a chained aggregation needs a tumbling or sliding first window');
  }
  if (job.time !== 'event') throw new InputError(`${root}.time`, 'a chained aggregation runs on event time');
  if (job.key === undefined) throw new InputError(`${root}.key`, 'a chained aggregation groups its first aggregation by key');
  if (job.perWindow.aggregate.of !== undefined) {
    throw new InputError(`${root}.perWindow.aggregate.of`, 'the second aggregation of a chain has no named aggregates');
  }
  if (job.perWindow.aggregate.fn === 'multi') {
    throw new InputError(`${root}.perWindow.aggregate.fn`, 'the second aggregation of a chain is one function of the first one\'s "value"');
  }
  const f = job.perWindow.aggregate.field;
  if (job.perWindow.aggregate.fn !== 'count' && f !== 'value') {
    throw new InputError(`${root}.perWindow.aggregate.field`, 'the second aggregation reads the first one\'s "value"');
  }
  if (job.aggregate.fn === 'collect' || job.aggregate.fn === 'multi' || job.aggregate.of !== undefined) {
    throw new InputError(`${root}.aggregate.fn`, 'a chained aggregation needs a scalar first result');
  }
  if (job.perWindow.joinBack && job.perWindow.aggregate.fn !== 'max') {
    throw new InputError(
      `${root}.perWindow.joinBack`,
      'the join back keeps the first results that reach the window\'s max (num >= maxn): it needs perWindow.aggregate.fn "max"',
    );
  }
  return job;
}

/** The first aggregation of a chained job, as a plain windowed job (job.ts). */
export function firstStage(job: ChainedJob): Job {
  const { perWindow: _second, ...first } = job;
  return first;
}

/** The top-N order of two `orderBy` values: numbers numerically, anything else by its text. */
export function compareRankValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The rows a top-N keeps of one (window, partition), `sorted` best first (equal values in arrival order),
 * each with its rank: ROW_NUMBER (default) the first n, ranked 1..n; RANK every row whose rank — 1 + the rows
 * strictly better — is <= n, equal values sharing a rank.
 */
export function topRanked<T>(sorted: readonly T[], spec: TopNSpec, order: (a: T, b: T) => number): Array<{ item: T; rank: number }> {
  const out: Array<{ item: T; rank: number }> = [];
  for (const [i, item] of sorted.entries()) {
    let rank = i + 1;
    if (spec.function === 'rank' && i > 0 && order(item, sorted[i - 1]!) === 0) rank = out[i - 1]!.rank;
    if (rank > spec.n) break;
    out.push({ item, rank });
  }
  return out;
}

/** A record's values of `fields`, as one key. */
export function fieldsKey(r: Record<string, unknown>, fields: readonly string[]): unknown[] {
  return fields.map((f) => readField(r, f) ?? null);
}

/** What a record lacks for a dedup or top-N job (a field and reason), or null. */
export function rankRecordProblem(
  fields: readonly string[],
  timestamp: string,
  r: Record<string, unknown>,
): { field: string; reason: string } | null {
  for (const f of fields) if (readField(r, f) === undefined) return { field: f, reason: `this record has no "${f}"` };
  const ts = readField(r, timestamp);
  if (typeof ts !== 'number' || !Number.isFinite(ts)) return { field: timestamp, reason: 'needs a numeric event time' };
  return null;
}

/** Any rank job: which format a job object is is told by its `dedup`, `topN`, `perWindow` or `joinRecords` key (like `join`). */
export type RankJob = DedupJob | TopNJob | ChainedJob | RecordsJoinJob;

export function isRankJob(job: object): job is RankJob {
  return rankKind(job) !== null;
}

/**
 * The construct a job object asks for, by its key, or null for another format. A join job with a `topN`
 * (a top-N over the join's pairs, join-job.ts) is a join job, not a rank job.
 */
export function rankKind(job: object): 'dedup' | 'topN' | 'perWindow' | 'joinRecords' | null {
  if ('join' in job && (job as Record<string, unknown>).join !== undefined) return null;
  for (const k of ['dedup', 'topN', 'perWindow', 'joinRecords'] as const) {
    if (k in job && (job as Record<string, unknown>)[k] !== undefined) return k;
  }
  return null;
}

/** Validate whichever rank format `value` has (null: it is not a rank job). */
export function parseRankJob(value: unknown, root = 'job'): RankJob | null {
  if (typeof value !== 'object' || value === null) return null;
  switch (rankKind(value)) {
    case 'dedup':
      return parseDedupJob(value, root);
    case 'topN':
      return parseTopNJob(value, root);
    case 'perWindow':
      return parseChainedJob(value, root);
    case 'joinRecords':
      return parseRecordsJoinJob(value, root);
    case null:
      return null;
  }
}

/** The fields a record of a dedup or top-N job must have (besides its event time). */
export function rankFields(job: DedupJob | TopNJob): string[] {
  return 'dedup' in job ? [...job.dedup.key] : [...job.topN.partitionBy, ...orderKeys(job.topN).map((k) => k.field)];
}

/** The fields engines key a dedup or top-N job by: the dedup key, or the top-N partition. */
export function rankKeyFields(job: DedupJob | TopNJob): string[] {
  return 'dedup' in job ? [...job.dedup.key] : [...job.topN.partitionBy];
}

/**
 * A record's dedup key or top-N partition as one key value the engines key by: the value itself for one
 * field, else the values' JSON text (`"[]"` for an un-partitioned top-N: one constant key, as Flink keys an
 * empty PARTITION BY).
 */
export function rankKey(fields: readonly string[], r: Record<string, unknown>): unknown {
  return fields.length === 1 ? (readField(r, fields[0]!) ?? null) : JSON.stringify(fieldsKey(r, fields));
}

/**
 * A dedup or top-N output row as a changelog entry, Flink's RowKind in its short form: `+I` insert, `-U`/`+U`
 * the row an update retracts / adds, `-D` delete. Append-only outputs (Flink keep-first, window Top-N,
 * Spark) emit `+I` only. `rank` is the ROW_NUMBER of a top-N row.
 */
export interface ChangelogRow {
  op: '+I' | '-U' | '+U' | '-D';
  row: Record<string, unknown>;
  rank?: number;
}

/**
 * The final state a changelog leaves, as the multiset of its rows (each with its rank where it has one):
 * `+I`/`+U` add a row, `-U`/`-D` remove an equal one. A retraction of a row that is not there throws (an
 * engine bug, never a user error) unless `onStray` takes it: a changelog replayed after a restart into an
 * at-least-once sink retracts again rows the sink no longer holds (an upsert sink ignores such a delete).
 */
export function finalChangelog(rows: Iterable<ChangelogRow>, onStray?: (c: ChangelogRow) => void): ChangelogRow[] {
  const live = new Map<string, ChangelogRow[]>();
  for (const c of rows) {
    const id = JSON.stringify([c.row, c.rank ?? null]);
    const list = live.get(id) ?? [];
    if (c.op === '+I' || c.op === '+U')
      live.set(id, [...list, { op: '+I', row: c.row, ...(c.rank !== undefined ? { rank: c.rank } : {}) }]);
    else {
      if (list.length === 0) {
        if (!onStray) throw new Error(`changelog retracts a row it never added: ${id}`);
        onStray(c);
        continue;
      }
      list.pop();
      live.set(id, list);
    }
  }
  return [...live.values()].flat();
}
