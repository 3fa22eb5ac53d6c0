// Bad input, a top-N over a join (Nexmark q9, engines/core/join-rank.ts): `where` and `topN` on a stream join.
// Each case exits 2 with one line naming the JSON path, and leaves the earlier result alone (bad-input-harness.ts).

import { Q9_JOIN, Q9_WHERE, q9TopN } from '../engines/test-support/nexmark-q9.ts';
import { type BadCase, badScenario, expectRefused, type Harness, harness, jobPatcher } from './bad-input-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness('streamlab-bad-join-rank-');
});
afterAll(() => h.done());

type Json = Record<string, unknown>;
const topN = (extra: Json = {}): Json => q9TopN(extra);
const valid = (): Json => ({
  name: 'bad-join-rank',
  title: 'Bad join rank',
  question: 'Is it refused?',
  workload: { generator: 'nexmark', events: 500, rate: 1000, seed: 1 },
  job: {
    join: Q9_JOIN,
    streams: { auctions: { filter: { field: 'kind', eq: 'auction' } }, bids: { filter: { field: 'kind', eq: 'bid' } } },
    where: Q9_WHERE,
    topN: topN(),
  },
  engines: [{ kind: 'event' }],
});
const file = jobPatcher(() => h, valid, 'jr');
const bad = badScenario;

const cases: BadCase[] = [
  bad('a where without a topN', file({ topN: null }), 'job.where', 'a post-join where is built only before a topN'),
  bad('a where that does not parse', file({ where: 'right.price >' }), 'job.where', /^column \d+: /),
  bad(
    'a desc beside a list orderBy',
    file({ topN: topN({ desc: false }) }),
    'job.topN.desc',
    'with a list orderBy each key has its own desc',
  ),
  bad('an empty orderBy list', file({ topN: topN({ orderBy: [] }) }), 'job.topN.orderBy', 'orderBy names at least one key'),
  bad(
    'a partition that names no side',
    file({ topN: topN({ partitionBy: ['id'] }) }),
    'job.topN.partitionBy[0]',
    '"id" must name a side\'s field: left.<field> or right.<field>',
  ),
  bad(
    'an order key that names no side',
    file({ topN: topN({ orderBy: [{ field: 'right.price' }, { field: 'dateTime' }] }) }),
    'job.topN.orderBy[1].field',
    "must name a side's field",
  ),
  bad(
    'an order key twice',
    file({ topN: topN({ orderBy: [{ field: 'right.price' }, { field: 'right.price', desc: true }] }) }),
    'job.topN.orderBy[1].field',
    'is ordered by twice',
  ),
  bad(
    'a top-N over an outer join',
    file({ join: { kind: 'regular', type: 'left', left: 'auctions', right: 'bids', leftKey: 'id', rightKey: 'auction' } }),
    'job.join.type',
    'a top-N over a join is built for inner joins',
  ),
  bad('RANK over a join', file({ topN: topN({ function: 'rank' }) }), 'job.topN.function', 'an updating Top-N with RANK is not built'),
  bad('an order field no pair has', file({ topN: topN({ orderBy: 'right.nope' }) }), 'job.topN', 'has no "right.nope"'),
  bad(
    'a where a pair cannot be evaluated on',
    file({ where: 'right.price + left.itemName > 0' }),
    'job.where',
    /^the pair .*\+ needs numbers/,
  ),
];

describe('bad join top-N scenarios: exit 2, one line naming the JSON path, the earlier result untouched', () => {
  test.each(cases)('$name', async (c) => {
    await expectRefused(h, c);
  });
});
