import { createRng } from '../core/random.ts';
import { LongMap } from './long-map.ts';
import { RotatingMap } from './rotating-map.ts';
import { fromBigInt, IdSource, toBigInt } from './tuple.ts';

test('IdSource draws the same 64-bit ids as core Rng.id64 from the same seed', () => {
  const ids = new IdSource(createRng(42));
  const rng = createRng(42);
  for (let i = 0; i < 1000; i++) {
    ids.next();
    const expected = rng.id64();
    expect(toBigInt(ids.hi, ids.lo)).toBe(expected);
    expect(fromBigInt(expected)).toEqual({ hi: ids.hi, lo: ids.lo });
  }
});

test('LongMap agrees with a Map of bigints over random sets, gets and deletes', () => {
  const rng = createRng(7);
  const ids = new IdSource(rng);
  const m = new LongMap<number>();
  const ref = new Map<bigint, number>();
  const keys: Array<[number, number]> = [];
  for (let step = 0; step < 20_000; step++) {
    const op = rng.int(0, 2);
    if (op === 0 || keys.length === 0) {
      ids.next();
      keys.push([ids.hi, ids.lo]);
      m.set(ids.hi, ids.lo, step);
      ref.set(toBigInt(ids.hi, ids.lo), step);
    } else {
      const [hi, lo] = keys[rng.int(0, keys.length - 1)]!;
      if (op === 1) expect(m.get(hi, lo)).toBe(ref.get(toBigInt(hi, lo)));
      else {
        expect(m.delete(hi, lo)).toBe(ref.get(toBigInt(hi, lo)));
        ref.delete(toBigInt(hi, lo));
      }
    }
    expect(m.size).toBe(ref.size);
  }
  for (const [hi, lo] of keys) expect(m.get(hi, lo)).toBe(ref.get(toBigInt(hi, lo)));
});

test('keys equal in one half only are different keys', () => {
  const m = new LongMap<string>();
  m.set(1, 2, 'a');
  m.set(2, 1, 'b');
  m.set(1, 3, 'c');
  expect([m.get(1, 2), m.get(2, 1), m.get(1, 3), m.get(2, 2)]).toEqual(['a', 'b', 'c', undefined]);
});

test('a RotatingMap of N buckets expires an entry at the N-th rotation after its put, and a re-put restarts it', () => {
  const expired: number[] = [];
  const r = new RotatingMap<number>(3, (v) => expired.push(v));
  r.put(0, 1, 1);
  r.rotate();
  r.put(0, 2, 2);
  r.rotate();
  r.put(0, 1, 1); // back to the newest bucket
  expect(r.rotate()).toBe(0);
  expect(r.rotate()).toBe(1);
  expect(expired).toEqual([2]);
  expect(r.get(0, 1)).toBe(1);
  r.rotate();
  expect(expired).toEqual([2, 1]);
  expect(r.size).toBe(0);
});

test('removed entries never expire', () => {
  const expired: number[] = [];
  const r = new RotatingMap<number>(2, (v) => expired.push(v));
  r.putNew(5, 5, 5);
  expect(r.remove(5, 5)).toBe(5);
  r.rotate();
  r.rotate();
  expect(expired).toEqual([]);
});
