// The `event` engine (Flink model) as a StepEngine: a facade over a small task runtime (runtime/) —
// source subtasks with their watermark generators, channels with delay and back-pressure, keyed operator
// subtasks with valves, timers and state, and a checkpoint coordinator with one barrier handler per mode.
//   add ─► JobGraph.processRecord ─► SourceSubtask (ts, watermark) ─► Channels ─► OperatorSubtask ─► sink
//   advance ─► Scheduler: periodic watermarks (PeriodicEmitter), deliveries, timers, checkpoints
import type { Rec } from '../core/aggregates.ts';
import { InMemoryCheckpointStorage } from '../core/checkpoint-storage.ts';
import type { Emission } from '../core/emission.ts';
import type { Fault, RecoveryLog, StepEngine } from '../core/engine.ts';
import { InputError, RefusedError } from '../core/errors.ts';
import { feedEach } from '../core/feed.ts';
import { type BucketFileSink, bucketFileSink } from '../core/files/bucket-file-sink.ts';
import type { FileTable } from '../core/files/files-spec.ts';
import { countHeldRecords } from '../core/join-job.ts';
import { MemoryFileIO } from '../core/memory-file-io.ts';
import type { FeedInput } from '../core/record-source.ts';
import { Scheduler } from '../core/scheduler.ts';
import { createSink, type Sink } from '../core/sinks.ts';
import { SourceLog } from '../core/source-log.ts';
import { HeapKeyedStateBackend } from '../core/state/keyed-state-backend.ts';
import { MIN_TIME } from '../core/time.ts';
import { chainedStage } from './chained-stage.ts';
import { regroupSink } from './join-group-stage.ts';
import { checkParallelism, defaultMaxParallelism } from './key-groups.ts';
import { MESSAGES } from './messages.ts';
import type { EventEngineOptions } from './options.ts';
import type { Pipeline } from './pipeline.ts';
import { recordsJoinSink } from './records-join-stage.ts';
import type { CheckpointMode } from './runtime/barrier-handler.ts';
import { Channels } from './runtime/channels.ts';
import { CheckpointCoordinator, type EventCheckpoint } from './runtime/checkpoint-coordinator.ts';
import { JobGraph } from './runtime/job-graph.ts';
import { PeriodicEmitter } from './runtime/source-subtask.ts';

export type { EventEngineOptions } from './options.ts';
export type { CheckpointMode } from './runtime/barrier-handler.ts';
export type { EventCheckpoint } from './runtime/checkpoint-coordinator.ts';

export class EventEngine implements StepEngine {
  readonly parallelism: number;
  private readonly scheduler: Scheduler;
  private readonly sink: Sink;
  private readonly files: BucketFileSink | null;
  private readonly channels: Channels;
  private readonly coordinator: CheckpointCoordinator;
  private readonly graph: JobGraph;
  private readonly emitter: PeriodicEmitter;
  /** The replayable source: what `add` gave, by offset (a savepoint's job continues its offsets). */
  private log = new SourceLog();
  private emissions: Emission[] = [];
  private readonly restarts: RecoveryLog['restarts'] = [];

  constructor(
    private readonly pipeline: Pipeline,
    private readonly opts: EventEngineOptions = {},
  ) {
    this.parallelism = opts.parallelism ?? 1;
    const maxP = opts.maxParallelism ?? defaultMaxParallelism(this.parallelism);
    checkParallelism(this.parallelism, maxP);
    const recordCost = opts.recordCost ?? 0;
    if (!Number.isFinite(recordCost) || recordCost < 0) throw new InputError('recordCost', MESSAGES.recordCost);
    const interval = opts.checkpointing?.interval;
    if (interval !== undefined && !(interval > 0)) throw new InputError('checkpoint.interval', MESSAGES.checkpointInterval(interval));
    this.scheduler = new Scheduler(opts.startTime ?? 0);
    // A file sink (Flink's filesystem connector) writes a table through FileIO, in memory here (no I/O in
    // engines/); the scenario runner writes the table it leaves to disk.
    const files = opts.files
      ? bucketFileSink(
          opts.files,
          new MemoryFileIO(),
          'table',
          () => this.scheduler.now(),
          (e) => this.emissions.push(e),
        )
      : null;
    this.files = files;
    const sink = files ?? createSink(opts.sink ?? 'plain', (e) => this.emissions.push(e));
    // A chained job's second aggregation sits in front of the sink and fires on the job's watermark.
    const stage = pipeline.chained ? chainedStage(pipeline.chained, sink) : null;
    // A join's second GROUP BY regroups the first one's changelog in front of the sink (join-group-stage.ts).
    // A window result joined back to its records: the regular join in front of the sink (records-join-stage.ts).
    this.sink =
      stage ??
      (pipeline.regroup
        ? regroupSink(pipeline.regroup, sink)
        : pipeline.recordsJoin
          ? recordsJoinSink(pipeline.recordsJoin, pipeline.timestampOf, sink)
          : sink);
    this.channels = new Channels(this.scheduler, { network: opts.network, recordCost }, (c, sub, el) => this.graph.deliver(c, sub, el));
    const backend = () => opts.stateBackend?.() ?? new HeapKeyedStateBackend();
    const emit = (e: Emission) => {
      if (stage && e.output === 'watermark') stage.onWatermark(e.watermark);
      if (files && e.output === 'watermark') files.onWatermark(e.watermark);
      this.emissions.push(e);
    };
    const [offset, coordinator] = [() => this.log.end, () => this.coordinator];
    this.graph = new JobGraph(pipeline, this.parallelism, maxP, {
      scheduler: this.scheduler,
      channels: this.channels,
      coordinator,
      backend,
      emit,
      offset,
    });
    const mode = opts.checkpointing?.mode ?? opts.checkpointMode ?? 'exactly-once';
    const storage = opts.checkpointStorage ?? new InMemoryCheckpointStorage();
    this.coordinator = new CheckpointCoordinator(this.scheduler, storage, this.sink, { interval, mode }, this.graph);
    const strategies = Object.values(pipeline.watermarks);
    const intervals = strategies.flatMap((s) => (s.kind === 'periodic' || s.kind === 'generator' ? [s.interval] : []));
    this.emitter = new PeriodicEmitter(
      this.scheduler,
      intervals.length > 0 ? Math.min(...intervals) : 0,
      strategies,
      () => this.graph.sources,
    );
    this.graph.build();
  }

  /** Records arrive now. The engine keeps `records` as its replayable log: do not mutate it afterwards. */
  add(records: readonly Rec[]): void {
    if (records.length === 0) return;
    this.emitter.activity();
    this.coordinator.activity();
    const base = this.log.end;
    this.log.append(records);
    this.graph.processRecords(records, base);
  }

  /** StepEngine.feed (core/feed.ts): each event at its own arrival; the log keeps ranges of `input.records`, not records. */
  feed(input: FeedInput, from: number, to: number): number {
    const wm = this.graph.watermark;
    return feedEach(input, from, to, {
      advance: (t) => this.scheduler.advanceTo(t),
      arrive: (s) => {
        this.emitter.activity();
        this.coordinator.activity();
        const offset = this.log.end;
        this.log.appendFrom(input.records, s, s + 1);
        this.graph.processRecord(input.records.record(s), offset);
      },
      changed: () => this.emissions.length > 0 || this.graph.watermark !== wm,
      nextAt: () => this.scheduler.nextAt(),
    });
  }

  watermark(wm: number, stream?: string): void {
    if (Object.values(this.pipeline.watermarks).some((s) => s.kind !== 'explicit')) {
      throw new RefusedError('watermark', MESSAGES.explicitWatermarksNeedJob);
    }
    this.graph.emitWatermark(wm, stream);
  }

  advance(t: number): void {
    this.scheduler.advanceTo(t);
  }

  batch(): void {
    throw new RefusedError('batch', MESSAGES.batchStep);
  }

  end(): void {
    // A bounded source ends with Watermark(Long.MAX_VALUE): every event-time window and timer fires (A3).
    this.graph.endOfInput();
    this.channels.flush();
    // Flink ≥ 1.15 takes a final checkpoint after the tasks finish, so the last 2PC transaction commits.
    if (this.opts.sink === 'transactional' || this.opts.checkpointing) this.checkpoint();
  }

  fileTable(): FileTable | null {
    return this.files?.table() ?? null;
  }

  /** Trigger a checkpoint without waiting (null while another one is in flight); returns its id. */
  startCheckpoint(mode: CheckpointMode = this.coordinator.mode): number | null {
    return this.coordinator.trigger(mode);
  }

  /** Take a checkpoint now and wait (on the processing clock) until it completes; returns its id. */
  checkpoint(mode: CheckpointMode = this.coordinator.mode): number {
    return this.coordinator.checkpoint(mode);
  }

  get maxParallelism(): number {
    return this.graph.maxParallelism;
  }

  /** A savepoint: an aligned checkpoint the user keeps (A9); restore it with `restoreSavepoint`. */
  savepoint(): EventCheckpoint {
    this.checkpoint('exactly-once');
    return this.coordinator.latest()!;
  }

  /** Start this (new) job from a savepoint: its log continues the old job's source after the savepoint's offset. */
  restoreSavepoint(sp: EventCheckpoint): void {
    if (this.log.size > 0) throw new InputError('savepoint', MESSAGES.savepointIntoNewJob);
    // Flink: a job whose max parallelism is not set explicitly takes the one its restored state was written
    // with (StateAssignmentOperation); an explicit, different one is refused by `restore` (A8).
    if (this.opts.maxParallelism === undefined && sp.maxParallelism !== this.graph.maxParallelism) {
      checkParallelism(this.parallelism, sp.maxParallelism, 'savepoint');
      this.graph.maxParallelism = sp.maxParallelism;
      this.graph.build();
    }
    this.restore(sp);
    this.log = new SourceLog(sp.offset);
    this.coordinator.adopt(sp);
  }

  /** Number of checkpoints completed so far. */
  checkpointsCompleted(): number {
    return this.coordinator.checkpointsCompleted;
  }

  /**
   * Crash and recover: a new graph, state and timers from the latest completed checkpoint (unaligned: its
   * in-flight records first), the sink recovering its transactions (A10), the source rewound to the
   * checkpoint's offset and replayed. Overdue processing-time timers fire at once (F-D-PF).
   */
  restart(): void {
    const cp = this.coordinator.latest();
    this.scheduler.clear();
    this.emitter.stop();
    this.coordinator.crash();
    this.sink.crash();
    this.graph.build();
    if (cp) this.restore(cp);
    this.sink.restore(cp?.sink);
    if (cp) this.graph.replayChannelState(cp);
    this.scheduler.advanceTo(this.scheduler.now());
    const from = Math.max(this.log.base, cp?.offset ?? this.log.base);
    this.restarts.push({ at: this.scheduler.now(), fromCheckpoint: cp?.id ?? null, replayed: this.log.end - from });
    if (from < this.log.end) {
      this.emitter.activity();
      this.coordinator.activity();
    }
    this.log.forEachChunkFrom(from, (records, offset) => this.graph.processRecords(records, offset));
  }

  /** Restore operator state; key groups move whole, so any parallelism works with the same maxParallelism. */
  restore(cp: EventCheckpoint): void {
    if (cp.maxParallelism !== this.graph.maxParallelism) {
      throw new RefusedError('engine.maxParallelism', MESSAGES.maxParallelismChanged(cp.maxParallelism, this.graph.maxParallelism));
    }
    this.graph.restore(cp);
  }

  injectFault(fault: Fault): void {
    switch (fault.kind) {
      case 'crash-during-checkpoint':
        // Barriers are on their way (with a network delay) when the job dies: the restore uses the previous one.
        this.coordinator.trigger(this.coordinator.mode);
        this.restart();
        return;
      case 'crash-before-commit':
        // Pre-committed, checkpoint complete, notification lost: recovery must commit the transaction (A10).
        this.coordinator.checkpoint(this.coordinator.mode, true);
        this.restart();
        return;
      case 'slow-task':
        this.channels.slowDown(fault.cost, fault.duration);
        return;
    }
  }

  recoveryLog(): RecoveryLog {
    return structuredClone({ checkpoints: this.coordinator.completed, restarts: this.restarts });
  }

  /** The source offset a checkpoint taken now would store. */
  logLength(): number {
    return this.log.end;
  }

  currentWatermark(): number | null {
    if (this.pipeline.time === 'processing') return null;
    const wm = this.graph.watermark;
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
    return this.channels.queuedRecords() + this.graph.subtasks.reduce((n, s) => n + s.bufferedRecords(), 0);
  }

  drain(): Emission[] {
    const out = this.emissions;
    this.emissions = [];
    return out;
  }

  /** Entries in keyed state across subtasks (window contents, trigger state, user state). */
  stateEntries(): number {
    return this.graph.subtasks.reduce((n, s) => n + s.backend.entryCount(), 0);
  }

  /** Records per input stream in keyed state: the window contents of a window join, the interval / regular join buffers. */
  heldByStream(): Record<string, number> {
    const counts = new Map<string, number>();
    for (const s of this.graph.subtasks) s.backend.forEachValue((v) => countHeldRecords(v, counts));
    return Object.fromEntries(counts);
  }
}
