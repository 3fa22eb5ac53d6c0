// The declarative job as a Storm topology:
//
//   source (replayable spout, 1 task) --fields(job.key) | shuffle--> window (P tasks) --global--> sink
//                                          one subscription per input stream        (main + late streams)
//
// `window` is the Storm ≥1.0 BaseWindowedBolt running windowAggregateBolt, or the pre-1.0 tick-tuple bolt.
import { type AggregateFunction, aggregateFor, type Rec } from '../core/aggregates.ts';
import type { Emission, MainEmission } from '../core/emission.ts';
import { InputError } from '../core/errors.ts';
import { listHashCode } from '../core/java-hash.ts';
import type { Job } from '../core/job.ts';
import type { SourceLog } from '../core/source-log.ts';
import { floorMod } from '../core/time.ts';
import { type Bolt, basicBolt } from './components.ts';
import type { TupleOptions } from './module.ts';
import { replayableSpout, type SourceCounters } from './replayable-spout.ts';
import { tickRollingBolt } from './tick-rolling-bolt.ts';
import { type TopologySpec, topology } from './topology.ts';
import { DEFAULT_STREAM, type Tuple } from './tuple.ts';
import { type WindowConfig, type WindowedBolt, windowedBolt } from './windowing/windowed-bolt.ts';

export const SPOUT = 'source';
export const WINDOW = 'window';
export const SINK = 'sink';
export const LATE_STREAM = 'late';

export interface JobIo {
  readonly log: SourceLog;
  readonly source: SourceCounters;
  emit(e: Emission): void;
  /** A window task's watermark advanced. */
  onWatermark(): void;
}

/**
 * withLag of a job with generated watermarks: Storm's own `lag`, else the job's `delay` — the lab's one name
 * for bounded disorder, which Flink (forBoundedOutOfOrderness) and Spark (withWatermark) take too. `lag` is
 * Storm's alone (C3).
 */
export function stormLag(job: Pick<Job, 'watermark'>): number {
  const wm = job.watermark === 'explicit' ? undefined : job.watermark;
  return wm?.lag ?? wm?.delay ?? 0;
}

/** The window bolt task (0-based) a key's tuples go to: Storm's fields grouping on the key (C1), or the only task. */
export function windowTaskOf(key: unknown, parallelism: number): number {
  return parallelism === 1 ? 0 : floorMod(listHashCode([key]), parallelism);
}

/** The BaseWindowedBolt configuration of a job (session and global windows are refused before this). */
export function windowConfigFor(job: Pick<Job, 'window' | 'time' | 'watermark' | 'timestamp' | 'lateOutput'>): WindowConfig {
  const w = job.window;
  let length: WindowConfig['length'];
  let slide: WindowConfig['length'];
  switch (w.kind) {
    case 'tumbling':
      length = slide = { duration: w.size };
      break;
    case 'sliding':
      length = { duration: w.size };
      slide = { duration: w.slide };
      break;
    case 'count':
      // A job's count window without a slide is tumbling (as in every engine), i.e. withTumblingWindow(Count).
      length = { count: w.size };
      slide = { count: w.slide ?? w.size };
      break;
    default:
      throw new InputError('job.window', `no Storm window for kind ${w.kind}`);
  }
  if (job.time !== 'event') return { length, slide };
  if (job.watermark === 'explicit') return { length, slide, timestampField: job.timestamp, explicitWatermarks: true };
  const wm = job.watermark;
  return {
    length,
    slide,
    timestampField: job.timestamp,
    lag: stormLag(job),
    watermarkInterval: wm?.interval ?? 1000,
    lateTupleStream: job.lateOutput ? LATE_STREAM : undefined,
  };
}

export function compileJob(job: Job, options: TupleOptions, io: JobIo): TopologySpec {
  const agg = aggregateFor(job.aggregate);
  const w = job.window;
  const tickSlide = w.kind === 'sliding' ? w.slide : w.kind === 'tumbling' ? w.size : 0;
  const windowBolt =
    options.windowing === 'tickTuples'
      ? () => tickRollingBolt(job.key, agg, w.kind === 'sliding' || w.kind === 'tumbling' ? w.size : 0, tickSlide)
      : () =>
          windowedBolt(windowAggregateBolt(job.key, agg), windowConfigFor(job), {
            onWatermark: () => io.onWatermark(),
            onDropped: (t) => io.emit({ output: 'dropped', record: t.values }),
          });
  const streams = job.streams ? Object.keys(job.streams) : null;
  return buildTopology(io, options, streams, windowBolt, () => job.key ?? null, {
    keyed: job.key !== undefined,
    tickFrequency: options.windowing === 'tickTuples' ? tickSlide : undefined,
  });
}

/**
 * The topology shape of every declarative job: the replayable spout (one stream per declared input) →
 * the window bolt, fields-grouped on each stream's key field (`keyField(stream)`, null: shuffled) → the
 * sink, which turns result tuples into main emissions and the late tuple stream into late ones.
 */
export function buildTopology(
  io: JobIo,
  options: TupleOptions,
  declared: readonly string[] | null,
  windowBolt: () => Bolt,
  keyField: (stream: string) => string | null,
  shape: { keyed: boolean; tickFrequency?: number | undefined; sink?: { bolt: () => Bolt; tickFrequency: number } },
): TopologySpec {
  const streamOf =
    declared === null
      ? () => DEFAULT_STREAM
      : (r: Rec) => {
          const s = r.stream;
          if (typeof s !== 'string' || !declared.includes(s)) {
            throw new InputError('stream', `record ${JSON.stringify(r)} names no declared stream (one of ${declared.join(', ')})`);
          }
          return s;
        };
  const builder = topology().spout(SPOUT, () => replayableSpout(io.log, streamOf, io.source));
  const window = builder.bolt(WINDOW, windowBolt, {
    parallelism: options.parallelism,
    cost: options.processingDelay,
    tickFrequency: shape.tickFrequency,
  });
  for (const s of declared ?? [DEFAULT_STREAM]) {
    const field = keyField(s);
    if (field !== null) window.fieldsGrouping(SPOUT, [field], s);
    else window.shuffleGrouping(SPOUT, s);
  }
  if (shape.sink) {
    // A stateless job's file sink (hdfs-bolt.ts) in place of the emitting sink bolt.
    window.bolt(SINK, shape.sink.bolt, { tickFrequency: shape.sink.tickFrequency }).globalGrouping(WINDOW);
    return builder.build();
  }
  window
    .bolt(SINK, () =>
      basicBolt((t) => {
        if (t.stream === LATE_STREAM) {
          io.emit({ output: 'late', record: t.values.late_tuple as Rec });
          return;
        }
        const v = t.values as ResultValues;
        const e: MainEmission = {
          output: 'main',
          window: v.start === null || v.end === null ? null : { start: v.start, end: v.end },
          value: v.value,
          timestamp: null, // Storm gives window results no event-time stamp
        };
        if (shape.keyed) e.key = v.key;
        io.emit(e);
      }),
    )
    .globalGrouping(WINDOW)
    .globalGrouping(WINDOW, LATE_STREAM);
  return builder.build();
}

// The user bolt of the windowedBolt option: windows are per task over every tuple routed to it (C3), so a
// keyed job aggregates per key inside `execute(window)`; each key's result is anchored on that key's
// tuples only (explicit anchoring, as a careful user writes it; the default would anchor on the whole window).
/** Fields of a result tuple: the key (keyed jobs), the window bounds (null for count windows), the value. */
export interface ResultValues {
  [field: string]: unknown;
  key?: unknown;
  start: number | null;
  end: number | null;
  value: unknown;
}

export function windowAggregateBolt(key: string | undefined, agg: AggregateFunction): WindowedBolt {
  return {
    execute(window, collector) {
      const start = window.startTimestamp;
      const end = window.endTimestamp;
      if (key === undefined) {
        let acc = agg.create();
        for (const t of window.tuples) acc = agg.add(acc, t.values);
        collector.emit({ start, end, value: agg.result(acc) } satisfies ResultValues);
        return;
      }
      const groups = new Map<unknown, Tuple[]>();
      for (const t of window.tuples) {
        const k = t.values[key];
        const g = groups.get(k);
        if (g === undefined) groups.set(k, [t]);
        else g.push(t);
      }
      for (const [k, tuples] of groups) {
        let acc = agg.create();
        for (const t of tuples) acc = agg.add(acc, t.values);
        collector.emitAnchored(tuples, { key: k, start, end, value: agg.result(acc) } satisfies ResultValues);
      }
    },
  };
}
