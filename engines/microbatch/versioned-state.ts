// The state of a stateful operator that keeps it whole between micro-batches (stream-stream join, dedup):
// a batch works on a copy of the committed version and stages it; the batch's commit makes it the committed
// version, kept with the one before it (Spark's state store keeps versions per batch id, B5); a restart
// restores a version from the checkpoint's state files. `copy` may share what the batch will replace rather
// than change (copy-on-write): a committed version is never mutated.

/** How a state is written to its state/N file and read back (default: the state is its own JSON). */
export interface StateCodec<S> {
  encode(s: S): unknown;
  decode(data: unknown): S;
}

export class VersionedState<S> {
  private readonly versions = new Map<number, S>();
  private committed: S;
  private pending: { batchId: number; state: S } | null = null;

  constructor(
    initial: S,
    private readonly copy: (s: S) => S,
    private readonly rows: (s: S) => number,
    private readonly codec: StateCodec<S> = { encode: (s) => s, decode: (d) => copy(d as S) },
  ) {
    this.committed = initial;
  }

  /** A copy of the committed state for a batch to change. */
  begin(): S {
    return this.copy(this.committed);
  }

  /** The batch's new state, committed with the batch. */
  stage(batchId: number, state: S): void {
    this.pending = { batchId, state };
  }

  commit(batchId: number): void {
    if (this.pending?.batchId !== batchId) return;
    this.committed = this.pending.state;
    this.versions.set(batchId, this.committed);
    this.versions.delete(batchId - 2);
    this.pending = null;
  }

  /** The state files of batch `batchId` (its staged state, or the committed one). */
  snapshot(batchId: number): readonly string[] {
    return [JSON.stringify(this.codec.encode(this.pending?.batchId === batchId ? this.pending.state : this.committed))];
  }

  restore(version: number, data: unknown): void {
    this.committed = this.codec.decode(data);
    this.versions.set(version, this.committed);
    this.pending = null;
  }

  stateRows(version: number): number {
    return this.rows(this.at(version));
  }

  /** The state of a committed version (the latest committed one when it is no longer kept). */
  at(version: number): S {
    return this.versions.get(version) ?? this.committed;
  }
}
