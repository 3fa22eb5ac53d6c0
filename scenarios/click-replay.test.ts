// The click example of issue 13: 6,000 click events with epoch-millisecond timestamps, some rows 2 s
// behind the others in the file. Replayed on their own clock, a CSV, a JSONL and an Arrow file of them
// give the same result; the latencies are the ones the data implies; the report shows dates; a file of
// epoch seconds gives the same windows with timestampUnit "s" and a warning without it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { main } from '../cli/main.ts';
import { renderReport } from '../reports/render.ts';
import { buildResult, type Environment, type Result, readResult } from './result.ts';
import { runScenario } from './runner.ts';
import { parseScenario } from './scenario.ts';

const env: Environment = { node: 'test', commit: null, startedAt: '2026-01-01T00:00:00.000Z', mode: 'simulated' };
const T0 = 1_700_000_000_000; // 2023-11-14T22:13:20Z
const N = 6000;
const DELAY = 2000;

/**
 * Click i happens at T0 + i s; every tenth (i % 10 = 3) is written in the file after the click of 2 s
 * later (the file's order is the arrival order), so it arrives 2 s after it happened.
 */
const clicks = Array.from({ length: N }, (_, i) => ({ ts: T0 + i * 1000, user: `u${i % 20}`, page: `p${(i * 7) % 5}` }));
const delayed = (i: number) => i % 10 === 3;
const inFileOrder = clicks
  .map((c, i) => ({ c, at: c.ts + (delayed(i) ? DELAY : 0), i }))
  .sort((a, b) => a.at - b.at || Number(delayed(a.i)) - Number(delayed(b.i)) || a.i - b.i)
  .map((x) => x.c);

let dir = '';
const files: Record<string, string> = {};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'streamlab-clicks-'));
  const put = (name: string, content: string | Uint8Array) => {
    files[name] = join(dir, name);
    writeFileSync(files[name]!, content);
  };
  put('clicks.jsonl', `${inFileOrder.map((c) => JSON.stringify(c)).join('\n')}\n`);
  put('clicks.csv', `ts,user,page\n${inFileOrder.map((c) => `${c.ts},${c.user},${c.page}`).join('\n')}\n`);
  const table = tableFromArrays({
    ts: BigInt64Array.from(inFileOrder.map((c) => BigInt(c.ts))),
    user: inFileOrder.map((c) => c.user),
    page: inFileOrder.map((c) => c.page),
  });
  put('clicks.arrow', tableToIPC(table, 'file'));
  put('clicks-seconds.jsonl', `${inFileOrder.map((c) => JSON.stringify({ ...c, ts: c.ts / 1000 })).join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scenarioFor = (file: Record<string, unknown>, job: Record<string, unknown> = {}, engines?: object[]) => ({
  name: 'clicks',
  title: 'Clicks per user and minute',
  question: 'How soon after a minute ends does each model count its clicks?',
  workload: { generator: 'file', file: { timestamp: 'ts', key: 'user', ...file } },
  job: { key: 'user', window: { kind: 'tumbling', size: 60_000 }, aggregate: { fn: 'count' }, watermark: { delay: 3000 }, ...job },
  engines: engines ?? [{ kind: 'event' }, { kind: 'microbatch' }, { kind: 'tuple', messageTimeout: 300_000 }],
});

const run = (raw: object): Result => {
  const s = parseScenario(raw);
  return buildResult(s, runScenario(s), env);
};
/** The figures, without what names the input file. */
const figures = (r: Result) => JSON.stringify({ input: r.input, events: r.events, engines: r.engines, warnings: r.warnings });

describe('the click example: your own epoch-millisecond events', () => {
  let jsonl: Result;
  beforeAll(() => {
    jsonl = run(scenarioFor({ path: files['clicks.jsonl'] }));
  });

  test('a CSV, a JSONL and an Arrow file of the same events give the same result', () => {
    const csv = run(scenarioFor({ path: files['clicks.csv'] }));
    const arrow = run(scenarioFor({ path: files['clicks.arrow'] }));
    expect(figures(csv)).toBe(figures(jsonl));
    expect(figures(arrow)).toBe(figures(jsonl));
    expect(jsonl.input.clock).toEqual({ pacing: 'own-clock', origin: T0, speed: 1 });
    expect(jsonl.warnings).toBeUndefined();
    const event = jsonl.engines.find((e) => e.id === 'event')!;
    if (!('correctness' in event)) throw new Error(event.status);
    expect(event.correctness.exact).toBe(event.correctness.windows);
    // Event time runs from 0 of the replay: a one-minute window takes a minute and its watermark delay.
    expect(event.latency.eventTime.count).toBe(jsonl.oracle.results);
    expect(event.latency.eventTime.negative).toBe(0);
    expect(event.latency.eventTime.p50).toBeGreaterThan(3000);
  });

  test('rows 2 s behind in the file show 2 s more latency than the rest; none is below zero', () => {
    // A count window of one click fires as the click arrives: its latency is how late the click arrived.
    const r = run(scenarioFor({ path: files['clicks.jsonl'] }, { window: { kind: 'count', size: 1 } }, [{ kind: 'event' }]));
    const e = r.engines[0]!;
    if (!('latency' in e)) throw new Error(e.status);
    expect(e.latency.eventTime).toMatchObject({ count: N, p50: 0, p75: 0, p95: DELAY, p99: DELAY, max: DELAY, negative: 0 });
    // The same file paced evenly at `rate` ignores its own clock: latencies below zero, said out loud.
    const fast = run({
      ...scenarioFor({ path: files['clicks.jsonl'] }, { window: { kind: 'count', size: 1 } }, [{ kind: 'event' }]),
      workload: { generator: 'file', rate: 1000, file: { path: files['clicks.jsonl'], timestamp: 'ts', key: 'user' } },
    });
    const f = fast.engines[0]!;
    if (!('latency' in f)) throw new Error(f.status);
    expect(f.latency.eventTime.negative).toBeGreaterThan(N / 2);
    expect(f.latency.eventTime.min).toBeLessThan(-1_000_000);
    expect(fast.warnings?.[0]).toMatch(/^event: \d+ of 6000 event-time latencies are below zero \(lowest -\d+ ms\) .*drop rate/);
  });

  test('the report shows the data as dates and latencies as durations', () => {
    const full = renderReport(jsonl);
    // The page without its inlined libraries, so a failure prints something readable.
    const html = full.slice(0, full.indexOf('<script data-library'));
    expect(html).toContain(
      '<dt>Data</dt><dd id="replay">event times from 2023-11-14 22:13:20 UTC to 2023-11-14 23:53:19 UTC, replayed on their own clock',
    );
    expect(html).toMatch(/processing time 0 is 2023-11-14 22:13:20 UTC/);
    // The microbatch engine leaves the last windows unflushed: the differences table names them by date.
    expect(html).toContain('[2023-11-14 23:53:00, 23:54:00) UTC');
    expect(html).not.toContain('1700000000 s');
    // Latencies are durations: the summary's event-time p50 of every engine is in seconds, not raw ms.
    expect(html).toMatch(/<th scope="row">p50<\/th>(<td[^>]*>\d+(\.\d+)? s<\/td>)+/);
  });

  test('epoch seconds give the same windows with timestampUnit "s", and a warning naming the unit without it', () => {
    const seconds = run(scenarioFor({ path: files['clicks-seconds.jsonl'], timestampUnit: 's' }));
    expect(JSON.stringify(seconds.engines)).toBe(JSON.stringify(jsonl.engines));
    expect(seconds.warnings).toBeUndefined();
    const misread = run(scenarioFor({ path: files['clicks-seconds.jsonl'] }));
    expect(misread.warnings?.[0]).toBe(
      'workload.file.timestamp: values like 1700003000 look like epoch seconds (2023-11-14T23:03:20.000Z), but are read as milliseconds (1970-01-20T16:13:23.000Z): set workload.file.timestampUnit to "s"',
    );
  });

  test('streamlab run prints the warning on stderr and the dates in its summary', async () => {
    const scenarioFile = join(dir, 'misread.json');
    writeFileSync(scenarioFile, JSON.stringify(scenarioFor({ path: files['clicks-seconds.jsonl'] }, {}, [{ kind: 'event' }])));
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['run', scenarioFile, '--out', join(dir, 'out')], { out: (l) => out.push(l), err: (l) => err.push(l) });
    expect(code).toBe(0);
    expect(err).toContain(
      'warning: workload.file.timestamp: values like 1700003000 look like epoch seconds (2023-11-14T23:03:20.000Z), but are read as milliseconds (1970-01-20T16:13:23.000Z): set workload.file.timestampUnit to "s"',
    );
    // Read as ms, the seconds are not epoch dates (below 1973): the summary shows them as seconds, as they ran.
    expect(out[1]).toBe('data: event times from 1700000 s to 1700005.999 s, replayed on their own clock');
    const r = readResult(readFileSync(join(dir, 'out', 'result.json'), 'utf8'));
    expect(r.warnings).toHaveLength(1);
  });
});
