// The GROUP BY stages of a join job (core/join-group.ts, Nexmark q4) by hand: each rule of Flink SQL's
// GroupAggFunction.processElement on one group's accumulator (first row +I; an equal result emits nothing; a
// changed one -U old, +U new; the last row retracted -D and the state cleared; a retraction for a key without
// state ignored), the min / max multiset under retraction, NULL skipping, the batch groupAll, and the format's
// rules (checkGroupBy and the join's, through parseJoinJob) with the JSON path each names.
import { Q4_JOIN, Q4_WHERE, q4GroupBy } from '../test-support/nexmark-q4.ts';
import type { Rec } from './aggregates.ts';
import { InputError } from './errors.ts';
import { type GroupAcc, type GroupStage, groupAll, groupKey, groupStageSchema, groupStep } from './join-group.ts';
import { parseJoinJob } from './join-job.ts';
import type { ChangelogRow } from './rank-job.ts';

/** A stage over `{k, v}` rows keyed by k (field null: none, as count without a field). */
const stage = (fn: string, field: string | null = 'v', keys = ['k']): GroupStage =>
  groupStageSchema.parse({ keys, aggregate: field === null ? { fn } : { fn, field } });

type Op = ChangelogRow['op'];

/** One group map driven row by row through groupStep, as the engine's stages drive it; returns each step's output. */
function driver(s: GroupStage, path = 'job.groupBy[1]') {
  const accs = new Map<string, GroupAcc>();
  const step = (op: Op, row: Rec): string[] => {
    const { id, named } = groupKey(s, row);
    const { acc, out } = groupStep(s, accs.get(id), { op, row }, named, path);
    if (acc === null) accs.delete(id);
    else if (acc) accs.set(id, acc);
    return out.map((c) => `${c.op} ${JSON.stringify(c.row)}`);
  };
  return { step, accs };
}

const r = (k: string, v: unknown): Rec => ({ k, v });
const out = (op: Op, k: string, value: unknown) => `${op} ${JSON.stringify({ k, value })}`;

describe('groupStep: the GroupAggFunction changelog of one group', () => {
  test('the first row is +I; an equal result emits nothing; a changed one -U old, +U new', () => {
    const { step } = driver(stage('max'));
    expect(step('+I', r('a', 5))).toEqual([out('+I', 'a', 5)]);
    expect(step('+I', r('a', 3))).toEqual([]); // max still 5
    expect(step('+I', r('a', 5))).toEqual([]); // an equal value: still 5
    expect(step('+I', r('a', 7))).toEqual([out('-U', 'a', 5), out('+U', 'a', 7)]);
    expect(step('+I', r('b', 1))).toEqual([out('+I', 'b', 1)]); // another key, its own first row
  });

  test('+U accumulates like +I, -U and -D retract', () => {
    const { step } = driver(stage('sum'));
    expect(step('+U', r('a', 4))).toEqual([out('+I', 'a', 4)]);
    expect(step('+U', r('a', 6))).toEqual([out('-U', 'a', 4), out('+U', 'a', 10)]);
    expect(step('-U', r('a', 4))).toEqual([out('-U', 'a', 10), out('+U', 'a', 6)]);
    expect(step('-D', r('a', 6))).toEqual([out('-D', 'a', 6)]);
  });

  test('the last row retracted is -D of the previous result, the state cleared; a later row starts with +I', () => {
    const { step, accs } = driver(stage('max'));
    step('+I', r('a', 5));
    step('+I', r('a', 3));
    expect(step('-U', r('a', 5))).toEqual([out('-U', 'a', 5), out('+U', 'a', 3)]);
    expect(step('-U', r('a', 3))).toEqual([out('-D', 'a', 3)]);
    expect(accs.has(JSON.stringify(['a']))).toBe(false);
    expect(step('+I', r('a', 9))).toEqual([out('+I', 'a', 9)]);
  });

  test('a retraction for a key without state is ignored: never seen, or after its -D', () => {
    const { step, accs } = driver(stage('count', null));
    expect(step('-U', r('a', 1))).toEqual([]);
    expect(step('-D', r('a', 1))).toEqual([]);
    expect(accs.size).toBe(0);
    expect(step('+I', r('a', 1))).toEqual([out('+I', 'a', 1)]);
    expect(step('-D', r('a', 1))).toEqual([out('-D', 'a', 1)]);
    expect(step('-U', r('a', 1))).toEqual([]);
    expect(accs.size).toBe(0);
  });

  test('a row that leaves the result equal is counted all the same (sum + 0, then its retraction)', () => {
    const { step } = driver(stage('sum'));
    expect(step('+I', r('a', 5))).toEqual([out('+I', 'a', 5)]);
    expect(step('+I', r('a', 0))).toEqual([]);
    expect(step('-U', r('a', 5))).toEqual([out('-U', 'a', 5), out('+U', 'a', 0)]); // the 0 still holds the group
    expect(step('-U', r('a', 0))).toEqual([out('-D', 'a', 0)]);
  });

  test('max retracts from its [value, count] multiset: a duplicate maximum survives one retraction', () => {
    const { step } = driver(stage('max'));
    step('+I', r('a', 5));
    step('+I', r('a', 5));
    step('+I', r('a', 2));
    expect(step('-U', r('a', 5))).toEqual([]); // one 5 left
    expect(step('-U', r('a', 5))).toEqual([out('-U', 'a', 5), out('+U', 'a', 2)]);
    expect(step('+I', r('a', 2))).toEqual([]);
    expect(step('-U', r('a', 2))).toEqual([]);
    expect(step('-D', r('a', 2))).toEqual([out('-D', 'a', 2)]);
  });

  test('min the same way, a retracted value in the middle leaving the minimum alone', () => {
    const { step } = driver(stage('min'));
    for (const v of [4, 1, 1, 3]) step('+I', r('a', v));
    expect(step('-U', r('a', 3))).toEqual([]);
    expect(step('-U', r('a', 1))).toEqual([]);
    expect(step('-U', r('a', 1))).toEqual([out('-U', 'a', 1), out('+U', 'a', 4)]);
  });

  test('min / max of strings compare as text', () => {
    const { step } = driver(stage('min'));
    expect(step('+I', r('a', 'pear'))).toEqual([out('+I', 'a', 'pear')]);
    expect(step('+I', r('a', 'apple'))).toEqual([out('-U', 'a', 'pear'), out('+U', 'a', 'apple')]);
  });

  test('avg is the exact mean, updated by subtraction', () => {
    const { step } = driver(stage('avg'));
    expect(step('+I', r('a', 2))).toEqual([out('+I', 'a', 2)]);
    expect(step('+I', r('a', 5))).toEqual([out('-U', 'a', 2), out('+U', 'a', 3.5)]);
    expect(step('+I', r('a', 3.5))).toEqual([]); // the mean of 2, 5, 3.5 is still 3.5
    expect(step('-U', r('a', 2))).toEqual([out('-U', 'a', 3.5), out('+U', 'a', 4.25)]);
  });

  test('count without a field counts rows; with one, its non-NULL values', () => {
    const rows = driver(stage('count', null));
    expect(rows.step('+I', r('a', null))).toEqual([out('+I', 'a', 1)]);
    expect(rows.step('+I', r('a', 3))).toEqual([out('-U', 'a', 1), out('+U', 'a', 2)]);
    const values = driver(stage('count'));
    expect(values.step('+I', r('a', null))).toEqual([out('+I', 'a', 0)]);
    expect(values.step('+I', r('a', 3))).toEqual([out('-U', 'a', 0), out('+U', 'a', 1)]);
    expect(values.step('-U', r('a', 3))).toEqual([out('-U', 'a', 1), out('+U', 'a', 0)]); // the NULL row holds the group
    expect(values.step('-U', r('a', null))).toEqual([out('-D', 'a', 0)]);
  });

  test.each(['sum', 'avg', 'min', 'max'])('%s skips NULL; a group of only NULLs has a NULL result, and is -D when emptied', (fn) => {
    const { step } = driver(stage(fn));
    expect(step('+I', r('a', null))).toEqual([out('+I', 'a', null)]);
    expect(step('+I', { k: 'a' })).toEqual([]); // a missing field is NULL too
    expect(step('+I', r('a', 4))).toEqual([out('-U', 'a', null), out('+U', 'a', 4)]);
    expect(step('-U', r('a', 4))).toEqual([out('-U', 'a', 4), out('+U', 'a', null)]);
    expect(step('-U', r('a', null))).toEqual([]);
    expect(step('-U', r('a', null))).toEqual([out('-D', 'a', null)]);
  });

  test.each(['sum', 'avg'])('%s of a non-number is an InputError naming the stage field', (fn) => {
    const { step } = driver(stage(fn), 'job.groupBy[1]');
    step('+I', r('a', 1));
    for (const bad of ['7', true, { x: 1 }]) {
      expect(() => step('+I', r('a', bad))).toThrow(InputError);
      try {
        step('+I', r('a', bad));
      } catch (e) {
        expect((e as InputError).path).toBe('job.groupBy[1].aggregate.field');
        expect((e as InputError).reason).toMatch(new RegExp(`^${fn} of "v" needs a finite number, got `));
      }
    }
  });

  test('a key of several fields is named by their last segments, a missing one NULL', () => {
    const s = groupStageSchema.parse({ keys: ['left.id', 'left.category'], aggregate: { fn: 'max', field: 'right.price' } });
    const pair = (id: number, category: number | undefined, price: number) => ({ left: { id, category }, right: { price } });
    const { step } = driver(s, 'job.groupBy[0]');
    expect(step('+I', pair(1, 10, 5))).toEqual([`+I ${JSON.stringify({ id: 1, category: 10, value: 5 })}`]);
    expect(step('+I', pair(1, 11, 3))).toEqual([`+I ${JSON.stringify({ id: 1, category: 11, value: 3 })}`]);
    expect(step('+I', pair(2, undefined, 4))).toEqual([`+I ${JSON.stringify({ id: 2, category: null, value: 4 })}`]);
  });
});

describe('groupAll: the batch GROUP BY the oracle runs', () => {
  test('one row per group in first-seen order, keys by their names, the result under `as`', () => {
    const s = groupStageSchema.parse({ keys: ['k'], aggregate: { fn: 'max', field: 'v' }, as: 'top' });
    const rows = [r('b', 1), r('a', 4), r('b', 3), r('a', null), r('c', null)];
    expect(groupAll(s, rows, 'job.groupBy[0]')).toEqual([
      { k: 'b', top: 3 },
      { k: 'a', top: 4 },
      { k: 'c', top: null },
    ]);
  });

  test.each([
    ['count', null, [3, 1]],
    ['count', 'v', [2, 0]],
    ['sum', 'v', [6, null]],
    ['avg', 'v', [3, null]],
    ['min', 'v', [2, null]],
  ])('%s of %s', (fn, field, want) => {
    const rows = [r('a', 2), r('a', null), r('a', 4), r('b', null)];
    expect(groupAll(stage(fn, field), rows, 'job.groupBy[0]').map((x) => x.value)).toEqual(want);
  });

  test('a non-number for avg names the stage', () => {
    expect(() => groupAll(stage('avg'), [r('a', 'x')], 'job.groupBy[0]')).toThrow(/^job\.groupBy\[0\]\.aggregate\.field: avg of "v"/);
  });
});

describe('the groupBy format on a join job (checkGroupBy, checkJoinRank)', () => {
  type Json = Record<string, unknown>;
  const job = (extra: Json = {}) => ({
    join: Q4_JOIN,
    streams: { auctions: {}, bids: {} },
    timestamp: 'dateTime',
    where: Q4_WHERE,
    groupBy: q4GroupBy(),
    ...extra,
  });
  const refusal = (value: unknown): { path: string; reason: string } => {
    try {
      parseJoinJob(value);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      return { path: e.path, reason: e.reason };
    }
    throw new Error('accepted');
  };
  const [first, second] = q4GroupBy() as [Json, Json];

  test('Nexmark q4 is accepted; `as` defaults to "value"; count needs no field; a stage-2 key may be the first result', () => {
    expect(parseJoinJob(job()).groupBy).toHaveLength(2);
    const one = parseJoinJob(job({ groupBy: [{ keys: ['left.id'], aggregate: { fn: 'count' } }] }));
    expect(one.groupBy![0]!.as).toBe('value');
    const byResult = parseJoinJob(job({ groupBy: [first, { keys: ['final'], aggregate: { fn: 'count' }, as: 'auctions' }] }));
    expect(byResult.groupBy![1]!.keys).toEqual(['final']);
  });

  test.each<[string, Json, string, RegExp]>([
    [
      'a stage-2 key that is no stage-1 output',
      { groupBy: [first, { ...second, keys: ['left.category'] }] },
      'job.groupBy[1].keys[0]',
      /^"left\.category" must be one of the first stage's outputs \(id, category, final\)$/,
    ],
    [
      'a stage-2 field that is no stage-1 output',
      { groupBy: [first, { ...second, aggregate: { fn: 'avg', field: 'price' } }] },
      'job.groupBy[1].aggregate.field',
      /"price" must be one of the first stage's outputs/,
    ],
    ['a stage-1 key without a side', { groupBy: [{ ...first, keys: ['id'] }] }, 'job.groupBy[0].keys[0]', /"id" must name a side's field/],
    [
      'a stage-1 key on a nested path',
      { groupBy: [{ ...first, keys: ['left.id', 'left.a.b'] }] },
      'job.groupBy[0].keys[1]',
      /must name a side's field: left\.<field> or right\.<field>/,
    ],
    [
      'a stage-1 field without a side',
      { groupBy: [{ ...first, aggregate: { fn: 'max', field: 'price' } }] },
      'job.groupBy[0].aggregate.field',
      /"price" must name a side's field/,
    ],
    ['max without a field', { groupBy: [{ ...first, aggregate: { fn: 'max' } }] }, 'job.groupBy[0].aggregate.field', /^max needs a field$/],
    ['two keys with one name', { groupBy: [{ ...first, keys: ['left.id', 'right.id'] }] }, 'job.groupBy[0].keys', /two fields named "id"/],
    ['a result named as a key', { groupBy: [{ ...first, as: 'category' }] }, 'job.groupBy[0].as', /two fields named "category"/],
    [
      'groupBy with topN',
      { topN: { n: 1, partitionBy: ['left.id'], orderBy: 'right.price' } },
      'job.groupBy',
      /a topN or a groupBy .* not both/,
    ],
    [
      'groupBy over an outer join',
      { join: { ...Q4_JOIN, type: 'left' } },
      'job.join.type',
      /a GROUP BY over a join is built for inner joins/,
    ],
    ['three stages', { groupBy: [first, second, second] }, 'job.groupBy', /one or two stages/],
    ['no stage', { groupBy: [] }, 'job.groupBy', /one or two stages/],
    ['no keys', { groupBy: [{ ...first, keys: [] }] }, 'job.groupBy[0].keys', /keys names at least one field/],
    [
      'an unknown fn',
      { groupBy: [{ ...first, aggregate: { fn: 'median', field: 'right.price' } }] },
      'job.groupBy[0].aggregate.fn',
      /fn must be one of count, sum, min, max, avg/,
    ],
  ])('%s', (_name, extra, path, reason) => {
    const got = refusal(job(extra));
    expect(got.path).toBe(path);
    expect(got.reason).toMatch(reason);
  });

  test('a where without a topN or a groupBy is still refused', () => {
    const { groupBy: _g, ...plain } = job();
    expect(refusal(plain)).toEqual({
      path: 'job.where',
      reason: expect.stringMatching(/^a post-join where is built only before a topN or a groupBy/),
    });
  });
});
