// Real mode: the same engines on the wall clock. Processing time is wall ms since the start, placed on
// the log's timeline (event i is *scheduled* at its arrival `a`, i.e. `a − a₀` ms after the start), and
// enters engines only through `advance` — engines never read a clock. Paced at the scenario's rate,
// latency is measured from each event's scheduled time, so a runner that falls behind (a slow engine)
// shows its backlog in the latency (no coordinated omission). As fast as possible, latency is from
// each event's actual ingest time and the figure that matters is throughput. Warm-up events are left
// out of every real-mode figure.
import type { StepEngine } from '../engines/core/engine.ts';
import { RefusedError } from '../engines/core/errors.ts';
import { createEngine, type EngineSteps, type Prepared, type StampedEmission, type WatermarkPoint } from './runner.ts';
import type { EngineEntry, RunSpec } from './scenario.ts';

/** A monotonic wall clock and the process's CPU time, both in ms. */
export interface Clock {
  now(): number;
  cpu(): number;
}

/** What a real run measured, after warm-up. */
export interface RealMeasure {
  pace: 'rate' | 'max';
  /** Processing time (log timeline, ms) from which figures count: when the first post-warm-up event was added. */
  from: number;
  /** Events fed after warm-up. */
  events: number;
  /** Wall ms from `from` to the end of the run. */
  wallMs: number;
  /** CPU ms of this process over the same span. */
  cpuMs: number;
  /** Per event (log order): the processing time at which it was actually added (max pace: the latency origin). */
  ingest: Float64Array;
}

export function* realEngine(
  entry: EngineEntry,
  prepared: Prepared,
  run: RunSpec,
  clock: Clock,
  wrap?: (engine: StepEngine, entry: EngineEntry) => StepEngine,
): EngineSteps {
  const created = createEngine(entry, wrap);
  if ('reason' in created) return { entry, supported: false, reason: created.reason };
  const engine = created;
  const { events, records } = prepared;
  const n = events.length;
  const a0 = n > 0 ? events[0]!.arrival : 0;
  const warm = Math.min(n, Math.floor(n * run.warmup));
  const emissions: StampedEmission[] = [];
  const watermarks: WatermarkPoint[] = [];
  const ingest = new Float64Array(n);
  let lastWm: number | null = null;
  let advanced = Number.NEGATIVE_INFINITY;
  const start = clock.now();
  const time = () => a0 + (clock.now() - start);
  const advance = () => {
    const t = Math.floor(time());
    if (t > advanced) {
      engine.advance(t);
      advanced = t;
    }
  };
  const drain = () => {
    const out = engine.drain();
    const at = time();
    for (const emission of out) emissions.push({ at, emission });
    const wm = engine.currentWatermark();
    if (wm !== null && wm !== lastWm) {
      watermarks.push({ t: at, wm });
      lastWm = wm;
    }
  };
  let from = a0;
  let cpuFrom = clock.cpu();
  let wallFrom = clock.now();
  try {
    for (let i = 0; i < n; i++) {
      const scheduled = start + (events[i]!.arrival - a0);
      if (run.pace === 'rate' && clock.now() < scheduled) yield { kind: 'wait', until: scheduled };
      if (i === warm) {
        from = time();
        cpuFrom = clock.cpu();
        wallFrom = clock.now();
      }
      advance();
      ingest[i] = time();
      const r = records[i];
      if (r) engine.add([r]);
      drain();
      if ((i + 1) % 1000 === 0) yield { kind: 'progress', done: i + 1, total: n };
    }
    advance();
    engine.end();
    drain();
  } catch (e) {
    if (e instanceof RefusedError) return { entry, supported: false, reason: e.message };
    throw e;
  }
  if (warm >= n) {
    from = time();
    cpuFrom = clock.cpu();
    wallFrom = clock.now();
  }
  const real: RealMeasure = {
    pace: run.pace,
    from,
    events: n - warm,
    wallMs: clock.now() - wallFrom,
    cpuMs: clock.cpu() - cpuFrom,
    ingest,
  };
  yield { kind: 'progress', done: n, total: n };
  return { entry, supported: true, emissions, endTime: time(), watermarks, real };
}
