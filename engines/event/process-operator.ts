// KeyedProcessFunction (A7, F-D-PF): per-key state and event-/processing-time timers. Timers are
// deduplicated per (key, timestamp), fire in order when the watermark reaches them, before the
// watermark moves on; late records are NOT dropped here — ctx.timestamp() may be <= the watermark.
import type { Rec } from '../core/aggregates.ts';
import {
  type AggregateFn,
  type AggregatingState,
  aggregatingState,
  type KeyScope,
  type ListState,
  listState,
  type MapState,
  mapState,
  type ReducingState,
  reducingState,
  type ValueState,
  valueState,
} from '../core/state/keyed-state.ts';
import type { KeyedStateBackend } from '../core/state/keyed-state-backend.ts';
import { VOID_NAMESPACE } from '../core/state/state-table.ts';
import type { StateTtlConfig, TtlOptions } from '../core/state/ttl.ts';
import { MIN_TIME } from '../core/time.ts';
import type { KeyedOperator } from './keyed-operator.ts';
import type { OperatorServices } from './window-operator.ts';

export interface TimerService {
  currentWatermark(): number;
  currentProcessingTime(): number;
  registerEventTimeTimer(t: number): void;
  registerProcessingTimeTimer(t: number): void;
  deleteEventTimeTimer(t: number): void;
  deleteProcessingTimeTimer(t: number): void;
}

export interface ProcessContext {
  /** The element's timestamp, or the firing timer's timestamp in onTimer. */
  timestamp(): number;
  currentKey(): unknown;
  timerService(): TimerService;
  /** Emit to the side output `tag` (only `late` reaches the trace output). */
  output(tag: string, record: Rec): void;
  /** With `ttl`, the state expires after that much processing time (A12). */
  valueState<T>(name: string, ttl?: StateTtlConfig): ValueState<T>;
  listState<T>(name: string, ttl?: StateTtlConfig): ListState<T>;
  mapState<K, V>(name: string, ttl?: StateTtlConfig): MapState<K, V>;
  reducingState<T>(name: string, reduce: (a: T, b: T) => T, ttl?: StateTtlConfig): ReducingState<T>;
  aggregatingState<IN, ACC, OUT>(name: string, agg: AggregateFn<IN, ACC, OUT>, ttl?: StateTtlConfig): AggregatingState<IN, OUT>;
}

export interface OnTimerContext extends ProcessContext {
  timeDomain(): 'event' | 'processing';
}

export interface KeyedProcessFunction {
  processElement(record: Rec, ctx: ProcessContext, out: (value: unknown) => void): void;
  onTimer?(timestamp: number, ctx: OnTimerContext, out: (value: unknown) => void): void;
}

export interface ProcessOutput {
  main(key: unknown, value: unknown, timestamp: number): void;
  side(tag: string, record: Rec): void;
}

export class ProcessOperator implements KeyedOperator {
  /** The subtask's current event-time watermark (set by the subtask before it fires timers). */
  watermark = MIN_TIME;

  setWatermark(wm: number): void {
    this.watermark = wm;
  }
  private key: unknown;
  private ts = 0;
  private domain: 'event' | 'processing' = 'event';
  private readonly ctx: OnTimerContext;

  constructor(
    private readonly fn: KeyedProcessFunction,
    svc: OperatorServices,
    private readonly out: ProcessOutput,
  ) {
    const scope: KeyScope = { currentKey: () => this.key, currentNamespace: () => VOID_NAMESPACE };
    const backend: KeyedStateBackend = svc.backend;
    // State TTL runs on the subtask's processing clock (A12: processing time only).
    const clocked = (ttl: StateTtlConfig | undefined): TtlOptions | undefined =>
      ttl === undefined ? undefined : { ...ttl, clock: () => svc.currentProcessingTime() };
    const timers: TimerService = {
      currentWatermark: () => this.watermark,
      currentProcessingTime: () => svc.currentProcessingTime(),
      registerEventTimeTimer: (t) => void svc.eventTimers.register(t, this.key, VOID_NAMESPACE),
      registerProcessingTimeTimer: (t) => {
        if (svc.processingTimers.register(t, this.key, VOID_NAMESPACE)) svc.onProcessingTimer(t);
      },
      deleteEventTimeTimer: (t) => svc.eventTimers.delete(t, this.key, VOID_NAMESPACE),
      deleteProcessingTimeTimer: (t) => svc.processingTimers.delete(t, this.key, VOID_NAMESPACE),
    };
    this.ctx = {
      timestamp: () => this.ts,
      currentKey: () => this.key,
      timerService: () => timers,
      output: (tag, record) => out.side(tag, record),
      valueState: (name, ttl) => valueState(backend, `user:${name}`, scope, clocked(ttl)),
      listState: (name, ttl) => listState(backend, `user:${name}`, scope, clocked(ttl)),
      mapState: (name, ttl) => mapState(backend, `user:${name}`, scope, clocked(ttl)),
      reducingState: (name, reduce, ttl) => reducingState(backend, `user:${name}`, scope, reduce, clocked(ttl)),
      aggregatingState: (name, agg, ttl) => aggregatingState(backend, `user:${name}`, scope, agg, clocked(ttl)),
      timeDomain: () => this.domain,
    };
  }

  processElement(key: unknown, record: Rec, ts: number): void {
    this.key = key;
    this.ts = ts;
    this.fn.processElement(record, this.ctx, (v) => this.out.main(this.key, v, this.ts));
  }

  onEventTime(ts: number, key: unknown): void {
    this.fire(ts, key, 'event');
  }

  onProcessingTime(ts: number, key: unknown): void {
    this.fire(ts, key, 'processing');
  }

  /** Timers are restored with the state; a KeyedProcessFunction has no window bookkeeping to adjust. */
  restored(): void {}

  private fire(ts: number, key: unknown, domain: 'event' | 'processing'): void {
    this.key = key;
    this.ts = ts;
    this.domain = domain;
    this.fn.onTimer?.(ts, this.ctx, (v) => this.out.main(this.key, v, ts));
  }
}
