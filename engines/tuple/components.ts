// The user-facing component contracts of the Spout/Bolt API (C1): spouts pull with `nextTuple`, bolts
// `execute` one tuple at a time per task, and collectors carry emits, anchors, acks and fails.
// `basicBolt` is the BaseBasicBolt style: anchored emits, ack on return, fail on FailedException.
import type { Rec } from '../core/aggregates.ts';
import type { Tuple } from './tuple.ts';

/** What a task knows about itself and the topology (Storm's TopologyContext, trimmed). */
export interface TaskContext {
  readonly componentId: string;
  /** Global task id (Storm numbers tasks from 1). */
  readonly taskId: number;
  /** Index of this task among its component's tasks. */
  readonly taskIndex: number;
  /** The `component:stream` ids this component subscribes to (Storm's `getThisSources`). */
  readonly inputStreams: readonly string[];
  /** topology.message.timeout.secs, in ms. */
  readonly messageTimeout: number;
  /** topology.max.spout.pending per spout task; Infinity when unset. */
  readonly maxSpoutPending: number;
  /** Whether the topology has ackers (false = at-most-once). */
  readonly acking: boolean;
  /** Processing time, ms (virtual clock). */
  now(): number;
  /** Run `fn` every `period` ms of processing time, first at now + period, until this task crashes. */
  every(period: number, fn: () => void): void;
}

export interface SpoutOutputCollector {
  /** Emit to the subscribers of `stream`; with a `msgId` (and ackers) the tuple tree is tracked. Returns the target task ids. */
  emit(values: Rec, msgId?: unknown, stream?: string): readonly number[];
  /** Emit to one task of a component that subscribed with a direct grouping. */
  emitDirect(taskId: number, values: Rec, msgId?: unknown, stream?: string): void;
  /** Tracked roots of this spout task not yet acked, failed or timed out. */
  pendingCount(): number;
}

export interface Spout {
  open?(context: TaskContext, collector: SpoutOutputCollector): void;
  /** Emit at most a few tuples; the executor calls it again while this spout keeps emitting. */
  nextTuple(): void;
  /** The tree rooted at `msgId` completed. */
  ack?(msgId: unknown): void;
  /** The tree failed or timed out; replaying it is the spout's job (C2). */
  fail?(msgId: unknown): void;
  /** Not Storm's API (the lab's run end): nothing left to emit now, new or replayed. Absent = never quiet. */
  quiet?(): boolean;
}

export type AnchorsArg = Tuple | readonly Tuple[] | null;

export interface OutputCollector {
  /** Emit anchored on `anchors` (joins their trees; several anchors = multi-anchoring), or unanchored with null. */
  emit(anchors: AnchorsArg, values: Rec, stream?: string): readonly number[];
  emitDirect(taskId: number, anchors: AnchorsArg, values: Rec, stream?: string): void;
  ack(tuple: Tuple): void;
  fail(tuple: Tuple): void;
}

export interface Bolt {
  prepare?(context: TaskContext, collector: OutputCollector): void;
  /** One tuple at a time per task; a rich bolt must ack or fail every tuple it receives (C2). */
  execute(tuple: Tuple, collector: OutputCollector): void;
  /** Called when the task stops cleanly (not on a crash). */
  cleanup?(): void;
  /**
   * Not Storm's API (the lab's run end): nothing time-driven left that could change this bolt's output — no
   * watermark tick that would raise the watermark, no window still to slide over queued tuples. Absent = quiet.
   */
  quiet?(): boolean;
}

export type SpoutFactory = () => Spout;
export type BoltFactory = () => Bolt;

/** Thrown from a basic bolt to fail the input tuple (Storm's `FailedException`). */
export class FailedException extends Error {
  constructor(message = 'tuple failed') {
    super(message);
    this.name = 'FailedException';
  }
}

export interface BasicOutputCollector {
  /** Emit anchored on the tuple being executed. */
  emit(values: Rec, stream?: string): readonly number[];
  emitDirect(taskId: number, values: Rec, stream?: string): void;
}

export type BasicExecute = (tuple: Tuple, collector: BasicOutputCollector, context: TaskContext) => void;

/** A basic bolt from a function. State the function closes over lives as long as the bolt instance. */
export function basicBolt(execute: BasicExecute, prepare?: (context: TaskContext) => void): Bolt {
  let context: TaskContext | null = null;
  return {
    prepare(ctx) {
      context = ctx;
      prepare?.(ctx);
    },
    execute(input: Tuple, collector: OutputCollector) {
      const basic: BasicOutputCollector = {
        emit: (values, stream) => collector.emit(input, values, stream),
        emitDirect: (taskId, values, stream) => collector.emitDirect(taskId, input, values, stream),
      };
      try {
        execute(input, basic, context!);
      } catch (e) {
        if (e instanceof FailedException) {
          collector.fail(input);
          return;
        }
        throw e;
      }
      collector.ack(input);
    },
  };
}
