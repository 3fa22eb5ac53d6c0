// Bad scenario files are refused before anything runs, with the JSON path and a one-line reason.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../engines/core/errors.ts';
import { runScenario } from './runner.ts';
import { aggregationOf, parseScenario } from './scenario.ts';

const good = () => ({
  name: 'tiny',
  title: 'Tiny',
  question: 'Does it parse?',
  workload: { generator: 'sensors', events: 100, rate: 100, seed: 1, keys: { count: 2 } },
  job: { key: 'sensor', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' }, watermark: { delay: 0 } },
  engines: [{ kind: 'event' }, { kind: 'microbatch' }, { kind: 'tuple' }] as Array<Record<string, unknown>>,
});

function errorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}

describe('parseScenario', () => {
  test('a valid file resolves defaults: timestamp from the generator, id from the kind, simulated mode', () => {
    const s = parseScenario(good());
    expect(s.job.timestamp).toBe('ts');
    expect(aggregationOf(s.job).allowedLateness).toBe(0);
    expect(s.engines.map((e) => e.id)).toEqual(['event', 'microbatch', 'tuple']);
    expect(s.run.mode).toBe('simulated');
    expect(s.workload.rate).toBe(100);
  });

  test('an unknown generator names workload.generator', () => {
    const s = { ...good(), workload: { ...good().workload, generator: 'kafka' } };
    const e = errorOf(() => parseScenario(s));
    expect(e.path).toBe('workload.generator');
    expect(e.reason).toMatch(/unknown generator/);
  });

  test('a negative rate names workload.rate', () => {
    const e = errorOf(() => parseScenario({ ...good(), workload: { ...good().workload, rate: -5 } }));
    expect(e.path).toBe('workload.rate');
    expect(e.message).toMatch(/^workload\.rate: /);
  });

  test('a tumbling window without size names job.window.size', () => {
    const e = errorOf(() => parseScenario({ ...good(), job: { ...good().job, window: { kind: 'tumbling' } } }));
    expect(e.path).toBe('job.window.size');
  });

  test('an unknown engine kind names engines[2].kind and lists the kinds', () => {
    const s = good();
    s.engines[2] = { kind: 'flunk' };
    const e = errorOf(() => parseScenario(s));
    expect(e.message).toBe('engines[2].kind: unknown engine kind "flunk" (one of event, microbatch, tuple)');
  });

  test('a wrong field type names the field: workload.events as a string', () => {
    const e = errorOf(() => parseScenario({ ...good(), workload: { ...good().workload, events: 'many' } }));
    expect(e.path).toBe('workload.events');
  });

  test('a wrong type in a per-engine job override names engines[0].allowedLateness', () => {
    const s = good();
    s.engines[0] = { kind: 'event', allowedLateness: '5s' };
    expect(errorOf(() => parseScenario(s)).path).toBe('engines[0].allowedLateness');
  });

  test('an unknown field in the job is rejected with its path', () => {
    const e = errorOf(() => parseScenario({ ...good(), job: { ...good().job, colour: 'red' } }));
    expect(e.path).toBe('job.colour');
    expect(e.reason).toMatch(/unknown field/);
  });

  test('an unknown engine option is rejected by the engine module with its path', () => {
    const s = good();
    s.engines[0] = { kind: 'event', turbo: true };
    expect(errorOf(() => parseScenario(s)).path).toBe('engines[0].turbo');
  });

  test('a filter needs exactly one condition', () => {
    const e = errorOf(() => parseScenario({ ...good(), job: { ...good().job, filter: { field: 'sensor', eq: 1, gt: 0 } } }));
    expect(e.path).toBe('job.filter');
  });

  test('faults, checkpoint and sink parse and reach the engine options; real mode and pace parse', () => {
    const s = parseScenario({
      ...good(),
      checkpoint: { interval: 1000 },
      sink: 'plain',
      faults: [{ at: 1000, kind: 'crash' }],
    });
    expect(s.faults).toEqual([{ at: 1000, kind: 'crash', downtime: 0 }]);
    expect(s.engines[0]!.options).toMatchObject({ checkpoint: { interval: 1000, mode: 'exactly-once' }, sink: 'plain' });
    expect(s.engines.map((e) => e.faults)).toEqual([s.faults, s.faults, s.faults]);
    expect(errorOf(() => parseScenario({ ...good(), checkpoint: { interval: 0 } })).path).toBe('checkpoint.interval');
    expect(errorOf(() => parseScenario({ ...good(), sink: 'exactly' })).path).toBe('sink');
    expect(parseScenario({ ...good(), run: { mode: 'real' } }).run).toEqual({ mode: 'real', pace: 'rate', warmup: 0.1, drainCap: 300_000 });
    expect(parseScenario(good(), { mode: 'both', pace: 'max' }).run).toMatchObject({ mode: 'both', pace: 'max' });
    expect(errorOf(() => parseScenario({ ...good(), run: { mode: 'real', pace: 'slow' } })).path).toBe('run.pace');
  });

  test('join and map are validated with their paths; the stages are kept in order filter, join, map', () => {
    const job = {
      ...good().job,
      filter: { field: 'sensor', eq: 1 },
      join: { table: 't', on: 'sensor', as: 'x' },
      map: { sensor: 'sensor', ts: 'ts' },
    };
    expect(Object.keys(parseScenario({ ...good(), job }).steps)).toEqual(['filter', 'join', 'map']);
    expect(errorOf(() => parseScenario({ ...good(), job: { ...job, join: { table: 't', on: 'sensor' } } })).path).toBe('job.join.as');
    expect(errorOf(() => parseScenario({ ...good(), job: { ...job, map: { sensor: 3 } } })).path).toBe('job.map.sensor');
  });

  test('duplicate engine ids are rejected', () => {
    const s = good();
    s.engines = [{ kind: 'event' }, { kind: 'event' }];
    expect(errorOf(() => parseScenario(s)).path).toBe('engines[1].id');
  });

  test('--engines keeps only the named entries and refuses a name that is not there', () => {
    expect(parseScenario(good(), { engines: ['event'] }).engines.map((e) => e.id)).toEqual(['event']);
    expect(errorOf(() => parseScenario(good(), { engines: ['storm'] })).path).toBe('--engines');
  });

  test('a file workload whose file does not exist fails with the workload.file path when generated', () => {
    const s = parseScenario({
      ...good(),
      workload: { generator: 'file', rate: 100, file: { path: 'no-such-file.jsonl', timestamp: 'ts' } },
      job: { window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' }, watermark: { delay: 0 } },
    });
    const e = errorOf(() => runScenario(s, { baseDir: '/tmp' }));
    expect(e.path).toMatch(/^workload\.file/);
  });
});

describe('engine entries as run', () => {
  test('a microbatch entry records every default of its flavor, and only its flavor', () => {
    const s = parseScenario({
      ...good(),
      engines: [{ kind: 'microbatch' }, { kind: 'microbatch', flavor: 'dstream', id: 'ds' }],
    });
    expect(s.engines.map((e) => e.options)).toEqual([
      {
        kind: 'microbatch',
        flavor: 'structured',
        interval: 1000,
        trigger: 'processingTime',
        noDataBatches: true,
        watermarkPolicy: 'min',
        sink: 'memory',
        batchCost: { fixed: 0, perRecord: 0 },
      },
      { kind: 'microbatch', flavor: 'dstream', interval: 1000, inverseReduce: false, receiverWal: false },
    ]);
  });
  test('a refused combination stays as written and becomes a "not supported" row; bad values still exit 2', () => {
    const s = parseScenario({ ...good(), engines: [{ kind: 'microbatch', flavor: 'dstream', trigger: 'once' }] });
    expect(s.engines[0]!.options).toEqual({ kind: 'microbatch', flavor: 'dstream', trigger: 'once' });
    expect(runScenario(s).engines[0]).toMatchObject({
      supported: false,
      reason: expect.stringMatching(/^engine.trigger: trigger is a Structured Streaming option/),
    });
    // Spark's own rule (B8): a refusal, so a "not supported" row, not bad input.
    const dstream = runScenario(parseScenario({ ...good(), engines: [{ kind: 'microbatch', flavor: 'dstream', interval: 0 }] }));
    expect(dstream.engines[0]).toMatchObject({
      supported: false,
      reason: expect.stringMatching(/^engine\.interval: a DStream batch interval must be > 0/),
    });
  });
});

test("a microbatch entry's Spark trigger is the engine's option; default or purging is still the job's", () => {
  const s = parseScenario({
    ...good(),
    engines: [
      { kind: 'microbatch', trigger: 'availableNow' },
      { kind: 'event', trigger: 'purging' },
    ],
  });
  expect(s.engines[0]!.options).toMatchObject({ trigger: 'availableNow' });
  expect(s.engines[1]!.overrides).toEqual({ trigger: 'purging' });
  expect(() => parseScenario({ ...good(), engines: [{ kind: 'event', trigger: 'once' }] })).toThrow(
    /engines\[0\]\.trigger: trigger must be default or purging/,
  );
});

describe('scenario settings a model does not have (checkpoint, sink, watermark fields)', () => {
  const entry = (s: ReturnType<typeof parseScenario>, id: string) => s.engines.find((e) => e.id === id)!;

  test('a scenario-level checkpoint applies where the model has one; Storm runs without it and says "not applicable"', () => {
    const s = parseScenario({ ...good(), checkpoint: { interval: 1000 } });
    expect(entry(s, 'event').options.checkpoint).toEqual({ interval: 1000, mode: 'exactly-once' });
    const tuple = entry(s, 'tuple');
    expect(tuple.unsupported).toBeUndefined();
    expect(tuple.delivery.checkpoint).toBeUndefined();
    expect(tuple.notes).toEqual(['not applicable: Storm core has no checkpoints (C1); acking decides its guarantee (C2)']);
    const run = runScenario(s);
    expect(run.engines.map((r) => [r.entry.id, r.supported])).toEqual([
      ['event', true],
      ['microbatch', true],
      ['tuple', true],
    ]);
  });

  test("the same checkpoint on Storm's own entry is refused", () => {
    const g = good();
    g.engines[2] = { kind: 'tuple', checkpoint: { interval: 1000 } };
    expect(entry(parseScenario(g), 'tuple').unsupported).toMatch(/Storm core has no checkpoints \(C1\)/);
  });

  test('a scenario-level 2PC sink: Spark and Storm run without it (not applicable); on their own entries it is refused', () => {
    const s = parseScenario({ ...good(), checkpoint: { interval: 1000 }, sink: 'transactional' });
    expect(entry(s, 'event').options.sink).toBe('transactional');
    expect(entry(s, 'microbatch').unsupported).toBeUndefined();
    expect(entry(s, 'microbatch').notes.join(' ')).toMatch(/not applicable: Spark has no two-phase-commit sink/);
    expect(entry(s, 'tuple').unsupported).toBeUndefined();
    expect(entry(s, 'tuple').notes.join(' ')).toMatch(/not applicable: Storm core has no transactional sink/);
    const g = good();
    g.engines = [
      { kind: 'microbatch', sink: 'transactional' },
      { kind: 'tuple', sink: 'transactional' },
    ];
    const own = parseScenario(g);
    expect(entry(own, 'microbatch').unsupported).toMatch(/two-phase-commit/);
    expect(entry(own, 'tuple').unsupported).toMatch(/no transactional sink/);
  });

  test('a foreachBatch sink on a Flink entry is refused', () => {
    const g = good();
    g.engines = [{ kind: 'event', sink: 'foreachBatch' }];
    expect(entry(parseScenario(g), 'event').unsupported).toMatch(/foreachBatch/);
  });

  test("Storm's lag on the Flink engine is refused, never read as Flink's delay; Spark refuses lag and Flink's interval", () => {
    const g = good();
    g.engines = [
      { kind: 'event', watermark: { lag: 1000 } },
      { kind: 'microbatch', watermark: { delay: 0, interval: 200 } },
    ];
    const run = runScenario(parseScenario(g));
    const [flink, spark] = run.engines;
    expect(flink!.supported ? '' : flink!.reason).toMatch(/^job\.watermark\.lag: lag is the Storm setting/);
    expect(spark!.supported ? '' : spark!.reason).toMatch(/^job\.watermark\.interval: interval is Flink's and Storm's/);
  });
});

describe('event times every engine can take', () => {
  test.each([
    [1.5, /whole/],
    [2 ** 53, /beyond|within/],
  ])('a data file row with ts %d is refused before the run, naming the row', (ts, reason) => {
    const dir = mkdtempSync(join(tmpdir(), 'streamlab-ts-'));
    try {
      writeFileSync(join(dir, 'data.jsonl'), `${JSON.stringify({ k: 'a', ts: 1000 })}\n${JSON.stringify({ k: 'a', ts })}\n`);
      const s = parseScenario({
        ...good(),
        workload: { generator: 'file', rate: 100, file: { path: join(dir, 'data.jsonl'), timestamp: 'ts' } },
        job: { key: 'k', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' }, watermark: { delay: 0 } },
      });
      const e = errorOf(() => runScenario(s));
      expect(e.path).toBe('workload.file.timestamp');
      expect(e.reason).toMatch(/^row 2/);
      expect(e.reason).toMatch(reason);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a record whose stateless steps give it a fractional event time stops the run, naming the event and job.timestamp', () => {
    const s = parseScenario({ ...good(), job: { ...good().job, map: { sensor: 'sensor', ts: { const: 1.5 } } } });
    const e = errorOf(() => runScenario(s));
    expect(e.path).toBe('job.timestamp');
    expect(e.reason).toMatch(/^event 1 .*whole milliseconds/);
  });
});

test('a Trigger.Once or AvailableNow entry is not supported in a scenario: it would stop before the rows arrive (B1)', () => {
  const g = good();
  g.engines = [
    { id: 'once', kind: 'microbatch', trigger: 'once' },
    { id: 'now', kind: 'microbatch', trigger: 'availableNow' },
  ];
  const run = runScenario(parseScenario(g));
  expect(run.engines.map((r) => (r.supported ? 'ran' : r.reason.slice(0, 26)))).toEqual([
    'Trigger.Once reads the row',
    'Trigger.AvailableNow reads',
  ]);
});
