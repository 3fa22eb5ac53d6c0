// Refusals vs invalid files (TRACE.md): a rule of the modelled system about a job's parameters is a
// refusal — `streamlab trace` exits 2, and an `expectError` trace passes `--check` (0); a file that breaks
// the format exits 2 whatever `expectError` says. And one timestamp rule on every engine: whole ms in ±2^53.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.ts';
import type { Io } from './trace-command.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'streamlab-refusals-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function trace(content: unknown, ...flags: string[]) {
  const f = join(dir, 'trace.json');
  writeFileSync(f, JSON.stringify(content));
  const err: string[] = [];
  const io: Io = { out: () => {}, err: (l) => void err.push(l) };
  const code = await main(['trace', f, ...flags], io);
  return { code, err: err.join('\n') };
}

const add = [{ add: [{ k: 'a', v: 1, ts: 1 }] }];
const base = { key: 'k', aggregate: { fn: 'count' } };

// Each is a parameter rule of Flink, Spark or Storm, with the JSON path it is reported at.
const systemRules: Array<[string, Record<string, unknown>, Record<string, unknown>, string]> = [
  [
    'Flink: |offset| < size (A4)',
    { kind: 'event' },
    { ...base, window: { kind: 'tumbling', size: 1000, offset: 1000 } },
    'job.window.offset',
  ],
  [
    'Flink: |offset| < slide (A4)',
    { kind: 'event' },
    { ...base, window: { kind: 'sliding', size: 2000, slide: 1000, offset: -1000 } },
    'job.window.offset',
  ],
  [
    'Flink: allowed lateness only on event-time windows (A6)',
    { kind: 'event' },
    { ...base, time: 'processing', window: { kind: 'tumbling', size: 1000 }, allowedLateness: 5 },
    'job.allowedLateness',
  ],
  [
    'Flink: parallelism <= maxParallelism (A8)',
    { kind: 'event', parallelism: 4, maxParallelism: 2 },
    { ...base, window: { kind: 'tumbling', size: 1000 } },
    'engine.parallelism',
  ],
  [
    'Flink: no lag (a Storm field, A2)',
    { kind: 'event' },
    { ...base, window: { kind: 'tumbling', size: 1000 }, watermark: { lag: 5 } },
    'job.watermark.lag',
  ],
  [
    'Spark: slide <= size (B4)',
    { kind: 'microbatch' },
    { ...base, window: { kind: 'sliding', size: 1000, slide: 2000 } },
    'job.window.slide',
  ],
  [
    'Spark: DStream interval > 0 (B8)',
    { kind: 'microbatch', flavor: 'dstream', interval: 0 },
    { ...base, window: { kind: 'tumbling', size: 1000 } },
    'engine.interval',
  ],
  [
    'Storm: message timeout > length + slide (C3)',
    { kind: 'tuple', messageTimeout: 1000 },
    { ...base, window: { kind: 'tumbling', size: 1000 } },
    'engine.messageTimeout',
  ],
];

describe('a rule of the modelled system is a refusal', () => {
  test.each(systemRules)('%s: exit 2 naming %4$s; with expectError, --check passes', async (_name, engine, job, path) => {
    const plain = await trace({ name: 'r', engine, job, steps: add });
    expect(plain.code).toBe(2);
    expect(plain.err).toMatch(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}: `));
    expect((await trace({ name: 'r', engine, job, steps: add, expectError: true }, '--check')).code).toBe(0);
  });
});

describe('an invalid file is not a refusal', () => {
  test.each([
    ['an unknown field', { ...base, window: { kind: 'tumbling', size: 1000 }, colour: 'red' }, 'job'],
    ['a wrong type', { ...base, window: { kind: 'tumbling', size: '1s' } }, 'job.window.size'],
    ['sum without a field', { key: 'k', aggregate: { fn: 'sum' }, window: { kind: 'tumbling', size: 1000 } }, 'job.aggregate.field'],
  ])('%s: exit 2 naming the path, even with expectError', async (_name, job, path) => {
    const r = await trace({ name: 'i', engine: { kind: 'event' }, job, steps: add, expectError: true }, '--check');
    expect(r.code).toBe(2);
    expect(r.err.startsWith(path)).toBe(true);
  });
});

describe('event times are whole milliseconds within ±2^53 on every engine', () => {
  const engines: Array<Record<string, unknown>> = [
    { kind: 'event' },
    { kind: 'microbatch' },
    { kind: 'microbatch', flavor: 'dstream', interval: 1000 },
    { kind: 'tuple' },
  ];
  const job = { key: 'k', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' }, watermark: { delay: 0 } };
  test.each(engines.flatMap((e) => [[e, 1.5] as const, [e, 2 ** 53 - 1] as const, [e, -(2 ** 53)] as const]))(
    '%j refuses ts %d as bad input naming steps[1].add[0].ts',
    async (engine, ts) => {
      const steps = [{ add: [{ k: 'a', ts: 1000 }] }, { add: [{ k: 'a', ts }] }, { advance: 5000 }, { end: true }];
      const r = await trace({ name: 't', engine, job, steps });
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^steps\[1\]\.add\[0\]\.ts: an event time must (be whole milliseconds|lie within)/);
    },
  );
  test.each(engines)('%j takes the extremes of the range', async (engine) => {
    const steps = [
      {
        add: [
          { k: 'a', ts: -(2 ** 53) + 2 },
          { k: 'a', ts: 2 ** 53 - 2 },
        ],
      },
      { advance: 5000 },
      { end: true },
    ];
    const r = await trace({ name: 't', engine, job, steps });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });
});
