// Keyed state views (F-D-ST) over the heap backend (A11): per key and namespace, deep-copied snapshots,
// restore by key group (A8), and the heap aliasing Flink documents for HashMapStateBackend.
import { aggregatingState, type KeyScope, listState, mapState, reducingState, valueState } from './keyed-state.ts';
import { HeapKeyedStateBackend } from './keyed-state-backend.ts';
import type { Namespace } from './state-table.ts';

function scope(): KeyScope & { key: unknown; ns: Namespace } {
  const s = {
    key: 'a' as unknown,
    ns: '' as Namespace,
    currentKey: () => s.key,
    currentNamespace: () => s.ns,
  };
  return s;
}

describe('value state', () => {
  test('is per key: a=1 and b=2 do not see each other', () => {
    const b = new HeapKeyedStateBackend();
    const sc = scope();
    const v = valueState<number>(b, 'v', sc);
    v.update(1);
    sc.key = 'b';
    expect(v.value()).toBeUndefined();
    v.update(2);
    sc.key = 'a';
    expect(v.value()).toBe(1);
  });

  test('is per namespace: the same key in windows 0 and 1000 holds two values', () => {
    const b = new HeapKeyedStateBackend();
    const sc = scope();
    const v = valueState<number>(b, 'v', sc);
    sc.ns = 0;
    v.update(10);
    sc.ns = 1000;
    v.update(20);
    sc.ns = 0;
    expect(v.value()).toBe(10);
    expect(b.entryCount()).toBe(2);
  });

  test('clear removes only the current key and namespace', () => {
    const b = new HeapKeyedStateBackend();
    const sc = scope();
    const v = valueState<number>(b, 'v', sc);
    v.update(1);
    sc.key = 'b';
    v.update(2);
    v.clear();
    expect(v.value()).toBeUndefined();
    sc.key = 'a';
    expect(v.value()).toBe(1);
    expect(b.entryCount()).toBe(1);
  });

  test('two state names are two tables', () => {
    const b = new HeapKeyedStateBackend();
    const sc = scope();
    valueState<number>(b, 'x', sc).update(1);
    expect(valueState<number>(b, 'y', sc).value()).toBeUndefined();
  });

  test('heap aliasing (A11): mutating the object from value() changes state without update()', () => {
    const b = new HeapKeyedStateBackend();
    const sc = scope();
    const v = valueState<{ n: number }>(b, 'v', sc);
    v.update({ n: 1 });
    v.value()!.n = 2;
    expect(v.value()).toEqual({ n: 2 });
  });
});

describe('list, map, reducing and aggregating state', () => {
  test('list state appends in order per key and is [] when empty', () => {
    const b = new HeapKeyedStateBackend();
    const sc = scope();
    const l = listState<number>(b, 'l', sc);
    expect(l.get()).toEqual([]);
    l.add(1);
    l.add(2);
    sc.key = 'b';
    l.add(9);
    sc.key = 'a';
    expect(l.get()).toEqual([1, 2]);
    l.update([]);
    expect(l.get()).toEqual([]);
    expect(b.entryCount()).toBe(1);
  });

  test('list update copies its argument', () => {
    const b = new HeapKeyedStateBackend();
    const l = listState<number>(b, 'l', scope());
    const xs = [1, 2];
    l.update(xs);
    xs.push(3);
    expect(l.get()).toEqual([1, 2]);
  });

  test('map state put/get/remove/contains/entries per key; removing the last entry empties the key', () => {
    const b = new HeapKeyedStateBackend();
    const sc = scope();
    const m = mapState<string, number>(b, 'm', sc);
    expect(m.isEmpty()).toBe(true);
    m.put('x', 1);
    m.put('y', 2);
    expect(m.get('x')).toBe(1);
    expect(m.contains('y')).toBe(true);
    expect(m.entries()).toEqual([
      ['x', 1],
      ['y', 2],
    ]);
    sc.key = 'b';
    expect(m.contains('x')).toBe(false);
    sc.key = 'a';
    m.remove('x');
    m.remove('y');
    expect(m.isEmpty()).toBe(true);
    expect(b.entryCount()).toBe(0);
  });

  test('reducing state folds with the reducer: max of 3, 7, 5 is 7', () => {
    const b = new HeapKeyedStateBackend();
    const r = reducingState<number>(b, 'r', scope(), Math.max);
    expect(r.get()).toBeUndefined();
    for (const x of [3, 7, 5]) r.add(x);
    expect(r.get()).toBe(7);
    r.clear();
    expect(r.get()).toBeUndefined();
  });

  test('aggregating state returns the result of the accumulator: average of 2 and 4 is 3', () => {
    const b = new HeapKeyedStateBackend();
    const sc = scope();
    const avg = aggregatingState<number, [number, number], number>(b, 'avg', sc, {
      create: () => [0, 0],
      add: ([s, n], v) => [s + v, n + 1],
      result: ([s, n]) => s / n,
    });
    expect(avg.get()).toBeUndefined();
    avg.add(2);
    avg.add(4);
    expect(avg.get()).toBe(3);
    sc.key = 'b';
    expect(avg.get()).toBeUndefined();
  });
});

describe('snapshot and restore (A9, A8)', () => {
  const kgOf = (key: unknown) => (key === 'a' ? 1 : key === 'b' ? 2 : 3);

  test('a snapshot is a deep copy: mutating live state afterwards does not change it', () => {
    const b = new HeapKeyedStateBackend();
    const sc = scope();
    const v = valueState<{ n: number }>(b, 'v', sc);
    const l = listState<number>(b, 'l', sc);
    v.update({ n: 1 });
    l.add(1);
    const snap = b.snapshot(kgOf);
    v.value()!.n = 99;
    l.add(2);
    const fresh = new HeapKeyedStateBackend();
    fresh.restore([snap], () => true);
    expect(valueState<{ n: number }>(fresh, 'v', sc).value()).toEqual({ n: 1 });
    expect(listState<number>(fresh, 'l', sc).get()).toEqual([1]);
  });

  test('snapshot entries are tagged with the key group of their key', () => {
    const b = new HeapKeyedStateBackend();
    const sc = scope();
    const v = valueState<number>(b, 'v', sc);
    v.update(1);
    sc.key = 'b';
    v.update(2);
    const entries = b.snapshot(kgOf).tables.v!;
    expect(entries.map(([kg, key]) => [kg, key]).sort()).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  test('restore keeps only the owned key groups: owning group 1 restores key a, not b', () => {
    const b = new HeapKeyedStateBackend();
    const sc = scope();
    const v = valueState<number>(b, 'v', sc);
    v.update(1);
    sc.key = 'b';
    v.update(2);
    const snap = b.snapshot(kgOf);
    const r = new HeapKeyedStateBackend();
    r.restore([snap], (kg) => kg === 1);
    const rv = valueState<number>(r, 'v', sc);
    sc.key = 'a';
    expect(rv.value()).toBe(1);
    sc.key = 'b';
    expect(rv.value()).toBeUndefined();
    expect(r.entryCount()).toBe(1);
  });

  test('restore from several snapshots (rescaling in) merges their owned entries', () => {
    const sc = scope();
    const b1 = new HeapKeyedStateBackend();
    valueState<number>(b1, 'v', sc).update(1);
    const b2 = new HeapKeyedStateBackend();
    sc.key = 'b';
    valueState<number>(b2, 'v', sc).update(2);
    const r = new HeapKeyedStateBackend();
    r.restore([b1.snapshot(kgOf), b2.snapshot(kgOf)], () => true);
    expect(r.entryCount()).toBe(2);
  });

  test('restore replaces live state: entries not in the snapshot are gone', () => {
    const b = new HeapKeyedStateBackend();
    const sc = scope();
    const v = valueState<number>(b, 'v', sc);
    const snap = b.snapshot(kgOf);
    v.update(5);
    b.restore([snap], () => true);
    expect(v.value()).toBeUndefined();
  });

  test('restored state is a copy: mutating it does not change the snapshot', () => {
    const b = new HeapKeyedStateBackend();
    const sc = scope();
    valueState<{ n: number }>(b, 'v', sc).update({ n: 1 });
    const snap = b.snapshot(kgOf);
    const r = new HeapKeyedStateBackend();
    r.restore([snap], () => true);
    valueState<{ n: number }>(r, 'v', sc).value()!.n = 7;
    const r2 = new HeapKeyedStateBackend();
    r2.restore([snap], () => true);
    expect(valueState<{ n: number }>(r2, 'v', sc).value()).toEqual({ n: 1 });
  });

  test('map state survives snapshot and restore as a Map', () => {
    const b = new HeapKeyedStateBackend();
    const sc = scope();
    mapState<string, number>(b, 'm', sc).put('x', 1);
    const r = new HeapKeyedStateBackend();
    r.restore([b.snapshot(kgOf)], () => true);
    expect(mapState<string, number>(r, 'm', sc).get('x')).toBe(1);
  });
});
