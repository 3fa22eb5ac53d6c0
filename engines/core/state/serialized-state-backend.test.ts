// The serializing backend (A11, RocksDB-class) over the in-memory KeyValueStore: fresh copies on every
// read, only set() persists, heap-format snapshots, entry counting.
import { jsonCodec, MemoryKeyValueStore } from './key-value-store.ts';
import { type KeyScope, listState, mapState, valueState } from './keyed-state.ts';
import { HeapKeyedStateBackend } from './keyed-state-backend.ts';
import { SerializedKeyedStateBackend, serializedMemoryBackend } from './serialized-state-backend.ts';
import type { Namespace } from './state-table.ts';

function scope(): KeyScope & { key: unknown; ns: Namespace } {
  const s = { key: 'a' as unknown, ns: '' as Namespace, currentKey: () => s.key, currentNamespace: () => s.ns };
  return s;
}

test('RocksDB behaviour (A11): mutating the object from value() without update() does not change state', () => {
  const b = serializedMemoryBackend();
  const v = valueState<{ n: number }>(b, 'v', scope());
  v.update({ n: 1 });
  v.value()!.n = 2;
  expect(v.value()).toEqual({ n: 1 });
  expect(v.value()).not.toBe(v.value());
});

test('list add and map put persist because the views set after mutating', () => {
  const b = serializedMemoryBackend();
  const sc = scope();
  const l = listState<number>(b, 'l', sc);
  l.add(1);
  l.add(2);
  const m = mapState<string, number>(b, 'm', sc);
  m.put('x', 1);
  m.put('y', 2);
  m.remove('x');
  expect(l.get()).toEqual([1, 2]);
  expect(m.entries()).toEqual([['y', 2]]);
});

test('entry count follows set and delete per (key, namespace); clear empties only its table', () => {
  const store = new MemoryKeyValueStore<string>();
  const b = new SerializedKeyedStateBackend('mem', store, jsonCodec);
  const sc = scope();
  const v = valueState<number>(b, 'v', sc);
  const w = valueState<number>(b, 'w', sc);
  v.update(1);
  v.update(2); // same entry
  sc.ns = 5;
  v.update(3);
  w.update(4);
  sc.key = 'b';
  v.clear(); // absent: no change
  expect(b.entryCount()).toBe(3);
  b.table('v').clear();
  expect(b.entryCount()).toBe(1);
  expect(store.size).toBe(1);
});

test('a snapshot equals the heap backend snapshot of the same writes, and restores into either', () => {
  const kgOf = (key: unknown) => (key === 'a' ? 0 : 1);
  const ser = serializedMemoryBackend();
  const heap = new HeapKeyedStateBackend();
  const sc = scope();
  for (const b of [ser, heap]) {
    for (const [key, ns, val] of [
      ['a', 0, [1]],
      ['b', 1000, [2, 3]],
      ['a', '0,5', [4]],
    ] as const) {
      sc.key = key;
      sc.ns = ns;
      listState<number>(b, 'l', sc).update([...val]);
    }
  }
  const order = (s: ReturnType<typeof heap.snapshot>) => s.tables.l!.map((e) => JSON.stringify(e)).sort();
  expect(order(ser.snapshot(kgOf))).toEqual(order(heap.snapshot(kgOf)));
  const back = serializedMemoryBackend();
  back.restore([heap.snapshot(kgOf)], (kg) => kg === 1);
  sc.key = 'b';
  sc.ns = 1000;
  expect(listState<number>(back, 'l', sc).get()).toEqual([2, 3]);
  expect(back.entryCount()).toBe(1);
});
