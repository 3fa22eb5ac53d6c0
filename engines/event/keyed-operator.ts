// The one contract of a keyed operator subtask's user-facing operator (WindowOperator, ProcessOperator),
// as Flink's AbstractStreamOperator + Triggerable: elements, the watermark before its timers fire, timer
// callbacks, and what a restore must tell it. The runtime's OperatorSubtask drives it and nothing else.
import type { Rec } from '../core/aggregates.ts';
import type { Namespace } from '../core/state/state-table.ts';

export interface KeyedOperator {
  /** One record of `key` with its timestamp (event time, or the arrival time for processing time, A1). */
  processElement(key: unknown, record: Rec, ts: number): void;
  /** The subtask's event-time watermark, set before the timers it reaches fire (A3, A7). */
  setWatermark(wm: number): void;
  /** An event-time timer of (key, namespace) fired. */
  onEventTime(ts: number, key: unknown, ns: Namespace): void;
  /** A processing-time timer of (key, namespace) fired. */
  onProcessingTime(ts: number, key: unknown, ns: Namespace): void;
  /**
   * State came back from a checkpoint whose subtasks had watermark up to `timerFloor`: windows with
   * maxTimestamp <= it may hold contents without a pending timer (the watermark starts again from MIN).
   */
  restored(timerFloor: number): void;
  /** What a checkpoint must record to restore this operator's state into another job (a savepoint, A9). */
  stateLayout?(): StateLayout;
}

/**
 * How an operator's state is laid out, beyond its tables: the namespace of a fixed-size window is its start
 * alone (`size`: what the end is), and the window contents hold elements or one accumulator type. Flink
 * keeps the whole TimeWindow as the namespace and the state's serializer in every checkpoint (A9, A12).
 */
export interface StateLayout {
  /** Fixed-size windows: their size (numeric namespaces are starts); `global`: the one global window. */
  windowSize?: number | 'global';
  /** The window contents' type: `elements`, or the accumulator's type (its serializer, in Flink terms). */
  contents: string;
}
