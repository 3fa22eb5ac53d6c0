// Bad input, expressions and stateless jobs (issue 18): a syntax error names the JSON path and the column;
// an unknown function is found at validation; an unknown field, a NaN or infinite result and a type error
// are found on the first record that has them, naming the event and the field — all before any engine
// runs. Each exits 2 with one line and leaves the earlier result alone (bad-input-harness.ts).
import { type BadCase, expectRefused, type Harness, harness } from './bad-input-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness('streamlab-bad-expr-');
});
afterAll(() => h.done());

type Json = Record<string, unknown>;
const valid = (): Json => ({
  name: 'bad-expr',
  title: 'Bad expressions',
  question: 'Are they refused?',
  workload: { generator: 'nexmark', events: 500, rate: 1000, seed: 1 },
  job: { stateless: true, filter: { expr: "kind = 'bid'" }, map: { auction: 'auction', price: { expr: 'price * 0.908' } } },
  engines: [{ kind: 'event' }],
});
let n = 0;
const file = (job: Json) => () => h.write(`e-${++n}.json`, { ...valid(), job: { ...(valid().job as Json), ...job } });
const bad = (name: string, job: Json, where: string, reason: string | RegExp): BadCase => ({
  name,
  argv: (out) => ['run', file(job)(), '--out', out],
  where,
  reason,
});
const mapped = (expr: string) => ({ map: { auction: 'auction', x: { expr } } });

const cases: BadCase[] = [
  bad(
    'a syntax error in a filter',
    { filter: { expr: "kind = 'bid' AND" } },
    'job.filter.expr',
    'column 17: expected a value, a field or "(", found the end',
  ),
  bad('a syntax error in a map value', mapped('price * * 2'), 'job.map.x.expr', /^column 9: expected a value/),
  bad('an unterminated string', mapped("lower('abc)"), 'job.map.x.expr', /^column 7: unterminated string/),
  bad('an unknown function', mapped('frobnicate(price)'), 'job.map.x.expr', /^column 1: unknown function frobnicate\(\)/),
  bad('a wrong argument count', mapped("split_index(url, '/')"), 'job.map.x.expr', 'split_index() takes 3 arguments, got 2'),
  bad('an unknown field', mapped('pryce * 2'), 'job.map.x.expr', 'event 4 (field "pryce"): the record has no field "pryce"'),
  bad(
    'a type error (string * number)',
    mapped('channel * 2'),
    'job.map.x.expr',
    /^event 4 \(field "channel"\): \* needs numbers, got string "/,
  ),
  bad('a division by zero', mapped('price / (auction - auction)'), 'job.map.x.expr', /^event 4 \(field "price"\): division by zero/),
  bad('a NaN or infinite result', mapped('price * 1e308 * 10'), 'job.map.x.expr', /^event 4 \(field "price"\): .* is Infinity/),
  bad(
    'a filter that is not true or false',
    { filter: { expr: 'dateTime' } },
    'job.filter.expr',
    /^event 1: a filter must be TRUE, FALSE or NULL/,
  ),
  {
    name: 'an expression in a windowed job',
    argv: (out) => [
      'run',
      h.write('windowed.json', {
        ...valid(),
        job: { filter: { expr: 'nope(' }, key: 'auction', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' } },
      }),
      '--out',
      out,
    ],
    where: 'job.filter.expr',
    reason: /^column 6: expected a value/,
  },
  bad('a stateless job with a window', { window: { kind: 'tumbling', size: 1000 } }, 'job.window', /^unknown field/),
  bad('stateless false', { stateless: false }, 'job.stateless', 'stateless must be true'),
  bad(
    'a join key expression on a missing field',
    { join: { table: 'side_input', on: { expr: 'auction % 10000' }, as: 'v' } },
    'job.join.on.expr',
    'event 1 (field "auction"): the record has no field "auction"',
  ),
];

describe('bad expressions: exit 2, one line naming the JSON path and the column or event, the earlier result untouched', () => {
  test.each(cases)('$name', async (c) => {
    await expectRefused(h, c);
  });
});
