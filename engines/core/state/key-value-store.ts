// The storage a serializing (RocksDB-class, A11) state backend needs: a synchronous, ordered key-value
// store of already-serialized values, plus the codec that serializes them. engines/ stays free of I/O:
// the on-disk store (lmdb) is injected from the Node side (cli/lmdb-backend.ts).
import { decode, encode } from '../checkpoint-storage.ts';

/**
 * A synchronous key-value store of serialized values `S`. A `put` or `remove` is visible to the very next
 * `get`, `has` or `range` (read-your-writes without awaiting), as a state backend needs.
 */
export interface KeyValueStore<S> {
  get(key: string): S | undefined;
  has(key: string): boolean;
  put(key: string, value: S): void;
  remove(key: string): void;
  /** Every entry whose key starts with `prefix`, in any order. Callers do not write while they iterate. */
  range(prefix: string): Iterable<[string, S]>;
  /** The backend that owns this store is gone (its job restarted): drop every entry and release the store. */
  dispose?(): void;
}

/** Serializes state values: `decode(encode(v))` is a fresh deep copy of `v`. */
export interface ValueCodec<S> {
  encode(value: unknown): S;
  decode(bytes: S): unknown;
}

/** The checkpoint JSON (keeps Maps and bigints). Loses what JSON loses: undefined in objects, NaN, ±Infinity. */
export const jsonCodec: ValueCodec<string> = { encode, decode };

/** A KeyValueStore in a JS Map: the serializing backend's semantics in a browser, and its test double. */
export class MemoryKeyValueStore<S> implements KeyValueStore<S> {
  private readonly map = new Map<string, S>();

  get(key: string): S | undefined {
    return this.map.get(key);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  put(key: string, value: S): void {
    this.map.set(key, value);
  }

  remove(key: string): void {
    this.map.delete(key);
  }

  *range(prefix: string): Iterable<[string, S]> {
    // Unordered, O(n) over all tables: this store is for small state. Copy first, so a caller that
    // removes while iterating does not disturb the walk.
    for (const e of [...this.map]) if (e[0].startsWith(prefix)) yield e;
  }

  /** Number of stored entries (tests). */
  get size(): number {
    return this.map.size;
  }
}
