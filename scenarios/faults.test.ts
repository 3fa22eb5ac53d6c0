// Faults in scenarios on the virtual clock (issue 7): the same crash in each model and delivery setting,
// what each loses, replays or repeats, and what exactly-once costs — deterministic to the byte.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../cli/main.ts';
import { InputError } from '../engines/core/errors.ts';
import { loadScenario } from './catalog.ts';
import { buildResult, type EngineResult, type Environment, serializeResult } from './result.ts';
import { runScenario } from './runner.ts';
import { parseScenario } from './scenario.ts';

const env: Environment = { node: 'test', commit: null, startedAt: '2026-01-01T00:00:00.000Z', mode: 'simulated' };
type Ok = Extract<EngineResult, { status: 'ok' }>;

/** 10 sensors, 1,000 events/s for `events` ms, 1 s tumbling counts by event time; the given faults and engines. */
function scenario(engines: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}, events = 12000) {
  return {
    name: 'fault-test',
    title: 'Fault test',
    question: 'What does a crash do?',
    workload: { generator: 'sensors', events, rate: 1000, seed: 7, keys: { count: 10 } },
    job: { key: 'sensor', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' }, watermark: { delay: 0 } },
    faults: [{ at: 5500, kind: 'crash', downtime: 1500 }],
    engines,
    ...extra,
  };
}

function run(raw: unknown) {
  const s = parseScenario(raw);
  const r = buildResult(s, runScenario(s), env);
  const by = (id: string): Ok => {
    const e = r.engines.find((x) => x.id === id);
    if (e?.status !== 'ok' || !('correctness' in e)) throw new Error(`${id}: ${e?.status ?? 'absent'}`);
    return e;
  };
  return { result: r, by };
}

function errorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('a crash with downtime, event engine', () => {
  const { by, result } = run(
    scenario([
      { id: 'two-pc', kind: 'event', checkpoint: { interval: 2000 }, sink: 'transactional' },
      { id: 'plain', kind: 'event', checkpoint: { interval: 2000 }, sink: 'plain' },
      { id: 'none', kind: 'event' },
    ]),
  );

  test('with the 2PC sink every window is exact and nothing is emitted twice', () => {
    const e = by('two-pc');
    expect(e.correctness).toMatchObject({ windows: 120, exact: 120, wrong: 0, missing: 0, extra: 0, duplicates: 0, causes: {} });
    // Restored checkpoint 2 (completed at 4000), so the 1,500 records of [4000, 5500) were replayed.
    expect(e.series.restarts).toEqual([{ t: 7000, fromCheckpoint: 2, replayed: 1500 }]);
    expect(e.recovery).toMatchObject({ faults: 1, replayed: 1500, lost: 0, duplicated: 0, windowsWrong: 0 });
    expect(e.series.faults).toEqual([5500]);
    expect(e.series.faultEvents).toEqual([{ t: 5500, kind: 'crash', until: 7000 }]);
    expect(e.series.checkpoints.length).toBe(e.recovery.checkpoints?.count);
    expect(e.recovery.checkpoints?.meanBytes).toBeGreaterThan(0);
    // Nothing becomes visible while the job is down.
    expect(e.series.emissions.some((p) => p.t > 5500 && p.t < 7000)).toBe(false);
    expect(e.recovery.downtimeMs).toBeGreaterThanOrEqual(1500);
    expect(e.recovery.recoveryMs).toBeGreaterThanOrEqual(1500);
  });

  test('with a plain sink the replay repeats results: duplicates labelled replayed-duplicate, nothing missing', () => {
    const e = by('plain');
    const c = e.correctness;
    expect(c).toMatchObject({ exact: c.windows, wrong: 0, missing: 0, extra: 0 });
    expect(c.duplicates).toBeGreaterThan(0);
    expect(c.causes).toEqual({ 'replayed-duplicate': c.duplicates });
    expect(e.recovery).toMatchObject({ duplicated: c.duplicates, lost: 0, replayed: 1500, windowsWrong: 0 });
  });

  test('without checkpoints the restart replays the whole log so far', () => {
    const e = by('none');
    expect(e.recovery.replayed).toBe(5500);
    expect(e.series.restarts).toEqual([{ t: 7000, fromCheckpoint: null, replayed: 5500 }]);
    expect(e.correctness.exact).toBe(e.correctness.windows);
    expect(e.recovery.duplicated).toBe(e.correctness.duplicates);
  });

  test('held arrivals show the downtime in their latency; the 2PC sink adds the checkpoint interval', () => {
    expect(by('plain').latency.eventTime.max).toBeGreaterThanOrEqual(1500);
    expect(by('two-pc').latency.eventTime.p50).toBeGreaterThan(by('plain').latency.eventTime.p50 + 500);
    expect(result.engines.map((e) => e.status)).toEqual(['ok', 'ok', 'ok']);
  });

  test('the same scenario gives a byte-identical result.json, except the environment block', () => {
    const again = run(scenario([{ id: 'two-pc', kind: 'event', checkpoint: { interval: 2000 }, sink: 'transactional' }])).result;
    const once = run(scenario([{ id: 'two-pc', kind: 'event', checkpoint: { interval: 2000 }, sink: 'transactional' }])).result;
    // The environment holds this machine's figures (peak heap): SCENARIOS.md excludes it from the comparison.
    expect(serializeResult({ ...again, environment: once.environment })).toBe(serializeResult(once));
  });
});

describe('the 2PC sink makes output wait for the checkpoint', () => {
  const { by } = run(
    scenario(
      [500, 2000, 5000].map((interval) => ({ id: `cp-${interval}`, kind: 'event', checkpoint: { interval } })),
      { sink: 'transactional', faults: [] },
      20000,
    ),
  );
  test.each([500, 2000, 5000])('interval %i ms: event-time latency p99 and max are at least the interval', (interval) => {
    const l = by(`cp-${interval}`).latency.eventTime;
    expect(l.p99).toBeGreaterThanOrEqual(interval);
    expect(l.max).toBeGreaterThanOrEqual(interval);
    expect(l.p50).toBeGreaterThanOrEqual(interval / 2 - 100);
  });
  test('latency grows with the interval; every result stays exact', () => {
    const p50 = [500, 2000, 5000].map((i) => by(`cp-${i}`).latency.eventTime.p50);
    expect(p50[0]).toBeLessThan(p50[1]!);
    expect(p50[1]).toBeLessThan(p50[2]!);
    for (const i of [500, 2000, 5000]) expect(by(`cp-${i}`).correctness.exact).toBe(200);
  });
});

describe('Storm: acking decides what a crash costs (C2)', () => {
  // Processing-time windows: a replayed tuple lands in a later window, so "reflected" means counted somewhere.
  const raw = scenario(
    [
      { id: 'acking', kind: 'tuple', acking: true, messageTimeout: 2000 },
      { id: 'at-most-once', kind: 'tuple', acking: false },
    ],
    {
      job: { key: 'sensor', time: 'processing', window: { kind: 'tumbling', size: 500 }, aggregate: { fn: 'collect', field: 'ts' } },
      faults: [{ at: 3250, kind: 'crash', downtime: 500 }],
    },
    10000,
  );
  const s = parseScenario(raw);
  const sr = runScenario(s);
  const { by } = run(raw);
  /** How often each (sensor, ts) input arriving before 6 s shows up in a result. */
  function reflected(id: string): { missing: number; extra: number } {
    const er = sr.engines.find((e) => e.entry.id === id)!;
    if (!er.supported) throw new Error(er.reason);
    const seen = new Map<string, number>();
    for (const { emission: e } of er.emissions) {
      if (e.output !== 'main') continue;
      for (const ts of e.value as number[]) {
        const k = JSON.stringify([e.key, ts]);
        seen.set(k, (seen.get(k) ?? 0) + 1);
      }
    }
    const want = new Map<string, number>();
    for (const ev of sr.input.events) {
      if (ev.arrival >= 6000) continue;
      const k = JSON.stringify([ev.record.sensor, ev.record.ts]);
      want.set(k, (want.get(k) ?? 0) + 1);
    }
    let missing = 0;
    let extra = 0;
    for (const [k, n] of want) {
      const got = seen.get(k) ?? 0;
      missing += Math.max(0, n - got);
      extra += Math.max(0, got - n);
    }
    return { missing, extra };
  }

  test('with acking every input is reflected at least once; replays repeat some; no lost-on-crash', () => {
    const r = reflected('acking');
    expect(r.missing).toBe(0);
    expect(r.extra).toBeGreaterThan(0);
    const e = by('acking');
    expect(e.recovery.replayed).toBeGreaterThan(0);
    expect(e.recovery.lost).toBe(0);
    expect(e.correctness.causes['lost-on-crash']).toBeUndefined();
  });

  test('without acking what the bolts held at the crash is lost, counted as lost-on-crash, and nothing repeats', () => {
    expect(reflected('at-most-once').missing).toBeGreaterThan(0);
    const e = by('at-most-once');
    expect(e.recovery.lost).toBeGreaterThan(0);
    expect(e.correctness.causes['lost-on-crash']).toBe(e.recovery.lost);
    expect(e.recovery).toMatchObject({ replayed: 0, duplicated: 0 });
  });
});

describe('other fault kinds', () => {
  test('slow-task backs up the event engine: latency rises and comes back; Storm takes it through injectFault', () => {
    const { by, result } = run(
      scenario([{ kind: 'event' }, { kind: 'tuple' }], { faults: [{ at: 4000, kind: 'slow-task', cost: 4, duration: 1000 }] }),
    );
    const e = by('event');
    expect(e.correctness.exact).toBe(e.correctness.windows);
    expect(e.latency.eventTime.max).toBeGreaterThan(1000);
    expect(e.recovery.recoveryMs).toBeGreaterThan(0);
    expect(e.series.restarts).toEqual([]);
    // The tuple engine slows its window bolt's first task (engines/tuple injectFault): no restart either.
    const t = by('tuple');
    expect(result.engines[1]!.status).toBe('ok');
    expect(t.series.faultEvents).toEqual([{ t: 4000, kind: 'slow-task', until: 4000 }]);
    expect(t.series.restarts).toEqual([]);
  });

  test('crash-during-checkpoint restores the previous checkpoint; crash-before-commit commits on recovery', () => {
    const { by } = run(
      scenario(
        [
          { id: 'during', kind: 'event', network: { delay: 20 }, checkpoint: { interval: 2000 }, sink: 'transactional' },
          { id: 'before', kind: 'event', checkpoint: { interval: 2000 }, sink: 'transactional' },
        ],
        { faults: [{ at: 5500, kind: 'crash-during-checkpoint' }] },
      ),
    );
    const during = by('during');
    expect(during.series.restarts?.[0]?.fromCheckpoint).toBe(2);
    expect(during.correctness).toMatchObject({ exact: 120, duplicates: 0 });
    const b = run(
      scenario([{ id: 'before', kind: 'event', checkpoint: { interval: 2000 }, sink: 'transactional' }], {
        faults: [{ at: 5500, kind: 'crash-before-commit' }],
      }),
    ).by('before');
    expect(b.correctness).toMatchObject({ exact: 120, duplicates: 0, missing: 0 });
    expect(b.series.restarts?.[0]).toMatchObject({ t: 5500, replayed: 0 });
  });

  test('Spark re-runs a batch that died before commits/N: foreachBatch repeats it, the idempotent file sink does not', () => {
    const { by } = run(
      scenario(
        [
          { id: 'idempotent', kind: 'microbatch', sink: 'idempotent' },
          { id: 'foreachBatch', kind: 'microbatch', sink: 'foreachBatch' },
        ],
        { faults: [{ at: 5500, kind: 'crash-before-commit' }] },
      ),
    );
    expect(by('idempotent').correctness.duplicates).toBe(0);
    expect(by('foreachBatch').correctness.duplicates).toBeGreaterThan(0);
    expect(by('foreachBatch').correctness.causes['replayed-duplicate']).toBe(by('foreachBatch').correctness.duplicates);
    expect(by('idempotent').notes).toEqual(['sink idempotent → Spark file sink']);
    // Injected at 5.5 s, the crash hits the next micro-batch that runs, triggered at 6 s (batches every second).
    expect(by('foreachBatch').series.faults).toEqual([6000]);
    // The re-run batch is the second of data that arrived in [5000, 6000).
    expect(by('foreachBatch').recovery.replayed).toBe(1000);
    // The engine's recovery log names the last committed batch (4) the re-run of batch 5 resumes from.
    expect(by('idempotent').series.restarts).toEqual([{ t: 6000, fromCheckpoint: 4, replayed: 1000 }]);
  });

  test('Spark crash-during-checkpoint: batch N dies after offsets/N and state/N, re-runs from state N-1, the sink sees it once', () => {
    const { by } = run(
      scenario([{ id: 'spark', kind: 'microbatch', sink: 'foreachBatch' }], {
        // Spark checkpoints every micro-batch; the scenario still has to ask for checkpointing.
        checkpoint: { interval: 1000 },
        faults: [{ at: 5500, kind: 'crash-during-checkpoint' }],
      }),
    );
    const r = by('spark');
    // The last windows are never flushed (Spark has no end-of-input watermark, D); nothing else is missing.
    expect(r.correctness).toMatchObject({ duplicates: 0, missing: r.correctness.causes['not-flushed'] });
    expect(r.series.faults).toEqual([6000]);
    expect(r.series.restarts).toEqual([{ t: 6000, fromCheckpoint: 4, replayed: 1000 }]);
    expect(r.recovery.replayed).toBe(1000);
  });

  test('a fault after the last arrival is refused before the run, naming the fault and the end of input', () => {
    const s = parseScenario(scenario([{ id: 'spark', kind: 'microbatch' }], { faults: [{ at: 60_000, kind: 'crash-before-commit' }] }));
    expect(() => runScenario(s)).toThrow(
      new InputError(
        'faults[0].at',
        '60000 ms is after the input ends: the last event arrives at 11999 ms (fault times are ms of processing time from the start of the run)',
      ),
    );
  });
});

describe('delivery settings per model', () => {
  test('Storm has no checkpoints and no transactional sink; Spark checkpoints every batch and has no 2PC sink', () => {
    const s = parseScenario(
      scenario([{ kind: 'event' }, { kind: 'microbatch' }, { kind: 'tuple' }], { checkpoint: { interval: 1000 }, faults: [] }),
    );
    expect(s.engines[0]!.options.checkpoint).toEqual({ interval: 1000, mode: 'exactly-once' });
    expect(s.engines[1]!.notes[0]).toMatch(/every micro-batch .*interval 1000 .*do not apply/);
    // Set on the scenario, a checkpoint Storm does not have does not apply to it; set on its entry, it is refused.
    expect(s.engines[2]!.unsupported).toBeUndefined();
    expect(s.engines[2]!.notes).toEqual(['not applicable: Storm core has no checkpoints (C1); acking decides its guarantee (C2)']);
    const t = parseScenario(
      scenario([
        { kind: 'tuple', sink: 'transactional' },
        { kind: 'microbatch', sink: 'transactional' },
      ]),
    );
    expect(t.engines[0]!.unsupported).toMatch(/^Storm core has no transactional sink/);
    expect(t.engines[1]!.unsupported).toMatch(/^Spark has no two-phase-commit sink/);
  });

  test('a per-engine checkpoint merges over the scenario one', () => {
    const s = parseScenario(
      scenario([{ kind: 'event', checkpoint: { mode: 'at-least-once' } }], { checkpoint: { interval: 3000 }, faults: [] }),
    );
    expect(s.engines[0]!.options.checkpoint).toEqual({ interval: 3000, mode: 'at-least-once' });
  });

  test.each([
    [{ faults: [{ at: 1000, kind: 'meltdown' }] }, 'faults[0].kind'],
    [{ faults: [{ at: 1000, kind: 'slow-task', duration: 100 }] }, 'faults[0].cost'],
    [{ faults: [{ at: 1000, kind: 'slow-task', cost: 1 }] }, 'faults[0].duration'],
    [{ faults: [{ at: 1000, kind: 'crash', cost: 1 }] }, 'faults[0].cost'],
    [{ faults: [{ at: 1000, kind: 'crash-during-checkpoint', downtime: 5 }] }, 'faults[0].downtime'],
    [{ faults: [{ at: -1, kind: 'crash' }] }, 'faults[0].at'],
    [
      {
        faults: [
          { at: 1000, kind: 'crash', downtime: 2000 },
          { at: 2000, kind: 'crash' },
        ],
      },
      'faults[1].at',
    ],
    [
      {
        faults: [
          { at: 2000, kind: 'crash' },
          { at: 1000, kind: 'crash' },
        ],
      },
      'faults[1].at',
    ],
    [{ faults: [{ at: 1000, kind: 'crash-before-commit' }] }, 'faults[0].kind'],
    [{ faults: [{ at: 1000, kind: 'crash-during-checkpoint' }] }, 'faults[0].kind'],
    [{ sink: 'transactional' }, 'sink'],
    [{ checkpoint: { interval: 1000, mode: 'sometimes' } }, 'checkpoint.mode'],
    [{ run: { mode: 'real' } }, 'run.mode'],
  ])('%j is refused at %s', (extra, path) => {
    expect(errorOf(() => parseScenario(scenario([{ kind: 'event' }], extra))).path).toBe(path);
  });

  test('foreachBatch on an event entry is refused (not supported); an interval-less per-engine checkpoint is bad input', () => {
    expect(parseScenario(scenario([{ kind: 'event', sink: 'foreachBatch' }])).engines[0]!.unsupported).toMatch(
      /^foreachBatch is a Spark Structured Streaming sink/,
    );
    expect(errorOf(() => parseScenario(scenario([{ kind: 'event', checkpoint: { mode: 'unaligned' } }]))).path).toBe(
      'engines[0].checkpoint.interval',
    );
  });

  test('streamlab run: a bad fault spec exits 2 with the JSON path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamlab-fault-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(scenario([{ kind: 'event' }], { faults: [{ at: 1000, kind: 'crash-before-commit' }] })));
    const out: string[] = [];
    const err: string[] = [];
    expect(await main(['run', file, '--out', dir], { out: (l) => out.push(l), err: (l) => err.push(l) })).toBe(2);
    expect(err).toEqual([expect.stringMatching(/^faults\[0\]\.kind: crash-before-commit .*transactional/)]);
  });
});

describe('the fault catalog', () => {
  test('crash-recovery: 2PC exact, plain duplicates, at-least-once over-counts, Storm acking vs at-most-once', () => {
    const s = loadScenario('crash-recovery').scenario;
    const r = buildResult(s, runScenario(s), env);
    const by = (id: string) => {
      const e = r.engines.find((x) => x.id === id)!;
      if (!('correctness' in e)) throw new Error(e.status);
      return e;
    };
    expect(by('event-2pc').correctness).toMatchObject({ exact: 200, duplicates: 0 });
    expect(by('event-plain').recovery.duplicated).toBeGreaterThan(0);
    expect(by('event-at-least-once').recovery.windowsWrong).toBeGreaterThan(0);
    expect(by('tuple-acking').recovery).toMatchObject({ lost: 0 });
    expect(by('tuple-acking').recovery.replayed).toBeGreaterThan(0);
    expect(by('tuple-at-most-once').recovery.lost).toBeGreaterThan(0);
    expect(by('microbatch').recovery.lost).toBe(0);
  });
});
