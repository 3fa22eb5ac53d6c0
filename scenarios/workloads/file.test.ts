import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Table, TimestampMillisecond, tableFromArrays, tableToIPC, vectorFromArray } from 'apache-arrow';
import { InputError } from '../../engines/core/errors.ts';
import { type GenerateOptions, generate, parseWorkload } from './index.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'streamlab-workloads-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const replay = (file: Record<string, unknown>, extra: Record<string, unknown> = {}, options?: GenerateOptions) =>
  generate(parseWorkload({ generator: 'file', rate: 100, file, ...extra }), options);
const errorOf = (run: () => unknown): InputError => {
  try {
    run();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('no error');
};

const rows = [
  { ts: 1000, user: 'ann', amount: 3.5 },
  { ts: 1500, user: 'bob', amount: 1 },
  { ts: 1200, user: 'ann', amount: 7 },
  { ts: 4000, user: 'cy', amount: 0 },
];

test('a JSONL file is replayed exactly: rows in file order, paced at the rate, event times from ts', () => {
  const path = write('events.jsonl', `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const log = replay({ path, timestamp: 'ts', key: 'user' });
  expect(log.events.map((e) => e.record)).toEqual(rows);
  expect(log.events.map((e) => e.eventTime)).toEqual([1000, 1500, 1200, 4000]);
  expect(log.events.map((e) => e.arrival)).toEqual([0, 10, 20, 30]);
  expect(log.events.map((e) => e.offset)).toEqual([0, 1, 2, 3]);
  expect([log.timestampField, log.keyField]).toEqual(['ts', 'user']);
});

test('a CSV file with a header row is replayed exactly, numbers parsed', () => {
  const path = write('events.csv', `ts,user,amount\n${rows.map((r) => `${r.ts},${r.user},${r.amount}`).join('\n')}\n`);
  expect(replay({ path, timestamp: 'ts' }).events.map((e) => e.record)).toEqual(rows);
});

test('an Arrow IPC file (file or stream format) is replayed exactly; int64 and timestamp columns become numbers', () => {
  const table = tableFromArrays({
    ts: Float64Array.from(rows.map((r) => r.ts)),
    user: rows.map((r) => r.user),
    amount: Float64Array.from(rows.map((r) => r.amount)),
  });
  for (const [name, format] of [
    ['events.arrow', 'file'],
    ['events.arrows', 'stream'],
  ] as const) {
    const path = write(name, tableToIPC(table, format));
    expect(replay({ path, timestamp: 'ts' }).events.map((e) => e.record)).toEqual(rows);
  }
  const typed = new Table({
    when: vectorFromArray([new Date(5000), new Date(6000)], new TimestampMillisecond()),
    n: vectorFromArray([7n, 2n ** 60n]),
  });
  const log = replay({ path: write('typed.ipc', tableToIPC(typed)), timestamp: 'when' });
  expect(log.events.map((e) => e.record)).toEqual([
    { when: 5000, n: 7 },
    { when: 6000, n: '1152921504606846976' },
  ]);
});

test('format overrides the extension; an unknown extension without format is refused', () => {
  const path = write('events.txt', `${JSON.stringify(rows[0])}\n`);
  expect(replay({ path, timestamp: 'ts', format: 'jsonl' }).events).toHaveLength(1);
  expect(errorOf(() => replay({ path, timestamp: 'ts' })).path).toBe('workload.file.format');
});

test('events: N replays the first N rows; more rows than the file has is refused', () => {
  const path = write('four.jsonl', rows.map((r) => JSON.stringify(r)).join('\n'));
  expect(replay({ path, timestamp: 'ts' }, { events: 2 }).events.map((e) => e.record)).toEqual(rows.slice(0, 2));
  expect(errorOf(() => replay({ path, timestamp: 'ts' }, { events: 5 })).message).toBe('workload.events: the file has only 4 rows');
});

test('duration: D replays the rows with ts below the smallest ts + D, in file order', () => {
  const path = write('dur.jsonl', rows.map((r) => JSON.stringify(r)).join('\n'));
  expect(replay({ path, timestamp: 'ts' }, { duration: 500 }).events.map((e) => e.eventTime)).toEqual([1000, 1200]);
});

test('bursts and disorder shape arrivals of a replay as for generated workloads', () => {
  const path = write('many.jsonl', Array.from({ length: 300 }, (_, i) => JSON.stringify({ ts: i })).join('\n'));
  const log = replay({ path, timestamp: 'ts' }, { rate: 100, bursts: [{ at: 1000, duration: 1000, factor: 2 }] });
  expect(log.events.filter((e) => e.arrival >= 1000 && e.arrival < 2000)).toHaveLength(200);
  const late = replay({ path, timestamp: 'ts' }, { disorder: { fraction: 1, maxDelay: 50 } });
  expect(late.events.every((e, i) => i === 0 || e.arrival >= late.events[i - 1]!.arrival)).toBe(true);
});

test('a relative path is resolved against baseDir', () => {
  write('rel.jsonl', JSON.stringify(rows[0]));
  expect(replay({ path: 'rel.jsonl', timestamp: 'ts' }, {}, { baseDir: dir }).events).toHaveLength(1);
});

test('a missing file is refused at workload.file.path', () => {
  const e = errorOf(() => replay({ path: 'nope.jsonl', timestamp: 'ts' }, {}, { baseDir: dir }));
  expect(e.path).toBe('workload.file.path');
  expect(e.reason).toBe(`no such file "nope.jsonl" (looked for ${join(dir, 'nope.jsonl')})`);
  expect(errorOf(() => replay({ path: dir, timestamp: 'ts' })).reason).toBe(`"${dir}" is not a file`);
});

test('a row without a numeric timestamp is refused at workload.file.timestamp, naming the row', () => {
  const lines = Array.from({ length: 20 }, (_, i) => JSON.stringify(i === 16 ? { user: 'x' } : { ts: i }));
  const e = errorOf(() => replay({ path: write('gap.jsonl', lines.join('\n')), timestamp: 'ts' }));
  expect(e.message).toBe('workload.file.timestamp: row 17 has no "ts" (it has fields "user")');
  const csv = write('bad.csv', 'ts,user\n1,a\nsoon,b\n');
  expect(errorOf(() => replay({ path: csv, timestamp: 'ts' })).message).toBe(
    'workload.file.timestamp: row 2: "ts" is the string "soon", not a number',
  );
  const quoted = write('quoted.csv', 'ts\n"5"\n');
  expect(errorOf(() => replay({ path: quoted, timestamp: 'ts' })).message).toBe(
    'workload.file.timestamp: row 1: "ts" is the string "5", not a number',
  );
});

test('a row without the key column is refused at workload.file.key', () => {
  const path = write('nokey.jsonl', [JSON.stringify({ ts: 1, user: 'a' }), JSON.stringify({ ts: 2 })].join('\n'));
  expect(errorOf(() => replay({ path, timestamp: 'ts', key: 'user' })).message).toBe('workload.file.key: row 2 has no "user"');
});

test('unreadable content is refused at workload.file.path: bad JSON, non-objects, ragged CSV, not Arrow', () => {
  const at = (name: string, content: string) => errorOf(() => replay({ path: write(name, content), timestamp: 'ts' })).message;
  expect(at('broken.jsonl', '{"ts": 1}\n{"ts": \n')).toMatch(/^workload\.file\.path: row 2 \(line 2\) is not valid JSON: /);
  expect(at('array.jsonl', '[1, 2]\n')).toBe('workload.file.path: row 1 (line 1) is not a JSON object');
  expect(at('ragged.csv', 'ts,user\n1\n')).toBe('workload.file.path: not valid CSV: row 1 has 1 fields, the header has 2');
  expect(at('fake.arrow', 'not arrow at all')).toMatch(/^workload\.file\.path: not an Arrow IPC file/);
});

test('an empty file is refused: 0 events is nothing to replay', () => {
  const e = errorOf(() => replay({ path: write('empty.jsonl', ''), timestamp: 'ts' }));
  expect(e.path).toBe('workload.file.path');
  expect(e.reason).toMatch(/has no rows: nothing to replay \(0 events\)$/);
  expect(errorOf(() => replay({ path: write('header-only.csv', 'ts,user\n'), timestamp: 'ts' })).reason).toMatch(/has no rows/);
});
