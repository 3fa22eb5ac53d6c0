// countHeldRecords: how every engine counts a join side's records in its state, however it nests them.
import { InputError } from './errors.ts';
import { countHeldRecords, distinctRows, joinRows, parseJoinJob } from './join-job.ts';

const rec = (stream: string, id: number) => ({ stream, id, ts: id });

test('records are counted by their stream through lists, maps, [ts, record] tuples and wrappers', () => {
  const counts = new Map<string, number>();
  countHeldRecords([rec('a', 1), rec('b', 2)], counts); // window contents (a list)
  countHeldRecords(new Map([[5, [rec('a', 3), rec('a', 4)]]]), counts); // interval join buffer (ts → records)
  countHeldRecords([[7, rec('b', 5)]], counts); // regular join list of [ts, record]
  countHeldRecords({ value: [[8, rec('b', 6)]], lastAccess: 9 }, counts); // a TTL wrapper
  countHeldRecords({ left: [{ window: null, ts: 1, record: rec('a', 7), matched: false }], right: [] }, counts); // Spark's join state
  expect(Object.fromEntries(counts)).toEqual({ a: 4, b: 3 });
});

test('values that hold no record count nothing: accumulators, nulls, numbers', () => {
  const counts = new Map<string, number>();
  for (const v of [null, 3, 'x', { count: 2 }, [1, 2], new Map([[1, 2]])]) countHeldRecords(v, counts);
  expect(counts.size).toBe(0);
});

describe('distinct per window (Nexmark q8): the rows and the rules of the format', () => {
  const job = (streams: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    parseJoinJob({
      join: { kind: 'window', left: 'p', right: 'a', leftKey: 'id', rightKey: 'seller', ...(extra.join as object) },
      timestamp: 'ts',
      window: { kind: 'tumbling', size: 10 },
      streams,
      ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'join')),
    });

  test('one row per distinct combination, in first-arrival order, holding only its fields and its stream; a missing field is null', () => {
    const recs = [
      { stream: 'a', seller: 1, x: 'u', ts: 1 },
      { stream: 'a', seller: 2, ts: 2 },
      { stream: 'a', seller: 1, x: 'v', ts: 3 },
    ];
    expect(distinctRows(recs, ['seller'], 'a')).toEqual([
      { seller: 1, stream: 'a' },
      { seller: 2, stream: 'a' },
    ]);
    expect(distinctRows(recs, ['seller', 'x'], 'a')).toEqual([
      { seller: 1, x: 'u', stream: 'a' },
      { seller: 2, x: null, stream: 'a' },
      { seller: 1, x: 'v', stream: 'a' },
    ]);
    const j = job({ p: {}, a: { distinct: ['seller'] } });
    expect(joinRows(j, 'left', recs)).toBe(recs);
    expect(joinRows(j, 'right', recs)).toHaveLength(2);
  });

  test.each([
    [
      'an interval join',
      { p: {}, a: { distinct: ['seller'] } },
      { join: { kind: 'interval', lower: 0, upper: 5 }, window: undefined },
      'a window join only, not an interval join',
    ],
    ['a session window', { p: {}, a: { distinct: ['seller'] } }, { window: { kind: 'session', gap: 5 } }, 'tumbling and sliding'],
    ['fields without the join key', { p: { distinct: ['name'] }, a: {} }, {}, 'the left side is joined on "id": distinct must hold it'],
    ['a field named twice', { p: {}, a: { distinct: ['seller', 'seller'] } }, {}, 'names a field twice'],
    ['the stream field', { p: {}, a: { distinct: ['seller', 'stream'] } }, {}, 'keeps its "stream" already'],
    ['an empty list', { p: {}, a: { distinct: [] } }, {}, 'at least one field'],
  ])('%s is bad input naming job.streams.<name>.distinct', (_name, streams, extra, reason) => {
    let error: unknown;
    try {
      job(streams, extra);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).path).toMatch(/^job\.streams\.(p|a)\.distinct/);
    expect((error as InputError).message).toContain(reason);
  });
});
