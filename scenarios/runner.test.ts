// The simulated runner over the catalog: reproducible to the byte, exact where nothing is late, and
// on late data the event engine's differences are exactly the windows of the records it dropped.
import { readFileSync } from 'node:fs';
import { eventEngine } from '../engines/event/module.ts';
import { CATALOG_DIR, loadScenario } from './catalog.ts';
import { correctness } from './correctness.ts';
import { buildResult, type Environment, readResult, serializeResult } from './result.ts';
import { runScenario } from './runner.ts';
import { aggregationOf, parseScenario } from './scenario.ts';
import { WindowIndex } from './window-index.ts';

const env: Environment = { node: 'test', commit: null, startedAt: '2026-01-01T00:00:00.000Z', mode: 'simulated' };

function eventOnly(name: string, events: number) {
  return loadScenario(name, { engines: ['event'], events }).scenario;
}

describe('runScenario (simulated)', () => {
  test('the same scenario and seed give byte-identical result.json apart from environment', () => {
    // Event engine only: the other engines are still being built; the CLI test runs every entry.
    const a = loadScenario('late-data', { events: 3000, engines: ['event'] }).scenario;
    const b = loadScenario('late-data', { events: 3000, engines: ['event'] }).scenario;
    const ra = buildResult(a, runScenario(a), env);
    const rb = buildResult(b, runScenario(b), { ...env, startedAt: '2027-06-30T12:00:00.000Z', node: 'other' });
    const strip = (s: string) => JSON.stringify({ ...(JSON.parse(s) as object), environment: null });
    expect(strip(serializeResult(ra))).toBe(strip(serializeResult(rb)));
    expect(ra.engines.map((e) => e.status)).toEqual(['ok', 'ok', 'ok']);
  });

  test('a different seed gives a different log and result', () => {
    const a = loadScenario('keyed-tumbling-count', { events: 2000, seed: 1, engines: ['event'] }).scenario;
    const b = loadScenario('keyed-tumbling-count', { events: 2000, seed: 2, engines: ['event'] }).scenario;
    expect(serializeResult(buildResult(a, runScenario(a), env))).not.toBe(serializeResult(buildResult(b, runScenario(b), env)));
  });

  test('with no disorder the event engine is 100 % exact on keyed-tumbling-count', () => {
    const s = eventOnly('keyed-tumbling-count', 20000);
    const r = buildResult(s, runScenario(s), env);
    const e = r.engines[0]!;
    if (!('correctness' in e)) throw new Error(`event engine did not run: ${e.status}`);
    expect(r.oracle.results).toBe(200);
    expect(e.correctness).toMatchObject({
      windows: 200,
      exact: 200,
      wrong: 0,
      missing: 0,
      extra: 0,
      duplicates: 0,
      updates: 0,
      lateDropped: 0,
    });
    expect(e.throughput.inputPerSec).toBeCloseTo(1000, 0);
    expect(e.latency.eventTime.count).toBe(200);
    // Windows close when the 200 ms auto-watermark passes their end: never before the last event, never a second late.
    expect(e.latency.eventTime.max).toBeLessThan(1000);
    expect(e.latency.eventTime.negative).toBe(0);
  });

  test('on late-data the event engine differs exactly in the windows of its late-dropped records', () => {
    const s = eventOnly('late-data', 4000);
    const run = runScenario(s);
    const er = run.engines[0]!;
    if (!er.supported) throw new Error(er.reason);
    const model = {
      facts: eventEngine.facts(er.entry.options),
      closed: null,
      finalWatermark: er.finalWatermark,
      index: new WindowIndex(aggregationOf(s.job), run.input),
    };
    const c = correctness(aggregationOf(s.job), run.oracle, er.emissions, model);
    expect(c.lateDropped).toBeGreaterThan(0);
    expect(c.extra).toBe(0);
    expect(c.differences.length).toBe(c.wrong + c.missing);
    expect(c.differences.length).toBeLessThan(100);
    // The (key, window) of every dropped record, from the engine's own dropped output.
    const dropped = new Map<string, number>();
    for (const { emission: e } of er.emissions) {
      if (e.output !== 'dropped') continue;
      const ts = e.record.ts as number;
      const id = JSON.stringify([e.record.sensor, ts - (ts % 1000)]);
      dropped.set(id, (dropped.get(id) ?? 0) + 1);
    }
    const differing = new Map<string, number>();
    for (const d of c.differences) {
      expect(d.cause).toBe('late-dropped');
      const missingCount = (d.expected as number) - ((d.actual as number | null) ?? 0);
      differing.set(JSON.stringify([d.key, d.window!.start]), missingCount);
    }
    // Same windows, and each window is short by exactly the number of records dropped from it.
    expect(differing).toEqual(dropped);
    expect(c.exact + c.wrong + c.missing).toBe(c.windows);
    expect(c.causes).toEqual({ 'late-dropped': c.wrong + c.missing });
  });

  test('an engine kind that is not registered is reported as not supported, not a crash', () => {
    const s = eventOnly('keyed-tumbling-count', 100);
    const entry = { ...s.engines[0]!, kind: 'tuple' as const, id: 'ghost', job: null, unsupported: 'the tuple engine is not built yet' };
    const run = runScenario({ ...s, engines: [entry] });
    expect(run.engines).toEqual([{ entry, supported: false, reason: 'the tuple engine is not built yet' }]);
    const result = buildResult({ ...s, engines: [entry] }, run, env);
    expect(result.engines[0]).toEqual({
      id: 'ghost',
      kind: 'tuple',
      status: 'not supported: the tuple engine is not built yet',
      config: { kind: 'event', parallelism: 1, maxParallelism: 128 },
    });
  });

  test('a filter is applied before the engines and the oracle; filtered events still count as input', () => {
    const raw = JSON.parse(readFileSync(`${CATALOG_DIR}/keyed-tumbling-count.json`, 'utf8')) as Record<string, unknown> & { job: object };
    const s = parseScenario({ ...raw, job: { ...raw.job, filter: { field: 'sensor', in: [0, 1] } } }, { engines: ['event'], events: 2000 });
    const run = runScenario(s);
    const r = buildResult(s, run, env);
    expect(r.input.events).toBe(2000);
    expect(r.input.accepted).toBe(run.input.size);
    expect(run.input.events.every((e) => e.record.sensor === 0 || e.record.sensor === 1)).toBe(true);
    const e = r.engines[0]!;
    if (!('correctness' in e)) throw new Error(e.status);
    expect(e.correctness.exact).toBe(e.correctness.windows);
    expect(new Set(run.oracle.map((o) => o.key))).toEqual(new Set([0, 1]));
  });

  test('result.json round-trips through the schema and a tampered file is refused with its path', () => {
    const s = eventOnly('keyed-tumbling-count', 500);
    const text = serializeResult(buildResult(s, runScenario(s), env));
    expect(serializeResult(readResult(text))).toBe(text);
    const bad = JSON.parse(text) as { schema: number };
    bad.schema = 2;
    expect(() => readResult(JSON.stringify(bad), 'r.json')).toThrow(/^r\.json\.schema: /);
  });

  test('series: the watermark is recorded only when it changes; microbatch batch markers; a top-level event sample', () => {
    const s = loadScenario('keyed-tumbling-count', { events: 5000 }).scenario;
    const r = buildResult(s, runScenario(s), env);
    expect(r.events).toHaveLength(5000);
    for (const e of r.engines) {
      if (!('series' in e)) throw new Error(e.status);
      const wm = e.series.watermark;
      expect(wm.length).toBeGreaterThan(1);
      for (let i = 1; i < wm.length; i++) expect(wm[i]!.wm).not.toBe(wm[i - 1]!.wm);
      expect(e.series.emissionCount).toBe(e.series.emissions.length);
      expect(e.series.faults).toEqual([]);
      if (e.kind === 'microbatch') {
        expect(e.series.batches.length).toBeGreaterThan(0);
        expect(e.series.batches.every((t) => t % 1000 === 0)).toBe(true);
      } else expect(e.series.batches).toEqual([]);
    }
  });
});

describe('resources', () => {
  test('peak managed state per engine is recorded (none for Storm core), and peak heap goes to the environment', () => {
    const { scenario } = loadScenario('keyed-tumbling-count', { events: 3000 });
    const run = runScenario(scenario);
    const result = buildResult(scenario, run, { node: 'v', commit: null, startedAt: 's', mode: 'simulated' });
    const peak = (id: string) => {
      const e = result.engines.find((x) => x.id === id)!;
      return e.status === 'ok' && 'resources' in e ? e.resources?.peakStateEntries : undefined;
    };
    expect(peak('event')).toBeGreaterThan(0);
    expect(peak('microbatch')).toBeGreaterThan(0);
    expect(peak('tuple')).toBeNull();
    expect(Object.keys(result.environment.peakHeapBytes ?? {}).sort()).toEqual(['event', 'microbatch', 'tuple']);
  });
});

describe('records the job cannot read are reported before anything runs', () => {
  const base = {
    name: 'bad-records',
    title: 'bad records',
    question: 'what does the job read?',
    workload: { generator: 'sensors', events: 50, rate: 1000, seed: 1, keys: { count: 2 } },
    engines: [{ kind: 'event' }],
  };
  test.each([
    [
      'a key field no record has',
      { key: 'room' },
      /^job\.key: event 1 \(\{.*\}\): the job is keyed by "room", and this record has no such field$/,
    ],
    [
      'a summed field that is not there',
      { aggregate: { fn: 'sum', field: 'nosuch' } },
      /^job\.aggregate\.field: event 1 .*: sum needs a finite number in every record, got nothing$/,
    ],
    [
      'an event-time field that is not there',
      { timestamp: 'when' },
      /^job\.timestamp: event 1 .*: an event-time job needs a numeric timestamp, got nothing$/,
    ],
  ])('%s', (_, change, message) => {
    const job = { key: 'sensor', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' }, watermark: { delay: 0 }, ...change };
    const onEngine: string[] = [];
    expect(() => runScenario(parseScenario({ ...base, job }), { onEngine: (r) => onEngine.push(r.entry.kind) })).toThrow(message);
    expect(onEngine).toEqual([]);
  });
});
