// countHeldRecords: how every engine counts a join side's records in its state, however it nests them.
import { countHeldRecords } from './join-job.ts';

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
