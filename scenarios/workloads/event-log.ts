// The replayable event log every workload generator produces: events in arrival order, offset = index,
// as columns — arrival and event time in typed arrays over shared memory, records as RecordColumns —
// so a run of ten million events holds no object per event. Times are ms; arrival is processing time,
// eventTime is the event's own timestamp (also in the record).
import { type ColumnarRecords, RecordColumns, RecordView } from './record-columns.ts';
import type { ReplayClock } from './replay-clock.ts';
import { alloc } from './value-column.ts';

/** One event as an object: for tests and small logs (EventLog.events builds them; a run never does). */
export interface LoggedEvent {
  /** Position in the log, 0..n-1, in arrival order (the replayable source's offset). */
  offset: number;
  /** Processing time (ms) at which the event is scheduled to arrive at the system. */
  arrival: number;
  /** The event's timestamp (ms); also present in `record` under the log's `timestampField`. */
  eventTime: number;
  record: Record<string, unknown>;
}

export interface LogFacts {
  /** Per-generator facts the job needs, e.g. YSB's ad→campaign table. */
  tables?: Record<string, Record<string, unknown>>;
  timestampField: string;
  keyField?: string;
  /** A file replay: how processing time maps onto the data's event time (absent: the same axis). */
  clock?: ReplayClock;
  /** What the run should tell the user about the input (timestamps that look like another unit, …). */
  warnings?: string[];
}

export class EventLog implements LogFacts {
  tables?: Record<string, Record<string, unknown>>;
  timestampField: string;
  keyField?: string;
  clock?: ReplayClock;
  warnings?: string[];

  constructor(
    /** Arrival of each event, non-decreasing. */
    readonly arrival: Float64Array,
    readonly eventTime: Float64Array,
    readonly records: ColumnarRecords,
    facts: LogFacts,
  ) {
    this.timestampField = facts.timestampField;
    if (facts.tables) this.tables = facts.tables;
    if (facts.keyField !== undefined) this.keyField = facts.keyField;
    if (facts.clock) this.clock = facts.clock;
    if (facts.warnings) this.warnings = facts.warnings;
  }

  /** A log of the given events (tests, hand-built inputs); `facts` default to timestamp field `ts`. */
  static of(
    events: ReadonlyArray<Pick<LoggedEvent, 'arrival' | 'eventTime' | 'record'>>,
    facts: LogFacts = { timestampField: 'ts' },
  ): EventLog {
    const records = new RecordColumns();
    const arrival = alloc(Float64Array, events.length);
    const eventTime = alloc(Float64Array, events.length);
    events.forEach((e, i) => {
      records.push(e.record);
      arrival[i] = e.arrival;
      eventTime[i] = e.eventTime;
    });
    return new EventLog(arrival, eventTime, records, facts);
  }

  get size(): number {
    return this.arrival.length;
  }

  /** The events as objects, built on every read: for tests and small logs only. */
  get events(): LoggedEvent[] {
    return Array.from({ length: this.size }, (_, i) => ({
      offset: i,
      arrival: this.arrival[i]!,
      eventTime: this.eventTime[i]!,
      record: this.records.record(i),
    }));
  }

  /** JSON of a log is its events and facts (a hash of it covers every record). */
  toJSON(): unknown {
    return { events: this.events, ...this.facts() };
  }

  facts(): LogFacts {
    const f: LogFacts = { timestampField: this.timestampField };
    if (this.tables) f.tables = this.tables;
    if (this.keyField !== undefined) f.keyField = this.keyField;
    if (this.clock) f.clock = this.clock;
    if (this.warnings) f.warnings = this.warnings;
    return f;
  }
}

/** What a generator hands back before disorder is applied: events in generation order. */
export interface GeneratedStream extends LogFacts {
  /** Generation (pacing) time per event, ms, non-decreasing. Arrival = scheduled + delay. */
  scheduled: number[];
  eventTimes: number[];
  records: ColumnarRecords;
}

/**
 * Applies one delay per event (drawn in generation order) and orders the events by arrival;
 * ties keep generation order (a stable sort), so the log is fully determined. Records are not moved:
 * an out-of-order log reads them through a view in arrival order.
 */
export function toEventLog(stream: GeneratedStream, delay: () => number): EventLog {
  const { scheduled, eventTimes, records } = stream;
  const n = records.length;
  const arrival = alloc(Float64Array, n);
  let sorted = true;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const a = scheduled[i]! + delay();
    if (a < last) sorted = false;
    arrival[i] = last = a;
  }
  const facts: LogFacts = { timestampField: stream.timestampField };
  if (stream.tables) facts.tables = stream.tables;
  if (stream.keyField !== undefined) facts.keyField = stream.keyField;
  if (stream.clock) facts.clock = stream.clock;
  if (stream.warnings) facts.warnings = stream.warnings;
  const times = alloc(Float64Array, n);
  if (sorted) {
    for (let i = 0; i < n; i++) times[i] = eventTimes[i]!;
    return new EventLog(arrival, times, records, facts);
  }
  // TimSort (Array.prototype.sort) is stable and near-linear on a log that is mostly in order already.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => arrival[a]! - arrival[b]! || a - b);
  const byArrival = alloc(Float64Array, n);
  const indices = alloc(Int32Array, n);
  for (let i = 0; i < n; i++) {
    const j = order[i]!;
    indices[i] = j;
    byArrival[i] = arrival[j]!;
    times[i] = eventTimes[j]!;
  }
  return new EventLog(byArrival, times, new RecordView(records, indices), facts);
}
