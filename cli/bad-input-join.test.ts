// Bad input, stream joins (issue 18): a scenario whose `job.join` has a `kind` is a join of two streams cut
// out of the workload by their filters. Each case exits 2 with one line naming the JSON path, and leaves the
// earlier result alone (bad-input-harness.ts).
import { type BadCase, badScenario, expectRefused, type Harness, harness, jobPatcher } from './bad-input-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness('streamlab-bad-join-');
});
afterAll(() => h.done());

type Json = Record<string, unknown>;
const join = (extra: Json = {}): Json => ({
  kind: 'window',
  left: 'persons',
  right: 'auctions',
  leftKey: 'id',
  rightKey: 'seller',
  ...extra,
});
const streams = (): Json => ({
  persons: { filter: { field: 'kind', eq: 'person' } },
  auctions: { filter: { field: 'kind', eq: 'auction' } },
});
const AUCTIONS = { filter: { field: 'kind', eq: 'auction' } };
const valid = (): Json => ({
  name: 'bad-join',
  title: 'Bad join',
  question: 'Is it refused?',
  workload: { generator: 'nexmark', events: 500, rate: 1000, seed: 1 },
  job: { join: join(), streams: streams(), window: { kind: 'tumbling', size: 1000 } },
  engines: [{ kind: 'event' }],
});
const file = jobPatcher(() => h, valid, 'j');
const bad = badScenario;

const cases: BadCase[] = [
  bad('an unknown join kind', file({ join: join({ kind: 'outer' }) }), 'job.join.kind', 'join.kind must be window, interval or regular'),
  bad('a lookup field on a stream join', file({ join: join({ table: 'campaigns' }) }), 'job.join.table', /^unknown field/),
  bad(
    'a join side that is not a declared stream',
    file({ join: join({ right: 'bids' }) }),
    'job.join.right',
    'stream "bids" is not declared',
  ),
  bad('a stream without a filter', file({ streams: { ...streams(), auctions: {} } }), 'job.streams.auctions.filter', /filter/),
  bad(
    'a filter with two tests',
    file({ streams: { ...streams(), auctions: { filter: { field: 'kind', eq: 'auction', gt: 3 } } } }),
    'job.streams.auctions.filter',
    'give exactly one of eq, in, gt, lt',
  ),
  bad(
    'a third stream',
    file({ streams: { ...streams(), bids: { filter: { field: 'kind', eq: 'bid' } } } }),
    'job.streams',
    'exactly its two streams',
  ),
  bad('a window join without a window', file({ window: null }), 'job.window', 'a window join needs job.window'),
  bad('a regular join with a window', file({ join: join({ kind: 'regular' }) }), 'job.window', 'a regular join has no window'),
  bad('an aggregation field on a join', file({ aggregate: { fn: 'count' } }), 'job.aggregate', /^unknown field/),
  bad('a join key no record has', file({ join: join({ rightKey: 'owner' }) }), 'job.join.rightKey', 'joined on "owner"'),
  bad(
    'a record passing both streams',
    file({ streams: { persons: { filter: { field: 'kind', in: ['person', 'auction'] } }, auctions: streams().auctions } }),
    'job.streams.auctions.filter',
    'passes the filters of both "persons" and "auctions"',
  ),
  bad(
    'an engine entry overriding an aggregation field',
    file({}, { engines: [{ kind: 'event', aggregate: { fn: 'count' } }] }),
    'engines[0].aggregate',
    'a join job has no aggregate',
  ),
  bad(
    'a stream map writing the stream field',
    file({ streams: { ...streams(), auctions: { ...AUCTIONS, map: { stream: 'kind', seller: 'seller' } } } }),
    'job.streams.auctions.map.stream',
    'writes each record\'s stream name into "stream"',
  ),
  bad(
    'a stream map with an expression that does not parse',
    file({ streams: { ...streams(), auctions: { ...AUCTIONS, map: { seller: { expr: 'seller +' } } } } }),
    'job.streams.auctions.map.seller.expr',
    /./,
  ),
  bad(
    'a stream map that leaves out the event time',
    file({ streams: { ...streams(), auctions: { ...AUCTIONS, map: { seller: 'seller' } } } }),
    'job.streams.auctions.map',
    /^event \d+ \(.*\): a join needs a numeric event time, got nothing$/,
  ),
  bad(
    'a stream map whose expression fails on a record',
    file({
      streams: {
        ...streams(),
        auctions: { ...AUCTIONS, map: { seller: 'seller', dateTime: { expr: "dateTime || 'ms'" } } },
      },
    }),
    'job.streams.auctions.map.dateTime.expr',
    /\|\| joins strings/,
  ),
  bad(
    'distinct rows per window without the join key',
    file({ streams: { ...streams(), auctions: { ...AUCTIONS, distinct: ['category'] } } }),
    'job.streams.auctions.distinct',
    'the right side is joined on "seller": distinct must hold it',
  ),
  bad(
    'distinct on a field no record has',
    file({ streams: { ...streams(), auctions: { ...AUCTIONS, distinct: ['seller', 'sellr'] } } }),
    'job.streams.auctions.distinct',
    /^event \d+ \(.*\): the right stream is made distinct on "sellr", and this record has no such field$/,
  ),
  bad(
    'distinct on a field the stream’s map does not write',
    file({
      streams: {
        ...streams(),
        auctions: { ...AUCTIONS, map: { seller: 'seller', dateTime: 'dateTime' }, distinct: ['seller', 'category'] },
      },
    }),
    'job.streams.auctions.distinct',
    '"category" is not a field of job.streams.auctions.map',
  ),
  bad(
    'distinct rows on a regular join',
    file({ join: join({ kind: 'regular' }), window: null, streams: { ...streams(), auctions: { ...AUCTIONS, distinct: ['seller'] } } }),
    'job.streams.auctions.distinct',
    'a window join only, not a regular join',
  ),
  bad(
    'a crash on a join scenario after its last arrival',
    file({}, { faults: [{ at: 999_999_999, kind: 'crash' }] }),
    'faults[0].at',
    'is after the input ends',
  ),
];

describe('bad join scenarios: exit 2, one line naming the JSON path, the earlier result untouched', () => {
  test.each(cases)('$name', async (c) => {
    await expectRefused(h, c);
  });
});
