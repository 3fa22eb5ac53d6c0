// One engine over the whole log on the virtual clock, exactly reproducible. Each event is advanced to and
// added at its own arrival time, but the runner hands the engine whole runs of events at once
// (StepEngine.feed) and looks (drains, stamps, records the watermark) only where there is something to
// see — an emission, a watermark change — or a sample, a fault or a progress report is due: the same
// result, byte for byte, as stepping one event at a time, without an object or a call per event.
import type { Rec } from '../engines/core/aggregates.ts';
import type { Fault, StepEngine } from '../engines/core/engine.ts';
import { RefusedError } from '../engines/core/errors.ts';
import { isJoinJob } from '../engines/core/join-job.ts';
import type { FeedInput } from '../engines/core/record-source.ts';
import { engineModule } from '../engines/registry.ts';
import { EmissionLog } from './emission-log.ts';
import { heapUsed } from './heap.ts';
import {
  createEngine,
  type EngineRun,
  type EngineSteps,
  finalWatermarkOf,
  HELD_POINTS,
  type HeldPoint,
  PROGRESS_EVERY,
  RESOURCE_EVERY,
  type RunEnd,
  type RunOptions,
  type RunRecovery,
  runUntilQuiet,
  type WatermarkPoint,
} from './runner.ts';
import { DRAIN_CAP, type EngineEntry, type ScenarioFault } from './scenario.ts';

/** How often (in events) the JS heap is sampled: a machine figure (environment), so as cheaply as that. */
export const HEAP_EVERY = 1 << 16;

/**
 * One engine over the whole input: for each event in arrival order advance the clock to its arrival, add
 * its record (unless the stateless stages dropped it), and drain; then end the input and drain once more.
 * Emissions are stamped with `engine.now()` when drained; runs of events go through `engine.feed` where the
 * engine has it (one event at a time where it has not).
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
  input: FeedInput,
  wrap?: RunOptions['wrap'],
  drainCap: number = DRAIN_CAP,
): EngineSteps {
  const created = createEngine(entry, wrap);
  if ('reason' in created) return { entry, supported: false, reason: created.reason };
  const engine = created;
  const faults = entry.faults;
  const facts = engineModule(entry.kind)!.facts(entry.options, entry.job ?? undefined);
  for (const f of faults) {
    const problem = facts.faultProblem(f.kind);
    if (problem !== null) return { entry, supported: false, reason: problem };
  }
  const emissions = new EmissionLog();
  const watermarks: WatermarkPoint[] = [];
  const recovery: RunRecovery = { faults: [], restarts: [], checkpoints: [], replayed: 0 };
  let lastWm: number | null = null;
  // Resources: the peak of managed state (deterministic) and of the JS heap (environment, not deterministic).
  let peakState: number | null = null;
  let peakHeap = 0;
  const sampleState = () => {
    const n = engine.stateEntries?.();
    if (n !== undefined && (peakState === null || n > peakState)) peakState = n;
  };
  // A stream join's state per side over time (issue 18), sampled with the state peak: it walks the state.
  const join = entry.job !== null && isJoinJob(entry.job) ? entry.job.join : null;
  const held: HeldPoint[] | null = join !== null && engine.heldByStream ? [] : null;
  const sampleHeld = () => {
    if (held === null || join === null) return;
    const by = engine.heldByStream!();
    const p = { t: engine.now(), left: by[join.left] ?? 0, right: by[join.right] ?? 0 };
    const last = held[held.length - 1];
    if (last?.t !== p.t || last.left !== p.left || last.right !== p.right) held.push(p);
  };
  const sampleHeap = () => {
    peakHeap = Math.max(peakHeap, heapUsed());
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
    for (const emission of engine.drain()) emissions.push(at, emission);
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
  /**
   * One event the plain way (an engine without `feed`, e.g. DStreams or a test's wrapper) — or, when the engine
   * has something due before it, only the clock to that instant, so what it emits there is stamped there.
   */
  const stepOne = (i: number): number => {
    const due = engine.nextActivity();
    if (due !== null && due < input.arrival[i]! && due > engine.now()) {
      engine.advance(due);
      return i;
    }
    engine.advance(input.arrival[i]!);
    const s = input.slot[i]!;
    if (s >= 0) engine.add([input.records.record(s)]);
    return i + 1;
  };
  const { arrival, slot, records } = input;
  const n = arrival.length;
  let ended: RunEnd = { lastArrival: 0, quietAt: null, capped: false };
  let stuck = 0;
  try {
    for (let i = 0; i < n; ) {
      catchUp(arrival[i]!);
      const down = state.down;
      let j: number;
      if (down) {
        const s = slot[i]!;
        if (s >= 0) down.held.push(records.record(s));
        j = i + 1;
      } else {
        // A run of events ends before the next state sample and before the next fault is due.
        let to = Math.min(n, (Math.floor(i / RESOURCE_EVERY) + 1) * RESOURCE_EVERY);
        // A watermark the runner has not recorded yet (an engine that starts with one) shows after this event.
        const wm = engine.currentWatermark();
        if (wm !== null && wm !== lastWm) to = i + 1;
        if (next < faults.length) {
          const due = faults[next]!.at;
          for (let k = i + 1; k < to; k++) {
            if (arrival[k]! >= due) {
              to = k;
              break;
            }
          }
        }
        const before = engine.now();
        j = engine.feed ? engine.feed(input, i, to) : stepOne(i);
        if (!(j >= i && j <= to)) throw new Error(`${entry.id}: feed(${i}, ${to}) returned ${j}`);
        // No event taken: a scheduled instant before event i left something (drained now). An engine that
        // keeps stopping at the same instant without getting anywhere would never end: that is a bug.
        stuck = j === i && engine.now() === before ? stuck + 1 : 0;
        if (stuck > 10_000) throw new Error(`${entry.id}: feed(${i}, ${to}) stops at ${before} ms without getting anywhere`);
        drain();
      }
      if (j === i) continue;
      i = j;
      if (i % RESOURCE_EVERY === 0) {
        sampleState();
        sampleHeld();
      }
      if (i % HEAP_EVERY === 0) sampleHeap();
      if (i % PROGRESS_EVERY === 0) yield { kind: 'progress', done: i, total: n };
    }
    catchUp(Number.POSITIVE_INFINITY);
    sampleHeld();
    // How a run ends (SCENARIOS.md): the job keeps running on its own clock until nothing time-driven is
    // left, then the input ends with the model's own meaning (Flink's MAX watermark; Spark and Storm flush nothing).
    const lastArrival = n > 0 ? arrival[n - 1]! : engine.now();
    ended = runUntilQuiet(engine, lastArrival + drainCap, drain);
    sampleState();
    sampleHeld();
    sampleHeap();
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
  yield { kind: 'progress', done: n, total: n };
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
  if (held !== null) run.held = thinHeld(held);
  const files = engine.fileTable?.() ?? null;
  if (files) run.files = files;
  return run;
}

/** At most HELD_POINTS samples, evenly spaced, always with the last (the state the run ended with). */
export function thinHeld(points: readonly HeldPoint[]): HeldPoint[] {
  if (points.length <= HELD_POINTS) return [...points];
  const step = Math.ceil(points.length / (HELD_POINTS - 1));
  const out = points.filter((_, i) => i % step === 0);
  if (out[out.length - 1] !== points[points.length - 1]) out.push(points[points.length - 1]!);
  return out;
}

export function capReason(entry: EngineEntry, cap: number, unread: number): string {
  return `still running ${cap} ms after the last arrival (run.drainCap) with ${unread} record(s) not yet read by the ${entry.kind} engine; raise run.drainCap`;
}

function toFault(f: Exclude<ScenarioFault, { kind: 'crash' }>): Fault {
  return f.kind === 'slow-task' ? { kind: 'slow-task', cost: f.cost, duration: f.duration } : { kind: f.kind };
}

/** Records re-processed because of faults: the engine's own count, else what its restarts replayed. */
function replayedBy(engine: StepEngine, recovery: RunRecovery): number {
  return engine.recoveryLog?.().replayed ?? recovery.restarts.reduce((n, r) => n + r.replayed, 0);
}
