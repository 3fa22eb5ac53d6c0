// A scenario's dedup, top-N or chained per-window aggregation (issue 18): `job.dedup`, `job.topN` or
// `job.perWindow` selects the format, as `job.join` with a `kind` selects a stream join (stream-join.ts).
// The stateless `filter` and `map` stages run first (stateless-steps.ts, once for every engine and the
// oracle); the rest of the job is the trace-format rank job (engines/core/rank-job.ts), validated with its
// JSON path. Engines run it or refuse it as they do in traces ("not supported: reason (key)").

import type { z } from 'zod';
import type { Rec } from '../engines/core/aggregates.ts';
import { InputError } from '../engines/core/errors.ts';
import { checkJob, recordProblem, timestampProblem } from '../engines/core/job.ts';
import {
  type chainedJobSchema,
  type dedupJobSchema,
  firstStage,
  parseRankJob,
  type RankJob,
  rankFields,
  rankKind,
  rankRecordProblem,
  type topNJobSchema,
} from '../engines/core/rank-job.ts';
import { recordsJoinProblem } from '../engines/core/records-join.ts';
import { parseWith } from '../engines/core/validate.ts';
import { filterSchema, mapSchema, type StatelessSteps } from './stateless-steps.ts';
import type { UserFunctions } from './user-functions.ts';

/** A dedup, top-N or chained job as a `.ts` scenario module writes it: filter and map may be functions. */
export type ScenarioRankInput = (z.input<typeof dedupJobSchema> | z.input<typeof topNJobSchema> | z.input<typeof chainedJobSchema>) & {
  filter?: z.input<typeof filterSchema> | UserFunctions['filter'];
  map?: z.input<typeof mapSchema> | UserFunctions['map'];
};

/** A `job` value is a rank job when it has a `dedup`, `topN` or `perWindow` key. */
export function isScenarioRankJob(job: unknown): boolean {
  return typeof job === 'object' && job !== null && !Array.isArray(job) && rankKind(job) !== null;
}

/** Job fields an engine entry may override on a rank job (the job's own schema says which it has). */
export const RANK_OVERRIDES = new Set(['watermark', 'outputMode', 'timestamp', 'window', 'allowedLateness', 'lateOutput']);

export interface ScenarioRank {
  job: RankJob;
  steps: StatelessSteps;
  /** Re-validate the job with an engine entry's overrides (errors name `root`). */
  resolve: (overrides: Record<string, unknown>, root: string) => RankJob;
}

/**
 * Validate a scenario's rank job: `filter` and `map` become stateless stages, the rest is the rank job;
 * `timestamp` falls back to the workload's field. Errors name the JSON path under `root`.
 */
export function parseScenarioRank(value: unknown, root: string, defaultTimestamp: string): ScenarioRank {
  const { filter, map, ...rest } = value as Record<string, unknown>;
  const steps: StatelessSteps = {};
  if (filter !== undefined) steps.filter = parseWith(filterSchema, filter, `${root}.filter`);
  if (map !== undefined) steps.map = parseWith(mapSchema, map, `${root}.map`);
  const build = (fields: Record<string, unknown>, at: string): RankJob => {
    const job = parseRankJob({ timestamp: defaultTimestamp, ...fields }, at)!;
    if ('perWindow' in job) checkJob(firstStage(job), at);
    return job;
  };
  const job = build(rest, root);
  return {
    job,
    steps,
    resolve: (overrides, at) => {
      for (const k of Object.keys(overrides)) {
        if (!RANK_OVERRIDES.has(k)) {
          throw new InputError(
            `${at}.${k}`,
            `a ${rankKind(job)} job has no ${k} to override (it may override ${[...RANK_OVERRIDES].join(', ')})`,
          );
        }
      }
      return build({ ...rest, ...overrides }, at);
    },
  };
}

/**
 * What a record lacks for the rank job, as the JSON path of the job field that reads it and a reason; null
 * when it has all. A chained job's record is its first aggregation's (key, event time, aggregated field).
 */
export function rankInputProblem(job: RankJob, r: Rec): { path: string; reason: string } | null {
  if ('perWindow' in job || 'joinRecords' in job) {
    const p = 'perWindow' in job ? recordProblem(firstStage(job), r, true, false) : recordsJoinProblem(job, r);
    return p ? { path: `job.${p.what}`, reason: p.reason } : null;
  }
  const p = rankRecordProblem(rankFields(job), job.timestamp, r);
  if (p === null) {
    const tp = timestampProblem(r[job.timestamp] as number);
    return tp ? { path: 'job.timestamp', reason: tp } : null;
  }
  if (p.field === job.timestamp) return { path: 'job.timestamp', reason: `"${p.field}" ${p.reason}` };
  if ('dedup' in job) return { path: 'job.dedup.key', reason: p.reason };
  return { path: job.topN.partitionBy.includes(p.field) ? 'job.topN.partitionBy' : 'job.topN.orderBy', reason: p.reason };
}
