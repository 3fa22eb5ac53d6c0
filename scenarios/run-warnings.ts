// What a finished run must tell its user, one sentence each: what the input reader noticed (timestamps
// that look like another unit, …) and every engine whose event-time latencies fell below zero. Such a
// latency is clamped to 0 in the percentiles, so it is never dropped silently: it means the arrival
// times contradict the event times (SCENARIOS.md "Replaying a file").
import type { Result } from './result.ts';
import type { EventLog } from './workloads/index.ts';

type EngineResult = Result['engines'][number];

/** `maxPace`: a real run fed as fast as possible (`--pace max`), ahead of the events' own times. */
export function runWarnings(log: EventLog, engines: readonly EngineResult[], maxPace = false): string[] {
  const out = [...(log.warnings ?? [])];
  for (const e of engines) {
    if (e.status !== 'ok' || !('latency' in e)) continue;
    const l = e.latency.eventTime;
    if (l.negative === 0) continue;
    out.push(
      `${e.id}: ${l.negative} of ${l.count} event-time latencies are below zero (lowest ${l.min ?? '?'} ms) and count as 0 in the figures: ` +
        (maxPace
          ? 'at --pace max events are fed as fast as possible, ahead of their scheduled times, so event-time latency means little here: throughput is the figure of this run'
          : `results were emitted before the data says their events happened, so the arrival times contradict the event times${hint(log)}`),
    );
  }
  return out;
}

function hint(log: EventLog): string {
  switch (log.clock?.pacing) {
    case 'rate':
      return ' (rows paced at `rate` arrive ahead of their own timestamps: drop rate to replay the file on its own clock)';
    case 'arrival-column':
      return ' (the arrival column holds times before the timestamps: check that both are in the same unit and time zone)';
    default:
      return '';
  }
}
