// A heap state table: values by (key, namespace), as Flink's HashMapStateBackend keeps Java objects on
// the heap (A11). `get` returns the live object, so mutating it without `update` changes state — the
// same aliasing Flink documents for the heap backend.

export type Namespace = string | number;
/** The namespace of state that is not scoped to a window (Flink's VoidNamespace). */
export const VOID_NAMESPACE: Namespace = '';

/** Values by (key, namespace): what every keyed state backend provides to operators. */
export interface StateTable<V> {
  get(key: unknown, ns: Namespace): V | undefined;
  /** Store `value`. Backends that serialize (the on-disk one) persist only what is set: mutate, then set. */
  set(key: unknown, ns: Namespace, value: V): void;
  delete(key: unknown, ns: Namespace): void;
  /** Number of (key, namespace) entries. */
  readonly size: number;
  entries(): IterableIterator<[unknown, Namespace, V]>;
  clear(): void;
}

// Namespace-major: windows are few and keys many, so one Map per live window (not one per key per
// window) keeps allocation — and GC — proportional to the number of windows.
export class HeapStateTable<V> implements StateTable<V> {
  private readonly byNs = new Map<Namespace, Map<unknown, V>>();
  private count = 0;
  // Consecutive accesses mostly hit the same window: remember the last namespace's map.
  private lastNs: Namespace | undefined = undefined;
  private lastMap: Map<unknown, V> | undefined = undefined;

  private mapOf(ns: Namespace): Map<unknown, V> | undefined {
    if (ns === this.lastNs) return this.lastMap;
    const m = this.byNs.get(ns);
    if (m !== undefined) {
      this.lastNs = ns;
      this.lastMap = m;
    }
    return m;
  }

  get(key: unknown, ns: Namespace): V | undefined {
    const m = this.mapOf(ns);
    return m === undefined ? undefined : m.get(key);
  }

  set(key: unknown, ns: Namespace, value: V): void {
    let m = this.mapOf(ns);
    if (m === undefined) {
      m = new Map();
      this.byNs.set(ns, m);
      this.lastNs = ns;
      this.lastMap = m;
    }
    const size = m.size;
    m.set(key, value);
    if (m.size !== size) this.count++;
  }

  delete(key: unknown, ns: Namespace): void {
    const m = this.mapOf(ns);
    if (m === undefined || !m.delete(key)) return;
    this.count--;
    if (m.size === 0) {
      this.byNs.delete(ns);
      this.lastNs = undefined;
      this.lastMap = undefined;
    }
  }

  /** Number of (key, namespace) entries. */
  get size(): number {
    return this.count;
  }

  *entries(): IterableIterator<[unknown, Namespace, V]> {
    for (const [ns, m] of this.byNs) for (const [key, v] of m) yield [key, ns, v];
  }

  /** entries() without a generator or an array per entry (snapshots walk every entry). */
  forEachEntry(f: (key: unknown, ns: Namespace, v: V) => void): void {
    this.byNs.forEach((m, ns) => {
      m.forEach((v, key) => {
        f(key, ns, v);
      });
    });
  }

  clear(): void {
    this.byNs.clear();
    this.count = 0;
    this.lastNs = undefined;
    this.lastMap = undefined;
  }
}
