// How a file's rows arrive (SCENARIOS.md "Replaying a file"), and the mapping between the replay's
// processing clock (ms from the start of the run, what engines advance) and the data's event time:
// processing time t stands for event time `origin + t · speed`. Generated workloads need no mapping
// (their event time starts at 0 with the run); a file's epoch times do.

export type Pacing = 'own-clock' | 'rate' | 'arrival-column';

export interface ReplayClock {
  pacing: Pacing;
  /** Event time (ms; epoch ms for real data) that processing time 0 stands for. */
  origin: number;
  /** Event-time ms per processing ms (`workload.file.speed`; 1 for rate and arrival-column pacing). */
  speed: number;
}

/**
 * An event time placed on the processing clock: when the data says it happened, in whole replay ms
 * (floored, as arrivals are, so a row on its own clock never arrives before it happened).
 */
export function onProcessingClock(clock: ReplayClock | undefined, eventTime: number): number {
  if (!clock) return eventTime;
  return Math.floor((eventTime - clock.origin) / clock.speed);
}

/** A processing time placed on the event-time axis (the inverse of `onProcessingClock`). */
export function onEventClock(clock: ReplayClock | undefined, t: number): number {
  if (!clock) return t;
  return clock.origin + t * clock.speed;
}

/**
 * The data's own clock: row i arrives at (max event time of rows 0..i − row 0's event time) / speed,
 * whole ms. A row behind the running maximum therefore arrives late by exactly that much.
 */
export function ownClockArrivals(eventTimes: readonly number[], speed: number): number[] {
  const out: number[] = new Array(eventTimes.length);
  const first = eventTimes[0] ?? 0;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < eventTimes.length; i++) {
    if (eventTimes[i]! > max) max = eventTimes[i]!;
    out[i] = Math.floor((max - first) / speed);
  }
  return out;
}

/** Arrival times from an arrival column (epoch ms): relative to the earliest, which is processing time 0. */
export function columnArrivals(arrivals: readonly number[]): { scheduled: number[]; origin: number } {
  let origin = Number.POSITIVE_INFINITY;
  for (const a of arrivals) if (a < origin) origin = a;
  if (!Number.isFinite(origin)) origin = 0;
  return { scheduled: arrivals.map((a) => a - origin), origin };
}
