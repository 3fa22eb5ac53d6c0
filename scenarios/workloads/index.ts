// Workload generators: a validated `workload` block in, a replayable event log out.
//   spec ─► rate shape (scheduled times) ─► generator (records, event times) ─► disorder (delays) ─► log
import { clicks } from './clicks.ts';
import { disorder } from './disorder.ts';
import { type EventLog, type GeneratedStream, toEventLog } from './event-log.ts';
import { type FileOptions, fileWorkload } from './file.ts';
import { NEXMARK_DISORDER, nexmark } from './nexmark.ts';
import { type RateShape, rateShape } from './rate-shape.ts';
import { streamRng } from './seed-streams.ts';
import { sensors } from './sensors.ts';
import { DEFAULT_RATE, type Workload } from './workload.ts';
import { ysb } from './ysb.ts';

export { EventLog, type LoggedEvent } from './event-log.ts';
export type { FileOptions as GenerateOptions } from './file.ts';
export type { ReplayClock } from './replay-clock.ts';
export { DEFAULT_RATE, parseWorkload, type Workload, type WorkloadInput, workloadSchema } from './workload.ts';

/** The event log of a workload; the same spec (and seed) always gives the same log. */
export function generate(spec: Workload, options: FileOptions = {}): EventLog {
  // A file without a rate replays on its own clock (or its arrival column): no rate shape.
  const paced = spec.generator !== 'file' || spec.rate !== undefined;
  const shape = paced ? rateShape(spec.rate ?? DEFAULT_RATE, spec.bursts) : null;
  const stream = spec.generator === 'file' ? fileWorkload(spec, shape, options) : streamOf(spec, shape!);
  // Nexmark brings its own default out-of-orderness (10 % of events up to 3 s late); `disorder` overrides it.
  const late = spec.disorder ?? (spec.generator === 'nexmark' ? NEXMARK_DISORDER : undefined);
  return toEventLog(stream, disorder(late, streamRng(spec.seed, 'disorder')));
}

function streamOf(spec: Workload, shape: RateShape): GeneratedStream {
  switch (spec.generator) {
    case 'ysb':
      return ysb(spec, shape);
    case 'nexmark':
      return nexmark(spec, shape);
    case 'sensors':
      return sensors(spec, shape);
    case 'clicks':
      return clicks(spec, shape);
    case 'file':
      throw new Error('file workloads are read by fileWorkload');
  }
}
