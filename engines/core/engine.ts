// The contract every engine obeys: the steps of TRACE.md as methods. The trace runner and the
// scenario runner drive engines only through this interface, so a new engine plugs into both unchanged.

import type { Rec } from './aggregates.ts';
import type { Emission } from './emission.ts';
import type { FileTable } from './files/files-spec.ts';
import type { FeedInput } from './record-source.ts';

export type EngineKind = 'event' | 'microbatch' | 'tuple';

export type StepAction =
  | { add: Rec[] }
  | { watermark: number; stream?: string }
  | { advance: number }
  | { batch: true }
  | { checkpoint: true }
  | { restart: true }
  | { end: true };

export type ActionName = 'add' | 'watermark' | 'advance' | 'batch' | 'checkpoint' | 'restart' | 'end';

/**
 * Faults a scenario injects (SCENARIOS.md): a plain crash is `restart()` after the downtime; the others
 * need the engine's cooperation and are optional — an engine without them cannot model that fault.
 */
export type Fault =
  | { kind: 'crash-during-checkpoint' }
  /** Between the 2PC pre-commit and the commit: the checkpoint completes but its notification is lost. */
  | { kind: 'crash-before-commit' }
  /** Back-pressure: one task takes `cost` ms of processing time per record for `duration` ms. */
  | { kind: 'slow-task'; cost: number; duration: number };

/** What an engine did about checkpoints and recovery, for the recovery metrics. */
export interface RecoveryLog {
  checkpoints: Array<{ id: number; triggeredAt: number; completedAt: number; bytes: number }>;
  restarts: Array<{ at: number; fromCheckpoint: number | null; replayed: number }>;
  /**
   * Records re-processed because of faults in all, where the engine counts them itself (Storm's spout
   * re-emissions, also after timeouts without a crash, C2; Spark's re-run batches, B7); absent: the sum
   * of the restarts' `replayed`.
   */
  replayed?: number;
}

export interface StepEngine {
  /** Inject a fault now (engines that cannot model a fault kind throw RefusedError). */
  injectFault?(fault: Fault): void;
  /** Checkpoints taken and restarts done so far. */
  recoveryLog?(): RecoveryLog;
  /** Entries of managed state held now (keyed window contents, timers' owners, state-store rows). */
  stateEntries?(): number;
  /**
   * Records of each named input stream the job holds now — a join's state per side, or the window buffer
   * that stands for it (countHeldRecords). Walks the state: the runner samples it now and then, joins only.
   */
  heldByStream?(): Record<string, number>;
  /** A job with a file sink (`job.files`): the table its sink has left, as a reader finds it; null without one. */
  fileTable?(): FileTable | null;
  /** Records arrive, in this order, at the current processing time. */
  add(records: readonly Rec[]): void;
  /**
   * The scenario runner's fast path (optional): the events `from`, `from + 1`, … of `input`, exactly as
   * `advance(input.arrival[i])` then, unless the event was dropped (slot −1), `add([its record])` would take
   * them one by one — stopping after the first event after which there is something to `drain` or the
   * watermark differs from what it was when the call began, so the runner stamps and records both as it
   * did stepping one event at a time. Returns the index after the last event taken (> from when to > from).
   */
  feed?(input: FeedInput, from: number, to: number): number;
  /**
   * An explicit watermark arrives (only where the job says `watermark: "explicit"`), on every input, or on
   * the sources of one input stream only (`stream`: a two-input operator's processWatermark1/2).
   */
  watermark(wm: number, stream?: string): void;
  /** The processing-time clock moves to `t`; fires what is due on the way. */
  advance(t: number): void;
  /** microbatch: run one micro-batch over the records added since the last one. */
  batch(): void;
  /** Take a checkpoint and wait until it completes. */
  checkpoint(): void;
  /** Crash and recover from the latest completed checkpoint; the source replays what came after it. */
  restart(): void;
  /** End of a bounded input. */
  end(): void;
  /** The engine's current (output) watermark, or null when it has none yet. */
  currentWatermark(): number | null;
  /**
   * The watermark that has taken effect on window state (what closed windows), where it lags the current
   * one: Spark's eviction watermark of the last batch run, the current watermark being for the next (B2).
   * Absent: `currentWatermark()`.
   */
  closingWatermark?(): number | null;
  /** Current processing time. */
  now(): number;
  /**
   * How a run ends (SCENARIOS.md): the processing time of this engine's next own step that can still change
   * what it emits — a pending trigger, a due no-data batch, a watermark tick that raises the watermark, a
   * processing-time timer, a replay after a timeout — or null when it is quiet, nothing time-driven being left.
   * A source that goes quiet does not stop a streaming job: runners advance to it until it returns null.
   */
  nextActivity(): number | null;
  /** Records given to `add` that no step of the engine has read yet (a finished run must leave none). */
  unread(): number;
  /** Take every emission produced since the previous call, in emission order. */
  drain(): Emission[];
}

/** Run one step action on an engine (exhaustive over the closed set of actions). */
export function applyAction(engine: StepEngine, action: StepAction): void {
  if ('add' in action) engine.add(action.add);
  else if ('watermark' in action) engine.watermark(action.watermark, action.stream);
  else if ('advance' in action) engine.advance(action.advance);
  else if ('batch' in action) engine.batch();
  else if ('checkpoint' in action) engine.checkpoint();
  else if ('restart' in action) engine.restart();
  else if ('end' in action) engine.end();
  else {
    const never: never = action;
    throw new Error(`unknown step ${JSON.stringify(never)}`);
  }
}
