// Sinks (A9, A10): where results become visible. `plain` writes at once (replays repeat output);
// `idempotent` upserts by (key, window), so a replayed identical result changes nothing; `transactional`
// is Flink's TwoPhaseCommitSinkFunction: writes go to the open transaction, pre-committed on snapshot,
// committed on checkpoint-complete, committed again (idempotently) on recovery, the open one aborted.
// What the sink has committed lives outside the job's crash domain, like files in a file system.
import * as z from 'zod';
import type { MainEmission } from './emission.ts';

export const SINK_KINDS = ['plain', 'idempotent', 'transactional'] as const;
export type SinkKind = (typeof SINK_KINDS)[number];
/** A sink setting as a job's files give it. */
export const sinkKindSchema = z.enum(SINK_KINDS, { error: 'sink must be plain, idempotent or transactional' });

export interface Sink {
  readonly kind: SinkKind;
  /** invoke(value). */
  write(e: MainEmission): void;
  /** snapshotState(checkpoint): returns the sink's part of the checkpoint. */
  snapshot(checkpointId: number): unknown;
  /** notifyCheckpointComplete(id). */
  notifyComplete(checkpointId: number): void;
  /** The job crashed: everything not committed in the external system is gone from memory. */
  crash(): void;
  /** initializeState after a restore (undefined: no checkpoint). */
  restore(state: unknown): void;
}

interface Txn {
  id: string;
  items: MainEmission[];
}

interface TxnState {
  pending: Array<{ checkpointId: number; txn: Txn }>;
}

export function createSink(kind: SinkKind, visible: (e: MainEmission) => void): Sink {
  switch (kind) {
    case 'plain':
      return { kind, write: visible, snapshot: () => null, notifyComplete: () => {}, crash: () => {}, restore: () => {} };
    case 'idempotent': {
      // The external table survives crashes: an upsert of the same value is invisible.
      const table = new Map<string, string>();
      return {
        kind,
        write(e) {
          const id = JSON.stringify([e.key ?? null, e.window]);
          const v = JSON.stringify(e.value);
          if (table.get(id) === v) return;
          table.set(id, v);
          visible(e);
        },
        snapshot: () => null,
        notifyComplete: () => {},
        crash: () => {},
        restore: () => {},
      };
    }
    case 'transactional':
      return transactionalSink(visible);
  }
}

function transactionalSink(visible: (e: MainEmission) => void): Sink {
  const committed = new Set<string>(); // external: survives crashes
  let epoch = 0;
  let seq = 0;
  const begin = (): Txn => ({ id: `${epoch}.${seq++}`, items: [] });
  let current = begin();
  let pending: TxnState['pending'] = [];
  // recoverAndCommit and notifyCheckpointComplete may both commit a transaction: commit is idempotent.
  const commit = (t: Txn) => {
    if (committed.has(t.id)) return;
    committed.add(t.id);
    for (const e of t.items) visible(e);
  };
  return {
    kind: 'transactional',
    write: (e) => void current.items.push(e),
    snapshot(checkpointId) {
      pending.push({ checkpointId, txn: current }); // preCommit: the transaction is flushed, durable
      current = begin();
      // Pre-committed transactions are closed (never written again), so the state can share them; the
      // checkpoint storage serializes it anyway.
      return { pending: [...pending] } satisfies TxnState;
    },
    notifyComplete(checkpointId) {
      // Commit every pending transaction up to this checkpoint, in order (several if a notification was lost).
      const [done, rest] = [pending.filter((p) => p.checkpointId <= checkpointId), pending.filter((p) => p.checkpointId > checkpointId)];
      for (const p of done) commit(p.txn);
      pending = rest;
    },
    crash() {
      pending = [];
      current = { id: '', items: [] };
    },
    restore(state) {
      epoch++;
      seq = 0;
      // recoverAndCommit every pending transaction of the checkpoint; the open one is aborted (dropped).
      for (const p of (state as TxnState | undefined)?.pending ?? []) commit(p.txn);
      pending = [];
      current = begin();
    },
  };
}
