// State TTL (A12, F-D-ST): keyed state that expires after `ttl` ms of PROCESSING time (never event time),
// measured from its last access: a value is expired iff `lastAccessTs + ttl <= now`. Values are stored
// with their last access time ([value, lastAccessTs], Flink's TtlValue), per value for value, reducing and
// aggregating state and per element / per entry for list and map state. Expired entries are removed
// lazily when read, and left out of full snapshots. The TTL config itself is never checkpointed.
import { InputError } from '../errors.ts';
import type { KeyScope, ListState, MapState } from './keyed-state.ts';
import type { KeyedStateBackend } from './keyed-state-backend.ts';
import type { Namespace, StateTable } from './state-table.ts';

/** When the last access time moves: on create and write (default), or on reads too. */
export type TtlUpdateType = 'OnCreateAndWrite' | 'OnReadAndWrite';
/** Whether a read may still see an expired value that no cleanup has removed yet (it is removed by that read). */
export type TtlVisibility = 'NeverReturnExpired' | 'ReturnExpiredIfNotCleanedUp';

export interface StateTtlConfig {
  /** Time to live, whole ms of processing time, > 0. */
  ttl: number;
  updateType?: TtlUpdateType;
  visibility?: TtlVisibility;
  /** Leave expired entries out of full snapshots (Flink's opt-in `cleanupFullSnapshot()`; default false). */
  cleanupFullSnapshot?: boolean;
  /**
   * Flink's background cleanup on heap backends, `cleanupIncrementally(size, runCleanupForEveryRecord)`:
   * every access to the state checks the next `size` entries of its table (default 5) and drops what has
   * expired. On by default, as in Flink; `false` turns it off. Backends without it (the serialized one,
   * RocksDB-like, whose compaction-filter cleanup is not modelled) clean up on read only.
   */
  cleanupIncrementally?: false | { size?: number };
}

/** A TTL config with the processing-time clock it reads (injected: no ambient time in engines/). */
export interface TtlOptions extends StateTtlConfig {
  clock: () => number;
}

export interface ResolvedTtl {
  ttl: number;
  updateOnRead: boolean;
  returnExpired: boolean;
  cleanupFullSnapshot: boolean;
  /** Entries checked per state access; 0 = no incremental cleanup. */
  cleanupSize: number;
  clock: () => number;
}

const UPDATE_TYPES: readonly TtlUpdateType[] = ['OnCreateAndWrite', 'OnReadAndWrite'];
const VISIBILITIES: readonly TtlVisibility[] = ['NeverReturnExpired', 'ReturnExpiredIfNotCleanedUp'];

/** Validate and default a TTL config once, at the boundary; errors name the option and the value. */
export function resolveTtl(o: TtlOptions, path = 'ttl'): ResolvedTtl {
  if (typeof o.ttl !== 'number' || !Number.isInteger(o.ttl) || o.ttl <= 0) {
    throw new InputError(`${path}.ttl`, `must be a whole number of ms > 0, got ${String(o.ttl)}`);
  }
  const updateType = o.updateType ?? 'OnCreateAndWrite';
  if (!UPDATE_TYPES.includes(updateType)) {
    throw new InputError(`${path}.updateType`, `must be one of ${UPDATE_TYPES.join(', ')}, got ${String(updateType)}`);
  }
  const visibility = o.visibility ?? 'NeverReturnExpired';
  if (!VISIBILITIES.includes(visibility)) {
    throw new InputError(`${path}.visibility`, `must be one of ${VISIBILITIES.join(', ')}, got ${String(visibility)}`);
  }
  if (typeof o.clock !== 'function') throw new InputError(`${path}.clock`, 'must be a function returning processing time in ms');
  return {
    ttl: o.ttl,
    updateOnRead: updateType === 'OnReadAndWrite',
    returnExpired: visibility === 'ReturnExpiredIfNotCleanedUp',
    cleanupFullSnapshot: o.cleanupFullSnapshot ?? false,
    cleanupSize: cleanupSize(o.cleanupIncrementally, path),
    clock: o.clock,
  };
}

function cleanupSize(o: StateTtlConfig['cleanupIncrementally'], path: string): number {
  if (o === false) return 0;
  const size = o?.size ?? 5;
  if (!Number.isInteger(size) || size < 1) {
    throw new InputError(`${path}.cleanupIncrementally.size`, `must be a whole number >= 1, got ${String(size)}`);
  }
  return size;
}

/**
 * The incremental cleanup of one TTL table (Flink's TtlIncrementalCleanup): a cursor over the table that
 * each state access moves `size` entries on, passing each to `clean` (which drops or trims it), starting
 * over at the end. Null where the config or the backend has none.
 */
function incrementalCleanup<R>(
  backend: KeyedStateBackend,
  t: StateTable<R>,
  cfg: ResolvedTtl,
  clean: (key: unknown, ns: Namespace, raw: R, now: number) => void,
): (() => void) | null {
  if (cfg.cleanupSize === 0 || backend.incrementalCleanup !== true) return null;
  let cursor: Iterator<[unknown, Namespace, R]> | null = null;
  return () => {
    const now = cfg.clock();
    for (let i = 0; i < cfg.cleanupSize; i++) {
      cursor ??= t.entries()[Symbol.iterator]();
      const next = cursor.next();
      if (next.done) {
        cursor = null;
        return;
      }
      const [key, ns, raw] = next.value;
      clean(key, ns, raw, now);
    }
  };
}

/** A stored value with its last access time, ms of processing time. */
export type TtlValue<V> = [V, number];

/** A12's rule: expired iff `lastAccessTs + ttl <= now` (so `lastAccessTs + ttl - 1` is still visible). */
export function isExpired(lastAccessTs: number, ttl: number, now: number): boolean {
  return lastAccessTs + ttl <= now;
}

/** A state table whose values expire; `getUnexpired` is the read of a read-modify-write (never an expired value). */
export interface TtlStateTable<V> extends StateTable<V> {
  getUnexpired(key: unknown, ns: Namespace): V | undefined;
}

/** Whole-value TTL over table `name` of `backend` (value, reducing and aggregating state). */
export function ttlTable<V>(backend: KeyedStateBackend, name: string, cfg: ResolvedTtl): TtlStateTable<V> {
  const t = backend.table<TtlValue<V>>(name, 'ttl');
  const { ttl, clock } = cfg;
  if (cfg.cleanupFullSnapshot) {
    backend.setSnapshotTransform?.(name, (raw) => (isExpired((raw as TtlValue<V>)[1], ttl, clock()) ? undefined : raw));
  }
  const cleanup =
    incrementalCleanup(backend, t, cfg, (key, ns, raw, now) => {
      if (isExpired(raw[1], ttl, now)) t.delete(key, ns);
    }) ?? (() => {});
  const read = (key: unknown, ns: Namespace, returnExpired: boolean, refresh: boolean): V | undefined => {
    cleanup();
    const raw = t.get(key, ns);
    if (raw === undefined) return undefined;
    const now = clock();
    if (isExpired(raw[1], ttl, now)) {
      t.delete(key, ns); // lazy cleanup on read
      return returnExpired ? raw[0] : undefined;
    }
    if (refresh) t.set(key, ns, [raw[0], now]);
    return raw[0];
  };
  return {
    get: (key, ns) => read(key, ns, cfg.returnExpired, cfg.updateOnRead),
    getUnexpired: (key, ns) => read(key, ns, false, false),
    set: (key, ns, value) => {
      cleanup();
      t.set(key, ns, [value, clock()]);
    },
    delete: (key, ns) => {
      cleanup();
      t.delete(key, ns);
    },
    get size() {
      return t.size; // includes expired entries not cleaned up yet
    },
    *entries() {
      const now = clock();
      for (const [key, ns, [v, ts]] of t.entries()) if (cfg.returnExpired || !isExpired(ts, ttl, now)) yield [key, ns, v];
    },
    clear: () => t.clear(),
  };
}

/** List state with a TTL per element (Flink's TtlListState): each element has its own last access time. */
export function ttlListState<T>(backend: KeyedStateBackend, name: string, scope: KeyScope, cfg: ResolvedTtl): ListState<T> {
  const t = backend.table<TtlValue<T>[]>(name, 'ttl');
  const { ttl, clock } = cfg;
  if (cfg.cleanupFullSnapshot) {
    backend.setSnapshotTransform?.(name, (raw) => {
      const now = clock();
      const kept = (raw as TtlValue<T>[]).filter(([, ts]) => !isExpired(ts, ttl, now));
      return kept.length === 0 ? undefined : kept;
    });
  }
  const cleanup = incrementalCleanup(backend, t, cfg, (key, ns, raw, now) => {
    const kept = raw.filter(([, ts]) => !isExpired(ts, ttl, now));
    if (kept.length === 0) t.delete(key, ns);
    else if (kept.length !== raw.length) t.set(key, ns, kept);
  });
  return cleanedFirst<ListState<T>>(cleanup, {
    get: () => {
      const k = scope.currentKey();
      const ns = scope.currentNamespace();
      const raw = t.get(k, ns);
      if (raw === undefined) return [];
      const now = clock();
      const live = raw.filter(([, ts]) => !isExpired(ts, ttl, now));
      const seen = cfg.returnExpired ? raw : live;
      if (cfg.updateOnRead) for (const e of live) e[1] = now;
      if (live.length === 0) t.delete(k, ns);
      else if (live.length !== raw.length || cfg.updateOnRead) t.set(k, ns, live);
      return seen.map(([v]) => v);
    },
    add: (v) => {
      const k = scope.currentKey();
      const ns = scope.currentNamespace();
      const cur = t.get(k, ns) ?? [];
      cur.push([v, clock()]);
      t.set(k, ns, cur);
    },
    update: (values) => {
      const now = clock();
      if (values.length === 0) t.delete(scope.currentKey(), scope.currentNamespace());
      else
        t.set(
          scope.currentKey(),
          scope.currentNamespace(),
          values.map((v): TtlValue<T> => [v, now]),
        );
    },
    clear: () => t.delete(scope.currentKey(), scope.currentNamespace()),
  });
}

/** Map state with a TTL per entry (Flink's TtlMapState). */
export function ttlMapState<K, V>(backend: KeyedStateBackend, name: string, scope: KeyScope, cfg: ResolvedTtl): MapState<K, V> {
  const t = backend.table<Map<K, TtlValue<V>>>(name, 'ttl');
  const { ttl, clock } = cfg;
  if (cfg.cleanupFullSnapshot) {
    backend.setSnapshotTransform?.(name, (raw) => {
      const now = clock();
      const kept = new Map([...(raw as Map<K, TtlValue<V>>)].filter(([, [, ts]]) => !isExpired(ts, ttl, now)));
      return kept.size === 0 ? undefined : kept;
    });
  }
  const cleanup = incrementalCleanup(backend, t, cfg, (key, ns, raw, now) => {
    let changed = false;
    for (const [k, [, ts]] of raw) {
      if (isExpired(ts, ttl, now)) {
        raw.delete(k);
        changed = true;
      }
    }
    if (raw.size === 0) t.delete(key, ns);
    else if (changed) t.set(key, ns, raw);
  });
  const store = (m: Map<K, TtlValue<V>>) => {
    if (m.size === 0) t.delete(scope.currentKey(), scope.currentNamespace());
    else t.set(scope.currentKey(), scope.currentNamespace(), m);
  };
  /** The visible entries (expired ones only with ReturnExpiredIfNotCleanedUp), after cleanup and refresh. */
  const visible = (only?: K): Array<[K, V]> => {
    const m = t.get(scope.currentKey(), scope.currentNamespace());
    if (m === undefined) return [];
    const now = clock();
    const out: Array<[K, V]> = [];
    let changed = false;
    for (const [k, e] of only === undefined ? m : m.has(only) ? [[only, m.get(only)!] as const] : []) {
      if (isExpired(e[1], ttl, now)) {
        m.delete(k);
        changed = true;
        if (cfg.returnExpired) out.push([k, e[0]]);
      } else {
        if (cfg.updateOnRead) {
          e[1] = now;
          changed = true;
        }
        out.push([k, e[0]]);
      }
    }
    if (changed) store(m);
    return out;
  };
  return cleanedFirst<MapState<K, V>>(cleanup, {
    get: (k) => visible(k)[0]?.[1],
    put: (k, v) => {
      const m = t.get(scope.currentKey(), scope.currentNamespace()) ?? new Map<K, TtlValue<V>>();
      m.set(k, [v, clock()]);
      store(m);
    },
    remove: (k) => {
      const m = t.get(scope.currentKey(), scope.currentNamespace());
      if (m === undefined || !m.delete(k)) return;
      store(m);
    },
    contains: (k) => visible(k).length > 0,
    entries: () => visible(),
    isEmpty: () => visible().length === 0,
    clear: () => t.delete(scope.currentKey(), scope.currentNamespace()),
  });
}

/** `state` with the incremental cleanup run first in every method (Flink: on every state access). */
function cleanedFirst<S extends object>(cleanup: (() => void) | null, state: S): S {
  if (cleanup === null) return state;
  const out = {} as Record<string, unknown>;
  for (const [name, f] of Object.entries(state)) {
    out[name] = (...args: unknown[]) => {
      cleanup();
      return (f as (...a: unknown[]) => unknown)(...args);
    };
  }
  return out as S;
}
