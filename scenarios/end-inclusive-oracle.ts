// The oracle under Storm's windowed-bolt boundaries (C3): what `(start, end]` windows give, for the
// `window-closure` cause of correctness.ts. Read from the run's columns with times shifted as they are
// read; a record is changed only when the aggregate reads the timestamp field itself.
import type { Job } from '../engines/core/job.ts';
import { evaluate, evaluateSource, type OracleResult } from '../engines/oracle/oracle.ts';
import type { RunInput } from './run-input.ts';
import type { LoggedEvent } from './workloads/index.ts';

/**
 * The oracle under Storm's windowed-bolt boundaries (C3). Time windows are `(start, end]`: times are whole
 * ms, so `start < t <= end` iff `start <= t − 1 < end`: evaluate with every time shifted back by 1 ms (a
 * `collect` of the timestamp field itself would see the shifted value). Event-time count windows count the
 * tuples with ts in `(lastProcessedTs, watermark]`, lastProcessedTs starting at 0 (WatermarkCountTriggerPolicy),
 * so a tuple at ts <= 0 is never counted: evaluate without them. Null for global windows.
 */
export function endInclusiveOracle(job: Job, input: readonly LoggedEvent[] | RunInput): OracleResult[] | null {
  const ts = job.timestamp;
  if (job.window.kind === 'global') return null;
  if (!Array.isArray(input)) return endInclusiveOf(job, input as RunInput);
  const events = input as readonly LoggedEvent[];
  if (job.window.kind === 'count') {
    if (job.time !== 'event') return null;
    return evaluate(
      job,
      events
        .filter((e) => !(typeof e.record[ts] === 'number' && (e.record[ts] as number) <= 0))
        .map((e) => ({ record: e.record, arrival: e.arrival })),
    );
  }
  return evaluate(
    job,
    events.map((e) => {
      const t = e.record[ts];
      return {
        record: job.time === 'event' && typeof t === 'number' ? { ...e.record, [ts]: t - 1 } : e.record,
        arrival: e.arrival - 1,
      };
    }),
  );
}

/** The same over the run's columns: times are shifted as they are read, no record is built. */
function endInclusiveOf(job: Job, input: RunInput): OracleResult[] | null {
  const ts = job.timestamp;
  const time = input.records.field(ts);
  if (job.window.kind === 'count') {
    if (job.time !== 'event') return null;
    const keep: number[] = [];
    for (let i = 0; i < input.size; i++) {
      const t = time(i);
      if (!(typeof t === 'number' && t <= 0)) keep.push(i);
    }
    return evaluateSource(job, {
      length: keep.length,
      record: (j) => input.records.record(keep[j]!),
      arrival: (j) => input.arrivalOf(keep[j]!),
      field: (name) => {
        const f = input.records.field(name);
        return (j) => f(keep[j]!);
      },
    });
  }
  const shifted = (i: number) => {
    const t = time(i);
    return job.time === 'event' && typeof t === 'number' ? t - 1 : t;
  };
  return evaluateSource(job, {
    length: input.size,
    record: (i) => {
      const r = input.records.record(i);
      if (job.time === 'event' && typeof r[ts] === 'number') r[ts] = (r[ts] as number) - 1;
      return r;
    },
    arrival: (i) => input.arrivalOf(i) - 1,
    eventTime: shifted,
    // A `collect` or sum of the timestamp field itself sees the shifted value, as a shifted copy would.
    field: (name) => (name === ts ? shifted : input.records.field(name)),
  });
}
