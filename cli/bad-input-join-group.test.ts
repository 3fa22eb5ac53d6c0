// Bad input, a GROUP BY over a join (Nexmark q4, engines/core/join-group.ts): `groupBy` on a stream join. Each
// case exits 2 with one line naming the JSON path, and leaves the earlier result alone (bad-input-harness.ts).

import { Q4_JOIN, Q4_WHERE, q4First, q4GroupBy, q4Second } from '../engines/test-support/nexmark-q4.ts';
import { type BadCase, badScenario, expectRefused, type Harness, harness, jobPatcher } from './bad-input-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness('streamlab-bad-join-group-');
});
afterAll(() => h.done());

type Json = Record<string, unknown>;
const valid = (): Json => ({
  name: 'bad-join-group',
  title: 'Bad join group',
  question: 'Is it refused?',
  workload: { generator: 'nexmark', events: 500, rate: 1000, seed: 1 },
  job: {
    join: Q4_JOIN,
    streams: { auctions: { filter: { field: 'kind', eq: 'auction' } }, bids: { filter: { field: 'kind', eq: 'bid' } } },
    where: Q4_WHERE,
    groupBy: q4GroupBy(),
  },
  engines: [{ kind: 'event' }],
});
const file = jobPatcher(() => h, valid, 'jg');
const bad = badScenario;
const first = q4First();
const second = q4Second();

const cases: BadCase[] = [
  bad(
    'a first-stage field the pairs do not have',
    file({ groupBy: [{ ...first, aggregate: { fn: 'max', field: 'right.prize' } }, second] }),
    'job.groupBy[0].aggregate.field',
    /^the pair \{"left":.* has no "right\.prize"$/,
  ),
  bad(
    'a first-stage key the pairs do not have',
    file({
      groupBy: [
        { ...first, keys: ['left.id', 'left.categ'] },
        { ...second, keys: ['categ'] },
      ],
    }),
    'job.groupBy[0].keys[1]',
    /^the pair \{"left":.* has no "left\.categ"$/,
  ),
  bad(
    'a second-stage key that is not a first-stage output',
    file({ groupBy: [first, { ...second, keys: ['left.category'] }] }),
    'job.groupBy[1].keys[0]',
    `"left.category" must be one of the first stage's outputs (id, category, final)`,
  ),
  bad(
    'max without a field',
    file({ groupBy: [{ ...first, aggregate: { fn: 'max' } }, second] }),
    'job.groupBy[0].aggregate.field',
    'max needs a field',
  ),
  bad(
    'an unknown function',
    file({ groupBy: [first, { ...second, aggregate: { fn: 'median', field: 'final' } }] }),
    'job.groupBy[1].aggregate.fn',
    'fn must be one of count, sum, min, max, avg',
  ),
  bad('three stages', file({ groupBy: [first, second, second] }), 'job.groupBy', 'groupBy has one or two stages'),
  bad(
    'a groupBy beside a topN',
    file({ topN: { n: 1, partitionBy: ['left.id'], orderBy: 'right.price' } }),
    'job.groupBy',
    'a join job has a topN or a groupBy over its pairs, not both',
  ),
  bad(
    'a first-stage key without a side',
    file({ groupBy: [{ ...first, keys: ['id'] }] }),
    'job.groupBy[0].keys[0]',
    `"id" must name a side's field: left.<field> or right.<field>`,
  ),
  bad(
    'a result named like a key',
    file({ groupBy: [{ ...first, as: 'id' }] }),
    'job.groupBy[0].as',
    'the output would have two fields named "id"',
  ),
  bad(
    'a GROUP BY over an outer join',
    file({ join: { ...Q4_JOIN, type: 'left' } }),
    'job.join.type',
    'a GROUP BY over a join is built for inner joins',
  ),
  bad('a groupBy that is not a list', file({ groupBy: first }), 'job.groupBy', /^groupBy must be a list of one or two stages/),
  bad(
    'an average of a text field',
    file({ groupBy: [{ ...first, aggregate: { fn: 'avg', field: 'right.url' } }] }),
    'job.groupBy[0].aggregate.field',
    /^avg of "right\.url" needs a finite number, got "/,
  ),
];

describe('bad join GROUP BY scenarios: exit 2, one line naming the JSON path, the earlier result untouched', () => {
  test.each(cases)('$name', async (c) => {
    await expectRefused(h, c);
  });
});
