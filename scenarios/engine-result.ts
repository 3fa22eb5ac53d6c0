// One engine's part of result.json, assembled in one pass over its emissions: correctness and latency
// are fed together, emission by emission, with the per-second outputs, the micro-batch boundaries and
// the emission sample. What every engine of a run shares — the window index, the oracle's identities,
// the end-inclusive oracle, the input's per-second counts — is built once per run (RunContext).
import type { Emission } from '../engines/core/emission.ts';
import type { Job } from '../engines/core/job.ts';
import { isJoinJob, type ScenarioJob } from '../engines/core/join-job.ts';
import { isRankJob } from '../engines/core/rank-job.ts';
import { isStatelessJob } from '../engines/core/stateless-job.ts';
import type { OracleResult } from '../engines/oracle/oracle.ts';
import { engineModule } from '../engines/registry.ts';
import { lateSample, windowResults } from './chart-series.ts';
import { type Correctness, CorrectnessTally, endInclusiveOracle, type FaultContext } from './correctness.ts';
import { MAIN } from './emission-log.ts';
import {
  EMISSION_SAMPLE,
  type EmissionPoint,
  type LatencyPoint,
  LatencyTally,
  realThroughput,
  recoveryTimes,
  type SeriesPoint,
  throughput,
} from './metrics.ts';
import type { EngineRun, RunRecovery, ScenarioRun } from './runner.ts';
import { aggregationOf, type Scenario } from './scenario.ts';
import { boundSeries } from './series-bounds.ts';
import { KeyIds, WindowIndex } from './window-index.ts';

type Ok = Extract<EngineRun, { supported: true }>;

/** What the engines of one run share, built on first use and kept for the next engine. */
export class RunContext {
  /** Key ids shared by every index of the run (so the oracle's identities are built once). */
  readonly keys = new KeyIds();
  private readonly indexes = new Map<string, WindowIndex>();
  private readonly closedOracles = new Map<string, OracleResult[] | null>();
  private inputSeconds: Map<number, number> | null = null;

  constructor(readonly run: ScenarioRun) {}

  /** The input by window time for `job` (scheduled arrivals; `arrivals`: a real run's ingest times). */
  index(job: Job, arrivals?: Float64Array): WindowIndex {
    if (arrivals) return new WindowIndex(job, this.run.input, arrivals, this.keys);
    const id = `${job.key}|${job.time}`;
    let ix = this.indexes.get(id);
    if (!ix) this.indexes.set(id, (ix = new WindowIndex(job, this.run.input, undefined, this.keys)));
    return ix;
  }

  /** The oracle under Storm's `(start, end]` windows (correctness.ts endInclusiveOracle), once per job (null for a join or rank job: join-result.ts, rank-result.ts). */
  closed(job: ScenarioJob): OracleResult[] | null {
    if (isJoinJob(job) || isStatelessJob(job) || isRankJob(job)) return null;
    const id = JSON.stringify([job.key, job.time, job.timestamp, job.window, job.aggregate]);
    if (!this.closedOracles.has(id)) this.closedOracles.set(id, endInclusiveOracle(job, this.run.input));
    return this.closedOracles.get(id)!;
  }

  /** Input events per second of arrival (every logged event, accepted or not). */
  seconds(): Map<number, number> {
    if (this.inputSeconds === null) {
      const m = new Map<number, number>();
      const a = this.run.log.arrival;
      for (let i = 0; i < a.length; i++) {
        const t = Math.floor(a[i]! / 1000) * 1000;
        m.set(t, (m.get(t) ?? 0) + 1);
      }
      this.inputSeconds = m;
    }
    return this.inputSeconds;
  }
}

/** The measured part of an engine's result: throughput, latency, correctness, recovery, series. */
export function measuredResult(scenario: Scenario, ctx: RunContext, r: Ok) {
  const run = ctx.run;
  const job = aggregationOf(r.entry.job ?? scenario.job);
  const facts = engineModule(r.entry.kind)!.facts(r.entry.options);
  const index = ctx.index(job);
  const rec = r.recovery;
  const faults: FaultContext | undefined =
    rec && rec.faults.length > 0
      ? {
          crashes: rec.faults.filter((f) => f.kind !== 'slow-task').map((f) => f.t),
          restarts: rec.restarts.map((x) => x.t),
          index,
          atMostOnce: facts.delivery === 'at-most-once',
        }
      : undefined;
  // The end-inclusive oracle only explains differences: evaluated when the first one asks for it.
  const model = {
    facts,
    get closed() {
      return facts.closure === 'end-inclusive' ? ctx.closed(job) : null;
    },
    finalWatermark: r.finalWatermark,
    index,
    input: run.input,
    watermarks: r.watermarks,
  };
  const tally = new CorrectnessTally(job, run.oracle, model, faults);
  // Real runs measure latency after warm-up, at max pace from when each event was fed.
  const real = r.real;
  const latency = new LatencyTally(job, real?.pace === 'max' ? ctx.index(job, real.ingest) : index, run.log.clock);
  const from = real ? real.from : Number.NEGATIVE_INFINITY;
  const log = r.emissions;
  const outputs = new Map<number, number>();
  const mainAts = new Float64Array(log.mains);
  const batches: number[] = [];
  const sample: EmissionPoint[] = [];
  let mains = 0;
  let counted = 0;
  const microBatch = facts.processing === 'micro-batch';
  let second = Number.NaN;
  let inSecond = 0;
  const keys = ctx.keys;
  const unkeyed = job.key === undefined ? keys.id(undefined) : -1;
  for (let i = 0; i < log.length; i++) {
    const at = log.at(i);
    if (log.kind(i) !== MAIN) {
      const e = log.emission(i) as Extract<Emission, { output: 'late' | 'dropped' }>;
      tally.addLate(e.output, e.record);
      continue;
    }
    // Read from the columns: no emission object is built on this path.
    const key = log.key(i);
    const k = keys.id(key);
    const start = log.start(i);
    const timed = !Number.isNaN(start);
    const end = timed ? log.end(i) : 0;
    const value = log.value(i);
    tally.addMain(at, k, key, timed, timed ? start : 0, end, value);
    if (at >= from) {
      latency.addMain(at, unkeyed >= 0 ? unkeyed : k, timed, timed ? start : 0, end);
      counted++;
    }
    mainAts[mains++] = at;
    // Per second of emit time: counted in a run, added to the map when the second changes.
    const t = Math.floor(at / 1000) * 1000;
    if (t !== second) {
      if (inSecond > 0) outputs.set(second, (outputs.get(second) ?? 0) + inSecond);
      second = t;
      inSecond = 0;
    }
    inSecond++;
    if (microBatch && batches[batches.length - 1] !== at) batches.push(at);
    if (sample.length < EMISSION_SAMPLE) sample.push({ t: at, key: key ?? null, window: timed ? { start, end } : null, value });
  }
  if (inSecond > 0) outputs.set(second, (outputs.get(second) ?? 0) + inSecond);
  const c = tally.finish();
  const latencyPoints = latency.series();
  const series = {
    perSecond: perSecond(ctx.seconds(), outputs),
    watermark: r.watermarks,
    emissions: sample,
    emissionCount: mains,
    latency: latencyPoints,
    batches,
    ...faultMarks(rec),
    late: lateSample(job, log),
    windowResults: windowResults(log),
    ...faultDetails(rec),
  };
  return {
    facts,
    throughput: real ? realThroughput(real, counted) : throughput(run.log.arrival, mains),
    latency: latency.latency(),
    correctness: c,
    recovery: recoveryOf(rec, mainAts, latencyPoints, r.endTime, c),
    series: boundSeries(series),
  };
}

/** Input (by arrival) and main results (by emit time) per second, merged and in time order. */
function perSecond(inputs: Map<number, number>, outputs: Map<number, number>): SeriesPoint[] {
  const points = new Map<number, SeriesPoint>();
  for (const [t, n] of inputs) points.set(t, { t, input: n, output: 0 });
  for (const [t, n] of outputs) {
    const p = points.get(t);
    if (p) p.output = n;
    else points.set(t, { t, input: 0, output: n });
  }
  return [...points.values()].sort((a, b) => a.t - b.t);
}

export interface Recovery {
  faults: number;
  downtimeMs: number;
  recoveryMs: number;
  replayed: number;
  lost: number;
  duplicated: number;
  windowsWrong?: number;
  checkpoints?: { count: number; meanDurationMs: number; maxDurationMs: number; meanBytes: number };
}

/** The fault and checkpoint marks of the charts (series `faults`, `checkpoints`): the same for every kind of job. */
export function faultMarks(rec: RunRecovery | undefined): { faults: number[]; checkpoints: number[] } {
  return { faults: rec?.faults.map((f) => f.t) ?? [], checkpoints: rec?.checkpoints.map((cp) => cp.completedAt) ?? [] };
}

/** The recovery timeline's details (series `faultEvents`, `restarts`, `checkpointStats`), or nothing without recovery. */
export function faultDetails(rec: RunRecovery | undefined) {
  return rec
    ? {
        faultEvents: rec.faults,
        restarts: rec.restarts,
        checkpointStats: rec.checkpoints.map((cp) => ({ t: cp.completedAt, duration: cp.completedAt - cp.triggeredAt, bytes: cp.bytes })),
      }
    : {};
}

/** When the run's crashes hit (slow tasks are not crashes) and when it first restarted (+∞: never). */
export function crashFacts(rec: RunRecovery | undefined): { crashes: number[]; firstRestart: number } {
  return {
    crashes: rec?.faults.filter((f) => f.kind !== 'slow-task').map((f) => f.t) ?? [],
    firstRestart: rec && rec.restarts.length > 0 ? Math.min(...rec.restarts.map((x) => x.t)) : Number.POSITIVE_INFINITY,
  };
}

export function recoveryOf(
  rec: RunRecovery | undefined,
  mainAts: Float64Array,
  latencyPoints: readonly LatencyPoint[],
  endTime: number,
  c: Correctness,
): Recovery {
  const out: Recovery = { faults: 0, downtimeMs: 0, recoveryMs: 0, replayed: 0, lost: 0, duplicated: 0 };
  if (!rec) return out;
  if (rec.faults.length > 0) {
    // Identical re-emissions across a restart: correctness counted them with the same restarts (its duplicates).
    const duplicated = c.duplicates;
    const lost = c.causes['lost-on-crash'] ?? 0;
    Object.assign(out, recoveryTimes(rec.faults, mainAts, latencyPoints, endTime));
    out.faults = rec.faults.length;
    out.replayed = rec.replayed;
    out.lost = lost;
    out.duplicated = duplicated;
    // replayed-duplicate counts both identical re-emissions and windows counted too high after a replay.
    out.windowsWrong = lost + Math.max(0, (c.causes['replayed-duplicate'] ?? 0) - duplicated);
  }
  if (rec.checkpoints.length > 0) {
    const durations = rec.checkpoints.map((cp) => cp.completedAt - cp.triggeredAt);
    const n = rec.checkpoints.length;
    out.checkpoints = {
      count: n,
      meanDurationMs: round3(durations.reduce((a, b) => a + b, 0) / n),
      maxDurationMs: durations.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY),
      meanBytes: round3(rec.checkpoints.reduce((a, cp) => a + cp.bytes, 0) / n),
    };
  }
  return out;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
