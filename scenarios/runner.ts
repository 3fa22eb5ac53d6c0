// Runs one scenario: generate the log, apply the stateless stages once (the same records for every
// engine and the oracle), evaluate the oracle, then drive each engine entry through StepEngine only —
// on a virtual clock (simulated, exactly reproducible) or on the wall clock (real-runner.ts). A refused
// job or an unregistered kind becomes a row "not supported: reason", never a crash.
//   log ─► stateless stages ─► oracle
//                           └► engine₁ … engineₙ  (each a generator of steps; drivers below run them)
import type { Rec } from '../engines/core/aggregates.ts';
import type { Emission } from '../engines/core/emission.ts';
import type { Fault, RecoveryLog, StepEngine } from '../engines/core/engine.ts';
import { InputError, RefusedError } from '../engines/core/errors.ts';
import { needsEventTime, recordProblem } from '../engines/core/job.ts';
import { evaluate, type OracleResult } from '../engines/oracle/oracle.ts';
import { engineModule } from '../engines/registry.ts';
import { type Clock, type RealMeasure, realEngine } from './real-runner.ts';
import { checkBeforeGenerating, checkBeforeRunning } from './run-checks.ts';
import { DRAIN_CAP, type EngineEntry, type RunSpec, type Scenario, type ScenarioFault } from './scenario.ts';
import { statelessFn } from './stateless-steps.ts';
import { type EventLog, generate, type LoggedEvent } from './workloads/index.ts';

/**
 * How a run ended (SCENARIOS.md "How a run ends"): the last arrival, and when the engine went quiet after it
 * (null: it was still busy at the cap, `lastArrival + run.drainCap`, and the run ended there).
 */
export interface RunEnd {
  lastArrival: number;
  quietAt: number | null;
  capped: boolean;
}

/**
 * Advance the engine to each of its next activities until it is quiet, or the next one lies past `until`.
 * `after` runs after each advance (drain the emissions). Records when the engine went quiet.
 */
export function runUntilQuiet(engine: StepEngine, until: number, after: () => void): RunEnd {
  const lastArrival = engine.now();
  let stuck = 0;
  for (;;) {
    const t = engine.nextActivity();
    if (t === null) return { lastArrival, quietAt: engine.now(), capped: false };
    if (t > until) return { lastArrival, quietAt: null, capped: true };
    const before = engine.now();
    engine.advance(Math.max(t, before));
    after();
    // An engine that keeps asking for the same instant without moving would never end: that is a bug.
    stuck = engine.now() === before && t <= before ? stuck + 1 : 0;
    if (stuck > 10_000) throw new Error(`the engine asks to run again at ${t} ms without getting anywhere`);
  }
}

/** The watermark that closed windows by the end of a run (StepEngine.closingWatermark, else the current one). */
export function finalWatermarkOf(engine: StepEngine): number | null {
  return engine.closingWatermark ? engine.closingWatermark() : engine.currentWatermark();
}

function capReason(entry: EngineEntry, cap: number, unread: number): string {
  return `still running ${cap} ms after the last arrival (run.drainCap) with ${unread} record(s) not yet read by the ${entry.kind} engine; raise run.drainCap`;
}

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

/**
 * What the runner did about faults, and what the engine reports of checkpoints and restarts
 * (simulated mode). Times are ms of processing time on the run's clock.
 */
export interface RunRecovery {
  /** Each fault as injected: `at`, its kind, and for a crash the time the job was back (`at + downtime`). */
  faults: Array<{ t: number; kind: ScenarioFault['kind']; until: number }>;
  /** Each restart: when the job was running again, the checkpoint it restored (null: none), records replayed. */
  restarts: Array<{ t: number; fromCheckpoint: number | null; replayed: number }>;
  /** Completed checkpoints from the engine's recovery log (none for engines without one). */
  checkpoints: RecoveryLog['checkpoints'];
  /** Records the engine re-processed because of faults: its recovery log, or its own replay counters. */
  replayed: number;
}

export type EngineRun =
  | {
      entry: EngineEntry;
      supported: true;
      emissions: StampedEmission[];
      endTime: number;
      watermarks: WatermarkPoint[];
      /** Real mode only: what was measured after warm-up. */
      real?: RealMeasure;
      /** Simulated mode: faults, restarts and checkpoints. */
      recovery?: RunRecovery;
      /** Peak managed-state entries (null: the engine does not report it) and peak JS heap, sampled. */
      resources?: { peakStateEntries: number | null; peakHeapBytes: number };
      /** How the run ended: the engine kept running after the last arrival until quiet, or until the cap. */
      ended: RunEnd;
      /** The watermark that had closed windows when the input ended (`closingWatermark`), null: none. */
      finalWatermark: number | null;
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
  /** Called as setup enters each stage (progress display). */
  onStage?: (stage: 'generating' | 'ground truth') => void;
  /** Called as each engine entry starts (runScenarioAsync). */
  onEngineStart?: (entry: EngineEntry) => void;
}

export interface Setup {
  log: EventLog;
  prepared: Prepared;
  input: LoggedEvent[];
  oracle: OracleResult[];
}

/** Generate, apply the stateless stages, evaluate the oracle. */
export function setup(scenario: Scenario, options: RunOptions = {}): Setup {
  options.onStage?.('generating');
  checkBeforeGenerating(scenario);
  const log = generate(scenario.workload, { root: 'workload', ...(options.baseDir ? { baseDir: options.baseDir } : {}) });
  checkBeforeRunning(scenario, log);
  const stage = statelessFn(scenario.steps, log.tables);
  const records = log.events.map((e) => stage(e.record));
  records.forEach((r, i) => {
    if (r) checkRecord(scenario.job, r, i);
  });
  const input: LoggedEvent[] = [];
  // A timestamp function (a `.ts` scenario) redefines event time: latency and windows follow the job's field.
  const ts = scenario.steps.timestamp ? scenario.job.timestamp : null;
  log.events.forEach((e, i) => {
    const r = records[i];
    if (r) input.push({ ...e, record: r, ...(ts ? { eventTime: r[ts] as number } : {}) });
  });
  options.onStage?.('ground truth');
  const oracle = evaluate(
    scenario.job,
    input.map((e) => ({ record: e.record, arrival: e.arrival })),
  );
  return { log, prepared: { events: log.events, records }, input, oracle };
}

/**
 * Every record the engines will see (after the stateless stages) has what the job reads: a key (not null:
 * Flink fails a job on a null key), an event-time timestamp for time windows, a number for sum/min/max/avg.
 * Checked before anything runs, so a bad row is reported at once with its number (1-based, in the log).
 */
function checkRecord(job: Scenario['job'], r: Rec, i: number): void {
  const problem = recordProblem(job, r, needsEventTime(job), false);
  if (problem) throw new InputError(`job.${problem.what}`, `event ${i + 1} (${JSON.stringify(r).slice(0, 120)}): ${problem.reason}`);
}

function modeOf(scenario: Scenario, options: RunOptions): RunMode {
  return options.mode ?? (scenario.run.mode === 'real' ? 'real' : 'simulated');
}

function stepsFor(entry: EngineEntry, prepared: Prepared, mode: RunMode, run: RunSpec, options: RunOptions): EngineSteps {
  if (mode === 'simulated') return simulatedEngine(entry, prepared, options.wrap, run.drainCap);
  return realEngine(entry, prepared, run, options.clock ?? wallClock, options.wrap);
}

/** Run every engine entry to the end, synchronously (tests, and simulated runs without a terminal). */
export function runScenario(scenario: Scenario, options: RunOptions = {}): ScenarioRun {
  const s = setup(scenario, options);
  const mode = modeOf(scenario, options);
  const engines = scenario.engines.map((entry) => {
    const run = drive(stepsFor(entry, s.prepared, mode, scenario.run, options), (st) => {
      if (st.kind === 'wait') (options.clock ?? wallClock).wait(st.until);
      else options.onProgress?.(entry, st.done, st.total);
    });
    options.onEngine?.(run);
    return run;
  });
  return { mode, log: s.log, input: s.input, oracle: s.oracle, engines };
}

/**
 * The same, yielding to the event loop between chunks so a terminal sees progress and Ctrl-C is
 * noticed: once `shouldStop` says so, the engine running finishes and the later ones are skipped (the
 * run is `interrupted`); `checkAbort` is called at every step and throws to end the run at once.
 */
export async function runScenarioAsync(
  scenario: Scenario,
  options: RunOptions & { shouldStop?: () => boolean; checkAbort?: () => void } = {},
): Promise<ScenarioRun> {
  const s = setup(scenario, options);
  const mode = modeOf(scenario, options);
  const clock = options.clock ?? wallClock;
  const engines: EngineRun[] = [];
  for (const entry of scenario.engines) {
    await yieldToLoop();
    options.checkAbort?.();
    if (options.shouldStop?.()) return { mode, log: s.log, input: s.input, oracle: s.oracle, engines, interrupted: true };
    options.onEngineStart?.(entry);
    const gen = stepsFor(entry, s.prepared, mode, scenario.run, options);
    let next = gen.next();
    while (!next.done) {
      const st = next.value;
      if (st.kind === 'wait') {
        if (clock.waitAsync) await clock.waitAsync(st.until);
        else clock.wait(st.until);
      } else {
        options.onProgress?.(entry, st.done, st.total);
        await yieldToLoop();
      }
      options.checkAbort?.();
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
  if (entry.unsupported !== undefined) return { reason: entry.unsupported };
  if (!mod || !entry.job) return { reason: `the ${entry.kind} engine is not built yet` };
  try {
    const stops = mod.facts(entry.options).stopsBeforeInputEnds;
    if (stops !== null) return { reason: stops };
    const engine = mod.create(entry.job, entry.options);
    return wrap ? wrap(engine, entry) : engine;
  } catch (e) {
    if (e instanceof RefusedError) return { reason: e.message };
    throw e;
  }
}

/** Chunk size for progress reports and event-loop yields. */
export const PROGRESS_EVERY = 2000;
/** How often (in events) the runner samples state size and heap. */
export const RESOURCE_EVERY = 500;

/**
 * One engine over the whole log on the virtual clock: for each event in arrival order advance the clock
 * to its arrival, add its record (unless the stateless stages dropped it), and drain; then end the
 * input and drain once more. Emissions are stamped with `engine.now()` when drained.
 *
 * Faults (`entry.faults`, in time order) happen at their time, before the first event arriving at or
 * after it (or before the end of input). A `crash` at `at` with downtime `d`: the clock moves to `at`,
 * then the job is dead — nothing is fed, advanced or drained; arrivals in [at, at+d) are held by the
 * source. When the runner reaches `at + d` it calls `engine.restart()` (the engine restores its latest
 * checkpoint and replays from it), advances the clock to `at + d` (timers overdue by then fire at once)
 * and feeds the held records at that time, so everything recovery emits is stamped at or after `at + d`
 * and the held records' latency includes the downtime. Other kinds go to `engine.injectFault` at `at`;
 * an engine without that hook is the row "not supported: <kind> cannot model <fault>".
 */
export function* simulatedEngine(
  entry: EngineEntry,
  prepared: Prepared,
  wrap?: RunOptions['wrap'],
  drainCap: number = DRAIN_CAP,
): EngineSteps {
  const created = createEngine(entry, wrap);
  if ('reason' in created) return { entry, supported: false, reason: created.reason };
  const engine = created;
  const faults = entry.faults;
  const facts = engineModule(entry.kind)!.facts(entry.options);
  for (const f of faults) {
    const problem = facts.faultProblem(f.kind);
    if (problem !== null) return { entry, supported: false, reason: problem };
  }
  const emissions: StampedEmission[] = [];
  const watermarks: WatermarkPoint[] = [];
  const recovery: RunRecovery = { faults: [], restarts: [], checkpoints: [], replayed: 0 };
  let lastWm: number | null = null;
  // Resources: the peak of managed state (deterministic) and of the JS heap (environment, not deterministic).
  let peakState: number | null = null;
  let peakHeap = 0;
  const sampleResources = () => {
    const n = engine.stateEntries?.();
    if (n !== undefined && (peakState === null || n > peakState)) peakState = n;
    const heap = process.memoryUsage().heapUsed;
    if (heap > peakHeap) peakHeap = heap;
  };
  /** Restarts of the engine's recovery log already copied into `recovery.restarts`. */
  let seen = 0;
  /**
   * Injected crashes whose restart has not shown in the recovery log yet. The event engine crashes and
   * restarts inside `injectFault`; Spark's driver dies in the next micro-batch that runs (B7), so the fault
   * is recorded at that batch's time, when it hit.
   */
  const armed: RunRecovery['faults'] = [];
  const syncRestarts = () => {
    const log = engine.recoveryLog?.().restarts;
    if (log === undefined) {
      for (const f of armed.splice(0)) recovery.restarts.push({ t: f.t, fromCheckpoint: null, replayed: 0 });
      return;
    }
    for (const r of log.slice(seen)) {
      const f = armed.shift();
      if (f !== undefined) f.t = f.until = r.at;
      recovery.restarts.push({ t: r.at, fromCheckpoint: r.fromCheckpoint, replayed: r.replayed });
    }
    seen = log.length;
  };
  const drain = () => {
    const at = engine.now();
    for (const emission of engine.drain()) emissions.push({ at, emission });
    const wm = engine.currentWatermark();
    if (wm !== null && wm !== lastWm) {
      watermarks.push({ t: at, wm });
      lastWm = wm;
    }
    if (armed.length > 0) syncRestarts();
  };
  /** Note the restart the runner made after a crash's downtime as happening at `t`. */
  const noteRestart = (t: number) => {
    const log = engine.recoveryLog?.().restarts ?? [];
    if (log.length > seen)
      for (const r of log.slice(seen)) recovery.restarts.push({ t, fromCheckpoint: r.fromCheckpoint, replayed: r.replayed });
    else recovery.restarts.push({ t, fromCheckpoint: null, replayed: 0 });
    seen = log.length;
  };
  let next = 0; // index of the next fault
  /** The job is down (a crash) until `until`; the source holds what arrives meanwhile. */
  const state: { down: { until: number; held: Rec[] } | null } = { down: null };
  const recover = () => {
    if (!state.down) return;
    const { until, held } = state.down;
    state.down = null;
    engine.restart();
    engine.advance(until);
    noteRestart(until);
    drain();
    if (held.length > 0) engine.add(held);
    drain();
  };
  const inject = (f: ScenarioFault) => {
    engine.advance(f.at);
    drain();
    if (f.kind === 'crash') {
      recovery.faults.push({ t: f.at, kind: f.kind, until: f.at + f.downtime });
      state.down = { until: f.at + f.downtime, held: [] };
      if (f.downtime === 0) recover();
      return;
    }
    const fault = { t: f.at, kind: f.kind, until: f.at };
    recovery.faults.push(fault);
    if (f.kind !== 'slow-task') armed.push(fault);
    engine.injectFault!(toFault(f));
    drain();
  };
  /** Everything due strictly before time `t` (or at it, for faults): recoveries and faults, in time order. */
  const catchUp = (t: number) => {
    for (;;) {
      const down = state.down;
      if (down && down.until <= t) recover();
      else if (!down && next < faults.length && faults[next]!.at <= t) inject(faults[next++]!);
      else return;
    }
  };
  const { events, records } = prepared;
  let ended: RunEnd = { lastArrival: 0, quietAt: null, capped: false };
  try {
    for (let i = 0; i < events.length; i++) {
      const arrival = events[i]!.arrival;
      catchUp(arrival);
      const r = records[i];
      const down = state.down;
      if (down) {
        if (r) down.held.push(r);
      } else {
        engine.advance(arrival);
        if (r) engine.add([r]);
        drain();
      }
      if ((i + 1) % RESOURCE_EVERY === 0) sampleResources();
      if ((i + 1) % PROGRESS_EVERY === 0) yield { kind: 'progress', done: i + 1, total: events.length };
    }
    catchUp(Number.POSITIVE_INFINITY);
    // How a run ends (SCENARIOS.md): the job keeps running on its own clock until nothing time-driven is
    // left, then the input ends with the model's own meaning (Flink's MAX watermark; Spark and Storm flush nothing).
    const lastArrival = events.length > 0 ? events[events.length - 1]!.arrival : engine.now();
    ended = runUntilQuiet(engine, lastArrival + drainCap, drain);
    sampleResources();
    engine.end();
    drain();
  } catch (e) {
    // Some models refuse at the first record rather than at compile time.
    if (e instanceof RefusedError) return { entry, supported: false, reason: e.message };
    throw e;
  }
  const unread = engine.unread();
  if (unread > 0) {
    // Records no engine step ever read are a bug, never a cause: a run ends only when every record was read.
    if (!ended.capped) throw new Error(`${entry.id}: ${unread} record(s) were never read although the engine is quiet`);
    return { entry, supported: false, reason: capReason(entry, drainCap, unread) };
  }
  if (armed.length > 0) {
    const f = armed[0]!;
    return {
      entry,
      supported: false,
      reason: `nothing ran at or after ${f.t} ms for ${f.kind} to hit (the ${entry.kind} engine crashes in its next batch)`,
    };
  }
  yield { kind: 'progress', done: events.length, total: events.length };
  recovery.checkpoints = engine.recoveryLog?.().checkpoints ?? [];
  recovery.replayed = replayedBy(engine, recovery);
  const run: EngineRun = {
    entry,
    supported: true,
    emissions,
    endTime: engine.now(),
    watermarks,
    resources: { peakStateEntries: peakState, peakHeapBytes: peakHeap },
    ended,
    finalWatermark: finalWatermarkOf(engine),
  };
  if (faults.length > 0 || recovery.checkpoints.length > 0) run.recovery = recovery;
  return run;
}

function toFault(f: Exclude<ScenarioFault, { kind: 'crash' }>): Fault {
  return f.kind === 'slow-task' ? { kind: 'slow-task', cost: f.cost, duration: f.duration } : { kind: f.kind };
}

/** Records re-processed because of faults: the engine's own count, else what its restarts replayed. */
function replayedBy(engine: StepEngine, recovery: RunRecovery): number {
  return engine.recoveryLog?.().replayed ?? recovery.restarts.reduce((n, r) => n + r.replayed, 0);
}

/** One Int32 nobody notifies: `Atomics.wait` on it is a sleep with sub-millisecond resolution that uses no CPU. */
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** The wall clock (ms, monotonic) and this process's CPU time (ms). Only the scenario layer reads them. */
export const wallClock: Clock = {
  now: () => performance.now(),
  cpu: () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
  wait(until) {
    // Never a busy-wait: a paced run's CPU time is the engines' work, not the pacing (honest events per CPU-second).
    for (let ahead = until - performance.now(); ahead > 0; ahead = until - performance.now()) Atomics.wait(sleeper, 0, 0, ahead);
  },
  async waitAsync(until) {
    // Sleep through long gaps on the event loop (Ctrl-C and progress stay live), the last 2 ms blocked precisely.
    const ahead = until - performance.now();
    if (ahead > 2) await sleep(ahead - 2);
    this.wait(until);
  },
};

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function yieldToLoop(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}
