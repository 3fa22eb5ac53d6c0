// The causes that depend on when records arrived (arrival-index.ts), on a small file with an arrival
// column: key a has a record every 100 ms (ts = arrival, 0..8 s) and two stragglers, key b one record
// only. Watermark delay / Storm lag 1 s. Every difference has a named cause; none is "unexplained".
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildResult, type Environment, type Result } from './result.ts';
import { runScenario } from './runner.ts';
import { parseScenario } from './scenario.ts';

const env: Environment = { node: 'test', commit: null, startedAt: '2026-01-01T00:00:00.000Z', mode: 'simulated' };
let dir = '';
let path = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'streamlab-arrivals-'));
  const rows: Array<{ ts: number; at: number; user: string }> = [];
  for (let t = 0; t <= 8000; t += 100) rows.push({ ts: t, at: t, user: 'a' });
  // 2.95 s arrives at 4.15 s: not late for Storm (its watermark is 2.9 s), but queued behind a's 4.1 s.
  rows.push({ ts: 2950, at: 4150, user: 'a' });
  // 1.5 s arrives at 3.2 s, for both keys: after every model's watermark passed 2 s.
  rows.push({ ts: 1500, at: 3200, user: 'a' }, { ts: 1500, at: 3200, user: 'b' });
  rows.sort((x, y) => x.at - y.at);
  path = join(dir, 'arrivals.jsonl');
  writeFileSync(path, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (window: object): Result => {
  const s = parseScenario({
    name: 'arrivals',
    title: 'Arrivals',
    question: 'Which records reach their windows?',
    workload: { generator: 'file', file: { path, timestamp: 'ts', key: 'user', arrival: 'at' } },
    job: { key: 'user', window, aggregate: { fn: 'count' }, watermark: { delay: 1000 } },
    engines: [{ kind: 'event' }, { kind: 'microbatch' }, { kind: 'tuple' }],
  });
  return buildResult(s, runScenario(s), env);
};

const engine = (r: Result, id: string) => {
  const e = r.engines.find((x) => x.id === id);
  if (!e || !('correctness' in e)) throw new Error(`${id} did not run`);
  return e.correctness;
};

test('Storm: a tuple in time but queued behind one beyond the watermark plus the lag is scan-stopped, never unexplained', () => {
  const storm = engine(run({ kind: 'tumbling', size: 1000 }), 'tuple');
  expect(storm.causes['scan-stopped']).toBe(1);
  expect(storm.differences.find((d) => d.cause === 'scan-stopped')).toEqual({
    kind: 'wrong',
    key: 'a',
    window: { start: 2000, end: 3000 },
    expected: 11,
    actual: 10,
    cause: 'scan-stopped',
  });
  expect(storm.causes.unexplained).toBeUndefined();
});

test('a window whose only record came after the watermark passed it is missing because of lateness', () => {
  const flink = engine(run({ kind: 'tumbling', size: 1000 }), 'event');
  expect(flink.lateDropped).toBe(2);
  expect(flink.differences).toEqual([
    { kind: 'wrong', key: 'a', window: { start: 1000, end: 2000 }, expected: 11, actual: 10, cause: 'late-dropped' },
    { kind: 'missing', key: 'b', window: { start: 1000, end: 2000 }, expected: 1, actual: null, cause: 'late-dropped' },
  ]);
});

test('sliding windows: a record late for its first window only is dropped from it, not counted as dropped', () => {
  const r = run({ kind: 'sliding', size: 2000, slide: 1000 });
  const flink = engine(r, 'event');
  // Flink drops a record only when every window it belongs to is late (A6): [1 s, 3 s) still takes 1.5 s.
  expect(flink.lateDropped).toBe(0);
  expect(flink.differences).toEqual([
    { kind: 'wrong', key: 'a', window: { start: 0, end: 2000 }, expected: 21, actual: 20, cause: 'late-dropped' },
    { kind: 'missing', key: 'b', window: { start: 0, end: 2000 }, expected: 1, actual: null, cause: 'late-dropped' },
  ]);
  for (const id of ['event', 'microbatch', 'tuple']) expect(engine(r, id).causes.unexplained).toBeUndefined();
});
