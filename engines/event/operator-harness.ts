// A harness for one keyed operator subtask, as Flink's KeyedOneInputStreamOperatorTestHarness: feed it
// records and watermarks on one input channel, move processing time, read what it emitted, snapshot it,
// and build a new harness from the snapshot to continue — the restore path of a real restart, minus the rest.
import type { Rec } from '../core/aggregates.ts';
import type { Emission } from '../core/emission.ts';
import { Scheduler } from '../core/scheduler.ts';
import { HeapKeyedStateBackend } from '../core/state/keyed-state-backend.ts';
import { MIN_TIME } from '../core/time.ts';
import { keyGroupRange } from './key-groups.ts';
import type { KeyedOperator } from './keyed-operator.ts';
import { makeKeyedOperator } from './operator-factory.ts';
import type { Pipeline } from './pipeline.ts';
import { OperatorSubtask, type SubtaskSnapshot } from './runtime/operator-subtask.ts';
import type { OperatorServices } from './window-operator.ts';

export interface OperatorHarness {
  /** A record with its timestamp (the key comes from the pipeline's key selector). */
  processElement(record: Rec, ts: number): void;
  /** A watermark on the input channel: timers it reaches fire, in order, before it is forwarded. */
  processWatermark(wm: number): void;
  /** Move processing time to `t`: processing-time timers due by then fire. */
  setProcessingTime(t: number): void;
  /** Everything emitted since the last call: main results, late and dropped records, watermarks. */
  output(): Emission[];
  /** The subtask's state and timers (what a checkpoint stores for it). */
  snapshot(): SubtaskSnapshot;
  /** The operator's current watermark. */
  readonly watermark: number;
}

export interface HarnessOptions {
  maxParallelism?: number;
  /** A snapshot to restore before the first element (a harness that continues another). */
  restore?: SubtaskSnapshot;
  /** Processing time to start at (a restored harness continues the clock). */
  startTime?: number;
}

/** A harness over the operator of `pipeline` (its window operator or KeyedProcessFunction), subtask 0 of 1. */
export function operatorHarness(pipeline: Pipeline, options: HarnessOptions = {}): OperatorHarness {
  const maxP = options.maxParallelism ?? 128;
  const scheduler = new Scheduler(options.startTime ?? 0);
  let out: Emission[] = [];
  const emit = (e: Emission) => out.push(e);
  const keyed = pipeline.keyOf !== undefined;
  const makeOperator = (svc: OperatorServices): KeyedOperator =>
    makeKeyedOperator(pipeline.operator, svc, {
      main: (key, window, value, timestamp) => emit({ output: 'main', ...(keyed ? { key } : {}), window, value, timestamp }),
      late: (record) => emit({ output: 'late', record }),
      dropped: (record) => emit({ output: 'dropped', record }),
    });
  const wakeUps = new Set<number>();
  const sub: OperatorSubtask = new OperatorSubtask(0, keyGroupRange(0, 1, maxP), 1, new HeapKeyedStateBackend(), makeOperator, {
    now: () => scheduler.now(),
    arrival: (ts) => (pipeline.time === 'processing' ? scheduler.now() : ts),
    wakeAt: (t) => {
      if (wakeUps.has(t)) return;
      wakeUps.add(t);
      scheduler.at(t, () => {
        wakeUps.delete(t);
        sub.fireProcessingTimers(scheduler.now());
      });
    },
    watermark: (_i, wm) => emit({ output: 'watermark', watermark: wm }),
    status: () => {},
    barrier: () => {},
  });
  if (options.restore) sub.restore([options.restore], options.restore.watermark ?? MIN_TIME);
  return {
    processElement(record, ts) {
      const key = pipeline.keyOf === undefined ? null : pipeline.keyOf(record);
      sub.deliver(0, { kind: 'record', key, record, ts });
    },
    processWatermark(wm) {
      sub.deliver(0, { kind: 'watermark', watermark: wm });
    },
    setProcessingTime(t) {
      scheduler.advanceTo(t);
    },
    output() {
      const o = out;
      out = [];
      return o;
    },
    snapshot: () => sub.snapshot(maxP),
    get watermark() {
      return sub.watermark;
    },
  };
}
