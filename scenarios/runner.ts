// Runs one scenario: generate the log, apply the stateless stages once (the same records for every
// engine and the oracle), evaluate the oracle, then drive each engine entry through StepEngine only —
// on a virtual clock (simulated-runner.ts, exactly reproducible) or on the wall clock (real-runner.ts).
// A refused job or an unregistered kind becomes a row "not supported: reason", never a crash.
//   log ─► stateless stages ─► oracle
//                           └► engine₁ … engineₙ  (each a generator of steps; drivers below run them)
// The input is columns (RunInput), read by index: no engine, nor the oracle, holds an object per event.

import type { Rec } from '../engines/core/aggregates.ts';
import type { Emission } from '../engines/core/emission.ts';
import type { RecoveryLog, StepEngine } from '../engines/core/engine.ts';
import { RefusedError } from '../engines/core/errors.ts';
import type { FileTable } from '../engines/core/files/files-spec.ts';
import { isJoinJob } from '../engines/core/join-job.ts';
import { isRankJob } from '../engines/core/rank-job.ts';
import { isStatelessJob } from '../engines/core/stateless-job.ts';
import { evaluateJoin, type JoinResult } from '../engines/oracle/join-oracle.ts';
import { evaluateJoinRows } from '../engines/oracle/join-rank-oracle.ts';
import { evaluateSource, type OracleResult } from '../engines/oracle/oracle.ts';
import { evaluateRank, type RankRow } from '../engines/oracle/rank-oracle.ts';
import { engineModule } from '../engines/registry.ts';
import type { EmissionLog } from './emission-log.ts';
import { runOnWorkers, workerCount } from './engine-pool.ts';
import { type Clock, type RealMeasure, realEngine } from './real-runner.ts';
import { checkBeforeGenerating, checkBeforeRunning } from './run-checks.ts';
import { prepareInput, type RunInput } from './run-input.ts';
import type { EngineEntry, RunSpec, Scenario, ScenarioFault } from './scenario.ts';
import { simulatedEngine } from './simulated-runner.ts';
import { type StatelessOutput, statelessOracle } from './stateless-scenario.ts';
import { type EventLog, generate } from './workloads/index.ts';

export { simulatedEngine } from './simulated-runner.ts';

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

/** Records of each side of a stream join an engine held at processing time `t` (StepEngine.heldByStream). */
export interface HeldPoint {
  t: number;
  left: number;
  right: number;
}

/** At most this many held-state samples per engine in a result: evenly thinned, the last one kept. */
export const HELD_POINTS = 240;

export type EngineRun =
  | {
      entry: EngineEntry;
      supported: true;
      /** Main, late and dropped emissions, stamped with when they were drained (compact columns). */
      emissions: EmissionLog;
      endTime: number;
      watermarks: WatermarkPoint[];
      /** Real mode only: what was measured after warm-up. */
      real?: RealMeasure;
      /** Simulated mode: faults, restarts and checkpoints. */
      recovery?: RunRecovery;
      /** Peak managed-state entries (null: the engine does not report it) and peak JS heap, sampled now and then. */
      resources?: { peakStateEntries: number | null; peakHeapBytes: number };
      /** A stream join, simulated: records each side held, sampled now and then (absent: the engine does not report it). */
      held?: HeldPoint[];
      /** How the run ended: the engine kept running after the last arrival until quiet, or until the cap. */
      ended: RunEnd;
      /** The watermark that had closed windows when the input ended (`closingWatermark`), null: none. */
      finalWatermark: number | null;
      /** A job with `files`: the table the engine's file sink left (files-result.ts; the CLI writes it to disk). */
      files?: FileTable;
    }
  | { entry: EngineEntry; supported: false; reason: string };

export interface ScenarioRun {
  mode: RunMode;
  log: EventLog;
  /** What engines and oracle receive: the log's events with their slots among the accepted records. */
  input: RunInput;
  /** The windowed aggregation's ground truth (empty for a stream join). */
  oracle: OracleResult[];
  /** A stream join's ground truth: every pair over the bounded input, windows `[start, end)` (join-oracle.ts). */
  pairs?: JoinResult[];
  /** A stateless job's ground truth: the filtered, mapped input (stateless-scenario.ts). */
  outputs?: StatelessOutput[];
  /** A dedup, top-N or chained job's ground truth: its rows over the bounded input (rank-oracle.ts). */
  rows?: RankRow[];
  engines: EngineRun[];
  /** True when the run was stopped (Ctrl-C) before every engine finished; `engines` holds the finished ones. */
  interrupted?: boolean;
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
  /**
   * runScenarioAsync, simulated mode: worker threads to run engine entries on (0: all in this thread).
   * Default: one per core for inputs of WORKERS_FROM_EVENTS events and more (engine-pool.ts).
   */
  workers?: number;
}

export interface Setup {
  log: EventLog;
  input: RunInput;
  oracle: OracleResult[];
  pairs?: JoinResult[];
  outputs?: StatelessOutput[];
  rows?: RankRow[];
}

/** Generate, apply the stateless stages, evaluate the oracle. */
export function setup(scenario: Scenario, options: RunOptions = {}): Setup {
  options.onStage?.('generating');
  checkBeforeGenerating(scenario);
  const log = generate(scenario.workload, { root: 'workload', ...(options.baseDir ? { baseDir: options.baseDir } : {}) });
  checkBeforeRunning(scenario, log);
  const input = prepareInput(scenario, log);
  options.onStage?.('ground truth');
  const job = scenario.job;
  if (isJoinJob(job) && (job.topN || job.groupBy)) return { log, input, oracle: [], rows: evaluateJoinRows(job, joinOracleInput(input)) };
  if (isJoinJob(job)) return { log, input, oracle: [], pairs: evaluateJoin(job, joinOracleInput(input)) };
  if (isStatelessJob(job)) return { log, input, oracle: [], outputs: statelessOracle(job, input) };
  // Ties (equal event time, equal order value) go by arrival in every engine: the oracle reads arrival order.
  if (isRankJob(job)) return { log, input, oracle: [], rows: evaluateRank(job, joinOracleInput(input)) };
  const oracle = evaluateSource(job, input.oracleSource());
  return { log, input, oracle };
}

/** The ground truth a join, a stateless or a rank job has besides `oracle` (absent for an aggregation). */
function truths(s: Setup): Pick<Setup, 'pairs' | 'outputs' | 'rows'> {
  return { ...(s.pairs ? { pairs: s.pairs } : {}), ...(s.outputs ? { outputs: s.outputs } : {}), ...(s.rows ? { rows: s.rows } : {}) };
}

/** The accepted records as the join and rank oracles read them, in arrival order. */
export function joinOracleInput(input: RunInput): Array<{ record: Rec }> {
  return Array.from({ length: input.size }, (_, i) => ({ record: input.records.record(i) }));
}

function modeOf(scenario: Scenario, options: RunOptions): RunMode {
  return options.mode ?? (scenario.run.mode === 'real' ? 'real' : 'simulated');
}

function stepsFor(entry: EngineEntry, input: RunInput, mode: RunMode, run: RunSpec, options: RunOptions): EngineSteps {
  if (mode === 'simulated') return simulatedEngine(entry, input, options.wrap, run.drainCap);
  return realEngine(entry, input, run, options.clock ?? wallClock, options.wrap);
}

/** Run every engine entry to the end, synchronously (tests, and simulated runs without a terminal). */
export function runScenario(scenario: Scenario, options: RunOptions = {}): ScenarioRun {
  const s = setup(scenario, options);
  const mode = modeOf(scenario, options);
  const engines = scenario.engines.map((entry) => {
    const run = drive(stepsFor(entry, s.input, mode, scenario.run, options), (st) => {
      if (st.kind === 'wait') (options.clock ?? wallClock).wait(st.until);
      else options.onProgress?.(entry, st.done, st.total);
    });
    options.onEngine?.(run);
    return run;
  });
  return { mode, log: s.log, input: s.input, oracle: s.oracle, ...truths(s), engines };
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
  const workers = workerCount(scenario, s.input, mode, options);
  if (workers > 0) {
    const { engines, interrupted } = await runOnWorkers(scenario.engines, s.input, scenario.run, workers, options);
    return {
      mode,
      log: s.log,
      input: s.input,
      oracle: s.oracle,
      ...truths(s),
      engines,
      ...(interrupted ? { interrupted } : {}),
    };
  }
  const engines: EngineRun[] = [];
  for (const entry of scenario.engines) {
    await yieldToLoop();
    options.checkAbort?.();
    if (options.shouldStop?.()) return { mode, log: s.log, input: s.input, oracle: s.oracle, ...truths(s), engines, interrupted: true };
    options.onEngineStart?.(entry);
    const gen = stepsFor(entry, s.input, mode, scenario.run, options);
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
  return { mode, log: s.log, input: s.input, oracle: s.oracle, ...truths(s), engines };
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
/** How often (in events) the runner samples managed state: a figure in result.json, so always at these points. */
export const RESOURCE_EVERY = 500;

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
