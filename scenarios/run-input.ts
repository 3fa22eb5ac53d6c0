// What every engine and the oracle of one run read: the log's events by arrival, each one's slot among
// the records that passed the stateless stages (−1: dropped; it still moves the clock), and the accepted
// records with their log index, arrival and event time — columns, shared, never an object per event.
// A filter keeps the log's records (a view); join, map, key and timestamp steps store their outputs once.
import type { Rec } from '../engines/core/aggregates.ts';
import { InputError } from '../engines/core/errors.ts';
import { aggregateFields, type Job, needsEventTime, recordProblem } from '../engines/core/job.ts';
import { isJoinJob, type JoinJob } from '../engines/core/join-job.ts';
import { isRankJob, type RankJob } from '../engines/core/rank-job.ts';
import type { FeedInput } from '../engines/core/record-source.ts';
import { isStatelessJob } from '../engines/core/stateless-job.ts';
import type { OracleSource } from '../engines/oracle/oracle.ts';
import type { Scenario } from './scenario.ts';
import { rankInputProblem } from './scenario-rank.ts';
import { type StatelessSteps, statelessFn } from './stateless-steps.ts';
import { type StreamJoinSteps, streamSplitFn } from './stream-join.ts';
import type { EventLog, LoggedEvent } from './workloads/index.ts';
import { type ColumnarRecords, RecordColumns, RecordView } from './workloads/record-columns.ts';
import { alloc } from './workloads/value-column.ts';

export class RunInput implements FeedInput {
  /** Arrival of each log event (the log's column): what engines are fed on. */
  readonly arrival: Float64Array;

  constructor(
    readonly log: EventLog,
    /** Per log event: the index of its record in `records`, or −1. */
    readonly slot: Int32Array,
    /** The accepted records, in arrival order. */
    readonly records: ColumnarRecords,
    /** Per accepted record: its log index. */
    readonly logIndex: Int32Array,
    /** Per accepted record: its event time (the log's, or the job's timestamp function's). */
    readonly eventTime: Float64Array,
  ) {
    this.arrival = log.arrival;
  }

  /** Records accepted. */
  get size(): number {
    return this.records.length;
  }

  /** Arrival of accepted record `i`. */
  arrivalOf(i: number): number {
    return this.log.arrival[this.logIndex[i]!]!;
  }

  /** The accepted events as objects, built on every read: tests and small runs only. */
  get events(): LoggedEvent[] {
    return Array.from({ length: this.size }, (_, i) => ({
      offset: this.logIndex[i]!,
      arrival: this.arrivalOf(i),
      eventTime: this.eventTime[i]!,
      record: this.records.record(i),
    }));
  }

  /** The accepted records as the oracle reads them (event time from the job's timestamp field). */
  oracleSource(): OracleSource {
    return {
      length: this.size,
      record: (i) => this.records.record(i),
      arrival: (i) => this.arrivalOf(i),
      field: (name) => this.records.field(name),
    };
  }

  /** A run input of hand-made events, all accepted (tests). */
  static of(log: EventLog): RunInput {
    const n = log.size;
    const slot = alloc(Int32Array, n);
    for (let i = 0; i < n; i++) slot[i] = i;
    return new RunInput(log, slot, log.records, slot, log.eventTime);
  }
}

/**
 * Apply the stateless stages once (the same records for every engine and the oracle) and check each
 * accepted record has what the job reads: a key (not null: Flink fails a job on a null key), an event-time
 * timestamp for time windows, a number for sum/min/max/avg — reported at once with its number (1-based).
 */
export function prepareInput(scenario: Scenario, log: EventLog): RunInput {
  if (isJoinJob(scenario.job)) return prepareJoinInput(scenario.streamJoin!, scenario.job, log);
  if (isRankJob(scenario.job)) return prepareRankInput(scenario.steps, scenario.job, log);
  const n = log.size;
  const steps = scenario.steps;
  const slot = alloc(Int32Array, n);
  const logIndex: number[] = [];
  const filterOnly = !steps.join && !steps.map && !steps.key && !steps.timestamp;
  const noSteps = filterOnly && !steps.filter;
  const job = scenario.job;
  // A stateless job's engines filter and map themselves: they get the log as it is (after a lookup join, if any).
  const check = isStatelessJob(job) ? () => {} : recordChecker(job);
  if (noSteps) {
    if (isStatelessJob(job))
      return new RunInput(
        log,
        slot.map((_, i) => i),
        log.records,
        slot.map((_, i) => i),
        log.eventTime,
      );
    // Nothing to apply: every record is accepted as the log has it; check it without building it.
    const fields = [job.timestamp, job.key, ...aggregateFields(job.aggregate)].filter((f): f is string => f !== undefined);
    const readers = fields.map((f) => log.records.field(f));
    const probe: Rec = {};
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < fields.length; j++) probe[fields[j]!] = readers[j]!(i);
      check(probe, i, () => log.records.record(i));
      slot[i] = i;
    }
    return new RunInput(log, slot, log.records, slot, log.eventTime);
  }
  const stage = statelessFn(steps, log.tables);
  const stored = filterOnly ? null : new RecordColumns();
  for (let i = 0; i < n; i++) {
    const r = stage(log.records.record(i), i);
    if (r === null) {
      slot[i] = -1;
      continue;
    }
    check(r, i, () => r);
    slot[i] = logIndex.length;
    logIndex.push(i);
    stored?.push(r);
  }
  const index = alloc(Int32Array, logIndex.length);
  index.set(logIndex);
  const records: ColumnarRecords = stored ?? new RecordView(log.records, index);
  // A timestamp function (a `.ts` scenario) redefines event time: latency and windows follow the job's field.
  const eventTime = alloc(Float64Array, index.length);
  const ts = steps.timestamp && !isStatelessJob(job) ? records.field(job.timestamp) : null;
  for (let i = 0; i < index.length; i++) eventTime[i] = ts ? (ts(i) as number) : log.eventTime[index[i]!]!;
  return new RunInput(log, slot, records, index, eventTime);
}

function recordChecker(job: Job): (r: Rec, i: number, full: () => Rec) => void {
  const eventTime = needsEventTime(job);
  return (r, i, full) => {
    const problem = recordProblem(job, r, eventTime, false);
    if (problem) throw new InputError(`job.${problem.what}`, `event ${i + 1} (${JSON.stringify(full()).slice(0, 120)}): ${problem.reason}`);
  };
}

/**
 * A stream join's input: each record passing one stream's filters, tagged with that stream's name
 * (stream-join.ts); the others are not part of the job. Event time is the join's timestamp field.
 */
function prepareJoinInput(steps: StreamJoinSteps, job: JoinJob, log: EventLog): RunInput {
  return cutInput(log, streamSplitFn(steps, job), job.timestamp);
}

/**
 * A dedup, top-N or chained job's input (scenario-rank.ts): the records past the stateless `filter` / `map`,
 * each checked for what the job reads (the JSON path of that job field and the event number on a miss).
 */
function prepareRankInput(steps: StatelessSteps, job: RankJob, log: EventLog): RunInput {
  const stage = statelessFn(steps, log.tables);
  return cutInput(
    log,
    (record, i) => {
      const r = stage(record);
      if (r === null) return null;
      const problem = rankInputProblem(job, r);
      if (problem) throw new InputError(problem.path, `event ${i + 1} (${JSON.stringify(r).slice(0, 120)}): ${problem.reason}`);
      return r;
    },
    job.timestamp,
  );
}

/**
 * The input of a job whose records are cut out of the log by `cut` (null: not part of the job), with their
 * event time read from `timestamp`: a stream join's split, a rank job's stateless stages.
 */
function cutInput(log: EventLog, cut: (r: Rec, i: number) => Rec | null, timestamp: string): RunInput {
  const n = log.size;
  const slot = alloc(Int32Array, n);
  const logIndex: number[] = [];
  const stored = new RecordColumns();
  for (let i = 0; i < n; i++) {
    const r = cut(log.records.record(i), i);
    if (r === null) {
      slot[i] = -1;
      continue;
    }
    slot[i] = logIndex.length;
    logIndex.push(i);
    stored.push(r);
  }
  const index = alloc(Int32Array, logIndex.length);
  index.set(logIndex);
  const eventTime = alloc(Float64Array, index.length);
  const ts = stored.field(timestamp);
  for (let i = 0; i < index.length; i++) eventTime[i] = ts(i) as number;
  return new RunInput(log, slot, stored, index, eventTime);
}
