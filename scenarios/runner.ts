// Runs one scenario: generate the log, apply the stateless stages once (the same records for every
// engine and the oracle), evaluate the oracle, then drive each engine entry through StepEngine only —
// on a virtual clock (simulated, exactly reproducible) or on the wall clock (real-runner.ts). A refused
// job or an unregistered kind becomes a row "not supported: reason", never a crash.
//   log ─► stateless stages ─► oracle
//                           └► engine₁ … engineₙ  (each a generator of steps; drivers below run them)
import type { Rec } from '../engines/core/aggregates.ts';
import type { Emission } from '../engines/core/emission.ts';
import type { StepEngine } from '../engines/core/engine.ts';
import { RefusedError } from '../engines/core/errors.ts';
import { evaluate, type OracleResult } from '../engines/oracle/oracle.ts';
import { engineModule } from '../engines/registry.ts';
import { type Clock, type RealMeasure, realEngine } from './real-runner.ts';
import type { EngineEntry, RunSpec, Scenario } from './scenario.ts';
import { statelessFn } from './stateless-steps.ts';
import { type EventLog, generate, type LoggedEvent } from './workloads/index.ts';

/** An emission stamped with the processing time (ms; virtual, or wall ms on the log's timeline) at which it was drained. */
export interface StampedEmission {
  at: number;
  emission: Emission;
}

/** The engine's watermark after a step, recorded only when it changed. */
export interface WatermarkPoint {
  t: number;
  wm: number;
}

export type RunMode = 'simulated' | 'real';

export type EngineRun =
  | {
      entry: EngineEntry;
      supported: true;
      emissions: StampedEmission[];
      endTime: number;
      watermarks: WatermarkPoint[];
      /** Real mode only: what was measured after warm-up. */
      real?: RealMeasure;
    }
  | { entry: EngineEntry; supported: false; reason: string };

export interface ScenarioRun {
  mode: RunMode;
  log: EventLog;
  /** The logged events that pass the stateless stages, with their transformed records: what engines and oracle receive. */
  input: LoggedEvent[];
  oracle: OracleResult[];
  engines: EngineRun[];
  /** True when the run was stopped (Ctrl-C) before every engine finished; `engines` holds the finished ones. */
  interrupted?: boolean;
}

/** The log with each event's record after the stateless stages (null: filtered out; it still moves the clock). */
export interface Prepared {
  events: readonly LoggedEvent[];
  records: ReadonlyArray<Rec | null>;
}

/** What an engine generator hands its driver: progress, or a request to wait until a wall time (real mode). */
export type Step = { kind: 'progress'; done: number; total: number } | { kind: 'wait'; until: number };
export type EngineSteps = Generator<Step, EngineRun, void>;

export interface RunOptions {
  /** Directory a relative `workload.file.path` is resolved against. */
  baseDir?: string;
  /** simulated (default: the scenario's mode, simulated for `both`) or real. */
  mode?: RunMode;
  /** Called after each engine entry finishes. */
  onEngine?: (run: EngineRun) => void;
  /** Progress within the current engine entry. */
  onProgress?: (entry: EngineEntry, done: number, total: number) => void;
  /** Real mode: the wall clock and CPU clock (injectable for tests). */
  clock?: Clock;
  /** Wrap each created engine (tests: a deliberately slow engine). */
  wrap?: (engine: StepEngine, entry: EngineEntry) => StepEngine;
}

export interface Setup {
  log: EventLog;
  prepared: Prepared;
  input: LoggedEvent[];
  oracle: OracleResult[];
}

/** Generate, apply the stateless stages, evaluate the oracle. */
export function setup(scenario: Scenario, options: RunOptions = {}): Setup {
  const log = generate(scenario.workload, { root: 'workload', ...(options.baseDir ? { baseDir: options.baseDir } : {}) });
  const stage = statelessFn(scenario.steps, log.tables);
  const records = log.events.map((e) => stage(e.record));
  const input: LoggedEvent[] = [];
  log.events.forEach((e, i) => {
    const r = records[i];
    if (r) input.push({ ...e, record: r });
  });
  const oracle = evaluate(
    scenario.job,
    input.map((e) => ({ record: e.record, arrival: e.arrival })),
  );
  return { log, prepared: { events: log.events, records }, input, oracle };
}

function modeOf(scenario: Scenario, options: RunOptions): RunMode {
  return options.mode ?? (scenario.run.mode === 'real' ? 'real' : 'simulated');
}

function stepsFor(entry: EngineEntry, prepared: Prepared, mode: RunMode, run: RunSpec, options: RunOptions): EngineSteps {
  if (mode === 'simulated') return simulatedEngine(entry, prepared, options.wrap);
  return realEngine(entry, prepared, run, options.clock ?? wallClock, options.wrap);
}

/** Run every engine entry to the end, synchronously (tests, and simulated runs without a terminal). */
export function runScenario(scenario: Scenario, options: RunOptions = {}): ScenarioRun {
  const s = setup(scenario, options);
  const mode = modeOf(scenario, options);
  const engines = scenario.engines.map((entry) => {
    const run = drive(stepsFor(entry, s.prepared, mode, scenario.run, options), (st) => {
      if (st.kind === 'wait') spinUntil(options.clock ?? wallClock, st.until);
      else options.onProgress?.(entry, st.done, st.total);
    });
    options.onEngine?.(run);
    return run;
  });
  return { mode, log: s.log, input: s.input, oracle: s.oracle, engines };
}

/**
 * The same, yielding to the event loop between chunks so a terminal sees progress and Ctrl-C
 * (`shouldStop`) is noticed: a stopped run ends the current engine without a result for it.
 */
export async function runScenarioAsync(
  scenario: Scenario,
  options: RunOptions & { shouldStop?: () => boolean } = {},
): Promise<ScenarioRun> {
  const s = setup(scenario, options);
  const mode = modeOf(scenario, options);
  const clock = options.clock ?? wallClock;
  const engines: EngineRun[] = [];
  for (const entry of scenario.engines) {
    const gen = stepsFor(entry, s.prepared, mode, scenario.run, options);
    let next = gen.next();
    while (!next.done) {
      const st = next.value;
      if (st.kind === 'wait') {
        const ahead = st.until - clock.now();
        // Sleep through long gaps (the event loop stays responsive), spin the last 2 ms for precision.
        if (ahead > 2) await sleep(ahead - 2);
        spinUntil(clock, st.until);
      } else {
        options.onProgress?.(entry, st.done, st.total);
        await yieldToLoop();
      }
      if (options.shouldStop?.()) return { mode, log: s.log, input: s.input, oracle: s.oracle, engines, interrupted: true };
      next = gen.next();
    }
    engines.push(next.value);
    options.onEngine?.(next.value);
  }
  return { mode, log: s.log, input: s.input, oracle: s.oracle, engines };
}

function drive(gen: EngineSteps, on: (s: Step) => void): EngineRun {
  let next = gen.next();
  while (!next.done) {
    on(next.value);
    next = gen.next();
  }
  return next.value;
}

/** Creates the engine, or the "not supported" row: an unregistered kind, or a job the model refuses. */
export function createEngine(entry: EngineEntry, wrap?: RunOptions['wrap']): StepEngine | { reason: string } {
  const mod = engineModule(entry.kind);
  if (!mod || !entry.job) return { reason: entry.unsupported ?? `the ${entry.kind} engine is not built yet` };
  try {
    const engine = mod.create(entry.job, entry.options);
    return wrap ? wrap(engine, entry) : engine;
  } catch (e) {
    if (e instanceof RefusedError) return { reason: e.message };
    throw e;
  }
}

/** Chunk size for progress reports and event-loop yields. */
export const PROGRESS_EVERY = 2000;

/**
 * One engine over the whole log on the virtual clock: for each event in arrival order advance the clock
 * to its arrival, add its record (unless the stateless stages dropped it), and drain; then end the
 * input and drain once more. Emissions are stamped with `engine.now()` when drained.
 */
export function* simulatedEngine(entry: EngineEntry, prepared: Prepared, wrap?: RunOptions['wrap']): EngineSteps {
  const created = createEngine(entry, wrap);
  if ('reason' in created) return { entry, supported: false, reason: created.reason };
  const engine = created;
  const emissions: StampedEmission[] = [];
  const watermarks: WatermarkPoint[] = [];
  let lastWm: number | null = null;
  const drain = () => {
    const at = engine.now();
    for (const emission of engine.drain()) emissions.push({ at, emission });
    const wm = engine.currentWatermark();
    if (wm !== null && wm !== lastWm) {
      watermarks.push({ t: at, wm });
      lastWm = wm;
    }
  };
  const { events, records } = prepared;
  try {
    for (let i = 0; i < events.length; i++) {
      engine.advance(events[i]!.arrival);
      const r = records[i];
      if (r) engine.add([r]);
      drain();
      if ((i + 1) % PROGRESS_EVERY === 0) yield { kind: 'progress', done: i + 1, total: events.length };
    }
    engine.end();
    drain();
  } catch (e) {
    // Some models refuse at the first record rather than at compile time.
    if (e instanceof RefusedError) return { entry, supported: false, reason: e.message };
    throw e;
  }
  yield { kind: 'progress', done: events.length, total: events.length };
  return { entry, supported: true, emissions, endTime: engine.now(), watermarks };
}

/** The wall clock (ms, monotonic) and this process's CPU time (ms). Only the scenario layer reads them. */
export const wallClock: Clock = {
  now: () => performance.now(),
  cpu: () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
};

function spinUntil(clock: Clock, until: number): void {
  while (clock.now() < until) {
    // busy-wait: sub-millisecond pacing; sleeps are too coarse
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function yieldToLoop(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}
