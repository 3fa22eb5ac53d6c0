// Versioned state store (B7 `state/`): batch N starts from the version committed by batch N-1 and
// commits its own version N; a crash before the commit leaves version N-1 to restart from.
// Values must be treated as immutable (replace, never mutate), so a version can share them with the next.

/**
 * Spark keeps spark.sql.streaming.minBatchesToRetain = 100 versions on disk. Recovery only ever loads
 * the latest committed one, so the lab keeps two to bound memory.
 */
export const VERSIONS_TO_RETAIN = 2;

export class VersionedStateStore<K, V> {
  private readonly versions = new Map<number, ReadonlyMap<K, V>>();

  /** A writable copy of the state as committed by batch `version` (empty before the first commit). */
  load(version: number): Map<K, V> {
    if (version < 0) return new Map();
    const v = this.versions.get(version);
    if (v === undefined) throw new Error(`state version ${version} is not retained (have ${[...this.versions.keys()].join(', ')})`);
    return new Map(v);
  }

  /** Commit the state after batch `batchId` as its version; the store takes ownership of the map. */
  commit(batchId: number, state: ReadonlyMap<K, V>): void {
    this.versions.set(batchId, state);
    for (const v of [...this.versions.keys()].sort((a, b) => a - b).slice(0, -VERSIONS_TO_RETAIN)) this.versions.delete(v);
  }

  /** The id of the newest committed version, or -1. */
  latest(): number {
    let max = -1;
    for (const v of this.versions.keys()) if (v > max) max = v;
    return max;
  }

  /** Number of entries in a committed version (for metrics). */
  sizeOf(version: number): number {
    return this.versions.get(version)?.size ?? 0;
  }
}
