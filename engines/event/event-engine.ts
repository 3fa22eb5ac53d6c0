// The `event` engine (Flink model): source subtasks (watermark generators) → keyBy by Flink key groups →
// keyed operator subtasks (each with a watermark valve over every source channel) → a sink whose valve
// gives the job's output watermark. Everything runs synchronously on the injected processing clock.
import type { Rec } from '../core/aggregates.ts';
import { type CheckpointStorage, InMemoryCheckpointStorage } from '../core/checkpoint-storage.ts';
import type { Emission } from '../core/emission.ts';
import type { StepEngine } from '../core/engine.ts';
import { InputError, RefusedError } from '../core/errors.ts';
import { Scheduler } from '../core/scheduler.ts';
import { HeapKeyedStateBackend, type KeyedStateBackend, type KeyedStateSnapshot } from '../core/state/keyed-state-backend.ts';
import { MAX_TIME, MIN_TIME } from '../core/time.ts';
import { boundedOutOfOrderness, type WatermarkGenerator, type WatermarkOutput, withIdleness } from '../core/watermarks/generators.ts';
import { type ValveOutput, WatermarkValve } from '../core/watermarks/valve.ts';
import { checkParallelism, type KeyGroupRange, keyGroupFor, keyGroupRange, subtaskForKeyGroup } from './key-groups.ts';
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
}

interface Source {
  channel: number;
  stream: string;
  strategy: WatermarkStrategy;
  generator: WatermarkGenerator | null;
  lastEmitted: number;
  maxIngestion: number;
  output: WatermarkOutput;
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
}

interface SubtaskSnapshot {
  state: KeyedStateSnapshot;
  eventTimers: Array<[number, ...TimerEntry]>;
  processingTimers: Array<[number, ...TimerEntry]>;
}

export interface EventCheckpoint {
  offset: number;
  maxParallelism: number;
  subtasks: SubtaskSnapshot[];
}

export class EventEngine implements StepEngine {
  readonly parallelism: number;
  readonly maxParallelism: number;
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

  constructor(
    private readonly pipeline: Pipeline,
    private readonly opts: EventEngineOptions = {},
  ) {
    this.parallelism = opts.parallelism ?? 1;
    this.maxParallelism = opts.maxParallelism ?? 128;
    checkParallelism(this.parallelism, this.maxParallelism);
    this.scheduler = new Scheduler(opts.startTime ?? 0);
    this.storage = opts.checkpointStorage ?? new InMemoryCheckpointStorage();
    this.streams = Object.keys(pipeline.watermarks);
    const periodic = Object.values(pipeline.watermarks).filter((s) => s.kind === 'periodic');
    this.interval = periodic.length > 0 ? Math.min(...periodic.map((s) => (s.kind === 'periodic' ? s.interval : Infinity))) : 0;
    const idleness = periodic.map((s) => (s.kind === 'periodic' ? (s.idleness ?? 0) : 0));
    this.idleTicksNeeded = Math.max(1, ...idleness.map((t) => (t > 0 ? Math.ceil(t / this.interval) + 3 : 1)));
    this.build();
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
        }
        const src: Source = {
          channel,
          stream,
          strategy,
          generator,
          lastEmitted: MIN_TIME,
          maxIngestion: MIN_TIME,
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
    this.subtasks = Array.from({ length: op }, (_, i) => this.makeSubtask(i, op));
  }

  private makeSubtask(index: number, op: number): Subtask {
    const backend = this.opts.stateBackend?.() ?? new HeapKeyedStateBackend();
    const sub = {
      index,
      range: keyGroupRange(index, op, this.maxParallelism),
      backend,
      eventTimers: new TimerQueue(),
      processingTimers: new TimerQueue(),
      valve: new WatermarkValve(this.sources.length),
      watermark: MIN_TIME,
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
      this.emissions.push(
        this.pipeline.keyOf ? { output: 'main', key, window, value, timestamp } : { output: 'main', window, value, timestamp },
      );
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
    for (const sub of this.subtasks) sub.valve.inputWatermark(src.channel, wm, sub.valveOut);
  }

  private sourceIdle(src: Source, idle: boolean): void {
    for (const sub of this.subtasks) sub.valve.inputIdle(src.channel, idle, sub.valveOut);
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
    src.generator?.onEvent(ts, src.output);
    const keyOf = this.pipeline.keyOf;
    if (keyOf === undefined) {
      this.subtasks[0]!.operator.processElement(undefined, r, ts);
      return;
    }
    const key = keyOf(r);
    // One operator subtask owns every key group: skip the hashing (same result, A8).
    const sub = this.subtasks.length === 1 ? this.subtasks[0]! : this.subtasks[this.subtaskOf(key)]!;
    sub.operator.processElement(key, r, ts);
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
      i = subtaskForKeyGroup(keyGroupFor(key, this.maxParallelism), this.parallelism, this.maxParallelism);
      if (this.routes.size >= 100_000) this.routes.clear();
      this.routes.set(key, i);
    }
    return i;
  }

  /** Records arrive now. The engine keeps `records` as its replayable log: do not mutate it afterwards. */
  add(records: readonly Rec[]): void {
    if (records.length === 0) return;
    this.ensureTicking();
    const base = this.logSize;
    this.log.push(records);
    this.logSize += records.length;
    for (let i = 0; i < records.length; i++) this.processRecord(records[i]!, base + i);
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
  }

  // ---- checkpoints ----

  checkpoint(): number {
    const kgOf = (key: unknown) => keyGroupFor(key, this.maxParallelism);
    const timers = (q: TimerQueue) => q.snapshot().map((t): [number, ...TimerEntry] => [kgOf(t[1]), ...t]);
    const cp: EventCheckpoint = {
      offset: this.logSize,
      maxParallelism: this.maxParallelism,
      subtasks: this.subtasks.map((s) => ({
        state: s.backend.snapshot(kgOf),
        eventTimers: timers(s.eventTimers),
        processingTimers: timers(s.processingTimers),
      })),
    };
    return this.storage.save(cp);
  }

  restart(): void {
    const cp = this.storage.latest()?.data as EventCheckpoint | undefined;
    this.scheduler.clear();
    this.scheduledProcessingTimes.clear();
    this.ticking = false;
    this.build();
    if (cp) this.restore(cp);
    // Overdue processing-time timers fire at once after a restore (F-D-PF).
    this.scheduler.advanceTo(this.scheduler.now());
    const from = cp?.offset ?? 0;
    if (from < this.logSize) this.ensureTicking();
    let offset = 0;
    for (const seg of this.log) {
      for (let i = 0; i < seg.length; i++, offset++) if (offset >= from) this.processRecord(seg[i]!, offset);
    }
  }

  /** Restore operator state; key groups move whole, so any parallelism works with the same maxParallelism. */
  restore(cp: EventCheckpoint): void {
    if (cp.maxParallelism !== this.maxParallelism) {
      throw new RefusedError(
        'engine.maxParallelism',
        `cannot restore keyed state written with maxParallelism ${cp.maxParallelism} into ${this.maxParallelism}`,
      );
    }
    for (const sub of this.subtasks) {
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

  /** Records in the source log (the offset a checkpoint taken now would store). */
  logLength(): number {
    return this.logSize;
  }

  currentWatermark(): number | null {
    if (this.pipeline.time === 'processing') return null;
    const wm = this.sinkValve.current;
    return wm === MIN_TIME ? null : wm;
  }

  now(): number {
    return this.scheduler.now();
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
