// One keyed operator subtask (A3, A7, A8): a watermark valve over every source channel, event- and
// processing-time timers, its key groups' state backend and the operator itself. A watermark fires every
// timer it reaches, in order, before it goes downstream. Alignment (A9) blocks channels and buffers their
// elements; `snapshot` / `restore` carry state and timers by key group, so any parallelism can restore.
import type { Rec } from '../../core/aggregates.ts';
import { RefusedError } from '../../core/errors.ts';
import type { KeyedStateBackend, KeyedStateSnapshot, StateEntry } from '../../core/state/keyed-state-backend.ts';
import type { Namespace } from '../../core/state/state-table.ts';
import { MAX_TIME, MIN_TIME } from '../../core/time.ts';
import { type ValveOutput, WatermarkValve } from '../../core/watermarks/valve.ts';
import { windowId } from '../../core/windows/time-window.ts';
import { type KeyGroupRange, keyGroupFor } from '../key-groups.ts';
import type { KeyedOperator, StateLayout } from '../keyed-operator.ts';
import { type TimerEntry, TimerQueue } from '../timer-service.ts';
import type { OperatorServices } from '../window-operator.ts';
import type { Element } from './channels.ts';

export interface SubtaskSnapshot {
  /** The subtask's watermark at the snapshot (not restored: it bounds which windows may lack a timer). */
  watermark?: number;
  state: KeyedStateSnapshot;
  eventTimers: Array<[number, ...TimerEntry]>;
  processingTimers: Array<[number, ...TimerEntry]>;
  /** The operator's state layout (window size, contents type), for a restore into a changed job. */
  layout?: StateLayout;
}

/** What a subtask needs around it: the processing clock, timer wake-ups, and where its watermark goes. */
export interface SubtaskContext {
  now(): number;
  /**
   * The timestamp a queued record reaches the operator with: by processing time the operator's clock now,
   * not the source's when it was sent — processing-time windows hold the records that arrive at the
   * operator in them (A1, A4), so delay, back-pressure and alignment move records into later windows.
   */
  arrival(ts: number): number;
  /** A processing-time timer was registered at `ts`: wake the subtasks then. */
  wakeAt(ts: number): void;
  /** The subtask's output watermark advanced, or its status changed (the sink's valve). */
  watermark(index: number, wm: number): void;
  status(index: number, idle: boolean): void;
  /** A barrier arrived on channel `c` (the checkpoint coordinator's barrier handler decides). */
  barrier(c: number, sub: OperatorSubtask, id: number): void;
}

export class OperatorSubtask {
  readonly eventTimers = new TimerQueue();
  readonly processingTimers = new TimerQueue();
  readonly valve: WatermarkValve;
  readonly operator: KeyedOperator;
  watermark = MIN_TIME;
  /** Per source channel: blocked by an aligned barrier, and the elements buffered meanwhile. */
  readonly blocked: boolean[];
  readonly buffered: Element[][];
  /** The barrier this subtask is collecting: its id and the channels it has arrived on. */
  barrier: { id: number; seen: Set<number> } | null = null;
  private readonly valveOut: ValveOutput;

  constructor(
    readonly index: number,
    readonly range: KeyGroupRange,
    channels: number,
    readonly backend: KeyedStateBackend,
    makeOperator: (svc: OperatorServices) => KeyedOperator,
    private readonly ctx: SubtaskContext,
  ) {
    this.valve = new WatermarkValve(channels);
    this.blocked = new Array<boolean>(channels).fill(false);
    this.buffered = Array.from({ length: channels }, (): Element[] => []);
    this.operator = makeOperator({
      backend,
      eventTimers: this.eventTimers,
      processingTimers: this.processingTimers,
      currentProcessingTime: () => ctx.now(),
      onProcessingTimer: (t) => ctx.wakeAt(t),
    });
    this.valveOut = {
      watermark: (wm) => {
        this.watermark = wm;
        this.operator.setWatermark(wm);
        // Fire every timer the watermark reached, in order, before forwarding it (A3, A7).
        this.eventTimers.advance(wm, (ts, key, ns) => this.operator.onEventTime(ts, key, ns));
        ctx.watermark(index, wm);
      },
      status: (idle) => ctx.status(index, idle),
    };
  }

  /** An element from source channel `c`, unless that channel is blocked by alignment (then buffered). */
  deliver(c: number, el: Element): void {
    if (this.blocked[c]) this.buffered[c]!.push(el);
    else this.dispatch(c, el);
  }

  dispatch(c: number, el: Element): void {
    switch (el.kind) {
      case 'record':
        this.operator.processElement(el.key, el.record, this.ctx.arrival(el.ts));
        return;
      case 'watermark':
        this.valve.inputWatermark(c, el.watermark, this.valveOut);
        return;
      case 'status':
        this.valve.inputIdle(c, el.idle, this.valveOut);
        return;
      case 'barrier':
        this.ctx.barrier(c, this, el.id);
        return;
    }
  }

  /** Alignment is over: unblock every channel and process what was buffered, in order. */
  unblock(): void {
    this.blocked.fill(false);
    for (let c = 0; c < this.buffered.length; c++) {
      const buf = this.buffered[c]!;
      while (buf.length > 0 && !this.blocked[c]) this.dispatch(c, buf.shift()!);
    }
  }

  /** Processing-time timers due by `now` fire. */
  fireProcessingTimers(now: number): void {
    this.processingTimers.advance(now, (ts, key, ns) => this.operator.onProcessingTime(ts, key, ns));
  }

  /** Records held by alignment. */
  bufferedRecords(): number {
    let n = 0;
    for (const buf of this.buffered) for (const el of buf) if (el.kind === 'record') n++;
    return n;
  }

  snapshot(maxParallelism: number): SubtaskSnapshot {
    // Key groups are derived from keys: compute each key's once per snapshot.
    const groups = new Map<unknown, number>();
    const kgOf = (key: unknown) => {
      let kg = groups.get(key);
      if (kg === undefined) groups.set(key, (kg = keyGroupFor(key, maxParallelism)));
      return kg;
    };
    const timers = (q: TimerQueue) => {
      const out: Array<[number, ...TimerEntry]> = [];
      q.forEachTimer((ts, key, ns) => out.push([kgOf(key), ts, key, ns]));
      return out;
    };
    const layout = this.operator.stateLayout?.();
    return {
      watermark: this.watermark,
      state: this.backend.snapshot(kgOf),
      eventTimers: timers(this.eventTimers),
      processingTimers: timers(this.processingTimers),
      ...(layout ? { layout } : {}),
    };
  }

  /**
   * Take this subtask's key groups from every snapshot (key groups move whole, A8). `timerFloor`: the highest
   * watermark any subtask had, below which windows may hold contents without a timer (told to the operator).
   */
  restore(snapshots: readonly SubtaskSnapshot[], timerFloor: number): void {
    snapshots = snapshots.map((s) => this.adapted(s));
    this.operator.restored(timerFloor);
    const owns = (kg: number) => kg >= this.range.first && kg <= this.range.last;
    this.backend.restore(
      snapshots.map((s) => s.state),
      owns,
    );
    for (const s of snapshots) {
      for (const [kg, ts, key, ns] of s.eventTimers) if (owns(kg)) this.eventTimers.register(ts, key, ns);
      for (const [kg, ts, key, ns] of s.processingTimers) {
        if (owns(kg) && this.processingTimers.register(ts, key, ns)) this.ctx.wakeAt(ts);
      }
    }
  }

  /**
   * A snapshot as this operator reads it. Contents of another type fail the restore (Flink checks each state's
   * serializer against the one in the checkpoint: StateMigrationException, A12). Windows of another size keep
   * their own bounds: Flink's namespace is the whole TimeWindow, so a restored window fires at its old end
   * with its old contents, beside the new job's windows (A9); here a fixed-size window's namespace is its start
   * alone, so the old ones are renamed to their full "start,end".
   */
  private adapted(s: SubtaskSnapshot): SubtaskSnapshot {
    const now = this.operator.stateLayout?.();
    const was = s.layout;
    if (!now || !was) return s;
    if (was.contents !== now.contents) {
      throw new RefusedError(
        'savepoint',
        `the window contents were written as ${was.contents} and the new job reads them as ${now.contents}: the state serializer is incompatible and the restore fails (A12; Flink's StateMigrationException)`,
      );
    }
    const size = was.windowSize;
    if (size === undefined || size === now.windowSize) return s;
    const rename = (ns: Namespace): Namespace =>
      typeof ns !== 'number' ? ns : windowId(size === 'global' ? { start: MIN_TIME, end: MAX_TIME } : { start: ns, end: ns + size });
    const tables: Record<string, StateEntry[]> = {};
    for (const [name, entries] of Object.entries(s.state.tables))
      tables[name] = entries.map(([kg, key, ns, v]) => [kg, key, rename(ns), v]);
    const timers = (ts: Array<[number, ...TimerEntry]>) =>
      ts.map(([kg, t, key, ns]) => [kg, t, key, rename(ns)] as [number, ...TimerEntry]);
    return { ...s, state: { ...s.state, tables }, eventTimers: timers(s.eventTimers), processingTimers: timers(s.processingTimers) };
  }

  /** One record straight to the operator (the direct path: nothing queued or blocked on its channel). */
  process(key: unknown, record: Rec, ts: number): void {
    this.operator.processElement(key, record, ts);
  }
}
