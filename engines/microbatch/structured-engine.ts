// Structured Streaming as a StepEngine (B1–B7). Each batch: offsets/N → Arrow batch → stateful operator
// (late filter on W_{N-1}, eviction on W_N) → sink → watermark update → commits/N and state version N.
import type { Rec } from '../core/aggregates.ts';
import type { Emission } from '../core/emission.ts';
import type { StepEngine } from '../core/engine.ts';
import { RefusedError } from '../core/errors.ts';
import { Scheduler } from '../core/scheduler.ts';
import { type BatchSpec, buildBatch, columnsOf } from './arrow-batch.ts';
import { CheckpointLog, type OffsetEntry } from './checkpoint-log.ts';
import { KeyDictionary } from './key-dictionary.ts';
import { batchDuration, type MicrobatchOptions } from './options.ts';
import type { StructuredPlan } from './plan.ts';
import { Scratch } from './scratch.ts';
import { SourceLog } from './source-log.ts';
import { type BatchWatermarks, type RowSink, type StatefulOperator, statefulOperator } from './stateful-operator.ts';
import { type BatchRunner, startTrigger, type TriggerHandle } from './trigger-executor.ts';
import { WatermarkTracker } from './watermark-tracker.ts';

/** A finished batch, for tests and the timeline: when it was triggered and when it committed. */
export interface BatchRecord extends OffsetEntry {
  readonly finishedAt: number;
}

export class StructuredEngine implements StepEngine {
  private readonly scheduler = new Scheduler(0);
  /** The replayable source: offsets are indices; it survives restarts, as Kafka or a file source would. */
  private readonly source = new SourceLog();
  private readonly log = new CheckpointLog();
  private readonly keys = new KeyDictionary();
  private readonly operator: StatefulOperator;
  private readonly spec: BatchSpec;
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
    cost: (e) => batchDuration(this.options, e.end - e.start),
    finish: (e) => this.finish(e),
  };

  constructor(
    private readonly plan: StructuredPlan,
    private readonly options: MicrobatchOptions,
  ) {
    this.operator = statefulOperator(plan, this.keys, this.scratch);
    const fn = plan.aggregate.fn;
    this.spec = {
      key: plan.key,
      timestamp: plan.timestamp,
      value: fn === 'count' || fn === 'collect' ? undefined : plan.aggregate.field,
      collect: fn === 'collect' ? plan.aggregate.field : undefined,
      streams: plan.streams,
    };
    this.recoverRun();
    this.trigger = this.startTrigger();
  }

  /** Records join the source log by reference (never copied); the caller must not mutate them afterwards. */
  add(records: readonly Rec[]): void {
    this.source.append(records);
  }

  watermark(): void {
    throw new RefusedError(
      'watermark',
      'explicit watermarks are not allowed for microbatch: Spark computes its watermark at the end of each batch',
    );
  }

  advance(t: number): void {
    this.scheduler.advanceTo(t);
  }

  /** Run the query's trigger now and wait for it: all available data, then the no-data batch where B2 runs one. */
  batch(): void {
    if (this.trigger.busy) this.trigger.finishNow();
    const noData = this.options.noDataBatches;
    let e: OffsetEntry | null;
    if (this.options.trigger === 'processingTime') {
      while ((e = this.construct(noData)) !== null) this.finish(e);
      return;
    }
    // Once / AvailableNow: each manual run is a fresh run of the query from its checkpoint.
    if (this.trigger.stopped) this.recoverRun();
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

  /** Crash: timers and in-flight work are lost; resume from the checkpoint log, re-running an uncommitted batch. */
  restart(): void {
    this.trigger.stop();
    this.scheduler.clear();
    this.recoverRun();
    this.trigger = this.startTrigger();
  }

  /** Spark has no end-of-input watermark: nothing is flushed (SEMANTICS D). */
  end(): void {}

  /** The global watermark recorded at the end of the last batch (0 before any); null without withWatermark. */
  currentWatermark(): number | null {
    return this.tracker.hasOperators ? this.tracker.current() : null;
  }

  now(): number {
    return this.scheduler.now();
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

  private startTrigger(): TriggerHandle {
    return startTrigger(this.options.trigger, this.options.interval, this.options.noDataBatches, this.scheduler, this.runner);
  }

  private recoverRun(): void {
    const r = this.log.recover();
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
    if (this.rerun !== null) {
      const e = this.rerun;
      this.rerun = null;
      return e;
    }
    const start = this.committedEnd;
    const end = Math.max(start, Math.min(this.source.end, limit));
    if (end === start && !(noData && this.requiresAnotherBatch)) return null;
    const e: OffsetEntry = { batchId: this.nextBatchId, start, end, watermark: this.tracker.current(), timestamp: this.scheduler.now() };
    this.log.writeOffsets(e);
    return e;
  }

  private finish(e: OffsetEntry): void {
    const records = this.source.read(e.start, e.end);
    const timestamp = this.plan.time === 'processing' ? e.timestamp : this.plan.timestamp;
    const cols = columnsOf(buildBatch(records, { ...this.spec, timestamp }, this.keys, this.scratch), this.scratch);
    const wm: BatchWatermarks = this.tracker.hasOperators
      ? // Spark >= 3.4: late rows are judged against the previous batch's watermark, eviction uses this batch's (B2).
        { late: this.log.offsetsOf(e.batchId - 1)?.watermark ?? e.watermark, evict: e.watermark }
      : { late: null, evict: null };
    const out = this.out;
    const keys = this.keys;
    // Spark gives a result row no event-time stamp (window_time would be a column of the user's choosing).
    const sink: RowSink =
      this.plan.key === undefined
        ? (_k, window, value) => out.push({ output: 'main', window, value, timestamp: null })
        : (k, window, value) => out.push({ output: 'main', key: keys.valueOf(k), window, value, timestamp: null });
    const result = this.operator.execute(e.batchId, cols, wm, sink);
    for (const i of result.droppedRows) this.out.push({ output: 'dropped', record: records[i]! });
    const before = this.tracker.current();
    this.tracker.update(cols);
    const after = this.tracker.current();
    this.log.writeCommit({ batchId: e.batchId, nextWatermark: after });
    this.operator.commit(e.batchId);
    this.source.discardBefore(e.end);
    if (after > before) this.out.push({ output: 'watermark', watermark: after });
    const mode = this.plan.outputMode;
    // StateStoreSaveExec.shouldRunAnotherBatch: Append/Update and the new watermark passed this batch's eviction watermark.
    this.requiresAnotherBatch = mode !== 'complete' && this.tracker.hasOperators && after > e.watermark;
    this.nextBatchId = e.batchId + 1;
    this.committedEnd = e.end;
    this.history.push({ ...e, finishedAt: this.scheduler.now() });
  }
}
