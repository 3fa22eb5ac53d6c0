// A RocksDB-class keyed state backend (A11) over an injected KeyValueStore: values live serialized
// outside the JS objects of the job, every `get` deserializes a fresh copy and every `set` serializes,
// so mutating a value without `set` does NOT change state. Snapshots have the heap backend's format,
// so checkpoints move between backends.
import { jsonCodec, type KeyValueStore, MemoryKeyValueStore, type ValueCodec } from './key-value-store.ts';
import {
  type KeyedStateBackend,
  type KeyedStateSnapshot,
  restoreTables,
  SerializerRegistry,
  type SnapshotTransform,
  snapshotTables,
  type TableSerializer,
  withTtl,
} from './keyed-state-backend.ts';
import type { Namespace, StateTable } from './state-table.ts';

/**
 * The store key of (namespace, key) inside a table: `<ns length>:<ns><key>`, each with a type tag, so
 * 1 and "1" stay two keys as in a JS Map, and the pair decodes back whatever characters it holds.
 * Keys are compared by value (a JS Map compares object keys by identity; the engines key by primitives).
 */
function entryKey(key: unknown, ns: Namespace): string {
  const n = typeof ns === 'number' ? `n${ns}` : `s${ns}`;
  return `${n.length}:${n}${encodeKey(key)}`;
}

function encodeKey(key: unknown): string {
  switch (typeof key) {
    case 'string':
      return `s${key}`;
    case 'number':
      return `n${key}`;
    case 'bigint':
      return `i${key}`;
    case 'boolean':
      return key ? 'b1' : 'b0';
    case 'undefined':
      return 'u';
    default:
      return key === null ? 'z' : `j${JSON.stringify(key)}`;
  }
}

function decodeKey(s: string): unknown {
  const body = s.slice(1);
  switch (s[0]) {
    case 's':
      return body;
    case 'n':
      return Number(body);
    case 'i':
      return BigInt(body);
    case 'b':
      return body === '1';
    case 'u':
      return undefined;
    case 'z':
      return null;
    default:
      return JSON.parse(body) as unknown;
  }
}

function parseEntryKey(s: string, from: number): [unknown, Namespace] {
  const colon = s.indexOf(':', from);
  const len = Number(s.slice(from, colon));
  const n = s.slice(colon + 1, colon + 1 + len);
  const ns: Namespace = n[0] === 'n' ? Number(n.slice(1)) : n.slice(1);
  return [decodeKey(s.slice(colon + 1 + len)), ns];
}

class SerializedStateTable<V, S> implements StateTable<V> {
  private count = 0;
  // The operators read an entry and then write it back: remember whether the last key touched exists,
  // so counting entries does not cost the store a second lookup per write.
  private lastKey: string | undefined = undefined;
  private lastExists = false;

  constructor(
    private readonly prefix: string,
    private readonly store: KeyValueStore<S>,
    private readonly codec: ValueCodec<S>,
  ) {}

  private exists(k: string): boolean {
    return k === this.lastKey ? this.lastExists : this.store.has(k);
  }

  get(key: unknown, ns: Namespace): V | undefined {
    const k = this.prefix + entryKey(key, ns);
    const bytes = this.store.get(k);
    this.lastKey = k;
    this.lastExists = bytes !== undefined;
    return bytes === undefined ? undefined : (this.codec.decode(bytes) as V);
  }

  set(key: unknown, ns: Namespace, value: V): void {
    const k = this.prefix + entryKey(key, ns);
    if (!this.exists(k)) this.count++;
    this.store.put(k, this.codec.encode(value));
    this.lastKey = k;
    this.lastExists = true;
  }

  delete(key: unknown, ns: Namespace): void {
    const k = this.prefix + entryKey(key, ns);
    if (!this.exists(k)) return;
    this.store.remove(k);
    this.count--;
    this.lastKey = k;
    this.lastExists = false;
  }

  get size(): number {
    return this.count;
  }

  *entries(): IterableIterator<[unknown, Namespace, V]> {
    for (const [k, bytes] of this.store.range(this.prefix)) {
      const [key, ns] = parseEntryKey(k, this.prefix.length);
      yield [key, ns, this.codec.decode(bytes) as V];
    }
  }

  clear(): void {
    const keys: string[] = [];
    for (const [k] of this.store.range(this.prefix)) keys.push(k);
    for (const k of keys) this.store.remove(k);
    this.count = 0;
    this.lastKey = undefined;
  }
}

/** Keyed state in a KeyValueStore that starts empty and belongs to this backend alone (one per subtask). */
export class SerializedKeyedStateBackend<S> implements KeyedStateBackend {
  private readonly tables = new Map<string, SerializedStateTable<unknown, S>>();
  private readonly transforms = new Map<string, SnapshotTransform>();
  private readonly serializers = new SerializerRegistry();

  constructor(
    readonly name: string,
    private readonly store: KeyValueStore<S>,
    private readonly codec: ValueCodec<S>,
  ) {}

  table<V>(name: string, serializer?: TableSerializer): StateTable<V> {
    this.serializers.register(name, serializer);
    let t = this.tables.get(name);
    if (t === undefined) {
      // A short numeric prefix per table (in creation order) keeps store keys small; `|` ends it, so no
      // table's prefix is a prefix of another's.
      t = new SerializedStateTable<unknown, S>(`${this.tables.size}|`, this.store, this.codec);
      this.tables.set(name, t);
    }
    return t as StateTable<V>;
  }

  snapshot(keyGroupOf: (key: unknown) => number): KeyedStateSnapshot {
    // Every value read is already a fresh deserialized copy: no clone needed.
    const visit = (t: SerializedStateTable<unknown, S>, f: (key: unknown, ns: Namespace, v: unknown) => void) => {
      for (const [key, ns, v] of t.entries()) f(key, ns, v);
    };
    return withTtl(
      snapshotTables(this.tables, this.transforms, keyGroupOf, visit, (v) => v),
      this.serializers,
    );
  }

  restore(snapshots: readonly KeyedStateSnapshot[], owns: (keyGroup: number) => boolean): void {
    this.serializers.restore(snapshots);
    restoreTables(
      this.tables.values(),
      (name) => this.table<unknown>(name),
      snapshots,
      owns,
      (v) => v,
    );
  }

  entryCount(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.size;
    return n;
  }

  forEachValue(f: (value: unknown) => void): void {
    for (const t of this.tables.values()) for (const [, , v] of t.entries()) f(v);
  }

  setSnapshotTransform(name: string, transform: SnapshotTransform): void {
    this.transforms.set(name, transform);
  }

  dispose(): void {
    this.tables.clear();
    this.store.dispose?.();
  }
}

/** A serializing backend in memory (JSON codec): the on-disk backend's semantics where there is no disk. */
export function serializedMemoryBackend(): KeyedStateBackend {
  return new SerializedKeyedStateBackend('serialized-memory', new MemoryKeyValueStore<string>(), jsonCodec);
}
