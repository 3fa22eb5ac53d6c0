// Throughput, latency and per-second series of one engine run (SCENARIOS.md "Metrics"), in ms of
// processing time (virtual in simulated mode; wall ms on the log's timeline in real mode). Latency is per main emission of a time window: eventTime = emit − max event time in the
// window, windowEnd = emit − window end, processingTime = emit − latest arrival (ingest) of a record in
// the window. A count window has no window end: its n-th firing per key holds the key's records at
// positions (n·slide − size, n·slide] in arrival order, and its latencies are taken from those.
import * as hdr from 'hdr-histogram-js';
import type { Emission } from '../engines/core/emission.ts';
import type { Job } from '../engines/core/job.ts';
import type { RealMeasure } from './real-runner.ts';
import type { StampedEmission } from './runner.ts';
import { FiringCounter, type Span, type WindowIndex } from './window-index.ts';
import type { ReplayClock } from './workloads/index.ts';
import { onProcessingClock } from './workloads/replay-clock.ts';

export interface Percentiles {
  /** Emissions measured. */
  count: number;
  p50: number;
  p75: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  /** Values below 0 (a window flushed at end of input before its end), recorded as 0. */
  negative: number;
  /** Event-time latency only: the lowest value when some were below 0 (a clamped figure is never silent). */
  min?: number;
}

export interface Throughput {
  inputPerSec: number;
  outputPerSec: number;
  /** Events per CPU-second: null in simulated mode, where CPU time is not reproducible. */
  perCpuSec: number | null;
  /**
   * Real mode: events per CPU-second counting also the CPU used after the last arrival until the engine was
   * quiet (its drain: timers, last windows, Spark's trigger-paced batches), so work done late is not left out.
   */
  perCpuSecWithDrain?: number | null;
  /** Measured span of simulated processing time, ms: first to last arrival (SCENARIOS.md "How a run ends"). */
  spanMs: number;
}

export interface SeriesPoint {
  /** Start of the second, ms of processing time. */
  t: number;
  input: number;
  output: number;
}

export interface Latency {
  eventTime: Percentiles;
  windowEnd: Percentiles;
  processingTime: Percentiles;
}

/** Events accepted and results emitted per second over the arrival span (first to last arrival), not the drain after it. */
export function throughput(arrival: ArrayLike<number>, outputs: number): Throughput {
  const n = arrival.length;
  const first = n > 0 ? arrival[0]! : 0;
  const last = n > 0 ? arrival[n - 1]! : 0;
  // A run that spans no time still took one virtual ms: never divide by zero.
  const spanMs = Math.max(1, last - first);
  return {
    inputPerSec: round((n * 1000) / spanMs),
    outputPerSec: round((outputs * 1000) / spanMs),
    perCpuSec: null,
    spanMs,
  };
}

/**
 * Window times on the processing clock, where emissions are stamped. Event-time windows and spans live
 * on the data's clock: a file replay maps them (replay-clock.ts); generated workloads share one axis.
 * Processing- and ingestion-time windows and spans are arrival times already; a count window's span
 * is the event time of its records.
 */
function processingAxis(job: Job, clock: ReplayClock | undefined) {
  const eventWindows = job.time === 'event';
  return {
    windowEnd: (t: number) => (eventWindows ? onProcessingClock(clock, t) : t),
    spanTime: (t: number) => (eventWindows || job.window.kind === 'count' ? onProcessingClock(clock, t) : t),
  };
}

export function latency(job: Job, emissions: Iterable<StampedEmission>, index: WindowIndex, clock?: ReplayClock): Latency {
  const t = new LatencyTally(job, index, clock);
  for (const e of emissions) t.add(e.at, e.emission);
  return t.latency();
}

/**
 * Latency of each main emission of a window, from the span of input it covers (null: no input found):
 * time windows by `[start, end)`, count windows by firing index per key in emission order; global windows
 * are skipped. Fed one emission at a time (with the correctness, in one pass); gives the percentiles and
 * the per-second series.
 */
export class LatencyTally {
  private readonly et = new Quantiles(true);
  private readonly we = new Quantiles(false);
  private readonly pt = new Quantiles(false);
  private readonly seconds = new PerSecond();
  /** The span of the emission at hand (filled in place: no object per emission). */
  private readonly span: Span = { maxTime: 0, maxArrival: 0, minArrival: 0 };
  private readonly firings: FiringCounter;
  private readonly axis: ReturnType<typeof processingAxis>;

  constructor(
    private readonly job: Job,
    private readonly index: WindowIndex,
    clock?: ReplayClock,
  ) {
    this.firings = new FiringCounter(index.keys);
    this.axis = processingAxis(job, clock);
  }

  add(at: number, e: Emission): void {
    if (e.output !== 'main') return;
    const k = this.index.keys.id(this.job.key === undefined ? undefined : e.key);
    const w = e.window;
    this.addMain(at, k, w !== null, w?.start ?? 0, w?.end ?? 0);
  }

  /** A main result of key id `k` (the index's KeyIds): a time window [start, end) when `timed`. */
  addMain(at: number, k: number, timed: boolean, start: number, end: number): void {
    const w = this.job.window;
    let span: Span | null;
    if (timed) span = this.index.spanOf(k, start, end, this.span);
    else if (w.kind === 'count') span = this.index.countSpanOf(k, this.firings.nextOf(k), w.size, w.slide ?? w.size);
    else return;
    if (timed) this.we.add(at - this.axis.windowEnd(end));
    if (!span) return;
    const et = at - this.axis.spanTime(span.maxTime);
    this.et.add(et);
    this.pt.add(at - span.maxArrival);
    this.seconds.push(Math.floor(at / 1000) * 1000, Math.max(0, Math.round(et)));
  }

  latency(): Latency {
    // Below zero, event-time latency contradicts the input (run-warnings.ts); window-end latency may be
    // below zero legitimately (a window flushed at end of input before its end), so only this one keeps its min.
    return { eventTime: this.et.result(), windowEnd: this.we.result(), processingTime: this.pt.result() };
  }

  /** Per second of emit time: event-time latency percentiles, nearest rank. */
  series(): LatencyPoint[] {
    return this.seconds.points();
  }
}

/** (second, value) pairs in two growable typed arrays; summed up per second at the end (no array per second). */
class PerSecond {
  private secs = new Float64Array(1024);
  private vals = new Float64Array(1024);
  private n = 0;

  push(second: number, value: number): void {
    if (this.n === this.secs.length) {
      const s = new Float64Array(this.n * 2);
      s.set(this.secs);
      const v = new Float64Array(this.n * 2);
      v.set(this.vals);
      this.secs = s;
      this.vals = v;
    }
    this.secs[this.n] = second;
    this.vals[this.n++] = value;
  }

  /** p50, p99 and max of each second, nearest rank, in time order. */
  points(): LatencyPoint[] {
    const n = this.n;
    let order: ArrayLike<number> | null = null;
    for (let i = 1; i < n && order === null; i++) {
      if (this.secs[i]! < this.secs[i - 1]!)
        order = Array.from({ length: n }, (_, j) => j).sort((a, b) => this.secs[a]! - this.secs[b]! || a - b);
    }
    // In time order already (the usual case): read the columns in place, no index per value.
    const secs = order === null ? this.secs : Float64Array.from(order, (j) => this.secs[j]!);
    const vals = order === null ? this.vals : Float64Array.from(order, (j) => this.vals[j]!);
    const out: LatencyPoint[] = [];
    for (let i = 0; i < n; ) {
      const t = secs[i]!;
      let j = i;
      while (j < n && secs[j] === t) j++;
      const v = vals.slice(i, j);
      v.sort();
      const rank = (p: number) => v[Math.max(0, Math.ceil((p / 100) * v.length) - 1)]!;
      out.push({ t, p50: rank(50), p99: rank(99), max: v[v.length - 1]! });
      i = j;
    }
    return out;
  }
}

/**
 * HdrHistogram percentiles fed one value at a time; negatives are counted and recorded as 0. Values are
 * whole ms and repeat a lot: they are counted first (a typed array below 65,536 ms, a Map above) and
 * recorded into the histogram once per distinct value with its count — the same histogram, far fewer calls.
 */
class Quantiles {
  private readonly small = new Float64Array(1 << 16);
  private readonly large = new Map<number, number>();
  private count = 0;
  private negative = 0;
  private min = 0;

  constructor(private readonly keepMin: boolean) {}

  add(v: number): void {
    this.count++;
    if (v < 0) this.negative++;
    if (v < this.min) this.min = v;
    const x = Math.max(0, Math.round(v));
    if (x < 65_536) this.small[x]!++;
    else this.large.set(x, (this.large.get(x) ?? 0) + 1);
  }

  result(): Percentiles {
    const h = hdr.build({ numberOfSignificantValueDigits: 3 });
    for (let x = 0; x < 65_536; x++) if (this.small[x]! > 0) h.recordValueWithCount(x, this.small[x]!);
    for (const [x, n] of this.large) h.recordValueWithCount(x, n);
    // HdrHistogram reports a percentile as the top of its bucket, which can lie above the largest value
    // recorded: a percentile is never reported above the max.
    const at = (p: number) => (this.count === 0 ? 0 : Math.min(h.getValueAtPercentile(p), h.maxValue));
    const out: Percentiles = {
      count: this.count,
      p50: at(50),
      p75: at(75),
      p95: at(95),
      p99: at(99),
      p999: at(99.9),
      max: this.count === 0 ? 0 : h.maxValue,
      negative: this.negative,
    };
    if (this.keepMin && this.negative > 0) out.min = Math.round(this.min);
    h.destroy();
    return out;
  }
}

/** HdrHistogram percentiles (3 significant digits) of whole-ms values; negatives are counted and clamped to 0. */
/** `keepMin`: event-time latency, whose lowest value is reported when some were below 0 (run-warnings.ts). */
export function percentiles(values: readonly number[], keepMin = false): Percentiles {
  const q = new Quantiles(keepMin);
  for (const v of values) q.add(v);
  return q.result();
}

/** Input events (by arrival) and main emissions (by emit time) per second of processing time. */
export function series(arrival: ArrayLike<number>, emitTimes: Iterable<number>): SeriesPoint[] {
  const points = new Map<number, SeriesPoint>();
  const point = (ms: number) => {
    const t = Math.floor(ms / 1000) * 1000;
    let p = points.get(t);
    if (!p) points.set(t, (p = { t, input: 0, output: 0 }));
    return p;
  };
  for (let i = 0; i < arrival.length; i++) point(arrival[i]!).input++;
  for (const at of emitTimes) point(at).output++;
  return [...points.values()].sort((a, b) => a.t - b.t);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Real mode: events fed and results emitted per wall second after warm-up (`outputs`: main results since `from`), and events per CPU-second. */
export function realThroughput(measure: RealMeasure, outputs: number): Throughput {
  const spanMs = Math.max(0.001, measure.wallMs);
  return {
    inputPerSec: round((measure.events * 1000) / spanMs),
    outputPerSec: round((outputs * 1000) / spanMs),
    perCpuSec: measure.cpuMs > 0 ? round((measure.events * 1000) / measure.cpuMs) : null,
    perCpuSecWithDrain: measure.cpuMs > 0 ? round((measure.events * 1000) / (measure.cpuMs + measure.drainCpuMs)) : null,
    spanMs: round(spanMs),
  };
}

export interface LatencyPoint {
  /** Start of the second of processing time. */
  t: number;
  p50: number;
  p99: number;
  max: number;
}

/** Per second of emit time: event-time latency (emit − max event time in the window) percentiles, nearest rank. */
export function latencySeries(job: Job, emissions: Iterable<StampedEmission>, index: WindowIndex, clock?: ReplayClock): LatencyPoint[] {
  const t = new LatencyTally(job, index, clock);
  for (const e of emissions) t.add(e.at, e.emission);
  return t.series();
}

export const EMISSION_SAMPLE = 2000;

export interface EmissionPoint {
  t: number;
  key: unknown;
  window: { start: number; end: number } | null;
  value: unknown;
}

/** The first EMISSION_SAMPLE main emissions (counts elsewhere stay exact). */
export function emissionSample(emissions: Iterable<StampedEmission>): EmissionPoint[] {
  const out: EmissionPoint[] = [];
  for (const { at, emission: e } of emissions) {
    if (e.output !== 'main') continue;
    out.push({ t: at, key: e.key ?? null, window: e.window ? { start: e.window.start, end: e.window.end } : null, value: e.value });
    if (out.length >= EMISSION_SAMPLE) break;
  }
  return out;
}

/** Distinct processing times at which main results became visible (micro-batch boundaries show up here). */
export function batchTimes(emissions: Iterable<StampedEmission>): number[] {
  const out: number[] = [];
  for (const { at, emission: e } of emissions) {
    if (e.output === 'main' && out[out.length - 1] !== at) out.push(at);
  }
  return out;
}

export const EVENT_SAMPLE = 5000;

/** Up to EVENT_SAMPLE events, evenly spaced over the log (always the first and the last), for the event-time vs arrival chart. */
export function eventSample(arrival: ArrayLike<number>, eventTime: ArrayLike<number>): Array<{ arrival: number; eventTime: number }> {
  const n = arrival.length;
  const at = (i: number) => ({ arrival: arrival[i]!, eventTime: eventTime[i]! });
  if (n <= EVENT_SAMPLE) return Array.from({ length: n }, (_, i) => at(i));
  return Array.from({ length: EVENT_SAMPLE }, (_, j) => at(Math.round((j * (n - 1)) / (EVENT_SAMPLE - 1))));
}

/**
 * Recovery (SCENARIOS.md "Metrics"), over every fault of a run:
 * - `downtimeMs`: the longest stretch without a main result around a fault — from the last result at or
 *   before the fault to the first one after it (includes the job's normal spacing between results).
 * - `recoveryMs`: from the fault until per-second event-time latency p99 is back to its pre-fault level
 *   and stays there until the next fault: the end of the last second after the fault whose p99 exceeds
 *   the level (the highest per-second p99 of the whole seconds before the fault) by more than 10 % or
 *   1 s, whichever is larger; at least the downtime. With no whole second before the fault: the downtime.
 */
export function recoveryTimes(
  faults: ReadonlyArray<{ t: number; until: number }>,
  outputs: ArrayLike<number>,
  latency: readonly LatencyPoint[],
  endTime: number,
): { downtimeMs: number; recoveryMs: number } {
  let downtimeMs = 0;
  let recoveryMs = 0;
  faults.forEach((f, i) => {
    let prev = f.t;
    let next = endTime;
    for (let j = 0; j < outputs.length; j++) {
      const t = outputs[j]!;
      if (t <= f.t) prev = t;
      else {
        next = t;
        break;
      }
    }
    downtimeMs = Math.max(downtimeMs, Math.max(0, next - prev));
    const before = latency.filter((p) => p.t + 1000 <= f.t);
    let back = f.until;
    if (before.length > 0) {
      const level = Math.max(...before.map((p) => p.p99));
      const limit = level + Math.max(0.1 * level, 1000);
      const horizon = faults[i + 1]?.t ?? Number.POSITIVE_INFINITY;
      for (const p of latency) if (p.t + 1000 > f.t && p.t < horizon && p.p99 > limit) back = Math.max(back, p.t + 1000);
    }
    recoveryMs = Math.max(recoveryMs, back - f.t);
  });
  return { downtimeMs, recoveryMs };
}
