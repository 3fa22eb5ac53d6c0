// Bad input, part 3: the user's own data files (JSONL, CSV, Arrow). Each case exits 2 with one line
// naming the field and the row (and the byte offset or column where it helps), and leaves a complete
// earlier result in the output directory byte-identical (bad-input-harness.ts).
import { join } from 'node:path';
import { Field, Int32, List, Table, tableToIPC, type Vector, vectorFromArray } from 'apache-arrow';
import { type BadCase, expectRefused, type Harness, harness } from './bad-input-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness('streamlab-bad-data-');
});
afterAll(() => h.done());

type Json = Record<string, unknown>;
const T0 = 1_700_000_000_000;
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ ts: T0 + i * 100, user: `u${i % 3}`, amount: i }));
const jsonl = (r: object[]) => r.map((x) => JSON.stringify(x)).join('\n');
let serial = 0;
/** A scenario replaying `data` (written as `name`), with `file` fields and `workload` fields added. */
const replay =
  (name: string, data: string | Uint8Array, file: Json = {}, workload: Json = {}, job: Json = {}) =>
  (out: string) => {
    const path = h.write(name, data);
    const scenario = h.write(`replay-${++serial}.json`, {
      name: 'replay',
      title: 'Your data',
      question: 'Is bad data refused by row?',
      workload: { generator: 'file', file: { path, timestamp: 'ts', key: 'user', ...file }, ...workload },
      job: { key: 'user', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' }, ...job },
      engines: [{ kind: 'event' }],
    });
    return ['run', scenario, '--out', out];
  };
const bad = (name: string, argv: BadCase['argv'], where: string, reason: string | RegExp): BadCase => ({ name, argv, where, reason });
const P = 'workload.file.path';
const TS = 'workload.file.timestamp';
const arrow = (columns: Record<string, Vector>) => tableToIPC(new Table(columns), 'file');
const utf8Bad = Buffer.concat([Buffer.from(`${jsonl(rows(2))}\n{"ts": ${T0}, "user": "`), Buffer.from([0xff]), Buffer.from('"}\n')]);
const deep = `${jsonl(rows(1))}\n{"ts": ${T0}, "user": "a", "x": ${'['.repeat(1e5)}${']'.repeat(1e5)}}\n`;

const cases: BadCase[] = [
  bad('no such data file', (o) => replay('x.jsonl', '', { path: join(h.dir, 'missing.jsonl') })(o), P, /^no such file/),
  bad('a directory, not a file', (o) => replay('y.jsonl', '', { path: h.dir })(o), P, 'is not a file'),
  bad('an unknown extension', replay('data.txt', jsonl(rows(2))), 'workload.file.format', 'cannot tell the format'),
  bad('an empty file (0 events)', replay('empty.jsonl', ''), P, 'has no rows: nothing to replay (0 events)'),
  bad('a CSV with a header only', replay('header.csv', 'ts,user\n'), P, 'has no rows'),
  bad('a malformed JSONL row', replay('broken.jsonl', `${jsonl(rows(1))}\n{"ts": \n`), P, /^row 2 \(line 2\) is not valid JSON: /),
  bad('a JSONL row that is an array', replay('array.jsonl', `${jsonl(rows(1))}\n[1, 2]\n`), P, 'row 2 (line 2) is not a JSON object'),
  bad(
    'a UTF-16 file',
    replay('utf16.jsonl', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{}', 'utf16le')])),
    P,
    'UTF-16 byte-order mark',
  ),
  bad(
    'invalid UTF-8 (row and byte offset)',
    replay('latin1.jsonl', utf8Bad),
    P,
    /^row 3 \(line 3, byte \d+\) is not valid UTF-8 \(byte 0xFF\)/,
  ),
  bad('100,000 nested arrays in a row', replay('deep.jsonl', deep), P, 'row 2 (line 2) nests more than 64 levels deep'),
  bad('a duplicate CSV header', replay('dup.csv', `ts,user,user\n${T0},a,b\n`), P, 'names "user" twice, columns 2 and 3'),
  bad('a ragged CSV row', replay('ragged.csv', `ts,user\n${T0},a\n${T0}\n`), P, 'row 2 has 1 fields, the header has 2'),
  bad('an unterminated CSV quote', replay('quote.csv', `ts,user\n${T0},"a\n`), P, 'unterminated quoted field'),
  bad(
    'a CSV without the timestamp column',
    replay('nots.csv', `time,user\n${T0},a\n`),
    TS,
    'no column "ts" in the CSV header (columns: time, user)',
  ),
  bad(
    'a missing timestamp in a row',
    replay('gap.jsonl', jsonl([...rows(2), { user: 'a' }])),
    TS,
    'row 3 has no "ts" (it has fields "user")',
  ),
  bad('NaN as a timestamp', replay('nan.csv', `ts,user\n${T0},a\nNaN,b\n`), TS, 'row 2: "ts" is the string "NaN", not a number'),
  bad(
    'a fractional ms timestamp',
    replay('frac.jsonl', jsonl([{ ts: 1.5, user: 'a' }])),
    TS,
    'row 1: "ts" 1.5 is not a whole number of ms',
  ),
  bad('a date string without iso', replay('date.jsonl', jsonl([{ ts: '2024-01-01', user: 'a' }])), TS, 'set timestampUnit "iso"'),
  bad(
    'an impossible ISO date',
    replay('iso.jsonl', jsonl([{ ts: '2023-02-30', user: 'a' }]), { timestampUnit: 'iso' }),
    TS,
    'not a real date',
  ),
  bad('a timestamp beyond ±2^53 ms', replay('huge.jsonl', jsonl([{ ts: 1e300, user: 'a' }])), TS, 'beyond ±2^53 ms'),
  bad(
    'an unknown timestampUnit',
    replay('u.jsonl', jsonl(rows(1)), { timestampUnit: 'ns' }),
    'workload.file.timestampUnit',
    'must be one of ms, s, us, iso',
  ),
  bad('speed with rate', replay('sr.jsonl', jsonl(rows(1)), { speed: 2 }, { rate: 10 }), 'workload.file.speed', 'not both'),
  bad('speed 0', replay('s0.jsonl', jsonl(rows(1)), { speed: 0 }), 'workload.file.speed', 'speed must be > 0'),
  bad(
    'an arrival column with speed',
    replay('as.jsonl', jsonl(rows(1)), { arrival: 'at', speed: 2 }),
    'workload.file.arrival',
    'drop rate and file.speed',
  ),
  bad(
    'bursts on the data clock',
    replay('b.jsonl', jsonl(rows(1)), {}, { bursts: [{ at: 0, duration: 9, factor: 2 }] }),
    'workload.bursts',
    'give rate',
  ),
  bad('more events than rows', replay('few.jsonl', jsonl(rows(4)), {}, { events: 5 }), 'workload.events', 'the file has only 4 rows'),
  bad('a row without its key', replay('nokey.jsonl', jsonl([...rows(2), { ts: T0 }])), 'workload.file.key', 'row 3 has no "user"'),
  bad(
    'a replay spanning 1000 days',
    replay(
      'long.jsonl',
      jsonl([
        { ts: T0, user: 'a' },
        { ts: T0 + 864e8, user: 'a' },
      ]),
    ),
    'workload.file.speed',
    /span 2\.7 years of processing time/,
  ),
  bad(
    'an Arrow timestamp of strings',
    replay('s.arrow', arrow({ ts: vectorFromArray(['x']), user: vectorFromArray(['a']) })),
    TS,
    /column "ts" is Dictionary<Int32, Utf8>: strings/,
  ),
  bad(
    'an Arrow key that is a list',
    replay('k.arrow', arrow({ ts: vectorFromArray([T0]), user: vectorFromArray([[1]], new List(new Field('i', new Int32()))) })),
    'workload.file.key',
    'column "user" is List<Int32>: a key must be a string, a number or a boolean',
  ),
  bad('an Arrow file without the column', replay('c.arrow', arrow({ time: vectorFromArray([T0]) })), TS, 'no column "ts" (columns: time)'),
  bad('not an Arrow file', replay('fake.arrow', 'not arrow at all'), P, /^not an Arrow IPC file/),
  bad(
    'a sum over a non-number',
    replay('sum.csv', `ts,user,amount\n${T0},a,1\n${T0},b,lots\n`, {}, {}, { aggregate: { fn: 'sum', field: 'amount' } }),
    'job.aggregate.field',
    /^event 2 .*sum needs a finite number/,
  ),
];

describe('bad data files: exit 2, one line naming the field and the row, the earlier result untouched', () => {
  test.each(cases)('$name', async (c) => {
    await expectRefused(h, c);
  });
});
