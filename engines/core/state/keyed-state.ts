// User-facing keyed state (F-D-ST): value, list, map, reducing and aggregating state, each scoped to
// the operator's current key and namespace. They are thin views over a backend's state table; with a
// `ttl` option their values expire after that much processing time (A12, see ttl.ts).
import type { KeyedStateBackend } from './keyed-state-backend.ts';
import type { Namespace, StateTable } from './state-table.ts';
import { resolveTtl, type TtlOptions, ttlListState, ttlMapState, ttlTable } from './ttl.ts';

/** Where a state view finds the current key and namespace (set by the operator before user code runs). */
export interface KeyScope {
  currentKey(): unknown;
  currentNamespace(): Namespace;
}

export interface ValueState<T> {
  value(): T | undefined;
  update(v: T): void;
  clear(): void;
}
export interface ListState<T> {
  get(): T[];
  add(v: T): void;
  update(values: T[]): void;
  clear(): void;
}
export interface MapState<K, V> {
  get(k: K): V | undefined;
  put(k: K, v: V): void;
  remove(k: K): void;
  contains(k: K): boolean;
  entries(): [K, V][];
  isEmpty(): boolean;
  clear(): void;
}
export interface ReducingState<T> {
  get(): T | undefined;
  add(v: T): void;
  clear(): void;
}
export interface AggregatingState<IN, OUT> {
  get(): OUT | undefined;
  add(v: IN): void;
  clear(): void;
}

/** The table behind a single-value state, and its read-before-write (never an expired value). */
function valueTable<T>(backend: KeyedStateBackend, name: string, ttl: TtlOptions | undefined): [StateTable<T>, StateTable<T>['get']] {
  if (ttl === undefined) {
    const t = backend.table<T>(name, 'plain');
    return [t, (k, ns) => t.get(k, ns)];
  }
  const t = ttlTable<T>(backend, name, resolveTtl(ttl));
  return [t, (k, ns) => t.getUnexpired(k, ns)];
}

export function valueState<T>(backend: KeyedStateBackend, name: string, scope: KeyScope, ttl?: TtlOptions): ValueState<T> {
  const [t] = valueTable<T>(backend, name, ttl);
  return {
    value: () => t.get(scope.currentKey(), scope.currentNamespace()),
    update: (v) => t.set(scope.currentKey(), scope.currentNamespace(), v),
    clear: () => t.delete(scope.currentKey(), scope.currentNamespace()),
  };
}

export function listState<T>(backend: KeyedStateBackend, name: string, scope: KeyScope, ttl?: TtlOptions): ListState<T> {
  if (ttl !== undefined) return ttlListState<T>(backend, name, scope, resolveTtl(ttl));
  const t = backend.table<T[]>(name, 'plain');
  return {
    get: () => t.get(scope.currentKey(), scope.currentNamespace()) ?? [],
    add: (v) => {
      const k = scope.currentKey();
      const ns = scope.currentNamespace();
      const cur = t.get(k, ns);
      if (cur === undefined) t.set(k, ns, [v]);
      else {
        cur.push(v);
        t.set(k, ns, cur); // a serializing backend persists only what is set
      }
    },
    update: (values) =>
      values.length === 0
        ? t.delete(scope.currentKey(), scope.currentNamespace())
        : t.set(scope.currentKey(), scope.currentNamespace(), [...values]),
    clear: () => t.delete(scope.currentKey(), scope.currentNamespace()),
  };
}

export function mapState<K, V>(backend: KeyedStateBackend, name: string, scope: KeyScope, ttl?: TtlOptions): MapState<K, V> {
  if (ttl !== undefined) return ttlMapState<K, V>(backend, name, scope, resolveTtl(ttl));
  const t = backend.table<Map<K, V>>(name, 'plain');
  const cur = () => t.get(scope.currentKey(), scope.currentNamespace());
  return {
    get: (k) => cur()?.get(k),
    put: (k, v) => {
      const m = cur();
      if (m === undefined) t.set(scope.currentKey(), scope.currentNamespace(), new Map([[k, v]]));
      else {
        m.set(k, v);
        t.set(scope.currentKey(), scope.currentNamespace(), m);
      }
    },
    remove: (k) => {
      const m = cur();
      if (m === undefined) return;
      m.delete(k);
      if (m.size === 0) t.delete(scope.currentKey(), scope.currentNamespace());
      else t.set(scope.currentKey(), scope.currentNamespace(), m);
    },
    contains: (k) => cur()?.has(k) ?? false,
    entries: () => [...(cur()?.entries() ?? [])],
    isEmpty: () => (cur()?.size ?? 0) === 0,
    clear: () => t.delete(scope.currentKey(), scope.currentNamespace()),
  };
}

export function reducingState<T>(
  backend: KeyedStateBackend,
  name: string,
  scope: KeyScope,
  reduce: (a: T, b: T) => T,
  ttl?: TtlOptions,
): ReducingState<T> {
  const [t, current] = valueTable<T>(backend, name, ttl);
  return {
    get: () => t.get(scope.currentKey(), scope.currentNamespace()),
    add: (v) => {
      const k = scope.currentKey();
      const ns = scope.currentNamespace();
      const cur = current(k, ns);
      t.set(k, ns, cur === undefined ? v : reduce(cur, v));
    },
    clear: () => t.delete(scope.currentKey(), scope.currentNamespace()),
  };
}

export interface AggregateFn<IN, ACC, OUT> {
  create(): ACC;
  add(acc: ACC, v: IN): ACC;
  result(acc: ACC): OUT;
}

export function aggregatingState<IN, ACC, OUT>(
  backend: KeyedStateBackend,
  name: string,
  scope: KeyScope,
  agg: AggregateFn<IN, ACC, OUT>,
  ttl?: TtlOptions,
): AggregatingState<IN, OUT> {
  const [t, current] = valueTable<ACC>(backend, name, ttl);
  return {
    get: () => {
      const acc = t.get(scope.currentKey(), scope.currentNamespace());
      return acc === undefined ? undefined : agg.result(acc);
    },
    add: (v) => {
      const k = scope.currentKey();
      const ns = scope.currentNamespace();
      const cur = current(k, ns);
      t.set(k, ns, agg.add(cur === undefined ? agg.create() : cur, v));
    },
    clear: () => t.delete(scope.currentKey(), scope.currentNamespace()),
  };
}
