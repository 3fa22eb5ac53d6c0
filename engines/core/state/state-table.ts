// A heap state table: values by (key, namespace), as Flink's HashMapStateBackend keeps Java objects on
// the heap (A11). `get` returns the live object, so mutating it without `update` changes state — the
// same aliasing Flink documents for the heap backend.

export type Namespace = string | number;
/** The namespace of state that is not scoped to a window (Flink's VoidNamespace). */
export const VOID_NAMESPACE: Namespace = '';

export class StateTable<V> {
  private readonly byKey = new Map<unknown, Map<Namespace, V>>();
  private count = 0;

  get(key: unknown, ns: Namespace): V | undefined {
    const m = this.byKey.get(key);
    return m === undefined ? undefined : m.get(ns);
  }

  set(key: unknown, ns: Namespace, value: V): void {
    let m = this.byKey.get(key);
    if (m === undefined) {
      m = new Map();
      this.byKey.set(key, m);
    }
    if (!m.has(ns)) this.count++;
    m.set(ns, value);
  }

  delete(key: unknown, ns: Namespace): void {
    const m = this.byKey.get(key);
    if (m === undefined || !m.has(ns)) return;
    m.delete(ns);
    this.count--;
    if (m.size === 0) this.byKey.delete(key);
  }

  /** Number of (key, namespace) entries. */
  get size(): number {
    return this.count;
  }

  *entries(): IterableIterator<[unknown, Namespace, V]> {
    for (const [key, m] of this.byKey) for (const [ns, v] of m) yield [key, ns, v];
  }

  clear(): void {
    this.byKey.clear();
    this.count = 0;
  }
}
