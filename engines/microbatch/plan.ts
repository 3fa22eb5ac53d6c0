// Compile the declarative job for the Spark model: what Structured Streaming or DStreams can run,
// resolved into a plan, and a RefusedError (JSON path + reason) for everything Spark does not have.

import { RefusedError } from '../core/errors.ts';
import type { FilesSpec } from '../core/files/files-spec.ts';
import type { AggregateSpec, Job, WatermarkSpec, WindowSpec } from '../core/job.ts';
import { streamNames } from '../core/job.ts';
import { type AnyJob, distinctOf, isJoinJob, type JoinJob, type JoinSpec } from '../core/join-job.ts';
import { type DedupSpec, firstStage, isRankJob, type PerWindowSpec, type RankJob, rankKind } from '../core/rank-job.ts';
import { isStatelessJob, type StatelessJob } from '../core/stateless-job.ts';
import { MESSAGES } from './messages.ts';
import type { MicrobatchOptions } from './options.ts';

/** Window of a Structured Streaming aggregation; `none` is `groupBy(key)` without a window (a global aggregation). */
export type StructuredWindow =
  | { readonly kind: 'sliding'; readonly size: number; readonly slide: number; readonly offset: number }
  | { readonly kind: 'session'; readonly gap: number }
  | { readonly kind: 'none' };

export interface StructuredPlan {
  readonly flavor: 'structured';
  readonly key: string | undefined;
  readonly timestamp: string;
  /** `processing`: the row's event time is the batch timestamp, as `current_timestamp()` is in Spark. */
  readonly time: 'event' | 'processing';
  readonly window: StructuredWindow;
  readonly aggregate: AggregateSpec;
  readonly outputMode: 'append' | 'update' | 'complete';
  readonly streams: readonly string[];
  /** Watermark delay per input stream, null where that input has no `withWatermark`. */
  readonly delays: readonly (number | null)[];
  readonly hasWatermark: boolean;
  /** A stream-stream join of the plan's two streams (E4); `aggregate` is then unused. */
  readonly join?: JoinSpec;
  /** dropDuplicates / dropDuplicatesWithinWatermark (stream-dedup.ts); `aggregate` is then unused. */
  readonly dedup?: DedupSpec;
  /** A chained job's second aggregation over the window aggregation's output rows (chained-aggregation.ts). */
  readonly chained?: PerWindowSpec;
  /** A stateless job's filter and projection (stateless-batch.ts); `aggregate` is then unused. */
  readonly stateless?: StatelessJob['stateless'];
  /** A stateless job's partitioned file sink (partitioned-file-sink.ts), in place of `options.sink`. */
  readonly files?: FilesSpec;
}

/** DStream windows are over batch time; `running` is a per-key running aggregate (updateStateByKey). */
export type DStreamWindow = { readonly kind: 'window'; readonly length: number; readonly slide: number } | { readonly kind: 'running' };

export interface DStreamPlan {
  readonly flavor: 'dstream';
  readonly key: string | undefined;
  readonly window: DStreamWindow;
  readonly aggregate: AggregateSpec;
  readonly inverse: boolean;
  /** A join of two windowed DStreams per batch time (E5); `aggregate` is then unused. */
  readonly join?: JoinSpec;
  /** Per side, the fields a join's windowed stream is made distinct on before the join (`transform(_.distinct())`). */
  readonly distinct?: { readonly left?: readonly string[]; readonly right?: readonly string[] };
  /** A stateless job: each batch's records filtered and mapped (`filter`/`map` on the DStream); `aggregate` unused. */
  readonly stateless?: StatelessJob['stateless'];
}

export type MicrobatchPlan = StructuredPlan | DStreamPlan;

export function planJob(job: AnyJob, options: MicrobatchOptions): MicrobatchPlan {
  if (isStatelessJob(job)) return planStateless(job, options);
  if (isRankJob(job)) return planRank(job, options);
  if (isJoinJob(job)) return planJoin(job, options);
  refuseExplicit(job.watermark, 'job.watermark');
  for (const [name, s] of Object.entries(job.streams ?? {})) refuseExplicit(s.watermark, `job.streams.${name}.watermark`);
  if (job.allowedLateness > 0) {
    throw new RefusedError('job.allowedLateness', MESSAGES.noAllowedLateness);
  }
  if (job.trigger !== 'default') {
    throw new RefusedError('job.trigger', MESSAGES.noWindowTriggers);
  }
  if (job.lateOutput) {
    throw new RefusedError('job.lateOutput', MESSAGES.noLateOutput);
  }
  return options.flavor === 'dstream' ? planDStream(job, options) : planStructured(job);
}

/**
 * A stateless job: a Structured Streaming query without a stateful operator (Append mode, no watermark — no
 * `withWatermark` is needed where nothing waits on event time), or DStream `filter`/`map` per batch.
 */
function planStateless(job: StatelessJob, options: MicrobatchOptions): MicrobatchPlan {
  const aggregate: AggregateSpec = { fn: 'count' };
  if (options.flavor === 'dstream') {
    if (job.files) throw new RefusedError('job.files', MESSAGES.dstreamNoPartitionedFiles);
    return { flavor: 'dstream', key: undefined, window: { kind: 'running' }, aggregate, inverse: false, stateless: job.stateless };
  }
  return {
    flavor: 'structured',
    key: undefined,
    timestamp: job.timestamp,
    time: 'event',
    window: { kind: 'none' },
    aggregate,
    outputMode: 'append',
    streams: ['main'],
    delays: [null],
    hasWatermark: false,
    stateless: job.stateless,
    ...(job.files ? { files: job.files } : {}),
  };
}

/**
 * A stream-stream join (E4) on Structured Streaming: append mode only; an outer join needs the watermark
 * that lets it ever emit its null rows (the window join's watermarked window key, or the nullable side's
 * watermark with a time range); a regular join has no eviction, so no outer rows, ever. DStreams (E5):
 * a window join over batch-time windows (inner and outer, per window); nothing spans windows.
 */
function planJoin(job: JoinJob, options: MicrobatchOptions): MicrobatchPlan {
  const j = job.join;
  refuseExplicit(job.watermark, 'job.watermark');
  for (const [name, s] of Object.entries(job.streams ?? {})) refuseExplicit(s.watermark, `job.streams.${name}.watermark`);
  if (job.allowedLateness > 0) throw new RefusedError('job.allowedLateness', MESSAGES.noAllowedLateness);
  if (job.lateOutput) throw new RefusedError('job.lateOutput', MESSAGES.noLateOutput);
  if (options.flavor === 'dstream') {
    if (j.kind !== 'window') throw new RefusedError('job.join.kind', MESSAGES.dstreamJoinKind(j.kind));
    if (job.topN !== undefined) throw new RefusedError('job.topN', MESSAGES.dstreamNoRank('topN'));
    if (job.groupBy !== undefined) throw new RefusedError('job.groupBy', MESSAGES.dstreamJoinGroupBy);
    const w = dstreamWindow(job.window!, options.interval);
    if (w.kind !== 'window') throw new RefusedError('job.window', MESSAGES.dstreamBatchTimeOnly(job.window!.kind));
    const distinct = { left: distinctOf(job, 'left'), right: distinctOf(job, 'right') };
    return {
      flavor: 'dstream',
      key: undefined,
      window: w,
      aggregate: { fn: 'count' },
      inverse: false,
      join: j,
      ...(distinct.left || distinct.right ? { distinct } : {}),
    };
  }
  for (const side of ['left', 'right'] as const) {
    if (distinctOf(job, side)) throw new RefusedError(`job.streams.${j[side]}.distinct`, MESSAGES.joinDistinct);
  }
  // The join itself Spark has (E4); the top-N over its rows is the ROW_NUMBER Spark has on no stream (S-UOC).
  if (job.topN !== undefined) throw new RefusedError('job.topN', MESSAGES.noTopN);
  if (job.groupBy !== undefined) throw new RefusedError('job.groupBy', MESSAGES.joinGroupBy);
  if (job.outputMode !== 'append') throw new RefusedError('job.outputMode', MESSAGES.joinAppendOnly(job.outputMode));
  const streams = [j.left, j.right];
  const delays = streams.map((name) => {
    const own = job.streams?.[name]?.watermark;
    return own !== undefined ? delayOf(own, `job.streams.${name}.watermark`) : delayOf(job.watermark, 'job.watermark');
  });
  let window: StructuredWindow = { kind: 'none' };
  if (j.kind === 'window') {
    const w = job.window!;
    if (w.kind === 'session') throw new RefusedError('job.window', MESSAGES.joinNoSessions);
    window = structuredWindow({ ...job, window: w } as unknown as Job);
  }
  if (j.type !== 'inner') {
    const nullable: Array<0 | 1> = j.type === 'left' ? [1] : j.type === 'right' ? [0] : [0, 1];
    if (j.kind === 'regular') throw new RefusedError('job.join.type', MESSAGES.outerNeedsWatermark(j.type));
    const ok =
      j.kind === 'window' ? delays.every((d) => d !== null) : nullable.every((i) => delays[i] !== null) && delays.every((d) => d !== null);
    if (!ok) throw new RefusedError('job.watermark', MESSAGES.outerNeedsWatermark(j.type));
  }
  return {
    flavor: 'structured',
    key: undefined,
    timestamp: job.timestamp,
    time: 'event',
    window,
    aggregate: { fn: 'count' },
    outputMode: 'append',
    streams,
    delays,
    hasWatermark: delays.some((d) => d !== null),
    join: j,
  };
}

/**
 * Dedup on Structured Streaming: `dropDuplicates(key)` keeps each key's first arrival; with a watermark, rows
 * at or below the previous batch's watermark are dropped first, and state is evicted only when the event-time
 * column is one of the key's columns (StreamingDeduplicateExec); `dedup.within` is
 * `dropDuplicatesWithinWatermark`, whose bound is the watermark delay. A chained aggregation is the job's
 * window aggregation plus a second operator over its rows (Append mode only). Keep-last and top-N are refused
 * with Spark's reason; DStreams have none of them.
 */
function planRank(job: RankJob, options: MicrobatchOptions): MicrobatchPlan {
  const construct = rankKind(job)!;
  if ('joinRecords' in job)
    throw new RefusedError('job.joinRecords', options.flavor === 'dstream' ? MESSAGES.dstreamJoinRecords : MESSAGES.joinRecords);
  if (options.flavor === 'dstream') throw new RefusedError(`job.${construct}`, MESSAGES.dstreamNoRank(construct));
  if ('perWindow' in job) {
    // Multiple stateful operators run in Append mode only (S-UOC, Spark ≥ 3.5).
    if (job.outputMode !== 'append') throw new RefusedError('job.outputMode', MESSAGES.chainedAppendOnly(job.outputMode));
    if (job.perWindow.joinBack) throw new RefusedError('job.perWindow.joinBack', MESSAGES.chainedJoinBack);
    return { ...(planJob(firstStage(job), options) as StructuredPlan), chained: job.perWindow };
  }
  if ('topN' in job) throw new RefusedError('job.topN', MESSAGES.noTopN);
  refuseExplicit(job.watermark, 'job.watermark');
  const d = job.dedup;
  if (d.keep === 'last') throw new RefusedError('job.dedup.keep', MESSAGES.noKeepLast);
  if (job.outputMode === 'complete') throw new RefusedError('job.outputMode', MESSAGES.dedupComplete);
  const delay = delayOf(job.watermark, 'job.watermark');
  if (d.within !== undefined) {
    if (delay === null) throw new RefusedError('job.dedup.within', MESSAGES.withinNeedsWatermark);
    if (d.within !== delay) throw new RefusedError('job.dedup.within', MESSAGES.withinIsDelay(d.within, delay));
  }
  return {
    flavor: 'structured',
    key: undefined,
    timestamp: job.timestamp,
    time: 'event',
    window: { kind: 'none' },
    aggregate: { fn: 'count' },
    // Without an aggregation, update mode writes the same rows as append (S-UOC allows both).
    outputMode: job.outputMode,
    streams: ['main'],
    delays: [delay],
    hasWatermark: delay !== null,
    dedup: d,
  };
}

function refuseExplicit(w: WatermarkSpec | undefined, path: string): void {
  if (w === 'explicit') throw new RefusedError(path, MESSAGES.noExplicitWatermarks);
}

function planStructured(job: Job): StructuredPlan {
  if (job.time === 'ingestion') {
    throw new RefusedError('job.time', MESSAGES.noIngestionTime);
  }
  const window = structuredWindow(job);
  const streams = streamNames(job);
  const delays = streams.map((name) => {
    const own = job.streams?.[name]?.watermark;
    return own !== undefined ? delayOf(own, `job.streams.${name}.watermark`) : delayOf(job.watermark, 'job.watermark');
  });
  const hasWatermark = delays.some((d) => d !== null);
  if (window.kind === 'session') {
    if (job.outputMode === 'update') {
      throw new RefusedError('job.outputMode', MESSAGES.sessionNoUpdate);
    }
    if (job.key === undefined) {
      throw new RefusedError('job.key', MESSAGES.sessionNeedsKey);
    }
  }
  if (job.outputMode === 'append') {
    if (window.kind === 'none') {
      throw new RefusedError('job.outputMode', MESSAGES.appendNeedsWindow);
    }
    if (!hasWatermark) {
      throw new RefusedError('job.watermark', MESSAGES.appendNeedsWatermark);
    }
  }
  return {
    flavor: 'structured',
    key: job.key,
    timestamp: job.timestamp,
    time: job.time,
    window,
    aggregate: job.aggregate,
    outputMode: job.outputMode,
    streams,
    delays,
    hasWatermark,
  };
}

function structuredWindow(job: Job): StructuredWindow {
  const w = job.window;
  switch (w.kind) {
    case 'tumbling':
      return { kind: 'sliding', size: w.size, slide: w.size, offset: w.offset ?? 0 };
    case 'sliding':
      if (w.slide > w.size) {
        throw new RefusedError('job.window.slide', MESSAGES.slideAboveSize(w.slide, w.size));
      }
      return { kind: 'sliding', size: w.size, slide: w.slide, offset: w.offset ?? 0 };
    case 'session':
      return { kind: 'session', gap: w.gap };
    case 'count':
      throw new RefusedError('job.window', MESSAGES.noCountWindows);
    case 'global':
      return { kind: 'none' };
  }
}

function delayOf(w: WatermarkSpec | undefined, path: string): number | null {
  if (w === undefined || w === 'explicit') return null;
  if (w.idleness !== undefined) {
    throw new RefusedError(`${path}.idleness`, MESSAGES.noIdleness);
  }
  if (w.lag !== undefined) throw new RefusedError(`${path}.lag`, MESSAGES.stormLag);
  if (w.interval !== undefined) {
    throw new RefusedError(`${path}.interval`, MESSAGES.flinkInterval);
  }
  return w.delay ?? 0;
}

/** A job's window as DStreams have it: window(length, slide) over batch time, multiples of the interval (B8). */
function dstreamWindow(w: WindowSpec, i: number): DStreamWindow {
  if (w.kind === 'tumbling' || w.kind === 'sliding') {
    const slide = w.kind === 'sliding' ? w.slide : w.size;
    if (w.size % i !== 0) throw new RefusedError('job.window.size', MESSAGES.dstreamLengthMultiple(w.size, i));
    if (slide % i !== 0) throw new RefusedError('job.window.slide', MESSAGES.dstreamSlideMultiple(slide, i));
    if ((w.offset ?? 0) !== 0) throw new RefusedError('job.window.offset', MESSAGES.dstreamNoOffset);
    return { kind: 'window', length: w.size, slide };
  }
  if (w.kind === 'global') return { kind: 'running' };
  throw new RefusedError('job.window', MESSAGES.dstreamBatchTimeOnly(w.kind));
}

function planDStream(job: Job, options: MicrobatchOptions): DStreamPlan {
  if (job.outputMode !== 'append') {
    throw new RefusedError('job.outputMode', MESSAGES.dstreamNoOutputModes);
  }
  const window = dstreamWindow(job.window, options.interval);
  if (options.inverseReduce) {
    if (window.kind !== 'window') throw new RefusedError('engine.inverseReduce', MESSAGES.inverseNeedsWindow);
    if (job.aggregate.fn !== 'count' && job.aggregate.fn !== 'sum') {
      throw new RefusedError('engine.inverseReduce', MESSAGES.noInverse(job.aggregate.fn));
    }
    if (window.slide > window.length) {
      // ReducedWindowedDStream's old/new slices would cover the skipped batches and its merge would throw.
      throw new RefusedError('job.window.slide', MESSAGES.inverseSlide);
    }
  }
  // An un-keyed count is countByWindow = map(_ => 1L).reduceByWindow(_ + _, _ - _): an inverse reduce over
  // one key, which stays once it has been seen, so a window left empty after data counts 0 (B8, S-T-WOS).
  const countByWindow = job.key === undefined && job.aggregate.fn === 'count' && window.kind === 'window';
  if (countByWindow && window.kind === 'window' && window.slide > window.length) {
    throw new RefusedError('job.window.slide', MESSAGES.countByWindowSlide);
  }
  return { flavor: 'dstream', key: job.key, window, aggregate: job.aggregate, inverse: options.inverseReduce || countByWindow };
}
