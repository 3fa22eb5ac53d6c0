// The event engine's options as the EventEngine class takes them (the fluent API and the module's
// `create` pass parsed, validated options here): parallelism, state, checkpoints, sink, network, cost model.

import type { CheckpointStorage } from '../core/checkpoint-storage.ts';
import type { FilesSpec } from '../core/files/files-spec.ts';
import type { SinkKind } from '../core/sinks.ts';
import type { KeyedStateBackend } from '../core/state/keyed-state-backend.ts';
import type { CheckpointMode } from './runtime/barrier-handler.ts';

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
  /** A partitioned file sink (Flink's filesystem connector) instead of `sink`: the job's `files`. */
  files?: FilesSpec;
  /** Where results become visible (plain by default). */
  sink?: SinkKind;
  /** Source → operator channels deliver after `delay` ms (+ `skew` ms per source channel index), in order. */
  network?: { delay: number; skew?: number };
  /** Virtual processing time each record takes at an operator subtask, ms (0: free); see Channels. */
  recordCost?: number;
}
