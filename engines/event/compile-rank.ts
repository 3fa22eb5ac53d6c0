// The dedup and top-N jobs (core/rank-job.ts) as the event engine runs them: one stream keyed by the dedup
// key or the top-N partition into a KeyedProcessFunction that does what Flink SQL's operator does
// (rank-functions.ts). The chained per-window aggregation needs a second keyed exchange after the window
// operator, which this engine's job graph (one keyed operator) does not have yet: refused, not faked.
import type { Rec } from '../core/aggregates.ts';
import { RefusedError } from '../core/errors.ts';
import { type RankJob, rankKey, rankKeyFields } from '../core/rank-job.ts';
import { assignerFor } from '../core/windows/assigners.ts';
import { MESSAGES } from './messages.ts';
import { type Pipeline, watermarkStrategy } from './pipeline.ts';
import { dedupFunction, unboundedTopN, windowTopN } from './rank-functions.ts';

export function compileRank(job: RankJob): Pipeline {
  if ('perWindow' in job) throw new RefusedError('job.perWindow', MESSAGES.chainedNotBuilt);
  if (job.outputMode !== 'append') throw new RefusedError('job.outputMode', MESSAGES.outputModes(job.outputMode));
  const fields = rankKeyFields(job);
  const tsField = job.timestamp;
  const fn =
    'dedup' in job ? dedupFunction(job.dedup) : job.window ? windowTopN(job.topN, assignerFor(job.window)) : unboundedTopN(job.topN);
  if ('dedup' in job && job.dedup.within !== undefined) throw new RefusedError('job.dedup.within', MESSAGES.dedupWithin);
  return {
    steps: [],
    keyOf: (r: Rec) => rankKey(fields, r),
    time: 'event',
    timestampOf: (r: Rec) => r[tsField] as number,
    watermarks: { main: watermarkStrategy(job.watermark, 'event') },
    operator: { kind: 'process', fn, windowed: 'topN' in job && job.window !== undefined },
  };
}
