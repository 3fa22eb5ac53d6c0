// Throughput, latency and per-second series of one simulated engine run (SCENARIOS.md "Metrics"), in
// virtual ms. Latency is per main emission of a time window: eventTime = emit − max event time in the
// window, windowEnd = emit − window end, processingTime = emit − latest arrival (ingest) of a record in
// the window. Count windows have no time window and are left out of latency.
import * as hdr from 'hdr-histogram-js';
import type { Job } from '../engines/core/job.ts';
import type { StampedEmission } from './runner.ts';
import type { WindowIndex } from './window-index.ts';
import type { LoggedEvent } from './workloads/index.ts';

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
}

export interface Throughput {
  inputPerSec: number;
  outputPerSec: number;
  /** Events per CPU-second: null in simulated mode, where CPU time is not reproducible. */
  perCpuSec: number | null;
  /** Measured span of simulated processing time, ms: first arrival to the engine's final clock. */
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

export function throughput(events: readonly LoggedEvent[], emissions: readonly StampedEmission[], endTime: number): Throughput {
  const first = events.length > 0 ? events[0]!.arrival : 0;
  const last = Math.max(endTime, events.length > 0 ? events[events.length - 1]!.arrival : 0);
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

export function latency(job: Job, emissions: readonly StampedEmission[], index: WindowIndex): Latency {
  const et: number[] = [];
  const we: number[] = [];
  const pt: number[] = [];
  for (const { at, emission: e } of emissions) {
    if (e.output !== 'main' || e.window === null) continue;
    we.push(at - e.window.end);
    const span = index.span(job.key === undefined ? undefined : e.key, e.window);
    if (span) {
      et.push(at - span.maxTime);
      pt.push(at - span.maxArrival);
    }
  }
  return { eventTime: percentiles(et), windowEnd: percentiles(we), processingTime: percentiles(pt) };
}

/** HdrHistogram percentiles (3 significant digits) of whole-ms values; negatives are counted and clamped to 0. */
export function percentiles(values: readonly number[]): Percentiles {
  const h = hdr.build({ numberOfSignificantValueDigits: 3 });
  let negative = 0;
  for (const v of values) {
    if (v < 0) negative++;
    h.recordValue(Math.max(0, Math.round(v)));
  }
  const at = (p: number) => (values.length === 0 ? 0 : h.getValueAtPercentile(p));
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
