// Series in result.json have a bounded number of points (MAX_SERIES_POINTS each), so a report of ten
// million events stays a few hundred kB and scrolls smoothly. Per-second counts and latency are merged
// into buckets of whole seconds (counts as per-second means, latency as the bucket's worst second), the
// watermark keeps its last value per bucket (a step function), and lists of instants (batches,
// checkpoints) keep evenly spaced members, the first and last included. `bucketMs` says a series was merged.
import type { LatencyPoint, SeriesPoint } from './metrics.ts';

export const MAX_SERIES_POINTS = 1000;

interface Series {
  perSecond: SeriesPoint[];
  watermark: Array<{ t: number; wm: number }>;
  latency: LatencyPoint[];
  batches: number[];
  checkpoints: number[];
  checkpointStats?: Array<{ t: number; duration: number; bytes: number }>;
}

/** The series, each with at most MAX_SERIES_POINTS points (unchanged when it already has). */
export function boundSeries<S extends Series>(s: S, max = MAX_SERIES_POINTS): S & { bucketMs?: number } {
  const times = [s.perSecond, s.latency, s.watermark].flatMap((x) => (x.length > 0 ? [x[0]!.t, x[x.length - 1]!.t] : []));
  const over = s.perSecond.length > max || s.latency.length > max || s.watermark.length > max;
  const out: S & { bucketMs?: number } = { ...s };
  if (over) {
    const span = Math.max(...times) - Math.min(...times) + 1000;
    const bucketMs = Math.ceil(span / 1000 / max) * 1000;
    const origin = Math.min(...times);
    const bucket = (t: number) => origin + Math.floor((t - origin) / bucketMs) * bucketMs;
    out.perSecond = merge(s.perSecond, bucket, (t, ps) => ({
      t,
      input: Math.round(ps.reduce((n, p) => n + p.input, 0) / (bucketMs / 1000)),
      output: Math.round(ps.reduce((n, p) => n + p.output, 0) / (bucketMs / 1000)),
    }));
    out.latency = merge(s.latency, bucket, (t, ps) => ({
      t,
      p50: Math.max(...ps.map((p) => p.p50)),
      p99: Math.max(...ps.map((p) => p.p99)),
      max: Math.max(...ps.map((p) => p.max)),
    }));
    out.watermark = merge(s.watermark, bucket, (_, ps) => ps[ps.length - 1]!);
    out.bucketMs = bucketMs;
  }
  out.batches = spaced(s.batches, max);
  out.checkpoints = spaced(s.checkpoints, max);
  if (s.checkpointStats) out.checkpointStats = spaced(s.checkpointStats, max);
  return out;
}

/** Points grouped by bucket (in time order), each group made one point. */
function merge<P extends { t: number }>(points: readonly P[], bucket: (t: number) => number, one: (t: number, ps: P[]) => P): P[] {
  const out: P[] = [];
  let group: P[] = [];
  let at = Number.NaN;
  for (const p of points) {
    const b = bucket(p.t);
    if (b !== at && group.length > 0) {
      out.push(one(at, group));
      group = [];
    }
    at = b;
    group.push(p);
  }
  if (group.length > 0) out.push(one(at, group));
  return out;
}

/** At most `max` members, evenly spaced, the first and last kept. */
function spaced<T>(xs: readonly T[], max: number): T[] {
  if (xs.length <= max) return xs as T[];
  return Array.from({ length: max }, (_, j) => xs[Math.round((j * (xs.length - 1)) / (max - 1))]!);
}
