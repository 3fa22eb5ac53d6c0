// The `tuple` engine: Storm core (Spout/Bolt API; no Trident, no stateful bolts) running the
// declarative job on the virtual clock, with Storm ≥1.0 BaseWindowedBolt or tick-tuple windows.
// No checkpoints: a restart crashes every bolt task, which comes back empty (C1); replays come by timeout.
// Fault hooks for the scenario runner: slow-task slows the window bolt's first task (back-pressure; with
// acking, trees time out although processed and replay as duplicates, C2); checkpoint and commit crashes
// are refused, Storm core having neither checkpoints nor transactional sinks (C1).

import type { Rec } from '../core/aggregates.ts';
import type { Emission } from '../core/emission.ts';
import type { Fault, RecoveryLog, StepEngine } from '../core/engine.ts';
import { RefusedError } from '../core/errors.ts';
import { feedEach } from '../core/feed.ts';
import type { FileTable } from '../core/files/files-spec.ts';
import type { Job } from '../core/job.ts';
import { countHeldRecords, isJoinJob, type JoinJob } from '../core/join-job.ts';
import { MemoryFileIO } from '../core/memory-file-io.ts';
import type { TopNJob } from '../core/rank-job.ts';
import type { FeedInput } from '../core/record-source.ts';
import { SourceLog } from '../core/source-log.ts';
import { isStatelessJob, type StatelessJob } from '../core/stateless-job.ts';
import { compileJob, WINDOW } from './compile-job.ts';
import { compileStatelessJob } from './compile-stateless.ts';
import type { Bolt } from './components.ts';
import { type HdfsSink, hdfsSink } from './hdfs-bolt.ts';
import { checkTupleJob } from './job-checks.ts';
import { checkTupleJoin, compileJoinJob } from './join-bolt.ts';
import { MESSAGES } from './messages.ts';
import type { TupleOptions } from './module.ts';
import type { SourceCounters } from './replayable-spout.ts';
import { Runtime } from './runtime.ts';
import { checkTupleTopN, compileTopNJob } from './top-n-bolt.ts';
import type { TopologySpec } from './topology.ts';
import type { Tuple } from './tuple.ts';

export interface TupleStats {
  /** Records emitted by the spout for the first time. */
  emitted: number;
  /** Re-emissions after a fail or timeout. */
  replayed: number;
  /** Trees completed (with acking off: records emitted, acked at once). */
  acked: number;
  /** Trees failed by a bolt. */
  failed: number;
  /** Trees failed by the message timeout. */
  timedOut: number;
  /** Roots still pending at the spout. */
  pending: number;
  /** Tuples that were queued at a task when it crashed. */
  lostInCrash: number;
}

export class TupleEngine implements StepEngine {
  private readonly runtime: Runtime;
  private readonly log = new SourceLog();
  private readonly source: SourceCounters = { emitted: 0, replayed: 0, acked: 0 };
  private out: Emission[] = [];
  private lastWatermark: number | null = null;
  private readonly restarts: RecoveryLog['restarts'] = [];
  private files: HdfsSink | null = null;
  readonly fileTable = (): FileTable | null => this.files?.table() ?? null;

  constructor(
    private readonly job: Job | JoinJob | TopNJob | StatelessJob,
    options: TupleOptions,
  ) {
    const io = { log: this.log, source: this.source, emit: (e: Emission) => this.out.push(e), onWatermark: () => this.watermarkMoved() };
    let spec: TopologySpec;
    if (isStatelessJob(job)) {
      // A file sink: storm-hdfs's HdfsBolt writing through FileIO, in memory here (the CLI writes it to disk).
      this.files = job.files ? hdfsSink(job.files, new MemoryFileIO(), 'table', (e) => this.out.push(e)) : null;
      spec = compileStatelessJob(job, options, io, this.files ?? undefined);
    } else if (isJoinJob(job)) {
      checkTupleJoin(job, options);
      spec = compileJoinJob(job, options, io);
    } else if ('topN' in job) {
      checkTupleTopN(job, options);
      spec = compileTopNJob(job, options, io);
    } else {
      checkTupleJob(job, options);
      spec = compileJob(job, options, io);
    }
    this.runtime = new Runtime(spec, {
      acking: options.acking,
      messageTimeout: options.messageTimeout,
      maxSpoutPending: options.maxSpoutPending,
      ackers: options.ackers,
      seed: options.seed,
    });
  }

  add(records: readonly Rec[]): void {
    this.log.append(records);
    this.runtime.wakeSpouts();
  }

  /** StepEngine.feed (core/feed.ts): each event at its own arrival; the spout's log keeps ranges of `input.records`. */
  feed(input: FeedInput, from: number, to: number): number {
    const wm = this.currentWatermark();
    return feedEach(input, from, to, {
      advance: (t) => this.runtime.advanceTo(t),
      arrive: (s) => {
        this.log.appendFrom(input.records, s, s + 1);
        this.runtime.wakeSpouts();
      },
      changed: () => this.out.length > 0 || this.currentWatermark() !== wm,
      nextAt: () => this.runtime.scheduler.nextAt(),
    });
  }

  /**
   * An explicit watermark (job.watermark "explicit"): straight to every window task's WindowManager as a
   * WaterMarkEvent, as Storm's WindowManagerTest does — no generator, no late check (C3, TRACE.md).
   */
  watermark(wm: number): void {
    if (isStatelessJob(this.job) || this.job.watermark !== 'explicit')
      throw new RefusedError('watermark', MESSAGES.explicitWatermarksNeedJob);
    for (const id of this.runtime.taskIds(WINDOW)) {
      const bolt = this.runtime.boltInstance(id);
      if ('watermark' in bolt && typeof bolt.watermark === 'function') (bolt.watermark as (w: number) => void)(wm);
    }
    this.runtime.drain();
  }

  advance(t: number): void {
    this.runtime.advanceTo(t);
  }

  /** Tuples per input stream in the window bolts' queues: Storm keeps no join state, its window buffer stands for it (E6). */
  heldByStream(): Record<string, number> {
    const counts = new Map<string, number>();
    for (const id of this.runtime.taskIds(WINDOW)) {
      const bolt = this.runtime.boltInstance(id);
      if (!('heldTuples' in bolt) || typeof bolt.heldTuples !== 'function') continue;
      for (const t of (bolt.heldTuples as () => Iterable<Tuple>)()) countHeldRecords(t.values, counts);
    }
    return Object.fromEntries(counts);
  }

  batch(): void {
    throw new RefusedError('batch', MESSAGES.batchStep);
  }

  checkpoint(): void {
    throw new RefusedError('checkpoint', MESSAGES.checkpointStep);
  }

  /**
   * Crash the bolts' worker (every bolt task and the ackers) and restart it empty, at once: bolt memory is
   * lost (C1). With acking, every root pending at the spout lost its acker entry, so it fails by timeout
   * within (T, 2T] and the replayable spout re-emits it once: that count is logged as `replayed` now, the
   * re-emissions themselves follow as the clock passes the timeout. Without acking nothing is tracked: 0.
   */
  restart(): void {
    const at = this.runtime.now();
    const replayed = this.runtime.crashBolts();
    this.restarts.push({ at, fromCheckpoint: null, replayed });
  }

  injectFault(fault: Fault): void {
    switch (fault.kind) {
      case 'crash-during-checkpoint':
        throw new RefusedError('fault.kind', MESSAGES.noCheckpointToCrashIn);
      case 'crash-before-commit':
        throw new RefusedError('fault.kind', MESSAGES.noCommitToCrashBefore);
      case 'slow-task':
        // The first task of the windowed / aggregating bolt: its inbox backs up behind the cost.
        this.runtime.slowTask(this.runtime.taskIds(WINDOW)[0]!, fault.cost, fault.duration);
        return;
      default: {
        const never: never = fault;
        throw new Error(`unknown fault ${JSON.stringify(never)}`);
      }
    }
  }

  /** No checkpoints ever (C1); one restart per `restart()`, with the roots it sent back for replay. */
  recoveryLog(): RecoveryLog {
    return { checkpoints: [], restarts: this.restarts.map((r) => ({ ...r })), replayed: this.source.replayed };
  }

  /** Storm flushes nothing at the end of input (D): windows not yet evaluated stay unevaluated. */
  end(): void {}

  /** The lowest last watermark over the window tasks that have one; null before any (or by processing time). */
  currentWatermark(): number | null {
    let min: number | null = null;
    for (const id of this.runtime.taskIds(WINDOW)) {
      const wm = watermarkOf(this.runtime.boltInstance(id));
      if (wm !== null && (min === null || wm < min)) min = wm;
    }
    return min;
  }

  now(): number {
    return this.runtime.now();
  }

  /**
   * The topology keeps running after the spout goes quiet (D): the watermark generator still ticks, so
   * windows its last watermark passes still fire; processing-time windows slide until their tuples expire;
   * roots a crash broke time out and are replayed (C2). Quiet once none of that is left.
   */
  nextActivity(): number | null {
    return this.runtime.quiet() ? null : (this.runtime.scheduler.nextAt() ?? null);
  }

  /** Records in the log the spout has not emitted yet (offsets waiting for replay count as read). */
  unread(): number {
    return this.log.end - this.source.emitted;
  }

  drain(): Emission[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  /** Crash one task of the window bolt (or `sink`); it restarts at once with empty memory (C1). */
  crashTask(component: string, index = 0): void {
    const ids = this.runtime.taskIds(component);
    const id = ids[index];
    if (id === undefined) throw new RangeError(`${component} has ${ids.length} task(s), no index ${index}`);
    this.runtime.crashTask(id);
  }

  stats(): TupleStats {
    const c = this.runtime.counters;
    return {
      emitted: this.source.emitted,
      replayed: this.source.replayed,
      acked: c.acked,
      failed: c.failed,
      timedOut: c.timedOut,
      pending: this.runtime.pendingRoots(),
      lostInCrash: c.lostInCrash,
    };
  }

  private watermarkMoved(): void {
    const wm = this.currentWatermark();
    if (wm !== null && (this.lastWatermark === null || wm > this.lastWatermark)) {
      this.lastWatermark = wm;
      this.out.push({ output: 'watermark', watermark: wm });
    }
  }
}

function watermarkOf(bolt: Bolt): number | null {
  return 'lastWatermark' in bolt && typeof bolt.lastWatermark === 'function' ? (bolt.lastWatermark as () => number | null)() : null;
}
