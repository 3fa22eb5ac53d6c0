// Bad input, multi aggregates (Nexmark q15–q17's several named aggregates, issue 18): each case exits 2 with
// one line naming the JSON path of the named aggregate at fault, and leaves the earlier result alone.
import { type BadCase, badScenario, expectRefused, type Harness, harness } from './bad-input-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness('streamlab-bad-multiagg-');
});
afterAll(() => h.done());

type Json = Record<string, unknown>;
/** A valid q15-like scenario whose `of` gets `extra` (null deletes a name), or whose aggregate is `aggregate`. */
const file = (extra: Json, aggregate?: Json) => () => {
  const of: Json = { total_bids: { fn: 'count' }, total_bidders: { fn: 'count', distinct: 'bidder' }, ...extra };
  for (const [k, v] of Object.entries(extra)) if (v === null) delete of[k];
  return h.write(`m-${JSON.stringify([extra, aggregate]).replace(/\W+/g, '-').slice(0, 80)}.json`, {
    name: 'bad-multiagg',
    title: 'Bad multi aggregate',
    question: 'Is it refused?',
    workload: { generator: 'nexmark', events: 500, rate: 1000, seed: 1 },
    job: {
      filter: { field: 'kind', eq: 'bid' },
      window: { kind: 'tumbling', size: 1000 },
      aggregate: aggregate ?? { fn: 'multi', of },
    },
    engines: [{ kind: 'event' }],
  });
};
const bad = badScenario;

const cases: BadCase[] = [
  bad(
    'an unknown fn in `of`',
    file({ p90: { fn: 'median', field: 'price' } }),
    'job.aggregate.of.p90.fn',
    'fn must be one of count, sum, min, max, avg',
  ),
  bad('collect in `of`', file({ all: { fn: 'collect', field: 'price' } }), 'job.aggregate.of.all.fn', /^fn must be one of/),
  bad(
    'an empty `of`',
    () => file({}, { fn: 'multi', of: {} })(),
    'job.aggregate.of',
    'a multi aggregate needs at least one named aggregate in `of`',
  ),
  bad('multi without `of`', () => file({}, { fn: 'multi' })(), 'job.aggregate.of', 'a multi aggregate needs `of`, its named aggregates'),
  bad(
    '`of` on a single aggregate',
    () => file({}, { fn: 'count', of: { n: { fn: 'count' } } })(),
    'job.aggregate.of',
    'only a multi aggregate has `of` (fn is count)',
  ),
  bad(
    'a distinct on a field no record has',
    file({ bidders: { fn: 'count', distinct: 'bidderId' } }),
    'job.aggregate.of.bidders.distinct',
    /count\(DISTINCT bidderId\) needs the field in every record/,
  ),
  bad(
    'a distinct that is not a field name',
    file({ bidders: { fn: 'count', distinct: true } }),
    'job.aggregate.of.bidders.distinct',
    'distinct must be a field name',
  ),
  bad(
    'a distinct on sum',
    file({ s: { fn: 'sum', field: 'price', distinct: 'price' } }),
    'job.aggregate.of.s.distinct',
    /distinct is supported on count only/,
  ),
  bad('sum without a field', file({ s: { fn: 'sum' } }), 'job.aggregate.of.s.field', 'aggregate sum needs a field'),
  bad(
    'a filter that is a string',
    file({ cheap: { fn: 'count', filter: 'price < 10000' } }),
    'job.aggregate.of.cheap.filter',
    /^filter must be an object/,
  ),
  bad(
    'a filter without a comparison',
    file({ cheap: { fn: 'count', filter: { field: 'price' } } }),
    'job.aggregate.of.cheap.filter',
    /needs at least one of eq, lt/,
  ),
  bad(
    'a filter with an unknown comparison',
    file({ cheap: { fn: 'count', filter: { field: 'price', le: 5 } } }),
    'job.aggregate.of.cheap.filter.le',
    /^unknown field/,
  ),
  bad(
    'a filter bound that is not a number',
    file({ cheap: { fn: 'count', filter: { field: 'price', lt: '10000' } } }),
    'job.aggregate.of.cheap.filter.lt',
    /number/,
  ),
  bad(
    'a min over a field that is not a number',
    file({ m: { fn: 'min', field: 'channel' } }),
    'job.aggregate.of.m.field',
    /min needs a finite number in every record/,
  ),
];

describe('bad multi aggregates: exit 2, one line naming the JSON path, the earlier result untouched', () => {
  test.each(cases)('$name', async (c) => {
    await expectRefused(h, c);
  });
});
