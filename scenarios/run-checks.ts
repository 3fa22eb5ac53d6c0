// Checks of a scenario that need its numbers, made before anything slow runs: a generated workload's
// event count and processing-time span are estimated from rate, bursts and events/duration before a
// single event exists; once the log exists, an empty input, a span no engine would finish and faults
// after the last arrival are refused. Each is bad input (InputError) naming the field.
import { InputError } from '../engines/core/errors.ts';
import { checkFitsInMemory, checkSpan } from './run-limits.ts';
import type { Scenario } from './scenario.ts';
import { DEFAULT_RATE, type EventLog } from './workloads/index.ts';
import { rateShape } from './workloads/rate-shape.ts';

/** A generated workload: would its events fit in memory, and would the run end? (Files are checked as they are read.) */
export function checkBeforeGenerating(scenario: Scenario): void {
  const w = scenario.workload;
  if (w.generator === 'file') return;
  const rate = w.rate ?? DEFAULT_RATE;
  const shape = rateShape(rate, w.bursts);
  const events = w.events ?? shape.firstIndexAt(w.duration ?? 0);
  const where = w.events !== undefined ? 'workload.events' : 'workload.duration';
  checkFitsInMemory(events, where, `${events.toLocaleString('en-US')} events`);
  if (events > 0) {
    const span = shape.timeOf(events - 1);
    checkSpan(
      span,
      'workload.rate',
      `${events.toLocaleString('en-US')} events at ${rate} per second`,
      'raise the rate or generate fewer events',
    );
  }
}

/** The log as generated: events to run, a span that ends, faults within the run. */
export function checkBeforeRunning(scenario: Scenario, log: EventLog): void {
  const w = scenario.workload;
  const n = log.size;
  if (n === 0) {
    throw new InputError(
      w.duration !== undefined ? 'workload.duration' : 'workload.events',
      'the workload has 0 events: nothing to run (give more events or a longer duration)',
    );
  }
  const last = log.arrival[n - 1]!;
  if (w.generator === 'file') {
    const where = w.file?.arrival !== undefined ? 'workload.file.arrival' : w.rate !== undefined ? 'workload.rate' : 'workload.file.speed';
    const hint =
      where === 'workload.file.speed'
        ? `replay it faster (workload.file.speed, now ${w.file?.speed ?? 1}) or replay fewer rows (workload.events)`
        : where === 'workload.rate'
          ? 'raise the rate or replay fewer rows (workload.events)'
          : 'replay fewer rows (workload.events)';
    checkSpan(last, where, `replaying ${n.toLocaleString('en-US')} rows`, hint);
  }
  scenario.faults.forEach((f, i) => {
    if (f.at > last) {
      throw new InputError(
        `faults[${i}].at`,
        `${f.at} ms is after the input ends: the last event arrives at ${last} ms (fault times are ms of processing time from the start of the run)`,
      );
    }
  });
}
