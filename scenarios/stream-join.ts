// A scenario's stream join (SEMANTICS.md E; issue 18): `job.join` WITH a `kind` field joins two named
// streams cut out of the workload's records by a per-stream filter; `job.join` without `kind` stays the
// stateless lookup in a static table ({table, on, as}, stateless-steps.ts). The runner tags each record
// with the one stream whose filter it passes (field `stream`, as trace records name theirs) and hands the
// engines and the join oracle the trace-format JoinJob (engines/core/join-job.ts); nothing else differs.
// A join with a `topN` (and a `where` before it: Nexmark q9) or a `groupBy` (q4) is compared as a rank job is
// (rank-result.ts).
import { z } from 'zod';
import type { Rec } from '../engines/core/aggregates.ts';
import { InputError } from '../engines/core/errors.ts';
import { jobFields, watermarkSpecSchema } from '../engines/core/job.ts';
import {
  checkJoinJob,
  type JoinJob,
  joinJobSchema,
  joinRecordProblem,
  joinSpecSchema,
  type ScenarioJob,
} from '../engines/core/join-job.ts';
import { parseWith } from '../engines/core/validate.ts';
import { checkExpressions, type Filter, filterFn, filterSchema, type MapProjection, mapSchema, projectFn } from './stateless-steps.ts';

/** The field the runner writes each record's stream name into (TRACE.md: records name their `stream`). */
export const STREAM_FIELD = 'stream';

/**
 * One input stream of a scenario join: the records passing `filter` (one filter, or a list that must all
 * hold), each projected by `map` when given (job.map's form: the record becomes exactly its fields) — so two
 * files whose time or key fields differ in name, unit or shape can still be joined on one `timestamp`.
 */
const streamSchema = z.strictObject({
  filter: z.union([filterSchema, z.array(filterSchema).min(1, 'give at least one filter')], {
    error: 'filter must be a filter {field, eq|in|gt|lt} or a list of them (all must hold)',
  }),
  map: mapSchema.optional(),
  watermark: watermarkSpecSchema.optional(),
  /** Window joins: the stream's records of a window become one row per distinct combination of these fields (join-job.ts). */
  distinct: joinJobSchema.shape.streams.unwrap().valueType.shape.distinct,
});

/** The scenario form of a join job: the trace JoinJob, with each stream defined by its filter. */
const scenarioJoinSchema = z.strictObject({
  join: joinSpecSchema,
  streams: z.record(z.string().min(1), streamSchema, {
    error: 'streams must name the two joined streams, each {filter, map?, watermark?, distinct?}',
  }),
  timestamp: z.string().min(1).optional(),
  time: z.literal('event', { error: 'a join runs on event time (the interval and window joins are event-time only, E2)' }).default('event'),
  window: jobFields.window.optional(),
  allowedLateness: jobFields.allowedLateness,
  lateOutput: jobFields.lateOutput,
  watermark: jobFields.watermark,
  outputMode: jobFields.outputMode,
  where: joinJobSchema.shape.where,
  topN: joinJobSchema.shape.topN,
  groupBy: joinJobSchema.shape.groupBy,
});

/** A stream join as a `.ts` scenario module writes it (defaults not applied). */
export type ScenarioJoinInput = z.input<typeof scenarioJoinSchema>;

/** Job fields an engine entry may override on a join (the rest belong to windowed aggregations). */
export const JOIN_OVERRIDES = new Set(['watermark', 'allowedLateness', 'lateOutput', 'outputMode', 'window', 'timestamp']);

export interface StreamJoinSteps {
  /** Each stream's name, its record filters and its projection (if any), in declaration order. */
  streams: Array<{ name: string; filters: Filter[]; map?: MapProjection }>;
}

/** A `job` value is a stream join when its `join` is an object with a `kind` field. */
export function isStreamJoinJob(job: unknown): boolean {
  if (typeof job !== 'object' || job === null || !('join' in job)) return false;
  const j = (job as { join: unknown }).join;
  return typeof j === 'object' && j !== null && 'kind' in j;
}

/** Validate a scenario's stream join; `timestamp` falls back to the workload's field. Errors name the JSON path. */
export function parseStreamJoin(value: unknown, root: string, defaultTimestamp: string): { job: JoinJob; steps: StreamJoinSteps } {
  const raw = parseWith(scenarioJoinSchema, value, root);
  const { streams, timestamp, ...rest } = raw;
  const job: JoinJob = {
    ...rest,
    timestamp: timestamp ?? defaultTimestamp,
    streams: Object.fromEntries(
      Object.entries(streams).map(([n, s]) => [
        n,
        { ...(s.watermark ? { watermark: s.watermark } : {}), ...(s.distinct ? { distinct: s.distinct } : {}) },
      ]),
    ),
  };
  checkJoinJob(job, root);
  for (const [name, s] of Object.entries(streams)) {
    if (s.map === undefined) continue;
    checkExpressions(undefined, s.map, `${root}.streams.${name}`);
    if (STREAM_FIELD in s.map) {
      throw new InputError(`${root}.streams.${name}.map.${STREAM_FIELD}`, `a join writes each record's stream name into "${STREAM_FIELD}"`);
    }
    // The map makes the record: a distinct field it does not write would be missing from every record.
    const lacking = (s.distinct ?? []).find((f) => !(f in s.map!));
    if (lacking !== undefined) {
      throw new InputError(`${root}.streams.${name}.distinct`, `"${lacking}" is not a field of ${root}.streams.${name}.map`);
    }
  }
  const steps: StreamJoinSteps = {
    streams: Object.entries(streams).map(([name, s]) => ({
      name,
      filters: Array.isArray(s.filter) ? s.filter : [s.filter],
      ...(s.map ? { map: s.map } : {}),
    })),
  };
  return { job, steps };
}

/** An engine entry's overrides applied to the scenario's join job (re-checked: a window on a regular join is refused). */
export function joinWithOverrides(job: JoinJob, overrides: Record<string, unknown>, root: string): JoinJob {
  for (const k of Object.keys(overrides)) {
    if (!JOIN_OVERRIDES.has(k))
      throw new InputError(`${root}.${k}`, `a join job has no ${k} (a join may override ${[...JOIN_OVERRIDES].join(', ')})`);
  }
  const merged = { ...job, ...overrides } as JoinJob;
  checkJoinJob(merged, root);
  return merged;
}

/**
 * The stage that cuts the workload into the join's streams: a record passing exactly one stream's filters
 * comes out with `stream` set to that name; one passing none is not part of the job (null). A record
 * passing both, or one that already has a `stream` field of its own, is an InputError (event number `i + 1`).
 */
export function streamSplitFn(steps: StreamJoinSteps, job: JoinJob): (r: Rec, i: number) => Rec | null {
  let current = 0;
  const event = () => current + 1;
  const tests = steps.streams.map((s) => ({
    name: s.name,
    keep: s.filters.map((f) => filterFn(f)),
    project: s.map ? projectFn(s.map, `job.streams.${s.name}`, event) : null,
  }));
  return (r, i) => {
    current = i;
    let stream: (typeof tests)[number] | null = null;
    for (const t of tests) {
      if (!t.keep.every((f) => f(r))) continue;
      if (stream !== null) {
        throw new InputError(`job.streams.${t.name}.filter`, `event ${i + 1} passes the filters of both "${stream.name}" and "${t.name}"`);
      }
      stream = t;
    }
    if (stream === null) return null;
    const name = stream.name;
    if (stream.project) {
      const out = { ...stream.project(r), [STREAM_FIELD]: name };
      const problem = joinRecordProblem(job, out);
      // The projection made the record: name the map (its missing field) and show the record it read.
      if (problem)
        throw new InputError(`job.streams.${name}.map`, `event ${i + 1} (${JSON.stringify(r).slice(0, 120)}): ${problem.reason}`);
      return out;
    }
    if (r[STREAM_FIELD] !== undefined) {
      throw new InputError(
        `job.streams`,
        `event ${i + 1} has a field "${STREAM_FIELD}" of its own; a join writes each record's stream name there`,
      );
    }
    const out = { ...r, [STREAM_FIELD]: name };
    const problem = joinRecordProblem(job, out);
    if (problem) {
      const key = name === job.join.left ? job.join.leftKey : job.join.rightKey;
      const path =
        problem.field === job.timestamp
          ? 'job.timestamp'
          : problem.field === key
            ? `job.join.${name === job.join.left ? 'leftKey' : 'rightKey'}`
            : `job.streams.${name}.distinct`;
      throw new InputError(path, `event ${i + 1} (${JSON.stringify(r).slice(0, 120)}): ${problem.reason}`);
    }
    return out;
  };
}

/** The join job as result.json records it: each stream with its filter(s) beside its watermark. */
export function streamJoinAsRun(job: ScenarioJob, steps: StreamJoinSteps): Record<string, unknown> {
  const streams = Object.fromEntries(
    steps.streams.map((s) => [
      s.name,
      {
        filter: s.filters.length === 1 ? s.filters[0] : s.filters,
        ...(s.map ? { map: s.map } : {}),
        ...('streams' in job ? job.streams?.[s.name] : undefined),
      },
    ]),
  );
  return { ...job, streams };
}
