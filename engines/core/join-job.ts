// The declarative join job (SEMANTICS.md E): two named input streams joined on equal keys — within a window
// (Flink window join E1, Storm JoinBolt E6, Spark's time-window key E4, DStream windows E5), within an
// interval of each other's event time (Flink interval join E2, Spark's time-range condition E4), or without
// a time bound (a regular join: Spark without a watermark, Flink SQL E3). Output: one pair per match,
// `{left, right}` (a side is null in an outer join's unmatched rows) — or, with `topN` (and a `where` before
// it), the top-N of the pairs as changelog rows (join-rank.ts, Nexmark q9), or with `groupBy` their GROUP BY
// and a GROUP BY of that, as changelog rows (join-group.ts, Nexmark q4).
import * as z from 'zod';
import type { Rec } from './aggregates.ts';
import { InputError } from './errors.ts';
import { type Job, jobFields, ms, timestampProblem, watermarkSpecSchema, windowSchema } from './job.ts';
import { groupBySchema } from './join-group.ts';
import { checkJoinRank } from './join-rank.ts';
import { type RankJob, topNSpecSchema } from './rank-job.ts';
import type { StatelessJob } from './stateless-job.ts';
import { parseWith } from './validate.ts';

export const joinTypes = ['inner', 'left', 'right', 'full'] as const;
export type JoinType = (typeof joinTypes)[number];

export const joinSpecSchema = z.strictObject({
  kind: z.enum(['window', 'interval', 'regular'], { error: 'join.kind must be window, interval or regular' }),
  /** The two input streams (names declared in `streams`); records name theirs in a `stream` field. */
  left: z.string().min(1),
  right: z.string().min(1),
  /** The equi-join key of each side (a record field). */
  leftKey: z.string().min(1),
  rightKey: z.string().min(1),
  type: z.enum(joinTypes, { error: `join.type must be one of ${joinTypes.join(', ')}` }).default('inner'),
  /** Interval joins: right.ts − left.ts within [lower, upper], each end inclusive unless said otherwise (E2). */
  lower: ms('lower').optional(),
  upper: ms('upper').optional(),
  lowerInclusive: z.boolean().default(true),
  upperInclusive: z.boolean().default(true),
  /** Regular joins: idle state expires after `ttl` ms of processing time (Flink SQL table.exec.state.ttl, E3). */
  ttl: ms('ttl').positive('ttl must be > 0').optional(),
});
export type JoinSpec = z.infer<typeof joinSpecSchema>;

export const joinJobSchema = z.strictObject({
  join: joinSpecSchema,
  timestamp: jobFields.timestamp,
  time: z.literal('event', { error: 'a join runs on event time (the interval and window joins are event-time only, E2)' }).default('event'),
  /** Window joins only: the window both sides are assigned to. */
  window: windowSchema.optional(),
  allowedLateness: jobFields.allowedLateness,
  lateOutput: jobFields.lateOutput,
  watermark: jobFields.watermark,
  outputMode: jobFields.outputMode,
  /**
   * Each stream's own watermark, and `distinct`: window joins only, the stream's records of a window become
   * one row per distinct combination of these fields before they are paired — SQL's `GROUP BY fields,
   * TUMBLE(…)` without an aggregate on that side of the join (Nexmark q8's persons and sellers per window).
   */
  streams: z
    .record(
      z.string(),
      z.strictObject({
        watermark: watermarkSpecSchema.optional(),
        distinct: z.array(z.string().min(1)).min(1, 'distinct names at least one field').optional(),
      }),
    )
    .optional(),
  /**
   * A filter over each pair before its top-N (an expression, `left.x` / `right.y` reading the sides: a
   * regular join's non-equi condition, q9's `right.dateTime BETWEEN left.dateTime AND left.expires`).
   */
  where: z.string().min(1, 'where is an expression').optional(),
  /** A top-N over the join's pairs (join-rank.ts): fields are `left.<field>` / `right.<field>` paths. */
  topN: topNSpecSchema.optional(),
  /** A GROUP BY over the join's pairs, and optionally one over its updating result (join-group.ts, Nexmark q4). */
  groupBy: groupBySchema.optional(),
});
export type JoinJob = z.infer<typeof joinJobSchema>;

/** The join's bounds as Flink normalizes them (E2): `lo' = loIncl ? lo : lo + 1`, `hi' = hiIncl ? hi : hi − 1`. */
export function intervalBounds(j: JoinSpec): { lo: number; hi: number } {
  return { lo: j.lowerInclusive ? j.lower! : j.lower! + 1, hi: j.upperInclusive ? j.upper! : j.upper! - 1 };
}

/** Validate a join job; errors name the JSON path under `root`. */
export function parseJoinJob(value: unknown, root = 'job'): JoinJob {
  const job = parseWith(joinJobSchema, value, root);
  checkJoinJob(job, root);
  return job;
}

/** Rules of the format itself (a model's own refusals live with its engine). */
export function checkJoinJob(job: JoinJob, root = 'job'): void {
  checkJoinRank(job, root);
  const j = job.join;
  const path = `${root}.join`;
  if (j.left === j.right) throw new InputError(`${path}.right`, 'a join needs two different streams');
  for (const side of ['left', 'right'] as const) {
    if (job.streams?.[j[side]] === undefined) {
      throw new InputError(`${path}.${side}`, `stream "${j[side]}" is not declared in ${root}.streams`);
    }
  }
  if (Object.keys(job.streams ?? {}).length !== 2) throw new InputError(`${root}.streams`, 'a join reads exactly its two streams');
  if (j.kind === 'window' && job.window === undefined) throw new InputError(`${root}.window`, 'a window join needs job.window');
  if (j.kind !== 'window' && job.window !== undefined)
    throw new InputError(`${root}.window`, `${j.kind === 'interval' ? 'an interval' : 'a regular'} join has no window`);
  if (j.kind === 'interval') {
    if (j.lower === undefined) throw new InputError(`${path}.lower`, 'an interval join needs lower and upper bounds (ms)');
    if (j.upper === undefined) throw new InputError(`${path}.upper`, 'an interval join needs lower and upper bounds (ms)');
    if (j.lower > j.upper) throw new InputError(`${path}.lower`, `lower (${j.lower}) must be <= upper (${j.upper})`);
  } else {
    for (const f of ['lower', 'upper'] as const)
      if (j[f] !== undefined) throw new InputError(`${path}.${f}`, `only interval joins have ${f}`);
  }
  if (j.ttl !== undefined && j.kind !== 'regular') throw new InputError(`${path}.ttl`, 'only regular joins have a state ttl');
  if (job.window?.kind === 'count' || job.window?.kind === 'global') {
    throw new InputError(`${root}.window.kind`, 'a window join needs a time window (tumbling, sliding or session)');
  }
  for (const side of ['left', 'right'] as const) {
    const fields = job.streams?.[j[side]]?.distinct;
    if (fields === undefined) continue;
    const at = `${root}.streams.${j[side]}.distinct`;
    if (j.kind !== 'window')
      throw new InputError(
        at,
        `a stream's distinct rows are per window: a window join only, not ${j.kind === 'interval' ? 'an interval' : 'a regular'} join`,
      );
    if (job.window?.kind === 'session') throw new InputError(at, 'distinct rows per window are built for tumbling and sliding windows');
    const key = side === 'left' ? j.leftKey : j.rightKey;
    if (!fields.includes(key)) throw new InputError(at, `the ${side} side is joined on "${key}": distinct must hold it`);
    if (new Set(fields).size !== fields.length) throw new InputError(at, 'distinct names a field twice');
    if (fields.includes('stream')) throw new InputError(at, 'a row keeps its "stream" already');
    if (job.topN !== undefined || job.groupBy !== undefined) {
      throw new InputError(at, 'distinct rows are joined into pairs: not with a topN or a groupBy over the pairs');
    }
  }
}

/**
 * A side's records of one window as the join pairs them: the records themselves, or with the stream's
 * `distinct` fields one row per distinct combination — `{...fields, stream}`, in first-arrival order — which
 * is what `GROUP BY fields, TUMBLE(…)` gives that side of the join (Nexmark q8). Shared by the oracle and
 * every model that runs it (Flink's window function, DStreams' per-batch `distinct()`).
 */
export function joinRows(job: JoinJob, side: 'left' | 'right', records: readonly Rec[]): readonly Rec[] {
  const fields = job.streams?.[job.join[side]]?.distinct;
  return fields === undefined ? records : distinctRows(records, fields, job.join[side]);
}

/** One row per distinct combination of `fields` (compared by value), in first-arrival order, tagged with `stream`. */
export function distinctRows(records: readonly Rec[], fields: readonly string[], stream: string): Rec[] {
  const seen = new Set<string>();
  const out: Rec[] = [];
  for (const r of records) {
    const row: Rec = {};
    for (const f of fields) row[f] = r[f] ?? null;
    const id = JSON.stringify(fields.map((f) => row[f]));
    if (seen.has(id)) continue;
    seen.add(id);
    row.stream = stream;
    out.push(row);
  }
  return out;
}

/** The stream's distinct fields, for a side whose rows are grouped per window (undefined: its records are paired). */
export function distinctOf(job: JoinJob, side: 'left' | 'right'): readonly string[] | undefined {
  return job.streams?.[job.join[side]]?.distinct;
}

export function isJoinJob(job: object): job is JoinJob {
  return 'join' in job && (job as { join?: unknown }).join !== undefined;
}

/** Which side a record is on, by its `stream` field (null: neither). */
export function sideOf(job: JoinJob, r: Rec): 'left' | 'right' | null {
  return r.stream === job.join.left ? 'left' : r.stream === job.join.right ? 'right' : null;
}

/** The join key of a record on its side. */
export function joinKey(job: JoinJob, side: 'left' | 'right', r: Rec): unknown {
  return r[side === 'left' ? job.join.leftKey : job.join.rightKey];
}

/** What a record lacks for the join (its stream, key or event time), as field and reason; null when it has all. */
export function joinRecordProblem(job: JoinJob, r: Rec): { field: string; reason: string } | null {
  const side = sideOf(job, r);
  if (side === null) {
    return {
      field: 'stream',
      reason: `a join record names its stream: "${job.join.left}" or "${job.join.right}", got ${JSON.stringify(r.stream)}`,
    };
  }
  const keyField = side === 'left' ? job.join.leftKey : job.join.rightKey;
  if (r[keyField] === undefined)
    return { field: keyField, reason: `the ${side} side is joined on "${keyField}", and this record has no such field` };
  for (const f of distinctOf(job, side) ?? []) {
    if (r[f] === undefined) return { field: f, reason: `the ${side} stream is made distinct on "${f}", and this record has no such field` };
  }
  const ts = r[job.timestamp];
  if (typeof ts !== 'number' || !Number.isFinite(ts)) {
    return { field: job.timestamp, reason: `a join needs a numeric event time, got ${JSON.stringify(ts) ?? 'nothing'}` };
  }
  const problem = timestampProblem(ts);
  return problem ? { field: job.timestamp, reason: problem } : null;
}

/** Any declarative job: a windowed aggregation (job.ts), a join, or a dedup / top-N / chained aggregation (rank-job.ts). */
export type AnyJob = Job | JoinJob | RankJob | StatelessJob;
/** A scenario's job: a windowed aggregation, a stream join, a dedup / top-N / chained job (scenarios/scenario-rank.ts), or a stateless job. */
export type ScenarioJob = AnyJob;

/** A join result's value. */
export interface JoinPair {
  readonly left: Rec | null;
  readonly right: Rec | null;
}

/**
 * Adds to `counts` the records of each input stream found inside a state value — a record carries its
 * `stream` (TRACE.md), however an operator nests it (lists, maps, `[ts, record]` tuples, TTL wrappers) —
 * so every engine reports the rows each join side holds the same way (issue 18: state size per join side).
 */
export function countHeldRecords(value: unknown, counts: Map<string, number>, depth = 0): void {
  if (value === null || typeof value !== 'object' || depth > 4) return;
  if (Array.isArray(value)) {
    for (const v of value) countHeldRecords(v, counts, depth + 1);
  } else if (value instanceof Map) {
    for (const v of value.values()) countHeldRecords(v, counts, depth + 1);
  } else {
    const stream = (value as Rec).stream;
    if (typeof stream === 'string') counts.set(stream, (counts.get(stream) ?? 0) + 1);
    else for (const v of Object.values(value)) countHeldRecords(v, counts, depth + 1);
  }
}
