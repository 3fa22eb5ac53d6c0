// The checkpoint coordinator (A9, A10): periodic or requested checkpoints, one at a time (Flink's default);
// barriers injected at every source's current offset; each operator subtask snapshots by its mode's barrier
// handler; the sink aligns too (output after a subtask's barrier belongs to the next checkpoint); once every
// subtask has acknowledged, the sink pre-commits, the checkpoint is stored and complete, and the sink is
// notified (2PC commit) — unless the notification is lost (a crash before the commit).
import type { CheckpointStorage } from '../../core/checkpoint-storage.ts';
import type { MainEmission } from '../../core/emission.ts';
import type { RecoveryLog } from '../../core/engine.ts';
import type { Scheduler } from '../../core/scheduler.ts';
import type { Sink } from '../../core/sinks.ts';
import { MESSAGES } from '../messages.ts';
import { BARRIER_HANDLERS, type BarrierActions, type CheckpointMode } from './barrier-handler.ts';
import type { ChannelRecord } from './channels.ts';
import type { OperatorSubtask, SubtaskSnapshot } from './operator-subtask.ts';

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

interface PendingCheckpoint {
  id: number;
  triggeredAt: number;
  /** crash-before-commit: the checkpoint completes but the notification never reaches the sink. */
  loseNotification: boolean;
  mode: CheckpointMode;
  offset: number;
  subtasks: SubtaskSnapshot[];
  channelState: ChannelRecord[][];
  acknowledged: Set<number>;
  done: boolean;
}

/** The job graph around the coordinator. */
export interface CheckpointGraph {
  readonly subtasks: readonly OperatorSubtask[];
  /** Source channels into every operator subtask. */
  readonly channelCount: number;
  /** The source offset a checkpoint taken now stores. */
  offset(): number;
  readonly maxParallelism: number;
  /** Barrier `id` from every source channel to every operator subtask, behind what is in flight. */
  injectBarrier(id: number): void;
  recordsAhead(sub: OperatorSubtask, id: number, except: number): ChannelRecord[];
}

export class CheckpointCoordinator {
  private nextId = 1;
  private inFlight: PendingCheckpoint | null = null;
  private completedCount = 0;
  readonly completed: RecoveryLog['checkpoints'] = [];
  /** Per operator subtask: its output is held after its barrier until the checkpoint completes. */
  private gateClosed: boolean[] = [];
  private gateHeld: MainEmission[][] = [];
  private timerArmed: boolean;
  private activitySinceCheckpoint = true;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly storage: CheckpointStorage,
    private readonly sink: Sink,
    /** Periodic checkpoints every `interval` ms (undefined: only when asked), and the default mode. */
    private readonly periodic: { interval?: number; mode: CheckpointMode },
    private readonly graph: CheckpointGraph,
  ) {
    const interval = periodic.interval;
    this.timerArmed = interval !== undefined;
    if (interval !== undefined) this.scheduler.at(interval, () => this.periodicCheckpoint(interval));
  }

  get mode(): CheckpointMode {
    return this.periodic.mode;
  }

  get checkpointsCompleted(): number {
    return this.completedCount;
  }

  /** Records arrived: keep checkpointing (a quiet job stops after one checkpoint with nothing new). */
  activity(): void {
    this.activitySinceCheckpoint = true;
    const interval = this.periodic.interval;
    if (interval === undefined || this.timerArmed) return;
    this.timerArmed = true;
    const now = this.scheduler.now();
    this.scheduler.at(Math.floor(now / interval) * interval + interval, () => this.periodicCheckpoint(interval));
  }

  private periodicCheckpoint(interval: number): void {
    this.trigger(this.mode);
    if (this.activitySinceCheckpoint) {
      this.activitySinceCheckpoint = false;
      this.scheduler.at(this.scheduler.now() + interval, () => this.periodicCheckpoint(interval));
    } else this.timerArmed = false;
  }

  /** A new (or restarted) graph of `subtasks` operator subtasks: no checkpoint in flight, the sink gate open. */
  reset(subtasks: number): void {
    this.inFlight = null;
    this.gateClosed = new Array<boolean>(subtasks).fill(false);
    this.gateHeld = Array.from({ length: subtasks }, (): MainEmission[] => []);
  }

  /** A crash: the scheduled checkpoint timer died with the process. */
  crash(): void {
    this.timerArmed = false;
  }

  /** Output of operator subtask `j`: to the sink, or held while the sink aligns on `j`'s barrier. */
  write(j: number, e: MainEmission): void {
    if (this.gateClosed[j]) this.gateHeld[j]!.push(e);
    else this.sink.write(e);
  }

  /** Inject barrier n at every source, at its current position; null while another checkpoint is in flight. */
  trigger(mode: CheckpointMode, loseNotification = false): number | null {
    if (this.inFlight) return null;
    const n = this.graph.subtasks.length;
    const pc: PendingCheckpoint = {
      id: this.nextId++,
      triggeredAt: this.scheduler.now(),
      loseNotification,
      mode,
      offset: this.graph.offset(),
      subtasks: [],
      channelState: Array.from({ length: n }, (): ChannelRecord[] => []),
      acknowledged: new Set(),
      done: false,
    };
    this.inFlight = pc;
    this.graph.injectBarrier(pc.id);
    return pc.id;
  }

  /** Take a checkpoint now and wait (on the processing clock) until it completes; returns its id. */
  checkpoint(mode: CheckpointMode = this.mode, loseNotification = false): number {
    this.awaitInFlight();
    const id = this.trigger(mode, loseNotification)!;
    this.awaitInFlight();
    return id;
  }

  /** Let the checkpoint in flight (if any) complete, advancing the processing clock as far as it takes. */
  awaitInFlight(): void {
    const pc = this.inFlight;
    if (!pc) return;
    while (!pc.done) {
      const next = this.scheduler.nextAt();
      if (next === undefined) throw new Error(MESSAGES.checkpointCannotComplete(pc.id));
      this.scheduler.advanceTo(next);
    }
  }

  /** Barrier `id` reached operator subtask `sub` on channel `c`. */
  onBarrier(c: number, sub: OperatorSubtask, id: number): void {
    const pc = this.inFlight;
    if (!pc || pc.id !== id) return; // a barrier of a checkpoint lost in a crash
    const actions: BarrierActions = {
      snapshot: (s, channelState) => {
        pc.subtasks[s.index] = s.snapshot(this.graph.maxParallelism);
        if (channelState) pc.channelState[s.index] = channelState;
        this.sinkBarrier(s.index, pc);
      },
      recordsAhead: (s, barrier, except) => this.graph.recordsAhead(s, barrier, except),
    };
    BARRIER_HANDLERS[pc.mode](c, sub, id, this.graph.channelCount, actions);
  }

  private sinkBarrier(j: number, pc: PendingCheckpoint): void {
    pc.acknowledged.add(j);
    if (pc.mode !== 'at-least-once') this.gateClosed[j] = true;
    if (pc.acknowledged.size < this.graph.subtasks.length) return;
    // Every operator subtask has acknowledged: the sink snapshots (2PC pre-commit) and the checkpoint completes.
    const cp: EventCheckpoint = {
      id: pc.id,
      offset: pc.offset,
      maxParallelism: this.graph.maxParallelism,
      subtasks: pc.subtasks,
      ...(pc.mode === 'unaligned' ? { channelState: pc.channelState } : {}),
      sink: this.sink.snapshot(pc.id),
    };
    const { bytes } = this.storage.save(cp);
    pc.done = true;
    this.inFlight = null;
    this.completedCount++;
    this.completed.push({ id: pc.id, triggeredAt: pc.triggeredAt, completedAt: this.scheduler.now(), bytes });
    if (!pc.loseNotification) this.sink.notifyComplete(pc.id);
    for (let i = 0; i < this.gateClosed.length; i++) {
      this.gateClosed[i] = false;
      const held = this.gateHeld[i]!;
      this.gateHeld[i] = [];
      for (const e of held) this.sink.write(e);
    }
  }

  /** The latest completed checkpoint, or undefined. */
  latest(): EventCheckpoint | undefined {
    return this.storage.latest()?.data as EventCheckpoint | undefined;
  }

  /** Keep a savepoint as the latest checkpoint (a job started from it restores it after a crash). */
  adopt(cp: EventCheckpoint): void {
    this.storage.save(cp);
  }
}
