// Flink's WindowOperator (A6, F-WO), implemented literally for one subtask: assign, drop late windows,
// add to state, ask the trigger, fire/purge, register the cleanup timer at maxTs + lateness; on a
// watermark fire timers in order (before the watermark is forwarded), clearing state at cleanup time.
import type { AggregateFunction, Rec } from '../core/aggregates.ts';
import type { KeyedStateBackend } from '../core/state/keyed-state-backend.ts';
import type { Namespace } from '../core/state/state-table.ts';
import { addTime, MAX_TIME, MIN_TIME } from '../core/time.ts';
import type { WindowAssigner } from '../core/windows/assigners.ts';
import type { Evictor } from '../core/windows/evictors.ts';
import { maxTimestamp, type TimeWindow, windowId } from '../core/windows/time-window.ts';
import { isFire, isPurge, type OnMergeContext, type Trigger, type TriggerCounter } from '../core/windows/triggers.ts';
import type { KeyedOperator, StateLayout } from './keyed-operator.ts';
import { type MergingMapping, MergingWindowSet } from './merging-window-set.ts';
import { MESSAGES } from './messages.ts';
import type { TimerQueue } from './timer-service.ts';

/** What the window function does with a fired window: fold an accumulator, or see every element. */
export type WindowFunction =
  | { kind: 'aggregate'; agg: AggregateFunction }
  | { kind: 'process'; process(key: unknown, window: TimeWindow, elements: Rec[]): unknown[] };

export interface WindowOperatorConfig {
  assigner: WindowAssigner;
  trigger: Trigger;
  evictor?: Evictor;
  /** Event-time windows judge lateness and clean up on watermarks; processing-time and global ones do not. */
  eventTime: boolean;
  allowedLateness: number;
  lateOutput: boolean;
  fn: WindowFunction;
}

export interface WindowOutput {
  main(key: unknown, window: TimeWindow, value: unknown, timestamp: number): void;
  late(record: Rec): void;
  dropped(record: Rec): void;
}

export interface OperatorServices {
  backend: KeyedStateBackend;
  eventTimers: TimerQueue;
  processingTimers: TimerQueue;
  currentProcessingTime(): number;
  /** A processing-time timer was registered at `ts` (the subtask schedules a wake-up). */
  onProcessingTimer(ts: number): void;
}

const CONTENTS = 'window-contents';
const COUNT = 'trigger-count';
const MERGING = 'merging-windows';
/** The accumulator type of each aggregate, as a Flink AggregateFunction would declare it (its serializer, A12). */
const ACCUMULATOR_TYPES: Record<AggregateFunction['fn'], string> = {
  count: 'Long',
  sum: 'Double',
  min: 'Double',
  max: 'Double',
  avg: 'Tuple2<Double, Long>',
  collect: 'List<Row>',
  // Flink SQL keeps several aggregates' accumulators as one row of accumulators (one field each).
  multi: 'Row',
};

export class WindowOperator implements KeyedOperator {
  /** The subtask's current event-time watermark (set by the subtask before it fires timers). */
  watermark = MIN_TIME;

  setWatermark(wm: number): void {
    this.watermark = wm;
    (this.ctx as { currentWatermark: number }).currentWatermark = wm;
  }
  private readonly contents;
  private readonly counts;
  private readonly merging;
  private readonly buffered: boolean;
  private readonly fixedSize: boolean;
  // Trigger context, re-pointed at (key, window) before every trigger call (as Flink's Context is).
  private key: unknown = undefined;
  private window: TimeWindow = { start: 0, end: 0 };
  private mergedNamespaces: Namespace[] = [];
  private readonly ctx: OnMergeContext;

  constructor(
    private readonly cfg: WindowOperatorConfig,
    svc: OperatorServices,
    private readonly out: WindowOutput,
  ) {
    this.contents = svc.backend.table<unknown>(CONTENTS);
    this.counts = svc.backend.table<number>(COUNT);
    this.merging = svc.backend.table<MergingMapping>(MERGING);
    this.buffered = cfg.evictor !== undefined || cfg.fn.kind === 'process';
    this.fixedSize = !cfg.assigner.merging;
    const counter: TriggerCounter = {
      get: () => this.counts.get(this.key, this.ns(this.window)) ?? 0,
      set: (v) => this.counts.set(this.key, this.ns(this.window), v),
      clear: () => this.counts.delete(this.key, this.ns(this.window)),
    };
    this.ctx = {
      // A data property, kept equal to `watermark` by setWatermark: a getter here would box the
      // double on every trigger call (measured: ~7 MB of garbage per million elements).
      currentWatermark: MIN_TIME,
      get currentProcessingTime() {
        return svc.currentProcessingTime();
      },
      maxTimestamp: (w) => maxTimestamp(w, cfg.assigner.closure),
      registerEventTimeTimer: (t) => {
        if (!this.skipMaxTsTimer) svc.eventTimers.register(t, this.key, this.ns(this.window));
      },
      registerProcessingTimeTimer: (t) => {
        if (!this.skipMaxTsTimer && svc.processingTimers.register(t, this.key, this.ns(this.window))) svc.onProcessingTimer(t);
      },
      deleteEventTimeTimer: (t) => svc.eventTimers.delete(t, this.key, this.ns(this.window)),
      deleteProcessingTimeTimer: (t) => svc.processingTimers.delete(t, this.key, this.ns(this.window)),
      counter: () => counter,
      mergeCounters: () => {
        let sum = 0;
        for (const ns of this.mergedNamespaces) {
          sum += this.counts.get(this.key, ns) ?? 0;
          this.counts.delete(this.key, ns);
        }
        if (sum > 0) this.counts.set(this.key, this.ns(this.window), sum + (this.counts.get(this.key, this.ns(this.window)) ?? 0));
      },
    };
  }

  /**
   * The state namespace of a window: its start for the assigner's own fixed-size windows, "start,end" for
   * sessions and for windows of another size restored from a savepoint (A9; see OperatorSubtask.adapted).
   */
  private ns(w: TimeWindow): Namespace {
    if (!this.fixedSize) return windowId(w);
    const a = this.cfg.assigner;
    return (a.global ? w.start === MIN_TIME && w.end === MAX_TIME : w.end - w.start === a.size) ? w.start : windowId(w);
  }

  private windowOfNs(ns: Namespace): TimeWindow {
    if (typeof ns === 'number') {
      const a = this.cfg.assigner;
      if (a.global) return { start: MIN_TIME, end: MAX_TIME };
      return { start: ns, end: ns + a.size! };
    }
    const [s, e] = ns.split(',');
    return { start: Number(s), end: Number(e) };
  }

  private cleanupTime(w: TimeWindow): number {
    const max = maxTimestamp(w, this.cfg.assigner.closure);
    return this.cfg.eventTime ? addTime(max, this.cfg.allowedLateness) : max;
  }

  private isWindowLate(w: TimeWindow): boolean {
    return this.cfg.eventTime && this.cleanupTime(w) <= this.watermark;
  }

  // Flink: an element with ts + lateness == watermark is late (A1, A6 isElementLate).
  private isElementLate(ts: number): boolean {
    return this.cfg.eventTime && ts + this.cfg.allowedLateness <= this.watermark;
  }

  private registerCleanupTimer(w: TimeWindow): void {
    const t = this.cleanupTime(w);
    if (t === MAX_TIME) return;
    if (this.cfg.eventTime) this.ctx.registerEventTimeTimer(t);
    else this.ctx.registerProcessingTimeTimer(t);
  }

  private deleteCleanupTimer(w: TimeWindow): void {
    const t = this.cleanupTime(w);
    if (t === MAX_TIME) return;
    if (this.cfg.eventTime) this.ctx.deleteEventTimeTimer(t);
    else this.ctx.deleteProcessingTimeTimer(t);
  }

  /** Adds the record; returns whether the window already had contents (then its cleanup timer exists). */
  private addToState(ns: Namespace, record: Rec): boolean {
    const cur = this.contents.get(this.key, ns);
    if (this.buffered) {
      // Mutate, then set: a serializing backend persists only what is set (A11).
      if (cur === undefined) this.contents.set(this.key, ns, [record]);
      else {
        (cur as Rec[]).push(record);
        this.contents.set(this.key, ns, cur);
      }
    } else {
      const agg = (this.cfg.fn as { agg: AggregateFunction }).agg;
      const next = agg.add(cur === undefined ? agg.create() : cur, record);
      this.contents.set(this.key, ns, next);
    }
    return cur !== undefined;
  }

  /** Fire the contents of `window` (state in `ns`); nothing is emitted for empty state (Flink: contents == null). */
  private emit(window: TimeWindow, ns: Namespace): void {
    const cur = this.contents.get(this.key, ns);
    if (cur === undefined) return;
    const ts = maxTimestamp(window, this.cfg.assigner.closure);
    const fn = this.cfg.fn;
    if (!this.buffered) {
      this.out.main(this.key, window, (fn as { agg: AggregateFunction }).agg.result(cur), ts);
      return;
    }
    let elements = cur as Rec[];
    if (this.cfg.evictor) {
      const kept = this.cfg.evictor.evictBefore(elements);
      if (kept.length !== elements.length) {
        elements = kept;
        this.contents.set(this.key, ns, kept);
      }
    }
    if (fn.kind === 'aggregate') {
      let acc = fn.agg.create();
      for (const e of elements) acc = fn.agg.add(acc, e);
      this.out.main(this.key, window, fn.agg.result(acc), ts);
    } else {
      for (const v of fn.process(this.key, window, [...elements])) this.out.main(this.key, window, v, ts);
    }
  }

  processElement(key: unknown, record: Rec, ts: number): void {
    if (this.fixedSize && !this.cfg.assigner.global) {
      this.processFixed(key, record, ts);
      return;
    }
    this.key = key;
    const windows = this.cfg.assigner.assign(ts);
    let skipped = true;
    if (this.cfg.assigner.merging) {
      const set = new MergingWindowSet(this.merging.get(key, ''));
      for (const w of windows) {
        const actual = set.addWindow(w, (mergeResult, mergedWindows, stateResult, mergedStateWindows) => {
          if (this.cfg.eventTime && addTime(maxTimestamp(mergeResult), this.cfg.allowedLateness) <= this.watermark) {
            throw new Error(MESSAGES.sessionMergeBeforeWatermark);
          }
          this.window = mergeResult;
          this.mergedNamespaces = mergedWindows.map((m) => this.ns(m));
          this.cfg.trigger.onMerge(mergeResult, this.ctx);
          for (const m of mergedWindows) {
            this.window = m;
            this.cfg.trigger.clear(m, this.ctx);
            this.deleteCleanupTimer(m);
          }
          this.mergeNamespaces(stateResult, mergedStateWindows);
        });
        if (this.isWindowLate(actual)) {
          set.retireWindow(actual);
          continue;
        }
        skipped = false;
        const stateWindow = set.getStateWindow(actual)!;
        this.onElementInWindow(actual, this.ns(stateWindow), record, ts);
      }
      if (set.isEmpty) this.merging.delete(key, '');
      else this.merging.set(key, '', set.persist());
    } else {
      for (const w of windows) {
        if (this.isWindowLate(w)) continue;
        skipped = false;
        this.onElementInWindow(w, this.ns(w), record, ts);
      }
    }
    this.lateCheck(skipped, record, ts);
  }

  private readonly starts: number[] = [];
  private readonly scratch = { start: 0, end: 0 };
  private skipMaxTsTimer = false;
  /** Windows with maxTimestamp <= this may have contents but no pending timer (set by `restored`). */
  private timerFloor = MIN_TIME;

  restored(timerFloor: number): void {
    this.timerFloor = timerFloor;
  }

  stateLayout(): StateLayout {
    const a = this.cfg.assigner;
    const fn = this.cfg.fn;
    return {
      ...(this.fixedSize ? { windowSize: a.global ? ('global' as const) : a.size! } : {}),
      contents: this.buffered || fn.kind === 'process' ? 'elements' : ACCUMULATOR_TYPES[fn.agg.fn],
    };
  }

  /** The same algorithm for fixed-size windows without allocating window objects per element. */
  private processFixed(key: unknown, record: Rec, ts: number): void {
    this.key = key;
    const size = this.cfg.assigner.size!;
    const n = this.cfg.assigner.assignStarts!(ts, this.starts);
    let skipped = true;
    const w = this.scratch;
    // isWindowLate inlined: cleanup = maxTimestamp + lateness, saturating at MAX (F-WO cleanupTime).
    const toCleanup = (this.cfg.assigner.closure === '[)' ? size - 1 : size) + this.cfg.allowedLateness;
    const eventTime = this.cfg.eventTime;
    const wm = this.watermark;
    for (let i = 0; i < n; i++) {
      const start = this.starts[i]!;
      if (eventTime && Math.min(start + toCleanup, MAX_TIME) <= wm) continue;
      w.start = start;
      w.end = start + size;
      skipped = false;
      this.onElementInWindow(w, start, record, ts);
    }
    if (skipped) this.lateCheck(true, record, ts);
  }

  private lateCheck(skipped: boolean, record: Rec, ts: number): void {
    // Late side output only when every window was late and the element itself is late (A6.1);
    // an element in a sliding gap (no windows) that is not late is dropped silently.
    if (skipped && this.isElementLate(ts)) {
      if (this.cfg.lateOutput) this.out.late(record);
      else this.out.dropped(record);
    }
  }

  private onElementInWindow(w: TimeWindow, stateNs: Namespace, record: Rec, ts: number): void {
    const existed = this.addToState(stateNs, record);
    this.window = w;
    // A window with contents already has its maxTimestamp timer (see Trigger.maxTimestampTimerOnly).
    // Not after a restore for windows that may have fired before the checkpoint: their timer is gone while
    // the watermark starts again from MIN, so the trigger must register it anew.
    this.skipMaxTsTimer =
      existed &&
      this.cfg.trigger.maxTimestampTimerOnly === true &&
      !this.cfg.assigner.merging &&
      maxTimestamp(w, this.cfg.assigner.closure) > this.timerFloor;
    const r = this.cfg.trigger.onElement(ts, w, this.ctx);
    this.skipMaxTsTimer = false;
    // The fixed-size path passes a reused scratch window: emissions get their own copy.
    if (isFire(r)) this.emit(w === this.scratch ? { start: w.start, end: w.end } : w, stateNs);
    if (isPurge(r)) this.contents.delete(this.key, stateNs);
    // Contents that existed before this element got their cleanup timer with the element that created
    // them (contents and that timer are only removed together), so re-registering is a no-op: skip it.
    if (!existed || this.cfg.assigner.merging) this.registerCleanupTimer(w);
  }

  private mergeNamespaces(target: TimeWindow, sources: TimeWindow[]): void {
    const tns = this.ns(target);
    for (const s of sources) {
      const sns = this.ns(s);
      const v = this.contents.get(this.key, sns);
      if (v === undefined) continue;
      this.contents.delete(this.key, sns);
      const cur = this.contents.get(this.key, tns);
      if (cur === undefined) this.contents.set(this.key, tns, v);
      else if (this.buffered) {
        (cur as Rec[]).push(...(v as Rec[]));
        this.contents.set(this.key, tns, cur);
      } else this.contents.set(this.key, tns, (this.cfg.fn as { agg: AggregateFunction }).agg.merge(cur, v));
    }
  }

  /** An event-time timer fired for (key, window namespace). */
  onEventTime(ts: number, key: unknown, ns: Namespace): void {
    this.onTimer(ts, key, ns, true);
  }

  onProcessingTime(ts: number, key: unknown, ns: Namespace): void {
    this.onTimer(ts, key, ns, false);
  }

  private onTimer(ts: number, key: unknown, timerNs: Namespace, eventTimeDomain: boolean): void {
    this.key = key;
    const window = this.windowOfNs(timerNs);
    this.window = window;
    let set: MergingWindowSet | null = null;
    let stateNs: Namespace = timerNs;
    if (this.cfg.assigner.merging) {
      set = new MergingWindowSet(this.merging.get(key, ''));
      const sw = set.getStateWindow(window);
      // A timer for a window that no longer exists: its state is already gone (F-WO).
      if (sw === undefined) return;
      stateNs = this.ns(sw);
    }
    const r = eventTimeDomain
      ? this.cfg.trigger.onEventTime(ts, window, this.ctx)
      : this.cfg.trigger.onProcessingTime(ts, window, this.ctx);
    if (isFire(r)) this.emit(window, stateNs);
    if (isPurge(r)) this.contents.delete(key, stateNs);
    if (this.cfg.eventTime === eventTimeDomain && this.cleanupTime(window) === ts) {
      // clearAllState: window contents, trigger state, merging metadata.
      this.contents.delete(key, stateNs);
      this.window = window;
      this.cfg.trigger.clear(window, this.ctx);
      if (set) set.retireWindow(window);
    }
    if (set) {
      if (set.isEmpty) this.merging.delete(key, '');
      else this.merging.set(key, '', set.persist());
    }
  }
}
