// Arrival-rate shapes: a constant `rate` (events/s) multiplied by each burst's `factor` inside
// [at, at+duration). Event i is scheduled at the whole ms where the i-th event of the shape falls.

export interface Burst {
  /** Start, ms from the start of the run. */
  at: number;
  /** Length, ms; the burst covers [at, at + duration). */
  duration: number;
  /** Rate multiplier inside the burst (overlapping bursts multiply). */
  factor: number;
}

export interface RateShape {
  /** Scheduled time of event `index` (0-based), whole ms, non-decreasing in `index`; event 0 is at 0. */
  timeOf(index: number): number;
  /** The smallest index whose scheduled time is ≥ `t`. */
  firstIndexAt(t: number): number;
  /** Events per second at time `t`. */
  rateAt(t: number): number;
}

interface Segment {
  start: number;
  /** Events per second. */
  perSec: number;
  /** Events scheduled before `start` (fractional). */
  before: number;
}

export function rateShape(rate: number, bursts: readonly Burst[] = []): RateShape {
  const rateAt = (t: number) => bursts.reduce((r, b) => (t >= b.at && t < b.at + b.duration ? r * b.factor : r), rate);
  const points = [...new Set([0, ...bursts.flatMap((b) => [b.at, b.at + b.duration])])].sort((a, b) => a - b);
  const segments: Segment[] = [];
  let before = 0;
  for (let j = 0; j < points.length; j++) {
    const start = points[j]!;
    const perSec = rateAt(start);
    segments.push({ start, perSec, before });
    const end = points[j + 1];
    if (end !== undefined) before += ((end - start) * perSec) / 1000;
  }
  const timeOf = (index: number) => {
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (segments[mid]!.before <= index) lo = mid;
      else hi = mid - 1;
    }
    const s = segments[lo]!;
    // The epsilon keeps exact boundaries (i·1000/rate landing on a whole ms) from flooring one ms low.
    return Math.floor(s.start + ((index - s.before) * 1000) / s.perSec + 1e-7);
  };
  const firstIndexAt = (t: number) => {
    let hi = 1;
    while (timeOf(hi) < t) hi *= 2;
    let lo = 0;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (timeOf(mid) >= t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  return { timeOf, firstIndexAt, rateAt };
}

/** How long a generator runs: `events` (exact count) or `duration` (ms of event time). */
export interface Bound {
  events?: number;
  duration?: number;
}

/** True when a generator that has emitted `emitted` events should not emit one at time `t`. */
export function boundReached(bound: Bound, emitted: number, t: number): boolean {
  if (bound.events !== undefined) return emitted >= bound.events;
  return t >= (bound.duration ?? 0);
}
