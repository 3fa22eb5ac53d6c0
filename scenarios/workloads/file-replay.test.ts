// Replaying a file on the data's own clock (SCENARIOS.md "Replaying a file"): arrival from the running
// maximum event time and `speed`, `rate` pacing, an arrival column; timestamp units and the warning when
// values look like another unit; what a file must hold, named by row, column and byte.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Field, Int32, List, Table, TimestampMicrosecond, tableToIPC, vectorFromArray } from 'apache-arrow';
import { InputError } from '../../engines/core/errors.ts';
import { generate, parseWorkload } from './index.ts';
import { onProcessingClock } from './replay-clock.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'streamlab-replay-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n');
const replay = (file: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  generate(parseWorkload({ generator: 'file', file, ...extra }));
const errorOf = (run: () => unknown): InputError => {
  try {
    run();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('no error');
};

const T0 = 1_700_000_000_000; // 2023-11-14T22:13:20Z

test('on its own clock row i arrives at (running max event time − first event time): a row 300 ms behind arrives 300 ms late', () => {
  const ts = [T0, T0 + 100, T0 + 400, T0 + 100, T0 + 900];
  const log = replay({ path: write('own.jsonl', jsonl(ts.map((t) => ({ t })))), timestamp: 't' });
  expect(log.events.map((e) => e.arrival)).toEqual([0, 100, 400, 400, 900]);
  expect(log.events.map((e) => e.eventTime)).toEqual(ts);
  expect(log.clock).toEqual({ pacing: 'own-clock', origin: T0, speed: 1 });
  // On the processing clock the fourth row happened at 100 ms and arrived at 400 ms: 300 ms late.
  expect(log.events[3]!.arrival - onProcessingClock(log.clock, log.events[3]!.eventTime)).toBe(300);
});

test('speed replays the data faster: speed 10 puts an hour of events in 6 minutes of processing time', () => {
  const ts = [T0, T0 + 1_800_000, T0 + 3_600_000];
  const log = replay({ path: write('fast.jsonl', jsonl(ts.map((t) => ({ t })))), timestamp: 't', speed: 10 });
  expect(log.events.map((e) => e.arrival)).toEqual([0, 180_000, 360_000]);
  expect(onProcessingClock(log.clock, T0 + 3_600_000)).toBe(360_000);
});

test('rate paces rows evenly whatever their timestamps; the first row stands for processing time 0', () => {
  const log = replay({ path: write('rate.jsonl', jsonl([{ t: T0 }, { t: T0 + 5000 }, { t: T0 + 1 }])), timestamp: 't' }, { rate: 10 });
  expect(log.events.map((e) => e.arrival)).toEqual([0, 100, 200]);
  expect(log.clock).toEqual({ pacing: 'rate', origin: T0, speed: 1 });
});

test('an arrival column gives the arrival times (relative to the earliest); rows are ordered by it', () => {
  const rows = [
    { t: T0, at: T0 + 50 },
    { t: T0 + 10, at: T0 + 20 },
    { t: T0 + 30, at: T0 + 900 },
  ];
  const log = replay({ path: write('arrival.jsonl', jsonl(rows)), timestamp: 't', arrival: 'at' });
  expect(log.events.map((e) => [e.arrival, e.eventTime])).toEqual([
    [0, T0 + 10],
    [30, T0],
    [880, T0 + 30],
  ]);
  expect(log.clock).toEqual({ pacing: 'arrival-column', origin: T0 + 20, speed: 1 });
});

test('speed, rate and arrival exclude each other; bursts need a rate', () => {
  const path = write('x.jsonl', jsonl([{ t: 1 }]));
  expect(errorOf(() => replay({ path, timestamp: 't', speed: 2 }, { rate: 5 })).path).toBe('workload.file.speed');
  expect(errorOf(() => replay({ path, timestamp: 't', arrival: 'a', speed: 2 })).path).toBe('workload.file.arrival');
  expect(errorOf(() => replay({ path, timestamp: 't' }, { bursts: [{ at: 0, duration: 10, factor: 2 }] })).path).toBe('workload.bursts');
  expect(errorOf(() => replay({ path, timestamp: 't', speed: 0 })).message).toBe('workload.file.speed: speed must be > 0');
});

test('timestampUnit s and us become whole epoch ms (µs floored); iso strings are read as UTC', () => {
  const s = replay({ path: write('s.jsonl', jsonl([{ t: 1_700_000_000.123 }, { t: 1_700_000_001 }])), timestamp: 't', timestampUnit: 's' });
  expect(s.events.map((e) => e.eventTime)).toEqual([T0 + 123, T0 + 1000]);
  expect(s.events[0]!.record.t).toBe(T0 + 123);
  const us = replay({ path: write('us.jsonl', jsonl([{ t: 1_700_000_000_123_999 }])), timestamp: 't', timestampUnit: 'us' });
  expect(us.events[0]!.eventTime).toBe(T0 + 123);
  const iso = replay({
    path: write('iso.jsonl', jsonl([{ t: '2023-11-14T22:13:20.123Z' }, { t: '2023-11-14T23:13:20+01:00' }, { t: '2023-11-14 22:13:21' }])),
    timestamp: 't',
    timestampUnit: 'iso',
  });
  expect(iso.events.map((e) => e.eventTime)).toEqual([T0 + 123, T0, T0 + 1000]);
});

test('ms timestamps must be whole; a date string without iso, or an impossible date, names the row', () => {
  expect(errorOf(() => replay({ path: write('frac.jsonl', jsonl([{ t: 1.5 }])), timestamp: 't' })).message).toBe(
    'workload.file.timestamp: row 1: "t" 1.5 is not a whole number of ms',
  );
  expect(errorOf(() => replay({ path: write('str.jsonl', jsonl([{ t: 5 }, { t: '2024-01-01' }])), timestamp: 't' })).message).toBe(
    'workload.file.timestamp: row 2: "t" is the string "2024-01-01", not a number (an ISO-8601 date: set timestampUnit "iso")',
  );
  expect(
    errorOf(() => replay({ path: write('feb.jsonl', jsonl([{ t: '2023-02-30T00:00:00Z' }])), timestamp: 't', timestampUnit: 'iso' }))
      .message,
  ).toBe('workload.file.timestamp: row 1: "t" "2023-02-30T00:00:00Z" is not a real date and time');
  expect(errorOf(() => replay({ path: write('nan.csv', 't\n1\nNaN\n'), timestamp: 't' })).message).toBe(
    'workload.file.timestamp: row 2: "t" is the string "NaN", not a number',
  );
  expect(errorOf(() => replay({ path: write('huge.jsonl', jsonl([{ t: 1e300 }])), timestamp: 't' })).reason).toMatch(/beyond ±2\^53 ms/);
});

test('epoch seconds read as ms get a warning naming the unit to set; the right unit gets none', () => {
  const path = write('secs.jsonl', jsonl([{ t: 1_700_000_000 }, { t: 1_700_000_060 }]));
  const asMs = replay({ path, timestamp: 't' });
  expect(asMs.warnings).toEqual([
    'workload.file.timestamp: values like 1700000060 look like epoch seconds (2023-11-14T22:14:20.000Z), but are read as milliseconds (1970-01-20T16:13:20.060Z): set workload.file.timestampUnit to "s"',
  ]);
  expect(replay({ path, timestamp: 't', timestampUnit: 's' }).warnings).toBeUndefined();
  const ms = write('ms.jsonl', jsonl([{ t: T0 }]));
  expect(replay({ path: ms, timestamp: 't', timestampUnit: 's' }).warnings?.[0]).toMatch(
    /look like epoch milliseconds .* set workload\.file\.timestampUnit to "ms"$/,
  );
  // Small values are times since the start, not epochs: no warning.
  expect(replay({ path: write('rel.jsonl', jsonl([{ t: 0 }, { t: 500 }])), timestamp: 't' }).warnings).toBeUndefined();
});

test('a UTF-8 byte-order mark is accepted in JSONL and CSV; keys are not mangled', () => {
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const j = replay({
    path: write('bom.jsonl', Buffer.concat([bom, Buffer.from(jsonl([{ t: 1, user: 'a' }]))])),
    timestamp: 't',
    key: 'user',
  });
  expect(j.events[0]!.record).toEqual({ t: 1, user: 'a' });
  const c = replay({ path: write('bom.csv', Buffer.concat([bom, Buffer.from('t,user\n1,a\n')])), timestamp: 't', key: 'user' });
  expect(c.events[0]!.record).toEqual({ t: 1, user: 'a' });
});

test('invalid UTF-8 is refused, naming the row, line and byte offset', () => {
  const bytes = Buffer.concat([Buffer.from('{"t": 1, "user": "a"}\n\n{"t": 2, "user": "'), Buffer.from([0xff]), Buffer.from('"}\n')]);
  const e = errorOf(() => replay({ path: write('bad-utf8.jsonl', bytes), timestamp: 't' }));
  expect(e.message).toBe('workload.file.path: row 2 (line 3, byte 41) is not valid UTF-8 (byte 0xFF): save the file as UTF-8');
  const csv = Buffer.concat([Buffer.from('t,user\n1,a\n2,'), Buffer.from([0xe9]), Buffer.from('\n')]);
  expect(errorOf(() => replay({ path: write('bad-utf8.csv', csv), timestamp: 't' })).message).toBe(
    'workload.file.path: row 2 (line 3, byte 13) is not valid UTF-8 (byte 0xE9): save the file as UTF-8',
  );
});

test('a CSV header naming a column twice is refused with both column numbers; a missing column is named at once', () => {
  expect(errorOf(() => replay({ path: write('dup.csv', 't,user,user\n1,a,b\n'), timestamp: 't' })).message).toBe(
    'workload.file.path: not valid CSV: row 0 (the header) names "user" twice, columns 2 and 3: give every column its own name',
  );
  expect(errorOf(() => replay({ path: write('nots.csv', 'time,user\n1,a\n'), timestamp: 'ts' })).message).toBe(
    'workload.file.timestamp: no column "ts" in the CSV header (columns: time, user)',
  );
});

test('JSONL nested deeper than 64 levels is refused by row, without overflowing the stack', () => {
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const path = write('deep.jsonl', `{"t": 1}\n{"t": 2, "x": ${deep}}\n`);
  expect(errorOf(() => replay({ path, timestamp: 't' })).message).toBe('workload.file.path: row 2 (line 2) nests more than 64 levels deep');
});

test('Arrow columns of the wrong type are refused naming the column and its type', () => {
  const table = new Table({
    t: vectorFromArray(['2024-01-01T00:00:00Z']),
    k: vectorFromArray([[1, 2]], new List(new Field('x', new Int32()))),
  });
  const path = write('typed.arrow', tableToIPC(table, 'file'));
  expect(errorOf(() => replay({ path, timestamp: 't' })).message).toBe(
    'workload.file.timestamp: column "t" is Dictionary<Int32, Utf8>: strings are read as times only with timestampUnit "iso" (ISO-8601 dates)',
  );
  expect(errorOf(() => replay({ path, timestamp: 't', timestampUnit: 'iso', key: 'k' })).message).toBe(
    'workload.file.key: column "k" is List<Int32>: a key must be a string, a number or a boolean',
  );
  expect(errorOf(() => replay({ path, timestamp: 'when' })).message).toBe('workload.file.timestamp: no column "when" (columns: t, k)');
  // With iso, the string column is read as dates.
  expect(replay({ path, timestamp: 't', timestampUnit: 'iso' }).events[0]!.eventTime).toBe(Date.UTC(2024, 0, 1));
});

test('an Arrow timestamp column carries its own unit: µs become whole ms, and timestampUnit is ignored with a warning', () => {
  const table = new Table({ t: vectorFromArray([new Date(T0 + 123), new Date(T0 + 456)], new TimestampMicrosecond()) });
  for (const format of ['file', 'stream'] as const) {
    const path = write(`ts-${format}.arrow`, tableToIPC(table, format));
    expect(replay({ path, timestamp: 't' }).events.map((e) => e.eventTime)).toEqual([T0 + 123, T0 + 456]);
    const s = replay({ path, timestamp: 't', timestampUnit: 's' });
    expect(s.events[0]!.eventTime).toBe(T0 + 123);
    expect(s.warnings).toEqual(['workload.file.timestampUnit: "s" does not apply to column "t", an Arrow timestamp with its own unit']);
  }
});

test('an Arrow file of many batches is read batch by batch with every row, in order', () => {
  const batches = Array.from({ length: 5 }, (_, b) => new Table({ t: vectorFromArray(Array.from({ length: 7 }, (_, i) => b * 7 + i)) }));
  const table = batches.reduce((a, b) => a.concat(b));
  expect(table.batches.length).toBe(5);
  for (const format of ['file', 'stream'] as const) {
    const log = replay({ path: write(`many-${format}.arrow`, tableToIPC(table, format)), timestamp: 't' });
    expect(log.events.map((e) => e.eventTime)).toEqual(Array.from({ length: 35 }, (_, i) => i));
  }
});
