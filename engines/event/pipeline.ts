// The logical job as the event engine runs it: stateless steps at the source, a key selector, a
// timestamp and watermark strategy, and one keyed operator (a window or a KeyedProcessFunction).
// Both the declarative job and the fluent API compile to this shape.

import { aggregateFor, type Rec } from '../core/aggregates.ts';
import { RefusedError } from '../core/errors.ts';
import type { Job, WatermarkSpec } from '../core/job.ts';
import type { GroupStage } from '../core/join-group.ts';
import type { JoinPair, JoinSpec } from '../core/join-job.ts';
import type { PerWindowSpec, TopNSpec } from '../core/rank-job.ts';
import type { JoinRecordsSpec } from '../core/records-join.ts';
import type { WatermarkGenerator } from '../core/watermarks/generators.ts';
import { assignerFor } from '../core/windows/assigners.ts';
import { countEvictor } from '../core/windows/evictors.ts';
import { countTrigger, eventTimeTrigger, neverTrigger, processingTimeTrigger, purging, type Trigger } from '../core/windows/triggers.ts';
import { groupAggregate } from './group-aggregate.ts';
import { MESSAGES } from './messages.ts';
import type { KeyedProcessFunction } from './process-operator.ts';
import type { WindowOperatorConfig } from './window-operator.ts';

export type StatelessStep =
  | { kind: 'map'; fn: (r: Rec) => Rec }
  | { kind: 'filter'; fn: (r: Rec) => boolean }
  | { kind: 'flatMap'; fn: (r: Rec) => Rec[] };

export type WatermarkStrategy =
  | { kind: 'explicit' }
  | { kind: 'none' }
  /** forBoundedOutOfOrderness(delay), emitted every `interval` ms of processing time, optional idleness. */
  | { kind: 'periodic'; delay: number; interval: number; idleness?: number }
  /** WatermarkStrategy.forGenerator: a user generator per source subtask, `onPeriodicEmit` every `interval` ms. */
  | { kind: 'generator'; make: () => WatermarkGenerator; interval: number };

export type KeyedOperator =
  /**
   * `lateToJoin`: a record the window drops as late still goes on, alone, to the join in front of the sink
   * (records-join-stage.ts: in Flink's q7 plan the bids reach the regular join whether or not the window took them).
   */
  | { kind: 'window'; config: WindowOperatorConfig; lateToJoin?: boolean }
  /** `windowed`: the function's results are WindowedValues whose window goes into the emission (window Top-N). */
  | { kind: 'process'; fn: KeyedProcessFunction; windowed?: boolean }
  /** An interval (E2) or regular (E3) join of the job's two streams; window joins are a window operator. */
  | { kind: 'join'; spec: JoinSpec; lateOutput: boolean; rank?: JoinRankStage };

/**
 * A top-N (join-rank-stage.ts) or the first GROUP BY (join-group-stage.ts) over an interval or regular join's
 * pairs, in the join's keyed context: one of `topN` and `groupBy`.
 */
export interface JoinRankStage {
  where: (pair: JoinPair) => boolean;
  topN?: TopNSpec;
  groupBy?: GroupStage;
}

export interface Pipeline {
  steps: StatelessStep[];
  /** undefined = a non-keyed stream (windowAll: one subtask). */
  keyOf?: (r: Rec) => unknown;
  time: 'event' | 'processing' | 'ingestion';
  timestampOf: (r: Rec) => number;
  /** Per input stream (records carry `stream`); a single entry `main` when there is one. */
  watermarks: Record<string, WatermarkStrategy>;
  operator: KeyedOperator;
  /** A chained job's second aggregation over the operator's window results (chained-stage.ts). */
  chained?: PerWindowSpec;
  /** A join's second GROUP BY over the first one's changelog, in front of the sink (join-group-stage.ts). */
  regroup?: GroupStage;
  /** The window results joined back to their records, in front of the sink (records-join-stage.ts). */
  recordsJoin?: JoinRecordsSpec;
}

/** Flink's default auto-watermark interval (F-PO): 200 ms of processing time. */
export const DEFAULT_WATERMARK_INTERVAL = 200;

export function watermarkStrategy(spec: WatermarkSpec | undefined, time: Job['time'], path = 'job.watermark'): WatermarkStrategy {
  // Another model's field is refused, never read as this one's: Storm's lag is not Flink's delay.
  if (typeof spec === 'object' && spec.lag !== undefined) throw new RefusedError(`${path}.lag`, MESSAGES.stormLag);
  if (time === 'processing') return { kind: 'none' };
  if (time === 'ingestion')
    return {
      kind: 'periodic',
      delay: 0,
      interval: typeof spec === 'object' ? (spec.interval ?? DEFAULT_WATERMARK_INTERVAL) : DEFAULT_WATERMARK_INTERVAL,
    };
  if (spec === 'explicit') return { kind: 'explicit' };
  const s = spec ?? {};
  return {
    kind: 'periodic',
    delay: s.delay ?? 0,
    interval: s.interval ?? DEFAULT_WATERMARK_INTERVAL,
    ...(s.idleness !== undefined ? { idleness: s.idleness } : {}),
  };
}

/** The window operator configuration of a declarative job (count windows per F-KS). */
export function windowConfig(job: Job): WindowOperatorConfig {
  const w = job.window;
  const assigner = assignerFor(w);
  const eventTime = job.time !== 'processing' && !assigner.global;
  let trigger: Trigger;
  let evictor: WindowOperatorConfig['evictor'];
  if (w.kind === 'count') {
    // countWindow(n) = GlobalWindows + PurgingTrigger(CountTrigger(n));
    // countWindow(n, s) = GlobalWindows + CountEvictor(n) + CountTrigger(s).
    if (w.slide === undefined) trigger = purging(countTrigger(w.size));
    else {
      trigger = countTrigger(w.slide);
      evictor = countEvictor(w.size);
    }
  } else if (w.kind === 'global') trigger = neverTrigger();
  else trigger = job.time === 'processing' ? processingTimeTrigger() : eventTimeTrigger();
  if (job.trigger === 'purging' && w.kind !== 'count') trigger = purging(trigger);
  return {
    assigner,
    trigger,
    ...(evictor ? { evictor } : {}),
    eventTime,
    allowedLateness: job.allowedLateness,
    lateOutput: job.lateOutput,
    fn: { kind: 'aggregate', agg: aggregateFor(job.aggregate) },
  };
}

export function compileJob(job: Job): Pipeline {
  // A keyed aggregation without a window, updating: Flink SQL's GroupAggregate (group-aggregate.ts).
  const updating = job.window.kind === 'global' && job.outputMode === 'update';
  if (job.outputMode !== 'append' && !updating) {
    // Flink has no output modes: a window emits when its trigger fires (on the watermark, then once per late element).
    throw new RefusedError('job.outputMode', MESSAGES.outputModes(job.outputMode));
  }
  const tsField = job.timestamp;
  const keyField = job.key;
  const streams = job.streams ?? { main: {} };
  const watermarks: Record<string, WatermarkStrategy> = {};
  for (const [name, s] of Object.entries(streams))
    watermarks[name] = watermarkStrategy(
      s.watermark ?? job.watermark,
      job.time,
      s.watermark !== undefined ? `job.streams.${name}.watermark` : 'job.watermark',
    );
  return {
    steps: [],
    ...(keyField !== undefined ? { keyOf: (r: Rec) => r[keyField] } : {}),
    time: job.time,
    timestampOf: (r) => r[tsField] as number,
    watermarks,
    operator: updating ? { kind: 'process', fn: groupAggregate(job.aggregate) } : { kind: 'window', config: windowConfig(job) },
  };
}
