// The dedup and top-N jobs (core/rank-job.ts) as the event engine runs them: one stream keyed by the dedup
// key or the top-N partition into a KeyedProcessFunction that does what Flink SQL's operator does
// (rank-functions.ts). A chained job is its first aggregation (the window operator of pipeline.ts) with the
// second one in front of the sink (chained-stage.ts).
import { aggregateAll, aggregateFor, type Rec } from '../core/aggregates.ts';
import { RefusedError } from '../core/errors.ts';
import { firstStage, type RankJob, rankKey, rankKeyFields } from '../core/rank-job.ts';
import { aggregationOf } from '../core/records-join.ts';
import { assignerFor } from '../core/windows/assigners.ts';
import type { TimeWindow } from '../core/windows/time-window.ts';
import { MESSAGES } from './messages.ts';
import { compileJob, type Pipeline, watermarkStrategy } from './pipeline.ts';
import { dedupFunction, unboundedTopN, windowTopN } from './rank-functions.ts';
import type { WindowWithRecords } from './records-join-stage.ts';

export function compileRank(job: RankJob): Pipeline {
  if ('perWindow' in job) {
    // With allowed lateness a window fires again for each late element (A6.2): the second stage would
    // count a window's key twice. Flink would too; the lab refuses rather than model that retraction-free mess.
    if (job.allowedLateness > 0) throw new RefusedError('job.allowedLateness', MESSAGES.chainedNoLateness);
    return { ...compileJob(firstStage(job)), chained: job.perWindow };
  }
  if ('joinRecords' in job) {
    // As for a chained job: a late firing would join the window's result a second time.
    if (job.allowedLateness > 0) throw new RefusedError('job.allowedLateness', MESSAGES.chainedNoLateness);
    const base = compileJob(aggregationOf(job));
    if (base.operator.kind !== 'window') throw new Error('a windowed job compiles to a window operator');
    const agg = aggregateFor(job.aggregate);
    // The window function hands the join its result and its records (records-join-stage.ts).
    const fn = {
      kind: 'process' as const,
      process: (_key: unknown, _w: TimeWindow, elements: Rec[]): WindowWithRecords[] => [
        { result: aggregateAll(agg, elements), records: elements },
      ],
    };
    return {
      ...base,
      operator: { kind: 'window', config: { ...base.operator.config, fn }, lateToJoin: true },
      recordsJoin: job.joinRecords,
    };
  }
  if ('topN' in job && job.topN.function === 'rank') throw new RefusedError('job.topN.function', MESSAGES.noRankFunction);
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
