// The format of a window aggregation joined back to its records (records-join.ts, Nexmark q7): what it
// accepts, what it refuses (each error naming the JSON path), and the BETWEEN bounds, inclusive at both ends.
import { InputError } from './errors.ts';
import { parseRankJob, rankKind } from './rank-job.ts';
import { aggregationOf, parseRecordsJoinJob, recordsJoinProblem, withinJoinBounds } from './records-join.ts';

type Json = Record<string, unknown>;
const q7 = (extra: Json = {}, joinRecords: Json = {}): Json => ({
  window: { kind: 'tumbling', size: 10_000 },
  aggregate: { fn: 'max', field: 'price' },
  joinRecords: { on: 'price', lower: -10_000, upper: 0, ...joinRecords },
  ...extra,
});

/** The InputError `value` is refused with, as `path: reason`. */
function refusal(value: Json): string {
  try {
    parseRecordsJoinJob(value);
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  throw new Error('accepted');
}

describe('the joinRecords format', () => {
  test('q7 as published parses: a tumbling MAX(price) joined on price within [end − 10 s, end]', () => {
    const job = parseRecordsJoinJob(q7());
    expect(job.joinRecords).toEqual({ on: 'price', lower: -10_000, upper: 0 });
    expect(rankKind(q7())).toBe('joinRecords');
    expect(parseRankJob(q7())).toEqual(job);
    // Its window aggregation is the plain windowed job without the join.
    expect(aggregationOf(job)).not.toHaveProperty('joinRecords');
    expect(aggregationOf(job).aggregate).toEqual({ fn: 'max', field: 'price' });
  });

  test('lower may equal upper (a one-instant range); lower > upper is refused at joinRecords.lower', () => {
    expect(parseRecordsJoinJob(q7({}, { lower: 0, upper: 0 })).joinRecords.lower).toBe(0);
    expect(refusal(q7({}, { lower: 1, upper: 0 }))).toBe('job.joinRecords.lower: lower (1) must be <= upper (0)');
  });

  test('a sliding, session, count or global window is refused at window.kind (q7 is a TUMBLE)', () => {
    for (const window of [
      { kind: 'sliding', size: 10_000, slide: 5000 },
      { kind: 'session', gap: 1000 },
      { kind: 'count', size: 3 },
      { kind: 'global' },
    ]) {
      expect(refusal(q7({ window }))).toMatch(/^job\.window\.kind: the join back needs a tumbling window/);
    }
  });

  test('a key is refused: one result per window is joined (a global aggregation)', () => {
    expect(refusal(q7({ key: 'auction' }))).toMatch(/^job\.key: the join back joins one result per window/);
  });

  test('collect and multi aggregates are refused: the join compares with one scalar result', () => {
    expect(refusal(q7({ aggregate: { fn: 'collect', field: 'price' } }))).toMatch(/^job\.aggregate\.fn: .*one scalar result/);
    expect(refusal(q7({ aggregate: { fn: 'multi', of: { m: { fn: 'max', field: 'price' } } } }))).toMatch(
      /^job\.aggregate\.fn: .*one scalar result/,
    );
  });

  test("the window aggregation's own rules hold: a max needs its field", () => {
    expect(refusal(q7({ aggregate: { fn: 'max' } }))).toBe('job.aggregate.field: aggregate max needs a field');
  });

  test('processing time is refused: the join compares event times with the window end', () => {
    expect(refusal(q7({ time: 'processing' }))).toMatch(/^job\.time: the join back runs on event time/);
  });

  test('a missing on, an empty on, a fractional bound and an unknown field each name their path', () => {
    expect(refusal({ ...q7(), joinRecords: { lower: -10, upper: 0 } })).toMatch(/^job\.joinRecords\.on: /);
    expect(refusal(q7({}, { on: '' }))).toMatch(/^job\.joinRecords\.on: /);
    expect(refusal(q7({}, { upper: 0.5 }))).toMatch(/^job\.joinRecords\.upper: /);
    expect(refusal(q7({}, { inclusive: false }))).toMatch(/^job\.joinRecords\.inclusive: unknown field/);
  });
});

describe('withinJoinBounds is BETWEEN: both ends inclusive', () => {
  const spec = { on: 'price', lower: -10, upper: 0 };
  test('end + lower and end + upper are inside; one past either is outside', () => {
    expect(withinJoinBounds(spec, 20, 10)).toBe(true);
    expect(withinJoinBounds(spec, 20, 20)).toBe(true);
    expect(withinJoinBounds(spec, 20, 9)).toBe(false);
    expect(withinJoinBounds(spec, 20, 21)).toBe(false);
  });
  test('negative times and a one-instant range', () => {
    expect(withinJoinBounds(spec, -5, -15)).toBe(true);
    expect(withinJoinBounds(spec, -5, -16)).toBe(false);
    const instant = { on: 'price', lower: 3, upper: 3 };
    expect([22, 23, 24].map((t) => withinJoinBounds(instant, 20, t))).toEqual([false, true, false]);
  });
});

describe('what a record lacks', () => {
  const job = parseRecordsJoinJob(q7({ timestamp: 'ts' }));
  test('a record with its event time, the aggregated field and the field joined on lacks nothing', () => {
    expect(recordsJoinProblem(job, { price: 3, ts: 1 })).toBeNull();
  });
  test('a NULL joined value is no problem (SQL =: it joins nothing)', () => {
    const other = parseRecordsJoinJob(q7({ timestamp: 'ts' }, { on: 'bidder' }));
    expect(recordsJoinProblem(other, { price: 3, ts: 1, bidder: null })).toBeNull();
  });
  test('a missing joined field is named as joinRecords.on', () => {
    const other = parseRecordsJoinJob(q7({ timestamp: 'ts' }, { on: 'bidder' }));
    expect(recordsJoinProblem(other, { price: 3, ts: 1 })).toEqual({
      what: 'joinRecords.on',
      field: 'bidder',
      reason: 'the records are joined on "bidder", and this record has no such field',
    });
  });
  test('a missing event time is the window aggregation’s problem, named first', () => {
    expect(recordsJoinProblem(job, { price: 3 })?.what).toBe('timestamp');
  });
});
