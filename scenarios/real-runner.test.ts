// Real mode measures latency from each event's scheduled time: a deliberately stalled engine shows the
// stall in its latency, including for events that were scheduled during the stall and fed after it
// (a runner measuring from when it sent them would hide that: coordinated omission). The wall clock is
// a virtual one the test moves (a wait reaches its time, the stall adds STALL ms): nothing here depends on
// how fast the machine runs.
import type { Rec } from '../engines/core/aggregates.ts';
import type { StepEngine } from '../engines/core/engine.ts';
import type { Clock } from './real-runner.ts';
import { buildResult, type Environment } from './result.ts';
import { runScenario } from './runner.ts';
import { parseScenario } from './scenario.ts';

/** A wall clock that only moves when the runner waits or the test says so; CPU time moves with it. */
class VirtualClock implements Clock {
  t = 1000;
  now = () => this.t;
  cpu = () => this.t;
  wait = (until: number) => {
    this.t = Math.max(this.t, until);
  };
}

const env: Environment = { node: 'test', commit: null, startedAt: '2026-01-01T00:00:00.000Z', mode: 'real' };
const STALL = 30;

/** One sensor, one event per ms for 0.6 s; 10 ms windows that close 1 ms after their end. */
const scenario = (warmup: number) =>
  parseScenario({
    name: 'stall',
    title: 'Stall',
    question: 'Does a stall show?',
    workload: { generator: 'sensors', events: 600, rate: 1000, seed: 1, keys: { count: 1 } },
    job: { key: 'sensor', window: { kind: 'tumbling', size: 10 }, aggregate: { fn: 'count' }, watermark: { delay: 0, interval: 1 } },
    engines: [{ kind: 'event' }],
    run: { mode: 'real', pace: 'rate', warmup },
  });

/** Stalls STALL ms (of the virtual wall clock) inside `add` of the record with ts = `at`, once. */
function stallAt(at: number, clock: VirtualClock) {
  return (engine: StepEngine): StepEngine => {
    let stalled = false;
    return {
      add: (records: readonly Rec[]) => {
        if (!stalled && records.some((r) => r.ts === at)) {
          stalled = true;
          clock.t += STALL; // the deliberate stall
        }
        engine.add(records);
      },
      watermark: (wm) => engine.watermark(wm),
      advance: (t) => engine.advance(t),
      batch: () => engine.batch(),
      checkpoint: () => engine.checkpoint(),
      restart: () => engine.restart(),
      end: () => engine.end(),
      currentWatermark: () => engine.currentWatermark(),
      now: () => engine.now(),
      nextActivity: () => engine.nextActivity(),
      unread: () => engine.unread(),
      drain: () => engine.drain(),
    };
  };
}

describe('real mode, paced at the scenario rate', () => {
  test(`an engine stalled ${STALL} ms at ts=505 shows the stall in max latency, though window [500,510)'s later events were fed after it`, () => {
    const s = scenario(0.1);
    const clock = new VirtualClock();
    const run = runScenario(s, { wrap: stallAt(505, clock), clock });
    const r = buildResult(s, run, env);
    const e = r.engines[0]!;
    if (!('latency' in e)) throw new Error(e.status);
    // Window [500, 510): its last event (ts 509) was scheduled at 509 but fed after the stall ended (505 + STALL),
    // and the watermark that closes it ticks at the next whole ms after that: 506 + STALL.
    expect(e.latency.processingTime.max).toBe(506 + STALL - 509);
    expect(e.latency.eventTime.max).toBe(506 + STALL - 509);
    const w = run.engines[0]!;
    if (!w.supported) throw new Error(w.reason);
    const emitted = [...w.emissions].find((x) => x.emission.output === 'main' && x.emission.window?.start === 500)!;
    expect(emitted.at).toBe(506 + STALL);
    // Without the stall every window is out 2 ms after its last event was scheduled (the next event, then
    // the next 1 ms watermark tick, maxTs − 1: A2).
    const calm = buildResult(s, runScenario(s, { clock: new VirtualClock() }), env).engines[0]!;
    if (!('latency' in calm)) throw new Error(calm.status);
    expect(calm.latency.eventTime.max).toBe(2);
    // Correctness does not depend on the clock: every window is still exact.
    expect(e.correctness.exact).toBe(e.correctness.windows);
    expect(e.throughput.perCpuSec).not.toBeNull();
    expect(r.environment.mode).toBe('real');
  });

  test('events per CPU-second: over the arrivals alone, and with the CPU the engine used after the last arrival (its drain and end)', () => {
    // CPU moves only when the engine works: 1 ms per add, 50 ms in end(); waiting for the schedule costs none.
    const clock = { t: 1000, c: 0, now: () => clock.t, cpu: () => clock.c, wait: (u: number) => void (clock.t = Math.max(clock.t, u)) };
    const wrap = (engine: StepEngine): StepEngine =>
      new Proxy(engine, {
        get(target, prop) {
          if (prop === 'add')
            return (rs: readonly Rec[]) => {
              clock.c += 1;
              target.add(rs);
            };
          if (prop === 'end')
            return () => {
              clock.c += 50;
              target.end();
            };
          if (prop === 'feed') return undefined; // every event through add, so each costs its 1 ms
          const v = (target as unknown as Record<PropertyKey, unknown>)[prop];
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
    const s = scenario(0);
    const e = buildResult(s, runScenario(s, { wrap, clock }), env).engines[0]!;
    if (!('throughput' in e)) throw new Error(e.status);
    const adds = e.throughput.perCpuSec === null ? 0 : Math.round((600 * 1000) / e.throughput.perCpuSec);
    expect(adds).toBeGreaterThan(0);
    expect(e.throughput.perCpuSecWithDrain).toBeCloseTo((600 * 1000) / (adds + 50), 2);
  });

  test('warm-up is excluded: with warmup 0.9 only the last 60 events and the emissions after them count', () => {
    const s = scenario(0.9);
    const clock = new VirtualClock();
    const run = runScenario(s, { wrap: stallAt(505, clock), clock });
    const e = buildResult(s, run, env).engines[0]!;
    if (!('latency' in e)) throw new Error(e.status);
    const w = run.engines[0]!;
    if (!w.supported || !w.real) throw new Error('not a real run');
    expect(w.real.events).toBe(60);
    // Only emissions at or after the time event 540 was fed count: not window [500, 510) and its stall.
    expect(e.latency.eventTime.count).toBe([...w.emissions].filter((x) => x.emission.output === 'main' && x.at >= w.real!.from).length);
    expect(e.latency.eventTime.max).toBeLessThan(STALL);
  });
});

describe('real mode on a wall clock that moves between readings', () => {
  /** Every reading of the wall clock is 0.4 ms after the last: events are fed at fractional milliseconds. */
  class CreepingClock implements Clock {
    t = 1000;
    now = () => (this.t += 0.4);
    cpu = () => this.t;
    wait = (until: number) => {
      this.t = Math.max(this.t, until);
    };
  }

  test('feeding at a fractional ms and then advancing to the whole ms below it never moves the engine back', () => {
    const s = parseScenario({
      name: 'creep',
      title: 'Creep',
      question: 'Does time go backwards?',
      workload: { generator: 'sensors', events: 3000, rate: 1000, seed: 1, keys: { count: 3 } },
      job: { key: 'sensor', window: { kind: 'tumbling', size: 100 }, aggregate: { fn: 'count' }, watermark: { delay: 0 } },
      engines: [{ kind: 'event' }, { kind: 'microbatch' }, { kind: 'tuple', watermark: { lag: 0 } }],
      run: { mode: 'real', pace: 'max', warmup: 0 },
    });
    const run = runScenario(s, { clock: new CreepingClock() });
    for (const e of buildResult(s, run, env).engines) {
      if (!('correctness' in e)) throw new Error(`${e.id}: ${e.status}`);
      expect(e.series.emissionCount).toBeGreaterThan(0);
    }
  });
});
