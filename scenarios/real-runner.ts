// Real mode: the same engines on the wall clock. Processing time is wall ms since the start, placed on
// the log's timeline (event i is *scheduled* at its arrival `a`, i.e. `a − a₀` ms after the start), and
// enters engines only through `advance` — engines never read a clock. Paced at the scenario's rate,
// latency is measured from each event's scheduled time, so a runner that falls behind (a slow engine)
// shows its backlog in the latency (no coordinated omission). As fast as possible, latency is from
// each event's actual ingest time and the figure that matters is throughput. Warm-up events are left
// out of every real-mode figure.
import type { Rec } from '../engines/core/aggregates.ts';
import type { StepEngine } from '../engines/core/engine.ts';
import { RefusedError } from '../engines/core/errors.ts';
import type { FeedInput } from '../engines/core/record-source.ts';
import { EmissionLog } from './emission-log.ts';
import { createEngine, type EngineSteps, finalWatermarkOf, type RunEnd, type WatermarkPoint } from './runner.ts';
import type { EngineEntry, RunSpec } from './scenario.ts';

/** Most events one `add` takes in real mode (all due at once: at max pace, everything). */
export const REAL_CHUNK = 1024;

/** A monotonic wall clock and the process's CPU time, both in ms; tests inject a virtual one. */
export interface Clock {
  now(): number;
  cpu(): number;
  /** Block until `now() >= until` without using the CPU (a paced run's gaps must not count as work). */
  wait(until: number): void;
  /** The same without blocking the event loop (Ctrl-C and progress stay live); absent: `wait`. */
  waitAsync?(until: number): Promise<void>;
}

/** What a real run measured, after warm-up. */
export interface RealMeasure {
  pace: 'rate' | 'max';
  /** Processing time (log timeline, ms) from which figures count: when the first post-warm-up event was added. */
  from: number;
  /** Events fed after warm-up. */
  events: number;
  /** Wall ms from `from` to the last arrival (the drain after it is not input time). */
  wallMs: number;
  /** CPU ms of this process over the same span. */
  cpuMs: number;
  /** CPU ms after the last arrival until the engine was quiet and ended (timers, last windows, Spark's last batches). */
  drainCpuMs: number;
  /** Per event (log order): the processing time at which it was actually added (max pace: the latency origin). */
  ingest: Float64Array;
}

/**
 * One engine on the wall clock. Events due by now (at the scenario's rate: scheduled at or before now; at
 * max pace: all, REAL_CHUNK at a time) are added after one `advance` to now — through `feed` with now as
 * their arrival where the engine has it, else in one `add` — and stamped as ingested then. The event that
 * ends warm-up starts a chunk of its own, so figures start exactly there.
 */
export function* realEngine(
  entry: EngineEntry,
  input: FeedInput,
  run: RunSpec,
  clock: Clock,
  wrap?: (engine: StepEngine, entry: EngineEntry) => StepEngine,
): EngineSteps {
  const created = createEngine(entry, wrap);
  if ('reason' in created) return { entry, supported: false, reason: created.reason };
  const engine = created;
  const { arrival, slot, records } = input;
  const n = arrival.length;
  const a0 = n > 0 ? arrival[0]! : 0;
  const warm = Math.min(n, Math.floor(n * run.warmup));
  const emissions = new EmissionLog();
  const watermarks: WatermarkPoint[] = [];
  const ingest = new Float64Array(n);
  // The input as fed now: each event's arrival is the time it is added (its ingest time).
  const now = { arrival: ingest, slot, records };
  let lastWm: number | null = null;
  let advanced = Number.NEGATIVE_INFINITY;
  const start = clock.now();
  const time = () => a0 + (clock.now() - start);
  const advance = () => {
    const t = Math.floor(time());
    // Feeding moved the engine to a fractional ingest time: the whole ms below it may already be behind it.
    if (t > advanced && t >= engine.now()) {
      engine.advance(t);
      advanced = t;
    }
  };
  const drain = () => {
    const out = engine.drain();
    const at = time();
    for (const emission of out) emissions.push(at, emission);
    const wm = engine.currentWatermark();
    if (wm !== null && wm !== lastWm) {
      watermarks.push({ t: at, wm });
      lastWm = wm;
    }
  };
  let from = a0;
  let cpuFrom = clock.cpu();
  let wallFrom = clock.now();
  let fed: { wall: number; cpu: number } | null = null;
  let drainCpu = 0;
  let ended: RunEnd = { lastArrival: a0, quietAt: null, capped: false };
  const due = (j: number) => run.pace === 'max' || start + (arrival[j]! - a0) <= clock.now();
  try {
    for (let i = 0; i < n; ) {
      const scheduled = start + (arrival[i]! - a0);
      if (run.pace === 'rate' && clock.now() < scheduled) yield { kind: 'wait', until: scheduled };
      if (i === warm) {
        from = time();
        cpuFrom = clock.cpu();
        wallFrom = clock.now();
      }
      advance();
      const t = time();
      let j = i;
      do ingest[j++] = t;
      while (j < n && j - i < REAL_CHUNK && j !== warm && due(j));
      if (engine.feed) {
        // Through feed, at one time: the engine's log keeps ranges of the input, not records (a long real run
        // would otherwise hold every record it was fed).
        for (let k = i; k < j; ) {
          k = engine.feed(now, k, j);
          drain();
        }
      } else {
        const batch: Rec[] = [];
        for (let k = i; k < j; k++) if (slot[k]! >= 0) batch.push(records.record(slot[k]!));
        if (batch.length > 0) engine.add(batch);
        drain();
      }
      if (Math.floor(j / 1000) > Math.floor(i / 1000)) yield { kind: 'progress', done: j, total: n };
      i = j;
    }
    advance();
    drain();
    if (warm >= n) {
      from = time();
      cpuFrom = clock.cpu();
      wallFrom = clock.now();
    }
    // Input figures are over the arrival span; then the job keeps running on the wall clock until it is
    // quiet (SCENARIOS.md "How a run ends"), so every engine's results are complete.
    fed = { wall: clock.now(), cpu: clock.cpu() };
    const lastArrival = time();
    const until = lastArrival + run.drainCap;
    for (;;) {
      const t = engine.nextActivity();
      if (t === null) {
        ended = { lastArrival, quietAt: time(), capped: false };
        break;
      }
      if (t > until) {
        ended = { lastArrival, quietAt: null, capped: true };
        break;
      }
      const dueAt = start + (t - a0);
      if (clock.now() < dueAt) yield { kind: 'wait', until: dueAt };
      const before = engine.now();
      advance();
      if (engine.now() === before && t <= before) engine.advance(t); // a wall clock slower than the ms floor
      drain();
    }
    engine.end();
    drain();
    drainCpu = clock.cpu() - fed.cpu;
  } catch (e) {
    if (e instanceof RefusedError) return { entry, supported: false, reason: e.message };
    throw e;
  }
  const real: RealMeasure = {
    pace: run.pace,
    from,
    events: n - warm,
    wallMs: (fed?.wall ?? clock.now()) - wallFrom,
    cpuMs: (fed?.cpu ?? clock.cpu()) - cpuFrom,
    drainCpuMs: drainCpu,
    ingest,
  };
  yield { kind: 'progress', done: n, total: n };
  const files = engine.fileTable?.() ?? null;
  return {
    entry,
    supported: true,
    emissions,
    endTime: time(),
    watermarks,
    real,
    ended,
    finalWatermark: finalWatermarkOf(engine),
    ...(files ? { files } : {}),
  };
}
