// The replayable event log every workload generator produces: events in arrival order, offset = index.
// Times are ms; arrival is processing time, eventTime is the event's own timestamp (also in `record`).
import type { ReplayClock } from './replay-clock.ts';

export interface LoggedEvent {
  /** Position in the log, 0..n-1, in arrival order (the replayable source's offset). */
  offset: number;
  /** Processing time (ms) at which the event is scheduled to arrive at the system. */
  arrival: number;
  /** The event's timestamp (ms); also present in `record` under the log's `timestampField`. */
  eventTime: number;
  record: Record<string, unknown>;
}

export interface EventLog {
  events: LoggedEvent[];
  /** Per-generator facts the job needs, e.g. YSB's ad→campaign table. */
  tables?: Record<string, Record<string, unknown>>;
  timestampField: string;
  keyField?: string;
  /** A file replay: how processing time maps onto the data's event time (absent: the same axis). */
  clock?: ReplayClock;
  /** What the run should tell the user about the input (timestamps that look like another unit, …). */
  warnings?: string[];
}

/** What a generator hands back before disorder is applied: events in generation order. */
export interface GeneratedStream {
  /** Generation (pacing) time per event, ms, non-decreasing. Arrival = scheduled + delay. */
  scheduled: number[];
  eventTimes: number[];
  records: Record<string, unknown>[];
  tables?: Record<string, Record<string, unknown>>;
  timestampField: string;
  keyField?: string;
  clock?: ReplayClock;
  warnings?: string[];
}

/**
 * Applies one delay per event (drawn in generation order) and orders the events by arrival;
 * ties keep generation order (Array.prototype.sort is stable), so the log is fully determined.
 */
export function toEventLog(stream: GeneratedStream, delay: () => number): EventLog {
  const { scheduled, eventTimes, records } = stream;
  const n = records.length;
  const events: LoggedEvent[] = new Array(n);
  let sorted = true;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const arrival = scheduled[i]! + delay();
    if (arrival < last) sorted = false;
    last = arrival;
    events[i] = { offset: i, arrival, eventTime: eventTimes[i]!, record: records[i]! };
  }
  if (!sorted) {
    events.sort((a, b) => a.arrival - b.arrival);
    for (let i = 0; i < n; i++) events[i]!.offset = i;
  }
  const log: EventLog = { events, timestampField: stream.timestampField };
  if (stream.tables) log.tables = stream.tables;
  if (stream.keyField !== undefined) log.keyField = stream.keyField;
  if (stream.clock) log.clock = stream.clock;
  if (stream.warnings) log.warnings = stream.warnings;
  return log;
}
