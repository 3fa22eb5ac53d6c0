// The `event` engine (Flink model): source subtasks (watermark generators) → keyBy by Flink key groups →
// keyed operator subtasks (each with a watermark valve over every source channel) → a sink whose valve
// gives the job's output watermark. Channels deliver at once, or after a network delay on the injected
// processing clock; checkpoint barriers flow through them (aligned, unaligned or at-least-once, A9).
import type { Rec } from '../core/aggregates.ts';
import { type CheckpointStorage, InMemoryCheckpointStorage } from '../core/checkpoint-storage.ts';
import type { Emission, MainEmission } from '../core/emission.ts';
import type { Fault, RecoveryLog, StepEngine } from '../core/engine.ts';
import { InputError, RefusedError } from '../core/errors.ts';
import { Scheduler } from '../core/scheduler.ts';
import { createSink, type Sink, type SinkKind } from '../core/sinks.ts';
import { HeapKeyedStateBackend, type KeyedStateBackend, type KeyedStateSnapshot } from '../core/state/keyed-state-backend.ts';
import { MAX_TIME, MIN_TIME } from '../core/time.ts';
import { boundedOutOfOrderness, type WatermarkGenerator, type WatermarkOutput, withIdleness } from '../core/watermarks/generators.ts';
import { type ValveOutput, WatermarkValve } from '../core/watermarks/valve.ts';
import {
  checkParallelism,
  defaultMaxParallelism,
  type KeyGroupRange,
  keyGroupFor,
  keyGroupRange,
  subtaskForKeyGroup,
} from './key-groups.ts';
import type { Pipeline, WatermarkStrategy } from './pipeline.ts';
import { ProcessOperator } from './process-operator.ts';
import { type TimerEntry, TimerQueue } from './timer-service.ts';
import { WindowOperator } from './window-operator.ts';

export interface EventEngineOptions {
  parallelism?: number;
  maxParallelism?: number;
  checkpointStorage?: CheckpointStorage;
  stateBackend?: () => KeyedStateBackend;
  /** Processing time at start, ms. */
  startTime?: number;
  /** Periodic checkpoints every `interval` ms of processing time (off by default, as in Flink). */
  checkpointing?: { interval: number; mode?: CheckpointMode };
  /** Mode of checkpoints triggered by `checkpoint()` when no periodic checkpointing is configured. */
  checkpointMode?: CheckpointMode;
  /** Where results become visible (plain by default). */
  sink?: SinkKind;
  /**
   * Source → operator channels deliver after `delay` ms (+ `skew` ms per source channel index), in order.
   * 0 (default): at once. With a delay, barriers and alignment have in-flight data to act on.
   */
  network?: { delay: number; skew?: number };
  /**
   * Virtual processing time each record takes at an operator subtask, ms (0 by default: free). Each subtask
   * takes its records one at a time, so when they come faster than 1/recordCost its input queues back up
   * (back-pressure): watermarks and barriers wait behind the records ahead of them.
   */
  recordCost?: number;
}

/** A9: aligned exactly-once (default), unaligned exactly-once, or at-least-once (no blocking). */
export type CheckpointMode = 'exactly-once' | 'unaligned' | 'at-least-once';

type Element =
  | { k: 'record'; key: unknown; r: Rec; ts: number }
  | { k: 'watermark'; wm: number }
  | { k: 'idle'; idle: boolean }
  | { k: 'barrier'; id: number };

/** A record caught in flight by an unaligned checkpoint: [source channel, key, record, timestamp]. */
type ChannelRecord = [number, unknown, Rec, number];

interface PendingCheckpoint {
  id: number;
  triggeredAt: number;
  /** crash-before-commit: the checkpoint completes but the notification never reaches the sink. */
  loseNotification?: boolean;
  mode: CheckpointMode;
  offset: number;
  subtasks: SubtaskSnapshot[];
  channelState: ChannelRecord[][];
  sinkSeen: Set<number>;
  done: boolean;
}

interface Source {
  channel: number;
  stream: string;
  strategy: WatermarkStrategy;
  generator: WatermarkGenerator | null;
  lastEmitted: number;
  maxIngestion: number;
  output: WatermarkOutput;
  /** Marked idle (A2) and not active again yet. */
  idle: boolean;
}

interface Subtask {
  index: number;
  range: KeyGroupRange;
  backend: KeyedStateBackend;
  eventTimers: TimerQueue;
  processingTimers: TimerQueue;
  valve: WatermarkValve;
  watermark: number;
  operator: WindowOperator | ProcessOperator;
  valveOut: ValveOutput;
  /** Per source channel: blocked by an aligned barrier, and the elements buffered meanwhile. */
  blocked: boolean[];
  buffered: Element[][];
  /** The barrier this subtask is collecting: its id and the channels it has arrived on. */
  barrier: { id: number; seen: Set<number> } | null;
}

interface SubtaskSnapshot {
  /** The subtask's watermark at the snapshot (not restored into the operator; see WindowOperator.timerFloor). */
  watermark?: number;
  state: KeyedStateSnapshot;
  eventTimers: Array<[number, ...TimerEntry]>;
  processingTimers: Array<[number, ...TimerEntry]>;
}

export interface EventCheckpoint {
  id?: number;
  offset: number;
  maxParallelism: number;
  subtasks: SubtaskSnapshot[];
  /** Unaligned checkpoints: in-flight records per operator subtask, replayed first on restore. */
  channelState?: ChannelRecord[][];
  /** The sink's state (pending 2PC transactions). */
  sink?: unknown;
}

export class EventEngine implements StepEngine {
  readonly parallelism: number;
  /** Key groups (A8): as configured, else Flink's default for the parallelism, else a restored savepoint's. */
  private maxP: number;
  private readonly scheduler: Scheduler;
  private readonly storage: CheckpointStorage;
  private readonly streams: string[];
  /** The replayable source log: the arrays given to `add`, kept as segments (offsets are cumulative). */
  private readonly log: Array<readonly Rec[]> = [];
  private logSize = 0;
  private emissions: Emission[] = [];
  private sources: Source[] = [];
  private subtasks: Subtask[] = [];
  private sinkValve!: WatermarkValve;
  private ticking = false;
  private activitySinceTick = true;
  private quietTicks = 0;
  private readonly scheduledProcessingTimes = new Set<number>();
  private readonly interval: number;
  private readonly idleTicksNeeded: number;
  private readonly sink: Sink;
  private sinkBlocked: boolean[] = [];
  private sinkBuffered: MainEmission[][] = [];
  private nextCheckpointId = 1;
  private inFlight: PendingCheckpoint | null = null;
  private completedCheckpoints = 0;
  /** Offsets before `logBase` belong to the job a savepoint came from; this log continues it. */
  private logBase = 0;
  /** Source → operator queues, by source channel then operator subtask (only with a network delay). */
  private queues: Array<Array<Array<{ at: number; el: Element }>>> = [];
  private readonly delayed: boolean;
  private readonly log_: RecoveryLog = { checkpoints: [], restarts: [] };
  /** slow-task: per-record cost (ms) of operator subtask 0 until `slowUntil`. */
  private slowCost = 0;
  private slowUntil = 0;
  /** The configured per-record cost of every subtask (`recordCost`). */
  private readonly recordCost: number;
  /** When each operator subtask is next free to take a record (with a record cost). */
  private busyUntil: number[] = [];

  constructor(
    private readonly pipeline: Pipeline,
    private readonly opts: EventEngineOptions = {},
  ) {
    this.parallelism = opts.parallelism ?? 1;
    this.maxP = opts.maxParallelism ?? defaultMaxParallelism(this.parallelism);
    checkParallelism(this.parallelism, this.maxP);
    this.scheduler = new Scheduler(opts.startTime ?? 0);
    this.storage = opts.checkpointStorage ?? new InMemoryCheckpointStorage();
    this.streams = Object.keys(pipeline.watermarks);
    const strategies = Object.values(pipeline.watermarks);
    const intervals = strategies.flatMap((s) => (s.kind === 'periodic' || s.kind === 'generator' ? [s.interval] : []));
    this.interval = intervals.length > 0 ? Math.min(...intervals) : 0;
    const idleness = strategies.map((s) => (s.kind === 'periodic' ? (s.idleness ?? 0) : 0));
    // A user generator may emit from onPeriodicEmit without new records (on processing time): keep ticking.
    this.idleTicksNeeded = strategies.some((s) => s.kind === 'generator')
      ? Number.POSITIVE_INFINITY
      : Math.max(1, ...idleness.map((t) => (t > 0 ? Math.ceil(t / this.interval) + 3 : 1)));
    this.delayed = (opts.network?.delay ?? 0) > 0 || (opts.network?.skew ?? 0) > 0;
    this.recordCost = opts.recordCost ?? 0;
    if (!Number.isFinite(this.recordCost) || this.recordCost < 0)
      throw new InputError('recordCost', 'recordCost must be a finite number of ms >= 0');
    this.sink = createSink(opts.sink ?? 'plain', (e) => this.emissions.push(e));
    this.build();
    const cpi = opts.checkpointing?.interval;
    if (cpi !== undefined) {
      if (!(cpi > 0)) throw new InputError('checkpoint.interval', `must be > 0, got ${cpi}`);
      this.scheduler.at(cpi, () => this.periodicCheckpoint(cpi));
    }
  }

  private get mode(): CheckpointMode {
    return this.opts.checkpointing?.mode ?? this.opts.checkpointMode ?? 'exactly-once';
  }

  private periodicCheckpoint(interval: number): void {
    this.triggerCheckpoint(this.mode);
    // Keep checkpointing while the job has something to do; a quiet job resumes with the next record.
    if (this.activitySinceCheckpoint) {
      this.activitySinceCheckpoint = false;
      this.scheduler.at(this.scheduler.now() + interval, () => this.periodicCheckpoint(interval));
    } else this.checkpointTimerArmed = false;
  }

  private activitySinceCheckpoint = true;
  private checkpointTimerArmed = true;

  private armCheckpointTimer(): void {
    this.activitySinceCheckpoint = true;
    const interval = this.opts.checkpointing?.interval;
    if (interval === undefined || this.checkpointTimerArmed) return;
    this.checkpointTimerArmed = true;
    const now = this.scheduler.now();
    this.scheduler.at(Math.floor(now / interval) * interval + interval, () => this.periodicCheckpoint(interval));
  }

  private get globalWindows(): boolean {
    const o = this.pipeline.operator;
    return o.kind === 'window' && o.config.assigner.global;
  }

  private get operatorParallelism(): number {
    return this.pipeline.keyOf ? this.parallelism : 1;
  }

  private build(): void {
    const p = this.parallelism;
    this.sources = [];
    for (const stream of this.streams) {
      const strategy = this.pipeline.watermarks[stream]!;
      for (let i = 0; i < p; i++) {
        const channel = this.sources.length;
        let generator: WatermarkGenerator | null = null;
        if (strategy.kind === 'periodic') {
          generator = boundedOutOfOrderness(strategy.delay);
          if (strategy.idleness !== undefined) generator = withIdleness(generator, strategy.idleness);
        } else if (strategy.kind === 'generator') generator = strategy.make();
        const src: Source = {
          channel,
          stream,
          strategy,
          generator,
          lastEmitted: MIN_TIME,
          maxIngestion: MIN_TIME,
          idle: false,
          output: {
            emitWatermark: (wm) => this.sourceWatermark(src, wm),
            markIdle: () => this.sourceIdle(src, true),
            markActive: () => this.sourceIdle(src, false),
          },
        };
        this.sources.push(src);
      }
    }
    const op = this.operatorParallelism;
    this.sinkValve = new WatermarkValve(op);
    // A restart: the old subtasks' state backends go with them (their state comes back from the checkpoint).
    for (const sub of this.subtasks) sub.backend.dispose?.();
    this.subtasks = Array.from({ length: op }, (_, i) => this.makeSubtask(i, op));
    this.queues = this.sources.map(() => this.subtasks.map(() => []));
    this.busyUntil = this.subtasks.map(() => 0);
    this.sinkBlocked = this.subtasks.map(() => false);
    this.sinkBuffered = this.subtasks.map(() => []);
    this.inFlight = null;
  }

  private makeSubtask(index: number, op: number): Subtask {
    const backend = this.opts.stateBackend?.() ?? new HeapKeyedStateBackend();
    const sub = {
      index,
      range: keyGroupRange(index, op, this.maxP),
      backend,
      eventTimers: new TimerQueue(),
      processingTimers: new TimerQueue(),
      valve: new WatermarkValve(this.sources.length),
      watermark: MIN_TIME,
      blocked: this.sources.map(() => false),
      buffered: this.sources.map((): Element[] => []),
      barrier: null as Subtask['barrier'],
    } as Subtask;
    const svc = {
      backend,
      eventTimers: sub.eventTimers,
      processingTimers: sub.processingTimers,
      currentProcessingTime: () => this.scheduler.now(),
      onProcessingTimer: (t: number) => this.scheduleProcessingTimers(t),
    };
    const o = this.pipeline.operator;
    const emit = (key: unknown, window: { start: number; end: number } | null, value: unknown, timestamp: number | null) => {
      const e: MainEmission = this.pipeline.keyOf
        ? { output: 'main', key, window, value, timestamp }
        : { output: 'main', window, value, timestamp };
      // The sink aligns too: after this subtask's barrier, its output belongs to the next checkpoint.
      if (this.sinkBlocked[index]) this.sinkBuffered[index]!.push(e);
      else this.sink.write(e);
    };
    sub.operator =
      o.kind === 'window'
        ? new WindowOperator(o.config, svc, {
            main: (key, w, value, ts) => emit(key, o.config.assigner.global ? null : w, value, ts),
            late: (record) => this.emissions.push({ output: 'late', record }),
            dropped: (record) => this.emissions.push({ output: 'dropped', record }),
          })
        : new ProcessOperator(o.fn, svc, {
            main: (key, value, ts) => emit(key, null, value, ts),
            side: (tag, record) => this.emissions.push(tag === 'late' ? { output: 'late', record } : { output: 'dropped', record }),
          });
    sub.valveOut = {
      watermark: (wm) => {
        sub.watermark = wm;
        sub.operator.setWatermark(wm);
        // Fire every timer the watermark reached, in order, before forwarding it (A3, A7).
        sub.eventTimers.advance(wm, (ts, key, ns) => sub.operator.onEventTime(ts, key, ns));
        this.sinkValve.inputWatermark(sub.index, wm, this.sinkOut);
      },
      status: (idle) => this.sinkValve.inputIdle(sub.index, idle, this.sinkOut),
    };
    return sub;
  }

  private readonly sinkOut: ValveOutput = {
    watermark: (wm) => this.emissions.push({ output: 'watermark', watermark: wm }),
  };

  private sourceWatermark(src: Source, wm: number): void {
    if (wm <= src.lastEmitted) return; // forwarded only when it strictly increases (F-D-GW)
    src.lastEmitted = wm;
    // Flink: emitting a watermark marks an idle output active again (WatermarkOutput), so the end-of-input
    // Watermark(MAX) of an idle source still fires every pending window (A3).
    if (src.idle) this.sourceIdle(src, false);
    for (const sub of this.subtasks) this.send(src.channel, sub, { k: 'watermark', wm });
  }

  private sourceIdle(src: Source, idle: boolean): void {
    src.idle = idle;
    for (const sub of this.subtasks) this.send(src.channel, sub, { k: 'idle', idle });
  }

  // ---- channels: source channel c → operator subtask, FIFO, at once or after the network delay ----

  private get slow(): boolean {
    return this.slowCost > 0 && this.scheduler.now() < this.slowUntil;
  }

  private send(c: number, sub: Subtask, el: Element): void {
    const q = this.queues[c]![sub.index]!;
    // At once only when nothing is queued ahead on this channel: channels are FIFO.
    if (!this.delayed && !this.slow && this.recordCost === 0 && q.length === 0) {
      this.deliver(c, sub, el);
      return;
    }
    const net = this.opts.network ?? { delay: 0 };
    let at = Math.max(this.scheduler.now() + net.delay + (net.skew ?? 0) * c, q.at(-1)?.at ?? 0);
    if (el.k === 'record') {
      // A subtask takes its records one at a time, `recordCost` ms each (a slow task: `slowCost`), so its
      // input queues back up (back-pressure).
      const cost = sub.index === 0 && this.slow ? this.slowCost : this.recordCost;
      if (cost > 0) {
        at = Math.max(at, this.busyUntil[sub.index]!) + cost;
        this.busyUntil[sub.index] = at;
      }
    }
    q.push({ at, el });
    this.scheduler.at(at, () => {
      const head = q.shift();
      if (head) this.deliver(c, sub, head.el);
    });
  }

  private deliver(c: number, sub: Subtask, el: Element): void {
    if (sub.blocked[c]) sub.buffered[c]!.push(el);
    else this.dispatch(c, sub, el);
  }

  /**
   * The timestamp a record reaches an operator with: by processing time, the operator's clock now, not the
   * source's when it was sent — processing-time windows hold the records that arrive at the operator in
   * them (A1, A4), so network delay, back-pressure and alignment move records into later windows.
   */
  private arrivalTime(ts: number): number {
    return this.pipeline.time === 'processing' ? this.scheduler.now() : ts;
  }

  private dispatch(c: number, sub: Subtask, el: Element): void {
    switch (el.k) {
      case 'record':
        sub.operator.processElement(el.key, el.r, this.arrivalTime(el.ts));
        return;
      case 'watermark':
        sub.valve.inputWatermark(c, el.wm, sub.valveOut);
        return;
      case 'idle':
        sub.valve.inputIdle(c, el.idle, sub.valveOut);
        return;
      case 'barrier':
        this.onBarrier(c, sub, el.id);
        return;
    }
  }

  // ---- periodic watermark emission (every `interval` ms of processing time, A2) ----

  private ensureTicking(): void {
    this.activitySinceTick = true;
    this.quietTicks = 0;
    if (this.ticking || this.interval === 0) return;
    this.ticking = true;
    const now = this.scheduler.now();
    this.scheduler.at(Math.floor(now / this.interval) * this.interval + this.interval, () => this.tick());
  }

  private tick(): void {
    const now = this.scheduler.now();
    for (const src of this.sources) src.generator?.onPeriodicEmit(now, src.output);
    if (this.activitySinceTick) this.quietTicks = 0;
    else this.quietTicks++;
    this.activitySinceTick = false;
    // Ticks without new records change nothing once idleness has been decided: stop until the next record.
    if (this.quietTicks >= this.idleTicksNeeded) {
      this.ticking = false;
      return;
    }
    this.scheduler.at(now + this.interval, () => this.tick());
  }

  private scheduleProcessingTimers(t: number): void {
    if (this.scheduledProcessingTimes.has(t)) return;
    this.scheduledProcessingTimes.add(t);
    this.scheduler.at(t, () => {
      this.scheduledProcessingTimes.delete(t);
      const now = this.scheduler.now();
      for (const sub of this.subtasks) sub.processingTimers.advance(now, (ts, key, ns) => sub.operator.onProcessingTime(ts, key, ns));
    });
  }

  // ---- records ----

  private processRecord(record: Rec, offset: number): void {
    const streamIndex = this.streams.length === 1 ? 0 : this.streams.indexOf(record.stream as string);
    if (streamIndex < 0)
      throw new InputError('stream', `record names stream ${JSON.stringify(record.stream)}, not one of ${this.streams.join(', ')}`);
    const src = this.sources[streamIndex * this.parallelism + (offset % this.parallelism)]!;
    if (this.pipeline.steps.length === 0) {
      this.processOne(record, src);
      return;
    }
    let batch: Rec[] = [record];
    for (const step of this.pipeline.steps) {
      if (step.kind === 'map') batch = batch.map(step.fn);
      else if (step.kind === 'filter') batch = batch.filter(step.fn);
      else batch = batch.flatMap(step.fn);
    }
    for (const r of batch) this.processOne(r, src);
  }

  private processOne(r: Rec, src: Source): void {
    const ts = this.timestampFor(r, src);
    src.generator?.onEvent(ts, src.output, r);
    const keyOf = this.pipeline.keyOf;
    // null for un-keyed streams, never undefined: keys go through JSON in checkpoints.
    const key = keyOf === undefined ? null : keyOrFail(keyOf(r), r);
    // One operator subtask owns every key group: skip the hashing (same result, A8).
    const sub = this.subtasks.length === 1 ? this.subtasks[0]! : this.subtasks[this.subtaskOf(key)]!;
    // The hot path: no network delay, no alignment in progress, never slowed (else queues may be non-empty).
    if (!this.delayed && !sub.blocked[src.channel] && this.slowCost === 0 && this.recordCost === 0) sub.operator.processElement(key, r, ts);
    else this.send(src.channel, sub, { k: 'record', key, r, ts });
  }

  private timestampFor(r: Rec, src: Source): number {
    const time = this.pipeline.time;
    if (time === 'processing') return this.scheduler.now();
    if (time === 'ingestion') {
      // F-ING: the source clock, forced monotonic.
      src.maxIngestion = Math.max(this.scheduler.now(), src.maxIngestion);
      return src.maxIngestion;
    }
    const ts = this.pipeline.timestampOf(r);
    if (typeof ts === 'number' && Number.isFinite(ts)) return ts;
    // A record without a timestamp carries Long.MIN_VALUE; only time-window assigners refuse it (A4).
    if (!this.globalWindows) throw new InputError('timestamp', `record ${JSON.stringify(r)} has no numeric event-time timestamp`);
    return MIN_TIME;
  }

  // key → operator subtask, memoized (bounded): hashing a string key per record is the costly part of keyBy.
  private readonly routes = new Map<unknown, number>();
  private subtaskOf(key: unknown): number {
    let i = this.routes.get(key);
    if (i === undefined) {
      i = subtaskForKeyGroup(keyGroupFor(key, this.maxP), this.parallelism, this.maxP);
      if (this.routes.size >= 100_000) this.routes.clear();
      this.routes.set(key, i);
    }
    return i;
  }

  /** Records arrive now. The engine keeps `records` as its replayable log: do not mutate it afterwards. */
  add(records: readonly Rec[]): void {
    if (records.length === 0) return;
    this.ensureTicking();
    this.armCheckpointTimer();
    const base = this.logBase + this.logSize;
    this.log.push(records);
    this.logSize += records.length;
    if (this.simplePath()) this.addSimple(records, base);
    else for (let i = 0; i < records.length; i++) this.processRecord(records[i]!, base + i);
  }

  /** One stream, no stateless steps, event time, one operator subtask, nothing queued or slowed. */
  private simplePath(): boolean {
    return (
      this.streams.length === 1 &&
      this.pipeline.steps.length === 0 &&
      this.pipeline.time === 'event' &&
      this.subtasks.length === 1 &&
      !this.delayed &&
      this.slowCost === 0 &&
      this.recordCost === 0
    );
  }

  /** processRecord → processOne → timestampFor, flattened for the common case (same steps, fewer calls). */
  private addSimple(records: readonly Rec[], base: number): void {
    const { timestampOf, keyOf } = this.pipeline;
    const sub = this.subtasks[0]!;
    const op = sub.operator;
    const p = this.parallelism;
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const ts = timestampOf(r);
      if (typeof ts !== 'number' || !Number.isFinite(ts)) {
        this.processRecord(r, base + i); // the general path refuses it or gives it MIN_VALUE
        continue;
      }
      const src = this.sources[(base + i) % p]!;
      src.generator?.onEvent(ts, src.output, r);
      const key = keyOf === undefined ? null : keyOrFail(keyOf(r), r);
      if (sub.blocked[src.channel]) this.send(src.channel, sub, { k: 'record', key, r, ts });
      else op.processElement(key, r, ts);
    }
  }

  watermark(wm: number): void {
    if (Object.values(this.pipeline.watermarks).some((s) => s.kind !== 'explicit')) {
      throw new RefusedError('watermark', 'explicit watermarks need job.watermark = "explicit"');
    }
    for (const src of this.sources) this.sourceWatermark(src, wm);
  }

  advance(t: number): void {
    this.scheduler.advanceTo(t);
  }

  batch(): void {
    throw new RefusedError('batch', 'the event engine processes records one at a time; micro-batches belong to the microbatch engine');
  }

  end(): void {
    // A bounded source ends with Watermark(Long.MAX_VALUE): every event-time window and timer fires (A3).
    if (this.pipeline.time !== 'processing') for (const src of this.sources) this.sourceWatermark(src, MAX_TIME);
    this.flushNetwork();
    // Flink ≥ 1.15 takes a final checkpoint after the tasks finish, so the last 2PC transaction commits.
    if (this.opts.sink === 'transactional' || this.opts.checkpointing) this.checkpoint();
  }

  /** Deliver everything in flight on the channels (advancing the processing clock as far as it takes). */
  private flushNetwork(): void {
    while (this.queues.some((byOp) => byOp.some((q) => q.length > 0))) {
      const next = this.scheduler.nextAt();
      if (next === undefined) break;
      this.scheduler.advanceTo(next);
    }
  }

  // ---- checkpoints (A9): barriers from the sources, alignment at operators and at the sink ----

  private snapshotSubtask(sub: Subtask): SubtaskSnapshot {
    // Key groups are derived from keys: compute each key's once per snapshot.
    const groups = new Map<unknown, number>();
    const kgOf = (key: unknown) => {
      let kg = groups.get(key);
      if (kg === undefined) groups.set(key, (kg = keyGroupFor(key, this.maxP)));
      return kg;
    };
    const timers = (q: TimerQueue) => {
      const out: Array<[number, ...TimerEntry]> = [];
      q.forEachTimer((ts, key, ns) => out.push([kgOf(key), ts, key, ns]));
      return out;
    };
    return {
      watermark: sub.watermark,
      state: sub.backend.snapshot(kgOf),
      eventTimers: timers(sub.eventTimers),
      processingTimers: timers(sub.processingTimers),
    };
  }

  /** Inject barrier n at every source, at its current position. One checkpoint at a time (Flink's default). */
  private triggerCheckpoint(mode: CheckpointMode): PendingCheckpoint | null {
    if (this.inFlight) return null;
    const pc: PendingCheckpoint = {
      id: this.nextCheckpointId++,
      triggeredAt: this.scheduler.now(),
      mode,
      offset: this.logBase + this.logSize,
      subtasks: [],
      channelState: this.subtasks.map(() => []),
      sinkSeen: new Set(),
      done: false,
    };
    this.inFlight = pc;
    for (const src of this.sources) for (const sub of this.subtasks) this.send(src.channel, sub, { k: 'barrier', id: pc.id });
    return pc;
  }

  private onBarrier(c: number, sub: Subtask, id: number): void {
    const pc = this.inFlight;
    if (!pc || pc.id !== id) return; // a barrier of a checkpoint lost in a crash
    if (!sub.barrier || sub.barrier.id !== id) sub.barrier = { id, seen: new Set() };
    const seen = sub.barrier.seen;
    seen.add(c);
    const all = seen.size === this.sources.length;
    if (pc.mode === 'unaligned') {
      // The first barrier overtakes the in-flight data: snapshot now, and keep the records still queued
      // ahead of barrier n on the other channels as channel state (F-CK).
      if (seen.size === 1) {
        pc.channelState[sub.index] = this.inFlightRecords(sub, id, c);
        pc.subtasks[sub.index] = this.snapshotSubtask(sub);
        this.sinkBarrier(sub.index, pc);
      }
      if (all) sub.barrier = null;
      return;
    }
    // Aligned: block this channel until every channel has delivered barrier n. At-least-once: no blocking,
    // so records after the barrier on a fast channel get into the snapshot and are counted again on replay.
    if (pc.mode === 'exactly-once' && !all) sub.blocked[c] = true;
    if (!all) return;
    sub.barrier = null;
    pc.subtasks[sub.index] = this.snapshotSubtask(sub);
    this.sinkBarrier(sub.index, pc);
    for (let ch = 0; ch < sub.blocked.length; ch++) sub.blocked[ch] = false;
    for (let ch = 0; ch < sub.buffered.length; ch++) {
      const buf = sub.buffered[ch]!;
      while (buf.length > 0 && !sub.blocked[ch]) this.dispatch(ch, sub, buf.shift()!);
    }
  }

  /** Records queued on the other channels of `sub` ahead of barrier `id` (unaligned channel state). */
  private inFlightRecords(sub: Subtask, id: number, except: number): ChannelRecord[] {
    const out: ChannelRecord[] = [];
    for (let c = 0; c < this.sources.length; c++) {
      if (c === except) continue;
      for (const { el } of this.queues[c]![sub.index]!) {
        if (el.k === 'barrier' && el.id === id) break;
        if (el.k === 'record') out.push([c, el.key, el.r, el.ts]);
      }
    }
    return out;
  }

  private sinkBarrier(j: number, pc: PendingCheckpoint): void {
    pc.sinkSeen.add(j);
    if (pc.mode !== 'at-least-once') this.sinkBlocked[j] = true;
    if (pc.sinkSeen.size < this.subtasks.length) return;
    // Every operator subtask has acknowledged: the sink snapshots (2PC pre-commit) and the checkpoint completes.
    const sinkState = this.sink.snapshot(pc.id);
    const cp: EventCheckpoint = {
      id: pc.id,
      offset: pc.offset,
      maxParallelism: this.maxP,
      subtasks: pc.subtasks,
      ...(pc.mode === 'unaligned' ? { channelState: pc.channelState } : {}),
      sink: sinkState,
    };
    const { bytes } = this.storage.save(cp);
    pc.done = true;
    this.inFlight = null;
    this.completedCheckpoints++;
    this.log_.checkpoints.push({ id: pc.id, triggeredAt: pc.triggeredAt, completedAt: this.scheduler.now(), bytes });
    if (!pc.loseNotification) this.sink.notifyComplete(pc.id);
    for (let i = 0; i < this.sinkBlocked.length; i++) {
      this.sinkBlocked[i] = false;
      const buf = this.sinkBuffered[i]!;
      this.sinkBuffered[i] = [];
      for (const e of buf) this.sink.write(e);
    }
  }

  /** Trigger a checkpoint without waiting (null while another one is in flight); returns its id. */
  startCheckpoint(mode: CheckpointMode = this.mode): number | null {
    return this.triggerCheckpoint(mode)?.id ?? null;
  }

  /** Take a checkpoint now and wait (on the processing clock) until it completes; returns its id. */
  checkpoint(mode: CheckpointMode = this.mode): number {
    if (this.inFlight) this.awaitCheckpoint(this.inFlight);
    const pc = this.triggerCheckpoint(mode)!;
    this.awaitCheckpoint(pc);
    return pc.id;
  }

  private awaitCheckpoint(pc: PendingCheckpoint): void {
    while (!pc.done) {
      const next = this.scheduler.nextAt();
      if (next === undefined) throw new Error(`checkpoint ${pc.id} cannot complete: no pending deliveries`);
      this.scheduler.advanceTo(next);
    }
  }

  get maxParallelism(): number {
    return this.maxP;
  }

  /** A savepoint: an aligned checkpoint the user keeps (A9); restore it with `restoreSavepoint`. */
  savepoint(): EventCheckpoint {
    this.checkpoint('exactly-once');
    return this.storage.latest()!.data as EventCheckpoint;
  }

  /** Start this (new) job from a savepoint: its log continues the old job's source after the savepoint's offset. */
  restoreSavepoint(sp: EventCheckpoint): void {
    if (this.logSize > 0) throw new InputError('savepoint', 'restore a savepoint into a new job, before any record arrives');
    // Flink: a job whose max parallelism is not set explicitly takes the one its restored state was written
    // with (StateAssignmentOperation); an explicit, different one is refused by `restore` (A8).
    if (this.opts.maxParallelism === undefined && sp.maxParallelism !== this.maxP) {
      checkParallelism(this.parallelism, sp.maxParallelism, 'savepoint');
      this.maxP = sp.maxParallelism;
      this.routes.clear();
      this.build();
    }
    this.restore(sp);
    this.logBase = sp.offset;
    this.storage.save(sp);
  }

  /** Number of checkpoints completed so far. */
  checkpointsCompleted(): number {
    return this.completedCheckpoints;
  }

  restart(): void {
    const cp = this.storage.latest()?.data as EventCheckpoint | undefined;
    this.scheduler.clear();
    this.scheduledProcessingTimes.clear();
    this.ticking = false;
    this.checkpointTimerArmed = false;
    this.sink.crash();
    this.build();
    if (cp) this.restore(cp);
    this.sink.restore(cp?.sink);
    if (cp) this.replayChannelState(cp);
    // Overdue processing-time timers fire at once after a restore (F-D-PF).
    this.scheduler.advanceTo(this.scheduler.now());
    const from = Math.max(0, (cp?.offset ?? this.logBase) - this.logBase);
    this.log_.restarts.push({ at: this.scheduler.now(), fromCheckpoint: cp?.id ?? null, replayed: this.logSize - from });
    if (from < this.logSize) {
      this.ensureTicking();
      this.armCheckpointTimer();
    }
    let offset = 0;
    for (const seg of this.log) {
      for (let i = 0; i < seg.length; i++, offset++) if (offset >= from) this.processRecord(seg[i]!, this.logBase + offset);
    }
  }

  /** Restore operator state; key groups move whole, so any parallelism works with the same maxParallelism. */
  restore(cp: EventCheckpoint): void {
    if (cp.maxParallelism !== this.maxP) {
      throw new RefusedError(
        'engine.maxParallelism',
        `cannot restore keyed state written with maxParallelism ${cp.maxParallelism} into ${this.maxP}`,
      );
    }
    const floor = Math.max(MIN_TIME, ...cp.subtasks.map((s) => s.watermark ?? MAX_TIME));
    for (const sub of this.subtasks) {
      if (sub.operator instanceof WindowOperator) sub.operator.timerFloor = floor;
      const owns = (kg: number) => kg >= sub.range.first && kg <= sub.range.last;
      sub.backend.restore(
        cp.subtasks.map((s) => s.state),
        owns,
      );
      for (const s of cp.subtasks) {
        for (const [kg, ts, key, ns] of s.eventTimers) if (owns(kg)) sub.eventTimers.register(ts, key, ns);
        for (const [kg, ts, key, ns] of s.processingTimers) {
          if (owns(kg) && sub.processingTimers.register(ts, key, ns)) this.scheduleProcessingTimers(ts);
        }
      }
    }
  }

  /** Unaligned: the in-flight records of the snapshot go first, to whichever subtask owns their key now. */
  private replayChannelState(cp: EventCheckpoint): void {
    for (const records of cp.channelState ?? []) {
      for (const [, key, r, ts] of records) {
        const sub = this.subtasks.length === 1 ? this.subtasks[0]! : this.subtasks[this.subtaskOf(key)]!;
        sub.operator.processElement(key, r, this.arrivalTime(ts));
      }
    }
  }

  injectFault(fault: Fault): void {
    switch (fault.kind) {
      case 'crash-during-checkpoint': {
        // Barriers are on their way (with a network delay) when the job dies: the restore uses the previous one.
        this.triggerCheckpoint(this.mode);
        this.restart();
        return;
      }
      case 'crash-before-commit': {
        // Pre-committed, checkpoint complete, notification lost: recovery must commit the transaction (A10).
        if (this.inFlight) this.awaitCheckpoint(this.inFlight);
        const pc = this.triggerCheckpoint(this.mode)!;
        pc.loseNotification = true;
        this.awaitCheckpoint(pc);
        this.restart();
        return;
      }
      case 'slow-task':
        this.slowCost = fault.cost;
        this.slowUntil = this.scheduler.now() + fault.duration;
        this.busyUntil[0] = Math.max(this.busyUntil[0]!, this.scheduler.now());
        return;
    }
  }

  recoveryLog(): RecoveryLog {
    return structuredClone(this.log_);
  }

  /** The source offset a checkpoint taken now would store. */
  logLength(): number {
    return this.logBase + this.logSize;
  }

  currentWatermark(): number | null {
    if (this.pipeline.time === 'processing') return null;
    const wm = this.sinkValve.current;
    return wm === MIN_TIME ? null : wm;
  }

  now(): number {
    return this.scheduler.now();
  }

  /**
   * Everything time-driven is on the scheduler, and the engine stops scheduling once quiet: periodic
   * watermark ticks stop after the ticks that decide idleness (A2), periodic checkpoints after one without
   * new records (which commits the last 2PC transaction, A10); processing-time timers and deliveries on
   * the channels stay until they run.
   */
  nextActivity(): number | null {
    return this.scheduler.nextAt() ?? null;
  }

  /** Records queued on a channel (network delay, back-pressure) or held by an aligned barrier. */
  unread(): number {
    let n = 0;
    for (const byOp of this.queues) for (const q of byOp) for (const { el } of q) if (el.k === 'record') n++;
    for (const sub of this.subtasks) for (const buf of sub.buffered) for (const el of buf) if (el.k === 'record') n++;
    return n;
  }

  drain(): Emission[] {
    const out = this.emissions;
    this.emissions = [];
    return out;
  }

  /** Entries in keyed state across subtasks (window contents, trigger state, user state). */
  stateEntries(): number {
    return this.subtasks.reduce((n, s) => n + s.backend.entryCount(), 0);
  }
}

/** Flink fails the job on a null key: KeyGroupRangeAssignment checks "Assigned key must not be null!" (A8). */
function keyOrFail(key: unknown, r: Rec): unknown {
  if (key === null || key === undefined) {
    throw new InputError('key', `Assigned key must not be null! (Flink fails the job): keyBy gave ${key} for record ${JSON.stringify(r)}`);
  }
  return key;
}
