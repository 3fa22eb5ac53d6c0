// Structured Streaming as a StepEngine (B1–B7). Each batch: offsets/N → Arrow batch → stateful operator
// (late filter on W_{N-1}, eviction on W_N) → state/N → sink.addBatch → watermark update → commits/N.
// The checkpoint directory goes through an injected FileIO; a restart, or a new engine on the same
// directory and source, resumes from it alone (B7), so what the sink shows after a crash is Spark's.
import type { Rec } from '../core/aggregates.ts';
import type { Emission, MainEmission } from '../core/emission.ts';
import type { Fault as EngineFault, RecoveryLog, StepEngine } from '../core/engine.ts';
import { RefusedError } from '../core/errors.ts';
import { feedEach } from '../core/feed.ts';
import type { FileTable } from '../core/files/files-spec.ts';
import { MemoryFileIO } from '../core/memory-file-io.ts';
import type { FeedInput } from '../core/record-source.ts';
import { Scheduler } from '../core/scheduler.ts';
import { SourceLog } from '../core/source-log.ts';
import { aggregateColumns, type BatchSpec, buildBatch, columnsOf } from './arrow-batch.ts';
import { CheckpointLog, type OffsetEntry } from './checkpoint-log.ts';
import { KeyDictionary } from './key-dictionary.ts';
import { KeyedRow } from './keyed-row.ts';
import { MESSAGES } from './messages.ts';
import { batchDuration, type Fault, type FaultPoint, type MicrobatchOptions } from './options.ts';
import { type PartitionedFileSink, partitionedFileSink } from './partitioned-file-sink.ts';
import type { StructuredPlan } from './plan.ts';
import { Scratch } from './scratch.ts';
import { type BatchWatermarks, type RowSink, type StatefulOperator, statefulOperator } from './stateful-operator.ts';
import { type StreamingSink, sinkFor } from './streaming-sinks.ts';
import { StructuredFaults } from './structured-faults.ts';
import type { StructuredRuntime } from './structured-runtime.ts';
import { type BatchRunner, startTrigger, type TriggerHandle } from './trigger-executor.ts';
import { WatermarkTracker } from './watermark-tracker.ts';

/** A finished batch, for tests and the timeline: when it was triggered and when it committed. */
export interface BatchRecord extends OffsetEntry {
  readonly finishedAt: number;
}

export type { StructuredRuntime } from './structured-runtime.ts';

export class StructuredEngine implements StepEngine {
  private readonly scheduler = new Scheduler(0);
  /** The replayable source: offsets are indices; it survives restarts, as Kafka or a file source would. */
  private readonly source: SourceLog;
  private readonly log: CheckpointLog;
  /** Where results become visible; outside the crash domain. */
  readonly sink: StreamingSink;
  private readonly files: PartitionedFileSink | null;
  readonly fileTable = (): FileTable | null => this.files?.table() ?? null;
  // The query process: rebuilt from the checkpoint directory after a crash.
  private keys = new KeyDictionary();
  private operator: StatefulOperator;
  private readonly spec: BatchSpec;
  /** Crashes still to inject (each fires once); `down` from a crash until the next restart. */
  private readonly faults: StructuredFaults;
  /** Processing time at which the batch now executing started (construct), for the recovery log. */
  private startedAt = 0;
  private readonly log_: RecoveryLog = { checkpoints: [], restarts: [] };
  private down = false;
  private readonly history: BatchRecord[] = [];
  private readonly scratch = new Scratch();
  private out: Emission[] = [];
  // One run of the query: rebuilt from the checkpoint log on restart (and for each Once/AvailableNow run).
  private tracker!: WatermarkTracker;
  private nextBatchId = 0;
  private committedEnd = 0;
  private rerun: OffsetEntry | null = null;
  private requiresAnotherBatch = false;
  private trigger: TriggerHandle;
  private readonly runner: BatchRunner<OffsetEntry> = {
    construct: (noData, limit) => this.construct(noData, limit),
    available: () => this.source.end,
    cost: (e) => this.costOf(e),
    finish: (e) => this.finish(e),
  };

  constructor(
    private readonly plan: StructuredPlan,
    private readonly options: MicrobatchOptions,
    runtime: StructuredRuntime = {},
  ) {
    const io = runtime.io ?? new MemoryFileIO();
    this.source = runtime.source ?? new SourceLog();
    const dir = runtime.checkpointDir ?? 'checkpoint';
    this.log = new CheckpointLog(io, dir, runtime.queryId ?? 'streamlab-query');
    // A stateless job's `files`: FileStreamSink with partitionBy, in place of the entry's sink (B7).
    this.files = plan.files && !runtime.sink ? partitionedFileSink(io, runtime.outputDir ?? 'table', plan.files) : null;
    this.sink = runtime.sink ?? this.files ?? sinkFor(options.sink, io, runtime.outputDir ?? `${dir}-sink`);
    this.faults = new StructuredFaults(options.failAt);
    this.operator = statefulOperator(plan, this.keys, this.scratch);
    this.spec = {
      key: plan.key,
      timestamp: plan.timestamp,
      ...aggregateColumns(plan.aggregate),
      streams: plan.streams,
    };
    this.recoverRun(true);
    this.trigger = this.startTrigger();
  }

  /** Records join the source log by reference (never copied); the caller must not mutate them afterwards. */
  add(records: readonly Rec[]): void {
    this.source.append(records);
    if (records.length > 0) this.trigger.dataArrived();
  }

  /** StepEngine.feed (core/feed.ts): each row at its own arrival; the source keeps ranges of `input.records`. */
  feed(input: FeedInput, from: number, to: number): number {
    const wm = this.currentWatermark();
    return feedEach(input, from, to, {
      advance: (t) => this.scheduler.advanceTo(t),
      arrive: (s) => {
        this.source.appendFrom(input.records, s, s + 1);
        this.trigger.dataArrived();
      },
      changed: () => this.out.length > 0 || this.currentWatermark() !== wm,
      nextAt: () => this.scheduler.nextAt(),
    });
  }

  watermark(): void {
    throw new RefusedError('watermark', MESSAGES.noExplicitWatermarks);
  }

  advance(t: number): void {
    this.scheduler.advanceTo(t);
  }

  /** Run the query's trigger now and wait for it: all available data, then the no-data batch where B2 runs one. */
  batch(): void {
    if (this.down) return;
    if (this.trigger.busy) this.trigger.finishNow();
    const noData = this.options.noDataBatches;
    let e: OffsetEntry | null;
    if (this.options.trigger === 'processingTime') {
      while ((e = this.construct(noData)) !== null) this.finish(e);
      return;
    }
    // Once / AvailableNow: each manual run is a fresh run of the query from its checkpoint (same process, state kept).
    if (this.trigger.stopped) this.recoverRun(false);
    this.trigger.stop();
    if (this.options.trigger === 'once') {
      e = this.construct(false);
      if (e !== null) this.finish(e);
    } else {
      const limit = this.source.end;
      while ((e = this.construct(noData, limit)) !== null) this.finish(e);
    }
  }

  /** Every committed batch is a checkpoint (offsets/ + commits/ + state/, B7); there is nothing more to take. */
  checkpoint(): void {}

  /**
   * Crash now (if a fault has not already) and start a new query process: timers, in-flight work, state and
   * key ids are lost; everything is rebuilt from the checkpoint directory, re-running an uncommitted batch.
   * Logged in `recoveryLog().restarts` at the current processing time, from the last committed batch (the
   * checkpoint id is the batch id), with the rows of the batch it re-runs as `replayed`.
   */
  restart(): void {
    this.trigger.stop();
    this.scheduler.clear();
    this.down = false;
    this.recoverRun(true);
    const committed = (this.rerun?.batchId ?? this.nextBatchId) - 1;
    this.log_.restarts.push({
      at: this.scheduler.now(),
      fromCheckpoint: committed >= 0 ? committed : null,
      replayed: this.rerun === null ? 0 : this.rerun.end - this.rerun.start,
    });
    this.trigger = this.startTrigger();
  }

  /**
   * Scenario faults (SCENARIOS.md) on the Spark model. The crashes hit the next batch that executes and the
   * query restarts at once from the checkpoint directory (logged in `recoveryLog().restarts` at the crash time):
   * - `crash-before-commit`: after the sink's addBatch(N), before commits/N (`afterSink`): batch N re-runs,
   *   so a non-idempotent sink shows it twice;
   * - `crash-during-checkpoint`: while offsets/N and state/N are written, before the sink (`afterOffsets`):
   *   batch N re-runs from state N-1, the sink sees it once;
   * - `slow-task`: batches starting in the next `duration` ms take `cost` ms more per input row, on top of
   *   `batchCost`, so an overrun delays the next trigger (B1).
   */
  injectFault(fault: EngineFault): void {
    switch (fault.kind) {
      case 'crash-before-commit':
        this.faults.inject('afterSink');
        return;
      case 'crash-during-checkpoint':
        this.faults.inject('afterOffsets');
        return;
      case 'slow-task':
        this.faults.slowDown(fault.cost, this.scheduler.now() + fault.duration);
        return;
    }
  }

  /** One checkpoint per committed batch (id = batch id), and every restart with the batch it re-ran. */
  recoveryLog(): RecoveryLog {
    const restarts = this.log_.restarts.map((r) => ({ ...r }));
    // Rows re-processed: each restart's re-run batch, plus finished batches whose id ran before (B7).
    const seen = new Set<number>();
    let replayed = restarts.reduce((n, r) => n + r.replayed, 0);
    for (const b of this.history) {
      if (seen.has(b.batchId)) replayed += b.end - b.start;
      seen.add(b.batchId);
    }
    return { checkpoints: this.log_.checkpoints.map((c) => ({ ...c })), restarts, replayed };
  }

  /** Inject a crash: when batch `batchId` reaches `point`, the query dies there and stays down until `restart`. */
  failAt(batchId: number, point: FaultPoint): void {
    this.faults.planned.push({ batchId, point });
  }

  /** Injected crashes that have not fired yet (to hand to a new engine that resumes this query). */
  get pendingFaults(): readonly Fault[] {
    return this.faults.planned;
  }

  /** The query crashed at a fault point and has not been restarted. */
  get isDown(): boolean {
    return this.down;
  }

  /** The query id recorded in the checkpoint directory's `metadata`. */
  get queryId(): string {
    return this.log.queryId;
  }

  /** Spark has no end-of-input watermark: nothing is flushed (SEMANTICS D). */
  end(): void {}

  /** The eviction watermark of the last batch run (B2): what closed windows; null before any or without withWatermark. */
  closingWatermark(): number | null {
    if (!this.tracker.hasOperators) return null;
    return this.history.length > 0 ? this.history[this.history.length - 1]!.watermark : null;
  }

  /** The global watermark recorded at the end of the last batch (0 before any); null without withWatermark. */
  currentWatermark(): number | null {
    return this.tracker.hasOperators ? this.tracker.current() : null;
  }

  now(): number {
    return this.scheduler.now();
  }

  /**
   * The query keeps running after the source goes quiet (D): the next trigger still reads rows already
   * arrived, and a due no-data batch still runs (B2). Quiet once every row is committed, no batch is in
   * flight or to re-run, and no no-data batch is due; a stopped query (Once, AvailableNow, a crash) is quiet.
   */
  nextActivity(): number | null {
    if (this.down || this.trigger.stopped) return null;
    const due =
      this.trigger.busy ||
      this.rerun !== null ||
      this.source.end > this.committedEnd ||
      (this.options.noDataBatches && this.requiresAnotherBatch);
    return due ? (this.scheduler.nextAt() ?? null) : null;
  }

  /** Rows in the source past the last committed batch's end offset. */
  unread(): number {
    return this.source.end - this.committedEnd;
  }

  drain(): Emission[] {
    const o = this.out;
    this.out = [];
    return o;
  }

  /** Finished batches in order (batch ids repeat when an uncommitted batch was re-run). */
  batches(): readonly BatchRecord[] {
    return this.history;
  }

  /** Rows in the state store version of the last committed batch. */
  stateRows(): number {
    return this.operator.stateRows(this.nextBatchId - 1);
  }

  /** StepEngine's managed-state size: the state store's rows. */
  stateEntries(): number {
    return this.stateRows();
  }

  /** A stream-stream join's rows per side in the last committed state version; other operators report none. */
  heldByStream(): Record<string, number> {
    return this.operator.heldByStream?.(this.nextBatchId - 1) ?? {};
  }

  private startTrigger(): TriggerHandle {
    return startTrigger(this.options.trigger, this.options.interval, this.options.noDataBatches, this.scheduler, this.runner);
  }

  /** populateStartOffsets; `fresh`: a new process, so the state store is loaded from state/<N-1>. */
  private recoverRun(fresh: boolean): void {
    const r = this.log.recover();
    if (fresh) {
      this.keys = new KeyDictionary();
      this.operator = statefulOperator(this.plan, this.keys, this.scratch);
      if (r.stateVersion >= 0) this.operator.restore(r.stateVersion, this.log.readState(r.stateVersion));
    }
    this.tracker = new WatermarkTracker(this.plan.delays, this.options.watermarkPolicy);
    this.tracker.set(r.watermark);
    this.nextBatchId = r.nextBatchId;
    this.committedEnd = r.committedEnd;
    this.rerun = r.rerun;
    // A fresh run has no lastExecution, so no no-data batch until new data arrives (MicroBatchExecution).
    this.requiresAnotherBatch = false;
  }

  /** constructNextBatch: a batch runs for new data, or for state cleanup when a no-data batch is due (B2 step 5). */
  private construct(noData: boolean, limit = Number.POSITIVE_INFINITY): OffsetEntry | null {
    if (this.down) return null;
    if (this.rerun !== null) {
      const e = this.rerun;
      this.rerun = null;
      this.startedAt = this.scheduler.now();
      return e;
    }
    const start = this.committedEnd;
    const end = Math.max(start, Math.min(this.source.end, limit));
    if (end === start && !(noData && this.requiresAnotherBatch)) return null;
    if (this.crashesAt(this.nextBatchId, 'beforeOffsets')) return null;
    const e: OffsetEntry = { batchId: this.nextBatchId, start, end, watermark: this.tracker.current(), timestamp: this.scheduler.now() };
    this.log.writeOffsets(e);
    this.startedAt = e.timestamp;
    return e;
  }

  /** Simulated processing time of a batch starting now: `batchCost`, plus the slow task's cost while it lasts. */
  private costOf(e: OffsetEntry): number {
    const rows = e.end - e.start;
    return batchDuration(this.options, rows) + this.faults.slowness(rows, this.scheduler.now());
  }

  private finish(e: OffsetEntry): void {
    if (this.down) return;
    this.faults.executing(e.batchId);
    const records = this.source.read(e.start, e.end);
    // groupBy(key) without a time window and without withWatermark reads no event-time column at all (B4).
    const timestamp =
      this.plan.time === 'processing'
        ? e.timestamp
        : this.plan.window.kind === 'none' && !this.tracker.hasOperators && !this.plan.join && !this.plan.dedup
          ? null
          : this.plan.timestamp;
    const keys = this.keys;
    const cols = columnsOf(buildBatch(records, { ...this.spec, timestamp }, keys, this.scratch), this.scratch);
    const wm: BatchWatermarks = this.tracker.hasOperators
      ? // Spark >= 3.4: late rows are judged against the previous batch's watermark, eviction uses this batch's (B2).
        { late: this.log.offsetsOf(e.batchId - 1)?.watermark ?? e.watermark, evict: e.watermark }
      : { late: null, evict: null };
    const rows: MainEmission[] = [];
    // Spark gives a result row no event-time stamp (window_time would be a column of the user's choosing).
    const collect: RowSink =
      (this.plan.key === undefined && !this.plan.join && !this.plan.dedup) || this.plan.chained
        ? (_k, window, value) => rows.push({ output: 'main', window, value, timestamp: null })
        : (k, window, value) => rows.push(new KeyedRow(keys.valueOf(k), window, value));
    const result = this.operator.execute(e.batchId, cols, wm, collect, records);
    // The state store commits version N inside the batch's tasks, before the driver writes commits/N.
    this.log.writeState(e.batchId, this.operator.snapshot(e.batchId));
    if (this.crashesAt(e.batchId, 'afterOffsets')) return;
    for (const r of this.sink.addBatch(e.batchId, rows)) this.out.push(r);
    if (this.crashesAt(e.batchId, 'afterSink')) return;
    const before = this.tracker.current();
    this.tracker.update(cols);
    const after = this.tracker.current();
    const bytes = this.log.writeCommit({ batchId: e.batchId, nextWatermark: after });
    this.log_.checkpoints.push({ id: e.batchId, triggeredAt: this.startedAt, completedAt: this.scheduler.now(), bytes });
    this.operator.commit(e.batchId);
    this.source.discardBefore(e.end);
    // numRowsDroppedByWatermark is progress of a completed batch: a re-run reports its drops once.
    for (const i of result.droppedRows) this.out.push({ output: 'dropped', record: records[i]! });
    if (after > before) this.out.push({ output: 'watermark', watermark: after });
    const mode = this.plan.outputMode;
    // StateStoreSaveExec.shouldRunAnotherBatch: Append/Update and the new watermark passed this batch's eviction watermark.
    this.requiresAnotherBatch = mode !== 'complete' && this.tracker.hasOperators && after > e.watermark;
    this.nextBatchId = e.batchId + 1;
    this.committedEnd = e.end;
    this.history.push({ ...e, finishedAt: this.scheduler.now() });
    this.crashesAt(e.batchId, 'afterCommit');
  }

  /** If a fault is due at this point of this batch: the process dies here (the trigger stops, nothing more runs). */
  private crashesAt(batchId: number, point: FaultPoint): boolean {
    switch (this.faults.at(batchId, point)) {
      case 'none':
        return false;
      case 'restart':
        this.restart(); // a scenario's crash: the driver is restarted at once, the batch re-runs (B7)
        return true;
      case 'down':
        this.down = true;
        this.trigger.stop();
        return true;
    }
  }
}
