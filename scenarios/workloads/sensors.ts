// Sensor readings `{sensor, value, ts}`: each scheduled slot goes to one sensor (zipf over `keys`),
// and a sensor inside one of its `idle` intervals [from, to) emits nothing — the others carry on.
import type { GeneratedStream } from './event-log.ts';
import type { RateShape } from './rate-shape.ts';
import { boundReached } from './rate-shape.ts';
import { RecordColumns } from './record-columns.ts';
import { streamRng } from './seed-streams.ts';
import { defaultKeyCounts, type Workload } from './workload.ts';
import { type KeySampler, zipfOver } from './zipf.ts';

/**
 * Values are a per-sensor random walk (steps uniform in [−0.5, 0.5), rounded to 0.01) from a start in
 * [15, 25). A slot whose time falls where every sensor is idle is skipped, so an `events: N` run stays
 * exactly N long and simply ends later.
 */
export function sensors(spec: Workload, shape: RateShape): GeneratedStream {
  const count = spec.keys?.count ?? defaultKeyCounts.sensors!;
  const skew = spec.keys?.skew ?? 0;
  const idle = spec.idle ?? [];
  // Between consecutive idle boundaries the set of active sensors is constant: one sampler per segment.
  const points = [...new Set(idle.flatMap((i) => [i.from, i.to]))].sort((a, b) => a - b);
  const samplers = new Map<number, KeySampler | null>();
  const segmentOf = (t: number) => {
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (points[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo; // segment k covers [points[k-1], points[k])
  };
  const samplerFor = (segment: number, t: number) => {
    let s = samplers.get(segment);
    if (s === undefined) {
      const active: number[] = [];
      const idleNow = new Set(idle.filter((i) => t >= i.from && t < i.to).map((i) => i.sensor));
      for (let k = 0; k < count; k++) if (!idleNow.has(k)) active.push(k);
      s = active.length ? zipfOver(active, skew) : null;
      samplers.set(segment, s);
    }
    return s;
  };

  const rng = streamRng(spec.seed, 'records');
  const values = Array.from({ length: count }, () => 15 + rng.float() * 10);
  const scheduled: number[] = [];
  const records = new RecordColumns();
  for (let slot = 0; ; slot++) {
    const t = shape.timeOf(slot);
    if (boundReached(spec, records.length, t)) break;
    const segment = segmentOf(t);
    const sampler = samplerFor(segment, t);
    if (!sampler) {
      // Every sensor is idle until the segment ends (always finite: after the last `to` none is idle).
      slot = shape.firstIndexAt(points[segment]!) - 1;
      continue;
    }
    const sensor = sampler.sample(rng);
    values[sensor]! += rng.float() - 0.5;
    scheduled.push(t);
    records.push({ sensor, value: Math.round(values[sensor]! * 100) / 100, ts: t });
  }
  return { scheduled, eventTimes: scheduled, records, timestampField: 'ts', keyField: 'sensor' };
}
