// Throughput, latency and per-second series of one engine run (SCENARIOS.md "Metrics"), in ms of
// processing time (virtual in simulated mode; wall ms on the log's timeline in real mode). Latency is per main emission of a time window: eventTime = emit − max event time in the
// window, windowEnd = emit − window end, processingTime = emit − latest arrival (ingest) of a record in
// the window. A count window has no window end: its n-th firing per key holds the key's records at
// positions (n·slide − size, n·slide] in arrival order, and its latencies are taken from those.
import * as hdr from 'hdr-histogram-js';
import type { MainEmission } from '../engines/core/emission.ts';
import type { Job } from '../engines/core/job.ts';
import type { RealMeasure } from './real-runner.ts';
import type { StampedEmission } from './runner.ts';
import { FiringCounter, type Span, type WindowIndex } from './window-index.ts';
import type { LoggedEvent, ReplayClock } from './workloads/index.ts';
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
export function throughput(events: readonly LoggedEvent[], emissions: readonly StampedEmission[]): Throughput {
  const first = events.length > 0 ? events[0]!.arrival : 0;
  const last = events.length > 0 ? events[events.length - 1]!.arrival : 0;
  // A run that spans no time still took one virtual ms: never divide by zero.
  const spanMs = Math.max(1, last - first);
  const outputs = emissions.filter((e) => e.emission.output === 'main').length;
  return {
    inputPerSec: round((events.length * 1000) / spanMs),
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

export function latency(job: Job, emissions: readonly StampedEmission[], index: WindowIndex, clock?: ReplayClock): Latency {
  const et: number[] = [];
  const we: number[] = [];
  const pt: number[] = [];
  const axis = processingAxis(job, clock);
  for (const { at, emission: e, span } of windowSpans(job, emissions, index)) {
    if (e.window) we.push(at - axis.windowEnd(e.window.end));
    if (span) {
      et.push(at - axis.spanTime(span.maxTime));
      pt.push(at - span.maxArrival);
    }
  }
  const eventTime = percentiles(et);
  // Below zero, event-time latency contradicts the input (run-warnings.ts); window-end latency may be
  // below zero legitimately (a window flushed at end of input before its end), so only this one keeps its min.
  if (eventTime.negative > 0) eventTime.min = Math.round(et.reduce((m, v) => Math.min(m, v), 0));
  return { eventTime, windowEnd: percentiles(we), processingTime: percentiles(pt) };
}

/**
 * Each main emission of a window with the span of input it covers (null: no input found). Time windows
 * by `[start, end)`; count windows by firing index per key, in emission order; global windows are skipped.
 */
function* windowSpans(
  job: Job,
  emissions: readonly StampedEmission[],
  index: WindowIndex,
): Generator<{ at: number; emission: MainEmission; span: Span | null }> {
  const w = job.window;
  const firings = new FiringCounter();
  for (const { at, emission: e } of emissions) {
    if (e.output !== 'main') continue;
    const key = job.key === undefined ? undefined : e.key;
    const n = firings.next(key, e.window);
    if (e.window !== null) yield { at, emission: e, span: index.span(key, e.window) };
    else if (w.kind === 'count') yield { at, emission: e, span: index.countSpan(key, n!, w.size, w.slide ?? w.size) };
  }
}

/** HdrHistogram percentiles (3 significant digits) of whole-ms values; negatives are counted and clamped to 0. */
export function percentiles(values: readonly number[]): Percentiles {
  const h = hdr.build({ numberOfSignificantValueDigits: 3 });
  let negative = 0;
  for (const v of values) {
    if (v < 0) negative++;
    h.recordValue(Math.max(0, Math.round(v)));
  }
  // HdrHistogram reports a percentile as the top of its bucket, which can lie above the largest value
  // recorded: a percentile is never reported above the max.
  const at = (p: number) => (values.length === 0 ? 0 : Math.min(h.getValueAtPercentile(p), h.maxValue));
  const out: Percentiles = {
    count: values.length,
    p50: at(50),
    p75: at(75),
    p95: at(95),
    p99: at(99),
    p999: at(99.9),
    max: values.length === 0 ? 0 : h.maxValue,
    negative,
  };
  h.destroy();
  return out;
}

/** Input events (by arrival) and main emissions (by emit time) per second of processing time. */
export function series(events: readonly LoggedEvent[], emissions: readonly StampedEmission[]): SeriesPoint[] {
  const points = new Map<number, SeriesPoint>();
  const point = (ms: number) => {
    const t = Math.floor(ms / 1000) * 1000;
    let p = points.get(t);
    if (!p) points.set(t, (p = { t, input: 0, output: 0 }));
    return p;
  };
  for (const e of events) point(e.arrival).input++;
  for (const e of emissions) if (e.emission.output === 'main') point(e.at).output++;
  return [...points.values()].sort((a, b) => a.t - b.t);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Real mode: events fed and results emitted per wall second after warm-up, and events per CPU-second. */
export function realThroughput(measure: RealMeasure, emissions: readonly StampedEmission[]): Throughput {
  const spanMs = Math.max(0.001, measure.wallMs);
  const outputs = emissions.filter((e) => e.emission.output === 'main' && e.at >= measure.from).length;
  return {
    inputPerSec: round((measure.events * 1000) / spanMs),
    outputPerSec: round((outputs * 1000) / spanMs),
    perCpuSec: measure.cpuMs > 0 ? round((measure.events * 1000) / measure.cpuMs) : null,
    spanMs: round(spanMs),
  };
}

/** The emissions a real run's figures count: those after warm-up. Simulated runs count all. */
export function measured(emissions: readonly StampedEmission[], real: RealMeasure | undefined): readonly StampedEmission[] {
  return real ? emissions.filter((e) => e.at >= real.from) : emissions;
}

/**
 * The input as latency sees it: arrival = the latency origin. Simulated and paced real runs measure
 * from the scheduled arrival (the log's); an as-fast-as-possible run from when the event was fed.
 */
export function latencyInput(input: readonly LoggedEvent[], real: RealMeasure | undefined): readonly LoggedEvent[] {
  if (!real || real.pace === 'rate') return input;
  return input.map((e) => ({ ...e, arrival: real.ingest[e.offset]! }));
}

export interface LatencyPoint {
  /** Start of the second of processing time. */
  t: number;
  p50: number;
  p99: number;
  max: number;
}

/** Per second of emit time: event-time latency (emit − max event time in the window) percentiles, nearest rank. */
export function latencySeries(job: Job, emissions: readonly StampedEmission[], index: WindowIndex, clock?: ReplayClock): LatencyPoint[] {
  const bySecond = new Map<number, number[]>();
  const axis = processingAxis(job, clock);
  for (const { at, span } of windowSpans(job, emissions, index)) {
    if (!span) continue;
    const t = Math.floor(at / 1000) * 1000;
    let v = bySecond.get(t);
    if (!v) bySecond.set(t, (v = []));
    v.push(Math.max(0, Math.round(at - axis.spanTime(span.maxTime))));
  }
  return [...bySecond.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, v]) => {
      v.sort((a, b) => a - b);
      const rank = (p: number) => v[Math.max(0, Math.ceil((p / 100) * v.length) - 1)]!;
      return { t, p50: rank(50), p99: rank(99), max: v[v.length - 1]! };
    });
}

export const EMISSION_SAMPLE = 2000;

export interface EmissionPoint {
  t: number;
  key: unknown;
  window: { start: number; end: number } | null;
  value: unknown;
}

/** The first EMISSION_SAMPLE main emissions (counts elsewhere stay exact). */
export function emissionSample(emissions: readonly StampedEmission[]): EmissionPoint[] {
  const out: EmissionPoint[] = [];
  for (const { at, emission: e } of emissions) {
    if (e.output !== 'main') continue;
    out.push({ t: at, key: e.key ?? null, window: e.window ? { start: e.window.start, end: e.window.end } : null, value: e.value });
    if (out.length >= EMISSION_SAMPLE) break;
  }
  return out;
}

/** Distinct processing times at which main results became visible (micro-batch boundaries show up here). */
export function batchTimes(emissions: readonly StampedEmission[]): number[] {
  const out: number[] = [];
  for (const { at, emission: e } of emissions) {
    if (e.output === 'main' && out[out.length - 1] !== at) out.push(at);
  }
  return out;
}

export const EVENT_SAMPLE = 5000;

/** Up to EVENT_SAMPLE events, evenly spaced over the log (always the first and the last), for the event-time vs arrival chart. */
export function eventSample(events: readonly LoggedEvent[]): Array<{ arrival: number; eventTime: number }> {
  const n = events.length;
  if (n <= EVENT_SAMPLE) return events.map((e) => ({ arrival: e.arrival, eventTime: e.eventTime }));
  const out: Array<{ arrival: number; eventTime: number }> = [];
  for (let j = 0; j < EVENT_SAMPLE; j++) {
    const e = events[Math.round((j * (n - 1)) / (EVENT_SAMPLE - 1))]!;
    out.push({ arrival: e.arrival, eventTime: e.eventTime });
  }
  return out;
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
  emissions: readonly StampedEmission[],
  latency: readonly LatencyPoint[],
  endTime: number,
): { downtimeMs: number; recoveryMs: number } {
  const outputs: number[] = [];
  for (const { at, emission } of emissions) if (emission.output === 'main') outputs.push(at);
  let downtimeMs = 0;
  let recoveryMs = 0;
  faults.forEach((f, i) => {
    let prev = f.t;
    let next = endTime;
    for (const t of outputs) {
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
