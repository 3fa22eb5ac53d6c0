// Bad input, dedup / top-N / chained scenarios (issue 18): a scenario whose job has a `dedup`, `topN` or
// `perWindow` key runs that construct after the stateless filter and map. Each case exits 2 with one line
// naming the JSON path, and leaves the earlier result alone (bad-input-harness.ts).
import { type BadCase, badScenario, expectRefused, type Harness, harness } from './bad-input-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness('streamlab-bad-rank-');
});
afterAll(() => h.done());

type Json = Record<string, unknown>;
const valid = (job: Json): Json => ({
  name: 'bad-rank',
  title: 'Bad rank job',
  question: 'Is it refused?',
  workload: { generator: 'nexmark', events: 500, rate: 1000, seed: 1 },
  job: { filter: { field: 'kind', eq: 'bid' }, ...job },
  engines: [{ kind: 'event' }],
});
const dedup = (extra: Json = {}): Json => ({ dedup: { keep: 'first', key: ['bidder'], ...extra } });
const topN = (extra: Json = {}): Json => ({ topN: { n: 3, partitionBy: ['auction'], orderBy: 'price', ...extra } });
const chained = (extra: Json = {}): Json => ({
  key: 'auction',
  window: { kind: 'sliding', size: 10_000, slide: 2000 },
  aggregate: { fn: 'count' },
  perWindow: { aggregate: { fn: 'max', field: 'value' } },
  ...extra,
});
const file =
  (job: Json, top: Json = {}) =>
  () =>
    h.write(`r-${JSON.stringify([job, top]).replace(/\W+/g, '-').slice(0, 90)}.json`, { ...valid(job), ...top });
const bad = badScenario;

const cases: BadCase[] = [
  bad('an unknown dedup field', file(dedup({ keepLast: true })), 'job.dedup.keepLast', /^unknown field/),
  bad('an unknown job field beside dedup', file({ ...dedup(), aggregate: { fn: 'count' } }), 'job.aggregate', /^unknown field/),
  bad('a keep that is neither first nor last', file(dedup({ keep: 'latest' })), 'job.dedup.keep', 'dedup.keep must be first or last'),
  bad(
    'dedup.within with keep last',
    file(dedup({ keep: 'last', within: 3000 })),
    'job.dedup.within',
    'within bounds keep-first dedup only (Spark dropDuplicatesWithinWatermark)',
  ),
  bad(
    'a record missing the dedup key field',
    file(dedup({ key: ['buyer'] })),
    'job.dedup.key',
    /^event \d+ \(.*\): this record has no "buyer"$/,
  ),
  bad('a top-N order field no bid has', file(topN({ orderBy: 'cost' })), 'job.topN.orderBy', 'this record has no "cost"'),
  bad('a top-N of zero rows', file(topN({ n: 0 })), 'job.topN.n', 'n must be > 0'),
  bad(
    'a top-N ordered by its partition field',
    file(topN({ orderBy: 'auction' })),
    'job.topN.orderBy',
    '"auction" is also a partitionBy field',
  ),
  bad(
    'a window top-N on a session window',
    file({ ...topN(), window: { kind: 'session', gap: 1000 } }),
    'job.window.kind',
    'window top-N needs a tumbling or sliding window (Flink TUMBLE/HOP)',
  ),
  bad(
    'a top-N with RANK (ties) and no window',
    file(topN({ function: 'rank' })),
    'job.topN.function',
    'rank is built for a window Top-N only (give the job a tumbling or sliding window); an updating Top-N with RANK is not built',
  ),
  bad(
    'a top-N function that is neither rowNumber nor rank',
    file(topN({ function: 'dense_rank' })),
    'job.topN.function',
    'topN.function must be rowNumber or rank',
  ),
  bad(
    'a chained aggregation reading a field other than the first result',
    file(chained({ perWindow: { aggregate: { fn: 'max', field: 'price' } } })),
    'job.perWindow.aggregate.field',
    'the second aggregation reads the first one\'s "value"',
  ),
  bad(
    'a chained aggregation without a key',
    file(chained({ key: undefined })),
    'job.key',
    'a chained aggregation groups its first aggregation by key',
  ),
  bad(
    'a join back to a second aggregation other than max',
    file(chained({ perWindow: { aggregate: { fn: 'min', field: 'value' }, joinBack: true } })),
    'job.perWindow.joinBack',
    /^the join back keeps the first results that reach the window's max \(num >= maxn\): it needs perWindow\.aggregate\.fn "max"$/,
  ),
  bad(
    'a join back that is not a boolean',
    file(chained({ perWindow: { aggregate: { fn: 'max', field: 'value' }, joinBack: 'yes' } })),
    'job.perWindow.joinBack',
    /boolean/,
  ),
  bad(
    'an engine entry overriding a field a rank job has not',
    file(dedup(), { engines: [{ kind: 'event', key: 'bidder' }] }),
    'engines[0].key',
    /^a dedup job has no key to override/,
  ),
];

describe('bad dedup, top-N and chained scenarios: exit 2, one line naming the JSON path, the earlier result untouched', () => {
  test.each(cases)('$name', async (c) => {
    await expectRefused(h, c);
  });
});
