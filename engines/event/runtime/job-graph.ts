// The physical graph of one event-engine job (A8): P source subtasks per input stream → channels →
// keyed operator subtasks (each owning a contiguous key-group range) → the sink valve, whose output is the
// job's watermark. One record path: timestamp and watermark at its source subtask, key → key group →
// operator subtask, then straight to the operator when nothing can be ahead of it on the channel.
import type { Rec } from '../../core/aggregates.ts';
import type { Emission, MainEmission } from '../../core/emission.ts';
import { InputError } from '../../core/errors.ts';
import type { Scheduler } from '../../core/scheduler.ts';
import type { KeyedStateBackend } from '../../core/state/keyed-state-backend.ts';
import { MAX_TIME, MIN_TIME } from '../../core/time.ts';
import { type ValveOutput, WatermarkValve } from '../../core/watermarks/valve.ts';
import { keyGroupFor, keyGroupRange, subtaskForKeyGroup } from '../key-groups.ts';
import type { KeyedOperator } from '../keyed-operator.ts';
import { MESSAGES } from '../messages.ts';
import { makeKeyedOperator } from '../operator-factory.ts';
import type { Pipeline } from '../pipeline.ts';
import type { OperatorServices } from '../window-operator.ts';
import type { ChannelRecord, Channels } from './channels.ts';
import type { CheckpointCoordinator, CheckpointGraph, EventCheckpoint } from './checkpoint-coordinator.ts';
import { OperatorSubtask } from './operator-subtask.ts';
import { SourceSubtask } from './source-subtask.ts';

export interface GraphServices {
  scheduler: Scheduler;
  /** The source offset a checkpoint taken now stores (the end of the replayable log). */
  offset(): number;
  channels: Channels;
  coordinator: () => CheckpointCoordinator;
  backend: () => KeyedStateBackend;
  /** Late and dropped records, and the job's watermark, as emissions. */
  emit(e: Emission): void;
}

export class JobGraph implements CheckpointGraph {
  readonly streams: string[];
  sources: SourceSubtask[] = [];
  subtasks: OperatorSubtask[] = [];
  private sinkValve = new WatermarkValve(1);
  private readonly globalWindows: boolean;
  private readonly scheduledWakeUps = new Set<number>();
  // key → operator subtask, memoized (bounded): hashing a string key per record is the costly part of keyBy.
  private readonly routes = new Map<unknown, number>();

  constructor(
    private readonly pipeline: Pipeline,
    readonly parallelism: number,
    public maxParallelism: number,
    private readonly svc: GraphServices,
  ) {
    this.streams = Object.keys(pipeline.watermarks);
    const o = pipeline.operator;
    this.globalWindows = o.kind === 'window' && o.config.assigner.global;
  }

  /** Build (or rebuild after a crash) every subtask; the old backends go with the old subtasks. */
  build(): void {
    const p = this.parallelism;
    const downstream = {
      watermark: (c: number, wm: number) => this.broadcast(c, { kind: 'watermark', watermark: wm }),
      status: (c: number, idle: boolean) => this.broadcast(c, { kind: 'status', idle }),
    };
    this.sources = this.streams.flatMap((stream, s) =>
      Array.from({ length: p }, (_, i) => new SourceSubtask(s * p + i, stream, this.pipeline.watermarks[stream]!, downstream)),
    );
    const op = this.pipeline.keyOf ? p : 1;
    this.sinkValve = new WatermarkValve(op);
    for (const sub of this.subtasks) sub.backend.dispose?.();
    this.subtasks = Array.from({ length: op }, (_, i) => this.makeSubtask(i, op));
    this.routes.clear();
    this.scheduledWakeUps.clear();
    this.svc.channels.reset(this.sources.length, op);
    this.svc.coordinator().reset(op);
  }

  private readonly sinkOut: ValveOutput = {
    watermark: (wm) => this.svc.emit({ output: 'watermark', watermark: wm }),
  };

  private makeSubtask(index: number, op: number): OperatorSubtask {
    const { scheduler } = this.svc;
    const o = this.pipeline.operator;
    const keyed = this.pipeline.keyOf !== undefined;
    const write = (key: unknown, window: { start: number; end: number } | null, value: unknown, timestamp: number | null) => {
      const e: MainEmission = keyed ? { output: 'main', key, window, value, timestamp } : { output: 'main', window, value, timestamp };
      this.svc.coordinator().write(index, e); // the sink aligns on barriers too
    };
    const makeOperator = (svc: OperatorServices): KeyedOperator =>
      makeKeyedOperator(o, svc, {
        main: write,
        late: (record) => this.svc.emit({ output: 'late', record }),
        dropped: (record) => this.svc.emit({ output: 'dropped', record }),
      });
    return new OperatorSubtask(
      index,
      keyGroupRange(index, op, this.maxParallelism),
      this.sources.length,
      this.svc.backend(),
      makeOperator,
      {
        now: () => scheduler.now(),
        arrival: (ts) => (this.pipeline.time === 'processing' ? scheduler.now() : ts),
        wakeAt: (t) => this.wakeAt(t),
        watermark: (i, wm) => this.sinkValve.inputWatermark(i, wm, this.sinkOut),
        status: (i, idle) => this.sinkValve.inputIdle(i, idle, this.sinkOut),
        barrier: (c, sub, id) => this.svc.coordinator().onBarrier(c, sub, id),
      },
    );
  }

  /** Processing-time timers due at `t`: one wake-up per instant for every subtask. */
  private wakeAt(t: number): void {
    if (this.scheduledWakeUps.has(t)) return;
    this.scheduledWakeUps.add(t);
    this.svc.scheduler.at(t, () => {
      this.scheduledWakeUps.delete(t);
      const now = this.svc.scheduler.now();
      for (const sub of this.subtasks) sub.fireProcessingTimers(now);
    });
  }

  private broadcast(c: number, el: { kind: 'watermark'; watermark: number } | { kind: 'status'; idle: boolean }): void {
    for (const sub of this.subtasks) this.svc.channels.send(c, sub.index, el);
  }

  /** Channel `c`'s element reached operator subtask `sub`. */
  deliver(c: number, sub: number, el: Parameters<OperatorSubtask['deliver']>[1]): void {
    this.subtasks[sub]!.deliver(c, el);
  }

  /**
   * Records at source offsets `base`, `base + 1`, …: record i goes to its stream's source subtask
   * `(base + i) % P`, through the stateless steps, gets its timestamp and feeds the watermark generator,
   * then goes by key group to its operator subtask — straight to the operator when nothing can be ahead of
   * it on the channel, else onto the channel.
   */
  processRecords(records: readonly Rec[], base: number): void {
    for (let i = 0; i < records.length; i++) this.processRecord(records[i]!, base + i);
  }

  /** One record at source offset `offset` (processRecords, and the runner's feed one event at a time). */
  processRecord(record: Rec, offset: number): void {
    const { steps, keyOf, timestampOf } = this.pipeline;
    const eventTime = this.pipeline.time === 'event';
    const src = this.streams.length === 1 ? this.sources[offset % this.parallelism]! : this.sourceOf(record, offset);
    const outputs = steps.length === 0 ? null : this.applySteps(record);
    const channels = this.svc.channels;
    for (let j = 0, n = outputs === null ? 1 : outputs.length; j < n; j++) {
      const r = outputs === null ? record : outputs[j]!;
      const t = eventTime ? timestampOf(r) : Number.NaN;
      const ts =
        typeof t === 'number' && Number.isFinite(t) ? t : src.timestampFor(r, this.pipeline, this.svc.scheduler.now(), this.globalWindows);
      src.generator?.onEvent(ts, src.output, r);
      // null for un-keyed streams, never undefined: keys go through JSON in checkpoints.
      const key = keyOf === undefined ? null : keyOrFail(keyOf(r), r);
      // One operator subtask owns every key group: skip the hashing (same result, A8).
      const sub = this.subtasks.length === 1 ? this.subtasks[0]! : this.subtasks[this.subtaskOf(key)]!;
      if (channels.direct && !sub.blocked[src.channel]) sub.process(key, r, ts);
      else channels.send(src.channel, sub.index, { kind: 'record', key, record: r, ts });
    }
  }

  private sourceOf(record: Rec, offset: number): SourceSubtask {
    const s = this.streams.indexOf(record.stream as string);
    if (s < 0) throw new InputError('stream', MESSAGES.unknownStream(record.stream, this.streams));
    return this.sources[s * this.parallelism + (offset % this.parallelism)]!;
  }

  private applySteps(record: Rec): Rec[] {
    let batch: Rec[] = [record];
    for (const step of this.pipeline.steps) {
      if (step.kind === 'map') batch = batch.map(step.fn);
      else if (step.kind === 'filter') batch = batch.filter(step.fn);
      else batch = batch.flatMap(step.fn);
    }
    return batch;
  }

  private subtaskOf(key: unknown): number {
    let i = this.routes.get(key);
    if (i === undefined) {
      i = subtaskForKeyGroup(keyGroupFor(key, this.maxParallelism), this.parallelism, this.maxParallelism);
      if (this.routes.size >= 100_000) this.routes.clear();
      this.routes.set(key, i);
    }
    return i;
  }

  /** Every source emits `wm` (explicit watermarks; MAX at the end of a bounded input, A3). */
  emitWatermark(wm: number, stream?: string): void {
    if (stream !== undefined && !this.streams.includes(stream))
      throw new InputError('stream', MESSAGES.unknownStream(stream, this.streams));
    for (const src of this.sources) if (stream === undefined || src.stream === stream) src.emitWatermark(wm);
  }

  endOfInput(): void {
    if (this.pipeline.time !== 'processing') this.emitWatermark(MAX_TIME);
  }

  injectBarrier(id: number): void {
    for (const src of this.sources)
      for (const sub of this.subtasks) this.svc.channels.send(src.channel, sub.index, { kind: 'barrier', id });
  }

  /** Restore operator state and timers; key groups move whole, so any parallelism works with the same maxParallelism. */
  restore(cp: EventCheckpoint): void {
    const floor = Math.max(MIN_TIME, ...cp.subtasks.map((s) => s.watermark ?? MAX_TIME));
    for (const sub of this.subtasks) sub.restore(cp.subtasks, floor);
  }

  /** Unaligned: the in-flight records of the snapshot go first, to whichever subtask owns their key now. */
  replayChannelState(cp: EventCheckpoint): void {
    for (const records of cp.channelState ?? []) {
      for (const [, key, r, ts] of records as ChannelRecord[]) {
        const sub = this.subtasks.length === 1 ? this.subtasks[0]! : this.subtasks[this.subtaskOf(key)]!;
        sub.process(key, r, this.pipeline.time === 'processing' ? this.svc.scheduler.now() : ts);
      }
    }
  }

  get channelCount(): number {
    return this.sources.length;
  }

  offset(): number {
    return this.svc.offset();
  }

  recordsAhead(sub: OperatorSubtask, id: number, except: number): ChannelRecord[] {
    return this.svc.channels.recordsAhead(sub.index, id, except);
  }

  /** The job's output watermark (MIN until the first). */
  get watermark(): number {
    return this.sinkValve.current;
  }
}

/** Flink fails the job on a null key: KeyGroupRangeAssignment checks "Assigned key must not be null!" (A8). */
function keyOrFail(key: unknown, r: Rec): unknown {
  if (key === null || key === undefined) throw new InputError('key', MESSAGES.nullKey(key, r));
  return key;
}
