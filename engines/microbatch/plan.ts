// Compile the declarative job for the Spark model: what Structured Streaming or DStreams can run,
// resolved into a plan, and a RefusedError (JSON path + reason) for everything Spark does not have.
import { RefusedError } from '../core/errors.ts';
import type { AggregateSpec, Job, WatermarkSpec } from '../core/job.ts';
import { streamNames } from '../core/job.ts';
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
}

/** DStream windows are over batch time; `running` is a per-key running aggregate (updateStateByKey). */
export type DStreamWindow = { readonly kind: 'window'; readonly length: number; readonly slide: number } | { readonly kind: 'running' };

export interface DStreamPlan {
  readonly flavor: 'dstream';
  readonly key: string | undefined;
  readonly window: DStreamWindow;
  readonly aggregate: AggregateSpec;
  readonly inverse: boolean;
}

export type MicrobatchPlan = StructuredPlan | DStreamPlan;

const EXPLICIT = 'explicit watermarks are not allowed for microbatch: Spark computes its watermark at the end of each batch';

export function planJob(job: Job, options: MicrobatchOptions): MicrobatchPlan {
  refuseExplicit(job.watermark, 'job.watermark');
  for (const [name, s] of Object.entries(job.streams ?? {})) refuseExplicit(s.watermark, `job.streams.${name}.watermark`);
  if (job.allowedLateness > 0) {
    throw new RefusedError('job.allowedLateness', 'Spark has no allowed lateness: the watermark delay is the lateness (SEMANTICS D)');
  }
  if (job.trigger !== 'default') {
    throw new RefusedError('job.trigger', 'window triggers are a Flink concept; in Spark the output mode decides when rows are emitted');
  }
  if (job.lateOutput) {
    throw new RefusedError('job.lateOutput', 'Spark has no late side output: late rows are dropped and counted (B5, B6)');
  }
  return options.flavor === 'dstream' ? planDStream(job, options) : planStructured(job);
}

function refuseExplicit(w: WatermarkSpec | undefined, path: string): void {
  if (w === 'explicit') throw new RefusedError(path, EXPLICIT);
}

function planStructured(job: Job): StructuredPlan {
  if (job.time === 'ingestion') {
    throw new RefusedError('job.time', 'Structured Streaming has no ingestion time; use a source timestamp column as event time');
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
      throw new RefusedError('job.outputMode', 'session windows do not support update mode in Structured Streaming (B4)');
    }
    if (job.key === undefined) {
      throw new RefusedError('job.key', 'a session window needs a grouping key besides the session window (B4)');
    }
  }
  if (job.outputMode === 'append') {
    if (window.kind === 'none') {
      throw new RefusedError(
        'job.outputMode',
        'append mode needs an event-time window to know when a group is final; use update or complete',
      );
    }
    if (!hasWatermark) {
      throw new RefusedError('job.watermark', 'append output mode needs a watermark (withWatermark) for streaming aggregations (B6)');
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
        throw new RefusedError('job.window.slide', `window(): slide (${w.slide}) must be <= size (${w.size}) in Structured Streaming (B4)`);
      }
      return { kind: 'sliding', size: w.size, slide: w.slide, offset: w.offset ?? 0 };
    case 'session':
      return { kind: 'session', gap: w.gap };
    case 'count':
      throw new RefusedError(
        'job.window',
        'Structured Streaming has no count windows, only window() and session_window() (B4); use mapGroupsWithState for count-based logic',
      );
    case 'global':
      return { kind: 'none' };
  }
}

function delayOf(w: WatermarkSpec | undefined, path: string): number | null {
  if (w === undefined || w === 'explicit') return null;
  if (w.idleness !== undefined) {
    throw new RefusedError(`${path}.idleness`, 'Spark has no idleness: an input without data holds the global watermark at 0 (B3)');
  }
  if (w.lag !== undefined) throw new RefusedError(`${path}.lag`, 'lag is the Storm setting; Spark uses delay (withWatermark)');
  if (w.interval !== undefined) {
    throw new RefusedError(
      `${path}.interval`,
      "interval is Flink's and Storm's periodic emission; Spark computes its watermark at the end of every batch (B3)",
    );
  }
  return w.delay ?? 0;
}

function planDStream(job: Job, options: MicrobatchOptions): DStreamPlan {
  if (job.outputMode !== 'append') {
    throw new RefusedError(
      'job.outputMode',
      "output modes are Structured Streaming's: a DStream emits each window's whole result every slide (B8)",
    );
  }
  const w = job.window;
  const i = options.interval;
  let window: DStreamWindow;
  if (w.kind === 'tumbling' || w.kind === 'sliding') {
    const slide = w.kind === 'sliding' ? w.slide : w.size;
    if (w.size % i !== 0) {
      throw new RefusedError('job.window.size', `DStream window length (${w.size}) must be a multiple of the batch interval (${i}) (B8)`);
    }
    if (slide % i !== 0) {
      throw new RefusedError('job.window.slide', `DStream slide (${slide}) must be a multiple of the batch interval (${i}) (B8)`);
    }
    if ((w.offset ?? 0) !== 0)
      throw new RefusedError('job.window.offset', 'DStream windows are aligned to zeroTime; offsets do not exist (B8)');
    window = { kind: 'window', length: w.size, slide };
  } else if (w.kind === 'global') {
    window = { kind: 'running' };
  } else {
    throw new RefusedError(
      'job.window',
      `DStreams window over batch time only (window(length, slide)); ${w.kind} windows do not exist (B8)`,
    );
  }
  if (options.inverseReduce) {
    if (window.kind !== 'window') throw new RefusedError('engine.inverseReduce', 'an inverse reduce applies to reduceByKeyAndWindow only');
    if (job.aggregate.fn !== 'count' && job.aggregate.fn !== 'sum') {
      throw new RefusedError('engine.inverseReduce', `${job.aggregate.fn} has no inverse function; only count and sum do`);
    }
    if (window.slide > window.length) {
      // ReducedWindowedDStream's old/new slices would cover the skipped batches and its merge would throw.
      throw new RefusedError('job.window.slide', 'reduceByKeyAndWindow with an inverse function needs slide <= window length');
    }
  }
  // An un-keyed count is countByWindow = map(_ => 1L).reduceByWindow(_ + _, _ - _): an inverse reduce over
  // one key, which stays once it has been seen, so a window left empty after data counts 0 (B8, S-T-WOS).
  const countByWindow = job.key === undefined && job.aggregate.fn === 'count' && window.kind === 'window';
  if (countByWindow && window.kind === 'window' && window.slide > window.length) {
    throw new RefusedError(
      'job.window.slide',
      'an un-keyed count is countByWindow, a reduce with an inverse function: it needs slide <= window length (B8)',
    );
  }
  return { flavor: 'dstream', key: job.key, window, aggregate: job.aggregate, inverse: options.inverseReduce || countByWindow };
}
