// Bad input, a window result joined back to its records (Nexmark q7, engines/core/records-join.ts): a scenario
// whose job has `joinRecords`. Each case exits 2 with one line naming the JSON path — the format's, or for a
// record that lacks the joined field, job.joinRecords.on with the event — and leaves the earlier result alone
// (bad-input-harness.ts).
import { type BadCase, badScenario, expectRefused, type Harness, harness } from './bad-input-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness('streamlab-bad-join-records-');
});
afterAll(() => h.done());

type Json = Record<string, unknown>;
/** nexmark-q7's job, with `extra` over it and `spec` over its joinRecords. */
const q7 = (extra: Json = {}, spec: Json = {}): Json => ({
  filter: { field: 'kind', eq: 'bid' },
  window: { kind: 'tumbling', size: 10_000 },
  aggregate: { fn: 'max', field: 'price' },
  joinRecords: { on: 'price', lower: -10_000, upper: 0, ...spec },
  watermark: { delay: 3000 },
  ...extra,
});
const file = (job: Json) => () =>
  h.write(`jr-${JSON.stringify(job).replace(/\W+/g, '-').slice(0, 90)}.json`, {
    name: 'bad-join-records',
    title: 'Bad join back',
    question: 'Is it refused?',
    workload: { generator: 'nexmark', events: 500, rate: 1000, seed: 1 },
    job,
    engines: [{ kind: 'event' }],
  });

const cases: BadCase[] = [
  badScenario('lower above upper', file(q7({}, { lower: 1000, upper: 0 })), 'job.joinRecords.lower', 'lower (1000) must be <= upper (0)'),
  badScenario(
    'a key (the join back joins one result per window)',
    file(q7({ key: 'auction' })),
    'job.key',
    /^the join back joins one result per window/,
  ),
  badScenario(
    'a sliding window',
    file(q7({ window: { kind: 'sliding', size: 10_000, slide: 2000 } })),
    'job.window.kind',
    /^the join back needs a tumbling window/,
  ),
  badScenario(
    'a joined field no bid has (a data problem)',
    file(q7({}, { on: 'cost' })),
    'job.joinRecords.on',
    /^event \d+ \(.*\): the records are joined on "cost", and this record has no such field$/,
  ),
  badScenario('an unknown field in joinRecords', file(q7({}, { inclusive: false })), 'job.joinRecords.inclusive', /^unknown field/),
  badScenario('joinRecords without on', file({ ...q7(), joinRecords: { lower: -10_000, upper: 0 } }), 'job.joinRecords.on', /./),
  badScenario('a max with no field', file(q7({ aggregate: { fn: 'max' } })), 'job.aggregate.field', 'aggregate max needs a field'),
  badScenario(
    'a collect aggregate',
    file(q7({ aggregate: { fn: 'collect', field: 'price' } })),
    'job.aggregate.fn',
    'the join back compares records with one scalar result per window',
  ),
];

describe('bad join-back scenarios: exit 2, one line naming the JSON path, the earlier result untouched', () => {
  test.each(cases)('$name', async (c) => {
    await expectRefused(h, c);
  });
});
