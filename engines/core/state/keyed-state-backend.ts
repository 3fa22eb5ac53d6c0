// Keyed state backends: named state tables with snapshot and restore by key group, so a restore can
// take only the key groups a subtask owns (rescaling moves whole key groups, A8). Snapshots are deep
// copies: later mutation of live state never reaches a completed checkpoint.
import { RefusedError } from '../errors.ts';
import { HeapStateTable, type Namespace, type StateTable } from './state-table.ts';

/** One checkpointed state entry: [keyGroup, key, namespace, value]. */
export type StateEntry = [number, unknown, Namespace, unknown];

export interface KeyedStateSnapshot {
  tables: Record<string, StateEntry[]>;
  /** Tables whose values carry a last access time (TTL state): Flink keeps the state's serializer in the checkpoint. */
  ttl?: string[];
}

/**
 * How a user state's values are stored: as they are, or wrapped with their last access time (Flink's
 * TtlSerializer). Tables of the engine's own operators (window contents) are registered with none.
 */
export type TableSerializer = 'plain' | 'ttl';

/**
 * The serializer each state of a backend was registered with, and the one each restored table was written
 * with. The TTL config is not in checkpoints, but whether values are TTL-wrapped is, so switching TTL on
 * or off for existing state fails the restore (A12; Flink's StateMigrationException) — whichever of the
 * registration and the restore comes first.
 */
export class SerializerRegistry {
  private readonly registered = new Map<string, TableSerializer>();
  private restored = new Map<string, TableSerializer>();

  register(name: string, serializer: TableSerializer | undefined): void {
    if (serializer === undefined) return;
    const had = this.registered.get(name);
    if (had !== undefined && had !== serializer) throw incompatible(name, had, serializer, 'registered');
    const was = this.restored.get(name);
    if (was !== undefined && was !== serializer) throw incompatible(name, was, serializer, 'written');
    this.registered.set(name, serializer);
  }

  /** For a snapshot: the TTL tables, registered as such or restored as such and not registered since. */
  ttlTables(): string[] | undefined {
    const names = new Set<string>();
    for (const [name, s] of this.restored) if (s === 'ttl' && !this.registered.has(name)) names.add(name);
    for (const [name, s] of this.registered) if (s === 'ttl') names.add(name);
    return names.size === 0 ? undefined : [...names].sort();
  }

  restore(snapshots: readonly KeyedStateSnapshot[]): void {
    const restored = new Map<string, TableSerializer>();
    for (const snap of snapshots) {
      const ttl = new Set(snap.ttl ?? []);
      for (const name of Object.keys(snap.tables)) {
        const was: TableSerializer = ttl.has(name) ? 'ttl' : 'plain';
        const now = this.registered.get(name);
        if (now !== undefined && now !== was) throw incompatible(name, was, now, 'written');
        restored.set(name, was);
      }
    }
    this.restored = restored;
  }
}

function incompatible(name: string, was: TableSerializer, now: TableSerializer, how: 'written' | 'registered'): RefusedError {
  const with_ = (s: TableSerializer) => (s === 'ttl' ? 'with TTL' : 'without TTL');
  return new RefusedError(
    `state.${name}`,
    `state ${JSON.stringify(name)} was ${how} ${with_(was)} and is registered ${with_(now)}: switching TTL on or off for existing state fails the restore (A12; Flink's StateMigrationException)`,
  );
}

/**
 * Rewrites a table's values as they go into a snapshot: returns the value to store, or undefined to leave
 * the entry out. Live state is untouched (state TTL's full-snapshot cleanup, A12).
 */
export type SnapshotTransform = (value: unknown) => unknown;

export interface KeyedStateBackend {
  readonly name: string;
  /** The table of state `name`; a user state names its serializer, checked against a restored table's (A12). */
  table<V>(name: string, serializer?: TableSerializer): StateTable<V>;
  /** Deep-copied entries of every table, each tagged with its key group. */
  snapshot(keyGroupOf: (key: unknown) => number): KeyedStateSnapshot;
  /** Load the entries of `snapshots` whose key group satisfies `owns` (several snapshots when rescaling). */
  restore(snapshots: readonly KeyedStateSnapshot[], owns: (keyGroup: number) => boolean): void;
  /** Number of (key, namespace) entries across tables. */
  entryCount(): number;
  /** Calls `f` with every value of every table (a walk over all state: for occasional samples only). */
  forEachValue(f: (value: unknown) => void): void;
  /** Apply `transform` to the values of table `name` in every later snapshot. */
  setSnapshotTransform?(name: string, transform: SnapshotTransform): void;
  /** TTL state cleans up incrementally on access here (Flink: heap backends only, A12). */
  readonly incrementalCleanup?: boolean;
  /**
   * The subtask this backend served is gone (a restart builds new ones and restores them from a checkpoint):
   * release what it holds outside the JS heap. It is not used afterwards.
   */
  dispose?(): void;
}

type Visit = (key: unknown, ns: Namespace, value: unknown) => void;

/**
 * Every backend's snapshot: each table's entries, passed through its transform (undefined leaves an entry
 * out) and `copyValue`, tagged with the key group (computed once per key).
 */
export function snapshotTables<T>(
  live: ReadonlyMap<string, T>,
  transforms: ReadonlyMap<string, SnapshotTransform>,
  keyGroupOf: (key: unknown) => number,
  forEachEntry: (table: T, visit: Visit) => void,
  copyValue: (v: unknown) => unknown,
): KeyedStateSnapshot {
  const tables: Record<string, StateEntry[]> = {};
  const groups = new Map<unknown, number>();
  for (const [name, t] of live) {
    const entries: StateEntry[] = [];
    const transform = transforms.get(name);
    forEachEntry(t, (key, ns, live) => {
      const v = transform === undefined ? live : transform(live);
      if (v === undefined) return;
      let kg = groups.get(key);
      if (kg === undefined) groups.set(key, (kg = keyGroupOf(key)));
      entries.push([kg, key, ns, copyValue(v)]);
    });
    tables[name] = entries;
  }
  return { tables };
}

/** A snapshot with the names of its TTL tables (left out when there are none, as in older checkpoints). */
export function withTtl(snapshot: KeyedStateSnapshot, serializers: SerializerRegistry): KeyedStateSnapshot {
  const ttl = serializers.ttlTables();
  return ttl === undefined ? snapshot : { ...snapshot, ttl };
}

/** Every backend's restore: clear the live tables in place, then load the entries of the owned key groups. */
export function restoreTables(
  live: Iterable<{ clear(): void }>,
  tableOf: (name: string) => StateTable<unknown>,
  snapshots: readonly KeyedStateSnapshot[],
  owns: (keyGroup: number) => boolean,
  copyValue: (v: unknown) => unknown,
): void {
  for (const t of live) t.clear();
  for (const s of snapshots) {
    for (const [name, entries] of Object.entries(s.tables)) {
      const t = tableOf(name);
      for (const [kg, key, ns, v] of entries) if (owns(kg)) t.set(key, ns, copyValue(v));
    }
  }
}

export class HeapKeyedStateBackend implements KeyedStateBackend {
  readonly name = 'heap';
  readonly incrementalCleanup = true;
  private readonly tables = new Map<string, HeapStateTable<unknown>>();
  private readonly transforms = new Map<string, SnapshotTransform>();
  private readonly serializers = new SerializerRegistry();

  table<V>(name: string, serializer?: TableSerializer): StateTable<V> {
    this.serializers.register(name, serializer);
    let t = this.tables.get(name);
    if (t === undefined) {
      t = new HeapStateTable<unknown>();
      this.tables.set(name, t);
    }
    return t as unknown as StateTable<V>;
  }

  snapshot(keyGroupOf: (key: unknown) => number): KeyedStateSnapshot {
    return withTtl(
      snapshotTables(this.tables, this.transforms, keyGroupOf, (t, f) => t.forEachEntry(f), copy),
      this.serializers,
    );
  }

  restore(snapshots: readonly KeyedStateSnapshot[], owns: (keyGroup: number) => boolean): void {
    this.serializers.restore(snapshots);
    // Clear in place: operators hold their tables from construction.
    restoreTables(this.tables.values(), (name) => this.table<unknown>(name), snapshots, owns, copy);
  }

  entryCount(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.size;
    return n;
  }

  forEachValue(f: (value: unknown) => void): void {
    for (const t of this.tables.values()) t.forEachEntry((_k, _ns, v) => f(v));
  }

  setSnapshotTransform(name: string, transform: SnapshotTransform): void {
    this.transforms.set(name, transform);
  }
}

/** A deep copy; primitives (most accumulators) need none, and structuredClone per entry is costly. */
function copy<T>(v: T): T {
  return v === null || typeof v !== 'object' ? v : structuredClone(v);
}
