// The event engine of a trace, built with a checkpoint storage that keeps a copy of every checkpoint it is
// given (A9, A11): the notebooks show what a checkpoint holds (source offset, keyed state by key group,
// in-flight records of an unaligned checkpoint, the 2PC sink's pre-committed transactions) by reading what
// the engine stored, never by working it out. The options are the trace's, parsed by the event module's own
// schema and passed as the module's `create` passes them; only the storage is added.
import { type CheckpointStorage, InMemoryCheckpointStorage } from '../../engines/core/checkpoint-storage.ts';
import type { MainEmission } from '../../engines/core/emission.ts';
import type { StateEntry } from '../../engines/core/state/keyed-state-backend.ts';
import { parseWith } from '../../engines/core/validate.ts';
import { EventEngine, type EventEngineOptions } from '../../engines/event/event-engine.ts';
import type { EventOptions } from '../../engines/event/module.ts';
import { compileJob } from '../../engines/event/pipeline.ts';
import type { EventCheckpoint } from '../../engines/event/runtime/checkpoint-coordinator.ts';
import { engineModule } from '../../engines/registry.ts';
import { aggregationJob, type Trace } from '../../engines/trace.ts';

/** A checkpoint as the storage received it, with the processing time it was stored at. */
export interface StoredCheckpoint {
  /** The storage's id (1, 2, … in save order; a savepoint adopted by a new job is stored again). */
  id: number;
  at: number;
  bytes: number;
  data: EventCheckpoint;
}

/** Keeps a decoded copy of every checkpoint saved (a completed checkpoint never changes). */
export class RecordingStorage implements CheckpointStorage {
  readonly saved: StoredCheckpoint[] = [];
  private readonly inner = new InMemoryCheckpointStorage();
  constructor(private readonly clock: () => number) {}

  save(data: unknown): { id: number; bytes: number } {
    const r = this.inner.save(data);
    this.saved.push({ id: r.id, at: this.clock(), bytes: r.bytes, data: this.inner.latest()!.data as EventCheckpoint });
    return r;
  }

  latest(): { id: number; data: unknown } | undefined {
    return this.inner.latest();
  }
}

/** The EventEngine a trace's `engine` entry describes, with `extra` options (a recording storage). */
export function eventEngineOf(trace: Trace, extra: EventEngineOptions = {}): EventEngine {
  const mod = engineModule('event')!;
  const o = parseWith(mod.options, trace.engine, 'engine') as EventOptions;
  const opts: EventEngineOptions = { parallelism: o.parallelism, maxParallelism: o.maxParallelism, sink: o.sink ?? 'plain', ...extra };
  if (o.checkpoint) opts.checkpointing = o.checkpoint;
  if (o.recordCost !== undefined) opts.recordCost = o.recordCost;
  if (o.network)
    opts.network = o.network.skew === undefined ? { delay: o.network.delay } : { delay: o.network.delay, skew: o.network.skew };
  return new EventEngine(compileJob(aggregationJob(trace)), opts);
}

/** The engine of `trace` and the storage that records its checkpoints (the clock is the engine's own). */
export function recordedEventEngine(trace: Trace, extra: EventEngineOptions = {}): { engine: EventEngine; storage: RecordingStorage } {
  let engine: EventEngine | null = null;
  const storage = new RecordingStorage(() => engine?.now() ?? 0);
  engine = eventEngineOf(trace, { ...extra, checkpointStorage: storage });
  return { engine, storage };
}

/** Every keyed state entry of a checkpoint, with the operator subtask whose snapshot held it. */
export function stateEntries(cp: EventCheckpoint, table = 'window-contents'): Array<{ subtask: number; entry: StateEntry }> {
  return cp.subtasks.flatMap((s, subtask) => (s.state.tables[table] ?? []).map((entry) => ({ subtask, entry })));
}

/** A 2PC sink's pending (pre-committed, not yet committed) transactions in a checkpoint. */
export function pendingTransactions(cp: EventCheckpoint): Array<{ checkpointId: number; id: string; items: MainEmission[] }> {
  const state = cp.sink as { pending?: Array<{ checkpointId: number; txn: { id: string; items: MainEmission[] } }> } | null | undefined;
  return (state?.pending ?? []).map((p) => ({ checkpointId: p.checkpointId, id: p.txn.id, items: p.txn.items }));
}
