// Keyed state backends: named state tables with snapshot and restore by key group, so a restore can
// take only the key groups a subtask owns (rescaling moves whole key groups, A8). Snapshots are deep
// copies: later mutation of live state never reaches a completed checkpoint.
import { HeapStateTable, type Namespace, type StateTable } from './state-table.ts';

/** One checkpointed state entry: [keyGroup, key, namespace, value]. */
export type StateEntry = [number, unknown, Namespace, unknown];

export interface KeyedStateSnapshot {
  tables: Record<string, StateEntry[]>;
}

/**
 * Rewrites a table's values as they go into a snapshot: returns the value to store, or undefined to leave
 * the entry out. Live state is untouched (state TTL's full-snapshot cleanup, A12).
 */
export type SnapshotTransform = (value: unknown) => unknown;

export interface KeyedStateBackend {
  readonly name: string;
  table<V>(name: string): StateTable<V>;
  /** Deep-copied entries of every table, each tagged with its key group. */
  snapshot(keyGroupOf: (key: unknown) => number): KeyedStateSnapshot;
  /** Load the entries of `snapshots` whose key group satisfies `owns` (several snapshots when rescaling). */
  restore(snapshots: readonly KeyedStateSnapshot[], owns: (keyGroup: number) => boolean): void;
  /** Number of (key, namespace) entries across tables. */
  entryCount(): number;
  /** Apply `transform` to the values of table `name` in every later snapshot. */
  setSnapshotTransform?(name: string, transform: SnapshotTransform): void;
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
  private readonly tables = new Map<string, HeapStateTable<unknown>>();
  private readonly transforms = new Map<string, SnapshotTransform>();

  table<V>(name: string): StateTable<V> {
    let t = this.tables.get(name);
    if (t === undefined) {
      t = new HeapStateTable<unknown>();
      this.tables.set(name, t);
    }
    return t as unknown as StateTable<V>;
  }

  snapshot(keyGroupOf: (key: unknown) => number): KeyedStateSnapshot {
    return snapshotTables(this.tables, this.transforms, keyGroupOf, (t, f) => t.forEachEntry(f), copy);
  }

  restore(snapshots: readonly KeyedStateSnapshot[], owns: (keyGroup: number) => boolean): void {
    // Clear in place: operators hold their tables from construction.
    restoreTables(this.tables.values(), (name) => this.table<unknown>(name), snapshots, owns, copy);
  }

  entryCount(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.size;
    return n;
  }

  setSnapshotTransform(name: string, transform: SnapshotTransform): void {
    this.transforms.set(name, transform);
  }
}

/** A deep copy; primitives (most accumulators) need none, and structuredClone per entry is costly. */
function copy<T>(v: T): T {
  return v === null || typeof v !== 'object' ? v : structuredClone(v);
}
