// State TTL (A12) on a virtual processing clock, on the heap and on a serializing backend: expired iff
// lastAccess + ttl <= now, OnCreateAndWrite vs OnReadAndWrite, the two visibilities, lazy cleanup on
// read, and expired entries left out of full snapshots.
import { InputError, RefusedError } from '../errors.ts';
import { aggregatingState, type KeyScope, listState, mapState, reducingState, valueState } from './keyed-state.ts';
import { HeapKeyedStateBackend, type KeyedStateBackend } from './keyed-state-backend.ts';
import { serializedMemoryBackend } from './serialized-state-backend.ts';
import type { Namespace } from './state-table.ts';
import type { StateTtlConfig, TtlOptions } from './ttl.ts';

function scope(): KeyScope & { key: unknown; ns: Namespace } {
  const s = { key: 'a' as unknown, ns: '' as Namespace, currentKey: () => s.key, currentNamespace: () => s.ns };
  return s;
}

/** A virtual processing clock and TTL options reading it. */
function clocked(cfg: StateTtlConfig): { now: { t: number }; ttl: TtlOptions } {
  const now = { t: 0 };
  return { now, ttl: { ...cfg, clock: () => now.t } };
}

const kgOf = () => 0;

describe.each([
  ['heap', (): KeyedStateBackend => new HeapKeyedStateBackend()],
  ['serialized', serializedMemoryBackend],
])('state TTL on the %s backend', (_name, make) => {
  test('ttl 100 written at t=1000: visible at 1099, expired at 1100 (lastAccess + ttl <= now)', () => {
    const b = make();
    const { now, ttl } = clocked({ ttl: 100 });
    const v = valueState<string>(b, 'v', scope(), ttl);
    now.t = 1000;
    v.update('x');
    now.t = 1099;
    expect(v.value()).toBe('x');
    now.t = 1100;
    expect(v.value()).toBeUndefined();
  });

  test('OnCreateAndWrite (default): reads do not extend the life; a write does', () => {
    const b = make();
    const { now, ttl } = clocked({ ttl: 100 });
    const v = valueState<number>(b, 'v', scope(), ttl);
    v.update(1); // t=0
    now.t = 50;
    expect(v.value()).toBe(1);
    now.t = 100;
    expect(v.value()).toBeUndefined();
    v.update(2); // t=100
    now.t = 199;
    expect(v.value()).toBe(2);
  });

  test('OnReadAndWrite: a read at t=90 moves the expiry to 190', () => {
    const b = make();
    const { now, ttl } = clocked({ ttl: 100, updateType: 'OnReadAndWrite' });
    const v = valueState<number>(b, 'v', scope(), ttl);
    v.update(1);
    now.t = 90;
    expect(v.value()).toBe(1);
    now.t = 189;
    expect(v.value()).toBe(1); // and this read moves it to 289
    now.t = 288;
    expect(v.value()).toBe(1);
    now.t = 388;
    expect(v.value()).toBeUndefined();
  });

  test('NeverReturnExpired removes the entry on read (lazy cleanup)', () => {
    const b = make();
    const { now, ttl } = clocked({ ttl: 10 });
    const v = valueState<number>(b, 'v', scope(), ttl);
    v.update(1);
    now.t = 10;
    expect(b.entryCount()).toBe(1); // not cleaned until read
    expect(v.value()).toBeUndefined();
    expect(b.entryCount()).toBe(0);
  });

  test('ReturnExpiredIfNotCleanedUp returns the expired value once, then it is gone', () => {
    const b = make();
    const { now, ttl } = clocked({ ttl: 10, visibility: 'ReturnExpiredIfNotCleanedUp', cleanupIncrementally: false });
    const v = valueState<number>(b, 'v', scope(), ttl);
    v.update(7);
    now.t = 10;
    expect(v.value()).toBe(7);
    expect(v.value()).toBeUndefined();
    expect(b.entryCount()).toBe(0);
  });

  test('TTL is per key: a written at 0, b at 50; at 100 only b is visible', () => {
    const b = make();
    const sc = scope();
    const { now, ttl } = clocked({ ttl: 100 });
    const v = valueState<number>(b, 'v', sc, ttl);
    v.update(1);
    now.t = 50;
    sc.key = 'b';
    v.update(2);
    now.t = 100;
    expect(v.value()).toBe(2);
    sc.key = 'a';
    expect(v.value()).toBeUndefined();
  });

  test('reducing and aggregating state start afresh after expiry, even with ReturnExpiredIfNotCleanedUp', () => {
    const b = make();
    const { now, ttl } = clocked({ ttl: 100, visibility: 'ReturnExpiredIfNotCleanedUp' });
    const r = reducingState<number>(b, 'r', scope(), (x, y) => x + y, ttl);
    const agg = aggregatingState<number, number, number>(
      b,
      'g',
      scope(),
      { create: () => 0, add: (a, v) => a + v, result: (a) => a * 10 },
      ttl,
    );
    r.add(1);
    r.add(2);
    agg.add(1);
    now.t = 99;
    expect(r.get()).toBe(3);
    now.t = 100;
    r.add(5);
    agg.add(5);
    expect(r.get()).toBe(5);
    expect(agg.get()).toBe(50);
  });

  test('list state expires per element: added at 0 and 50, at 100 only the second remains', () => {
    const b = make();
    const { now, ttl } = clocked({ ttl: 100 });
    const l = listState<string>(b, 'l', scope(), ttl);
    l.add('old');
    now.t = 50;
    l.add('new');
    now.t = 99;
    expect(l.get()).toEqual(['old', 'new']);
    now.t = 100;
    expect(l.get()).toEqual(['new']);
    now.t = 150;
    expect(l.get()).toEqual([]);
    expect(b.entryCount()).toBe(0);
  });

  test('map state expires per entry; OnReadAndWrite refreshes only the entries read', () => {
    const b = make();
    const { now, ttl } = clocked({ ttl: 100, updateType: 'OnReadAndWrite' });
    const m = mapState<string, number>(b, 'm', scope(), ttl);
    m.put('x', 1);
    m.put('y', 2);
    now.t = 60;
    expect(m.get('x')).toBe(1); // x now lives until 160, y until 100
    now.t = 100;
    expect(m.contains('y')).toBe(false);
    expect(m.entries()).toEqual([['x', 1]]);
    now.t = 199; // the entries() read at 100 refreshed x
    expect(m.isEmpty()).toBe(false);
    now.t = 299;
    expect(m.isEmpty()).toBe(true);
    expect(b.entryCount()).toBe(0);
  });

  test('cleanupFullSnapshot: a full snapshot leaves expired entries out; live state keeps them until read', () => {
    const b = make();
    const sc = scope();
    const { now, ttl } = clocked({ ttl: 100, cleanupFullSnapshot: true, cleanupIncrementally: false });
    const v = valueState<number>(b, 'v', sc, ttl);
    const l = listState<number>(b, 'l', sc, ttl);
    v.update(1);
    l.add(1);
    now.t = 50;
    sc.key = 'b';
    v.update(2);
    l.add(2);
    sc.key = 'a';
    l.add(3);
    now.t = 100;
    const snap = b.snapshot(kgOf);
    expect(snap.tables.v!.map(([, key, , val]) => [key, val])).toEqual([['b', [2, 50]]]);
    expect(snap.tables.l!.map(([, key, , val]) => [key, val]).sort()).toEqual([
      ['a', [[3, 50]]],
      ['b', [[2, 50]]],
    ]);
    expect(b.entryCount()).toBe(4);
  });

  test('by default (as in Flink) snapshots keep expired entries no cleanup has reached', () => {
    const b = make();
    const { now, ttl } = clocked({ ttl: 100 });
    valueState<number>(b, 'v', scope(), ttl).update(1);
    now.t = 500;
    expect(b.snapshot(kgOf).tables.v).toHaveLength(1);
  });

  test('ReturnExpiredIfNotCleanedUp: an expired value nothing cleaned up survives a checkpoint and is read once', () => {
    const b = make();
    // No background cleanup (the heap's incremental one would visit this only entry at the first access).
    const { now, ttl } = clocked({ ttl: 100, visibility: 'ReturnExpiredIfNotCleanedUp', cleanupIncrementally: false });
    valueState<number>(b, 'v', scope(), ttl).update(7);
    now.t = 500;
    const r = make();
    r.restore([b.snapshot(kgOf)], () => true);
    const v = valueState<number>(r, 'v', scope(), ttl);
    expect(v.value()).toBe(7); // expired, returned, and removed by this read
    expect(v.value()).toBeUndefined();
  });

  test('a restore keeps the last access times of the checkpoint (the TTL config is not in it)', () => {
    const b = make();
    const { now, ttl } = clocked({ ttl: 100 });
    valueState<number>(b, 'v', scope(), ttl).update(1);
    const snap = b.snapshot(kgOf);
    const r = make();
    const rv = valueState<number>(r, 'v', scope(), ttl);
    r.restore([snap], () => true);
    now.t = 99;
    expect(rv.value()).toBe(1);
    now.t = 100;
    expect(rv.value()).toBeUndefined();
  });
});

test('TTL options are validated at the boundary, naming the option', () => {
  const b = new HeapKeyedStateBackend();
  const clock = () => 0;
  expect(() => valueState(b, 'v', scope(), { ttl: 0, clock })).toThrow(
    new InputError('ttl.ttl', 'must be a whole number of ms > 0, got 0'),
  );
  expect(() => valueState(b, 'v', scope(), { ttl: 1.5, clock })).toThrow(InputError);
  expect(() => valueState(b, 'v', scope(), { ttl: 10, clock, updateType: 'OnRead' as never })).toThrow(
    /ttl.updateType: must be one of OnCreateAndWrite, OnReadAndWrite, got OnRead/,
  );
  expect(() => valueState(b, 'v', scope(), { ttl: 10, clock, visibility: 'Sometimes' as never })).toThrow(/ttl.visibility/);
  expect(() => valueState(b, 'v', scope(), { ttl: 10, clock, cleanupIncrementally: { size: 0 } })).toThrow(
    /ttl.cleanupIncrementally.size: must be a whole number >= 1, got 0/,
  );
});

describe.each([
  ['heap', (): KeyedStateBackend => new HeapKeyedStateBackend()],
  ['serialized', serializedMemoryBackend],
])('switching TTL on or off for existing state fails the restore (A12) — %s backend', (_name, make) => {
  const restoredInto = (b: KeyedStateBackend, from: KeyedStateBackend) => b.restore([from.snapshot(kgOf)], () => true);

  test('state written without TTL, registered with TTL after the restore: refused, naming the state', () => {
    const old = make();
    valueState<number>(old, 'count', scope()).update(3);
    const b = make();
    restoredInto(b, old);
    const { ttl } = clocked({ ttl: 100 });
    const e = (() => {
      try {
        valueState<number>(b, 'count', scope(), ttl);
      } catch (x) {
        return x;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(RefusedError);
    expect((e as RefusedError).path).toBe('state.count');
    expect((e as Error).message).toMatch(/written without TTL .* registered with TTL/);
  });

  test('state written with TTL, registered without it: refused; every state kind is checked', () => {
    const { ttl } = clocked({ ttl: 100 });
    const old = make();
    listState<number>(old, 'l', scope(), ttl).add(1);
    mapState<string, number>(old, 'm', scope(), ttl).put('x', 1);
    reducingState<number>(old, 'r', scope(), (a, c) => a + c, ttl).add(1);
    const b = make();
    restoredInto(b, old);
    expect(() => listState<number>(b, 'l', scope())).toThrow(RefusedError);
    expect(() => mapState<string, number>(b, 'm', scope())).toThrow(/written with TTL .* registered without TTL/);
    expect(() => reducingState<number>(b, 'r', scope(), (a, c) => a + c)).toThrow(RefusedError);
  });

  test('registered first, then a restore of the other kind: refused too', () => {
    const old = make();
    valueState<number>(old, 'v', scope()).update(1);
    const b = make();
    const { ttl } = clocked({ ttl: 100 });
    valueState<number>(b, 'v', scope(), ttl);
    expect(() => restoredInto(b, old)).toThrow(/state\.v|written without TTL/);
  });

  test('the same TTL setting restores; TTL settings other than on/off may change; a state not restored is free', () => {
    const a = clocked({ ttl: 100 });
    const old = make();
    valueState<number>(old, 'v', scope(), a.ttl).update(7);
    valueState<number>(old, 'plain', scope()).update(1);
    const b = make();
    restoredInto(b, old);
    const c = clocked({ ttl: 5000, updateType: 'OnReadAndWrite' });
    expect(valueState<number>(b, 'v', scope(), c.ttl).value()).toBe(7);
    expect(valueState<number>(b, 'plain', scope()).value()).toBe(1);
    expect(valueState<number>(b, 'fresh', scope(), c.ttl).value()).toBeUndefined();
    // A snapshot of the restored backend still knows which tables hold TTL values.
    const again = make();
    restoredInto(again, b);
    expect(() => valueState<number>(again, 'v', scope())).toThrow(RefusedError);
  });

  test('one name registered both with and without TTL in one job is refused as well', () => {
    const b = make();
    valueState<number>(b, 'v', scope());
    const { ttl } = clocked({ ttl: 100 });
    expect(() => valueState<number>(b, 'v', scope(), ttl)).toThrow(RefusedError);
  });
});

describe('background cleanup (A12): incremental on the heap backend, none modelled on the serialized one', () => {
  /** 10 keys written at t=0 with ttl 100, then state accesses at t=500 (each cleans up to 5 entries). */
  const expiredTen = (b: KeyedStateBackend, cfg: StateTtlConfig) => {
    const sc = scope();
    const { now, ttl } = clocked(cfg);
    const v = valueState<number>(b, 'v', sc, ttl);
    for (let i = 0; i < 10; i++) {
      sc.key = `k${i}`;
      v.update(i);
    }
    now.t = 500;
    sc.key = 'other';
    return v;
  };

  test('heap: every state access checks the next 5 entries and drops the expired ones (cleanupIncrementally(5, false))', () => {
    const b = new HeapKeyedStateBackend();
    const v = expiredTen(b, { ttl: 100 });
    // The ten writes were accesses too (nothing had expired then): they left the cursor before k5.
    expect(b.entryCount()).toBe(10);
    v.value(); // visits k5..k9, all expired
    expect(b.entryCount()).toBe(5);
    v.value(); // the cursor is at the end: a new one starts with the next access (TtlIncrementalCleanup)
    expect(b.entryCount()).toBe(5);
    v.value(); // k0..k4
    expect(b.entryCount()).toBe(0);
  });

  test('heap: a larger cleanup size visits more entries per access; false turns it off', () => {
    const b = new HeapKeyedStateBackend();
    expiredTen(b, { ttl: 100, cleanupIncrementally: { size: 10 } }).value();
    expect(b.entryCount()).toBe(0);
    const off = new HeapKeyedStateBackend();
    expiredTen(off, { ttl: 100, cleanupIncrementally: false }).value();
    expect(off.entryCount()).toBe(10);
  });

  test('serialized (RocksDB-like): its compaction-filter cleanup is not modelled, so only reads clean up', () => {
    const b = serializedMemoryBackend();
    const v = expiredTen(b, { ttl: 100 });
    v.value();
    v.value();
    expect(b.entryCount()).toBe(10);
  });

  test('list and map state: the cleanup drops expired elements inside the entries it visits', () => {
    const b = new HeapKeyedStateBackend();
    const sc = scope();
    const { now, ttl } = clocked({ ttl: 100 });
    const l = listState<number>(b, 'l', sc, ttl);
    const m = mapState<string, number>(b, 'm', sc, ttl);
    l.add(1);
    m.put('x', 1);
    now.t = 80;
    l.add(2);
    m.put('y', 2);
    now.t = 150; // 1 and x expired; 2 and y live until 180
    sc.key = 'other';
    l.get();
    m.get('z');
    const snap = b.snapshot(kgOf);
    expect(snap.tables.l!.map(([, , , val]) => val)).toEqual([[[2, 80]]]);
    expect(snap.tables.m!.map(([, , , val]) => [...(val as Map<string, unknown>).keys()])).toEqual([['y']]);
  });
});
