// The `workload` block of a scenario (SCENARIOS.md), validated once at the boundary with zod:
// unknown fields, wrong types and impossible combinations become an InputError naming the JSON path.
import { z } from 'zod';
import { parseWith } from '../../engines/core/validate.ts';
import { timestampUnits } from './timestamps.ts';

/** A file workload without its `file` block. */
export const FILE_REQUIRED = 'required for generator "file" ({path, timestamp})';

export const generators = ['ysb', 'nexmark', 'sensors', 'clicks', 'file'] as const;
export type GeneratorName = (typeof generators)[number];

export const fileFormats = ['jsonl', 'csv', 'arrow'] as const;
export type FileFormat = (typeof fileFormats)[number];

const keysSchema = z.strictObject({
  /** ysb: campaigns (default 100, 10 ads each); sensors: sensors (default 10); clicks: users (default 100). */
  count: z.int().min(1),
  /** Zipf exponent; 0 = uniform. */
  skew: z.number().min(0).default(0),
});

const disorderSchema = z.strictObject({
  fraction: z.number().min(0).max(1),
  maxDelay: z.int().min(0),
});

const burstSchema = z.strictObject({
  at: z.number().min(0),
  duration: z.number().positive(),
  factor: z.number().positive(),
});

const fileSchema = z.strictObject({
  path: z.string().min(1),
  /** Column holding each row's event time, in `timestampUnit`. */
  timestamp: z.string().min(1),
  /** Default: from the extension (.jsonl/.ndjson, .csv, .arrow/.arrows/.ipc/.feather). */
  format: z.enum(fileFormats).optional(),
  key: z.string().min(1).optional(),
  /** Unit of the timestamp (and arrival) column: epoch ms (default), s, us (floored to whole ms), or ISO-8601 strings. */
  timestampUnit: z.enum(timestampUnits, { error: `timestampUnit must be one of ${timestampUnits.join(', ')}` }).optional(),
  /** The data's own clock, replayed `speed` times faster (default 1; 2 = twice as fast). Not with `rate` or `arrival`. */
  speed: z.number().positive('speed must be > 0').finite().optional(),
  /** Column holding each row's arrival time (e.g. Kafka log-append time), same unit as the timestamp. */
  arrival: z.string().min(1).optional(),
});

const idleSchema = z
  .strictObject({
    sensor: z.int().min(0),
    /** The sensor emits nothing in [from, to), ms of event time. */
    from: z.number().min(0),
    to: z.number(),
  })
  .refine((i) => i.to > i.from, { message: 'must be greater than from', path: ['to'] });

export const defaultKeyCounts: Partial<Record<GeneratorName, number>> = { ysb: 100, sensors: 10, clicks: 100 };
/** Clicks: default session gap, ms. */
export const DEFAULT_GAP = 5000;

export const workloadSchema = z
  .strictObject({
    generator: z.enum(generators, { error: `unknown generator (expected one of ${generators.join(', ')})` }),
    events: z.int().min(0).optional(),
    /** ms of event time. */
    duration: z.number().min(0).optional(),
    /** Events per second of arrival (processing) time (default 1000; a file replays on its own clock without it). */
    rate: z.number().positive().finite().optional(),
    seed: z.int().default(42),
    keys: keysSchema.optional(),
    disorder: disorderSchema.optional(),
    bursts: z.array(burstSchema).default([]),
    file: fileSchema.optional(),
    /** sensors only: intervals in which a sensor emits nothing. */
    idle: z.array(idleSchema).optional(),
    /** clicks only: the session gap, ms. Clicks of one session are < gap apart; sessions are > gap apart. */
    gap: z.int().min(2).optional(),
    /** nexmark only: bids carry Nexmark's `extra` padding (Nexmark q14 reads it), drawn from a random stream of its own. */
    extra: z.boolean().optional(),
  })
  .superRefine((w, ctx) => {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (w.events !== undefined && w.duration !== undefined) issue(['duration'], 'give either events or duration, not both');
    if (w.events === undefined && w.duration === undefined && w.generator !== 'file') {
      issue(['events'], 'required: give events (a count) or duration (ms of event time)');
    }
    if (w.generator === 'file' && !w.file) issue(['file'], FILE_REQUIRED);
    if (w.generator !== 'file' && w.file) issue(['file'], 'only for generator "file"');
    if (w.file?.speed !== undefined && w.rate !== undefined) {
      issue(['file', 'speed'], "give either rate (rows paced evenly) or file.speed (the data's own clock), not both");
    }
    if (w.file?.arrival !== undefined && (w.rate !== undefined || w.file.speed !== undefined)) {
      issue(['file', 'arrival'], 'an arrival column sets the arrival times: drop rate and file.speed');
    }
    if (w.generator === 'file' && w.rate === undefined && w.bursts.length > 0) {
      issue(['bursts'], 'bursts shape the rate: give rate, or drop bursts (without rate the file replays on its own clock)');
    }
    if (w.generator !== 'sensors' && w.idle) issue(['idle'], 'only for generator "sensors"');
    if (w.generator !== 'clicks' && w.gap !== undefined) issue(['gap'], 'only for generator "clicks"');
    if (w.generator !== 'nexmark' && w.extra !== undefined) issue(['extra'], 'only for generator "nexmark"');
    if ((w.generator === 'nexmark' || w.generator === 'file') && w.keys) {
      issue(
        ['keys'],
        `does not apply to generator "${w.generator}" (its keys come from ${w.generator === 'file' ? 'the file' : 'the Nexmark model'})`,
      );
    }
    const sensors = w.keys?.count ?? defaultKeyCounts.sensors!;
    w.idle?.forEach((i, n) => {
      if (i.sensor >= sensors) issue(['idle', n, 'sensor'], `no sensor ${i.sensor} (sensors are 0..${sensors - 1})`);
    });
  });

export type Workload = z.infer<typeof workloadSchema>;
export type WorkloadInput = z.input<typeof workloadSchema>;

/** Events per second when a generated workload gives no rate. */
export const DEFAULT_RATE = 1000;

/**
 * Validate a workload block; throws InputError (`workload.rate: …`) on the first problem. Defaults are
 * filled in: rate for generators, timestampUnit and (on the data's own clock) speed for a file.
 */
export function parseWorkload(value: unknown, root = 'workload'): Workload {
  const w = parseWith(workloadSchema, value, root);
  if (w.generator !== 'file') return w.rate === undefined ? { ...w, rate: DEFAULT_RATE } : w;
  if (!w.file) return w;
  const ownClock = w.rate === undefined && w.file.arrival === undefined;
  return { ...w, file: { ...w.file, timestampUnit: w.file.timestampUnit ?? 'ms', ...(ownClock ? { speed: w.file.speed ?? 1 } : {}) } };
}
