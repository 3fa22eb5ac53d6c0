// The scenario file of SCENARIOS.md, validated once at the boundary: a raw JSON value in, a resolved
// Scenario out (defaults filled in, one resolved job and option set per engine entry) or an InputError
// naming the JSON path. Nothing downstream re-validates; features not built yet are refused here.
import { z } from 'zod';
import type { EngineKind } from '../engines/core/engine.ts';
import { InputError } from '../engines/core/errors.ts';
import { checkJob, type Job, jobFields } from '../engines/core/job.ts';
import { parseWith } from '../engines/core/validate.ts';
import { ALL_KINDS, engineModule } from '../engines/registry.ts';
import { filterSchema, joinSchema, mapSchema, type StatelessSteps } from './stateless-steps.ts';
import { parseWorkload, type Workload } from './workloads/index.ts';

export type { Filter } from './stateless-steps.ts';

// The scenario job: the trace job plus the stateless stages `filter`, `join`, `map` (stateless-steps.ts). `timestamp` has no default here: it falls back to the
// field the workload's generator stamps (timestampOf), so a ysb scenario need not repeat it.
const scenarioJobSchema = z.strictObject({
  ...jobFields,
  timestamp: z.string().min(1).optional(),
  filter: filterSchema.optional(),
  join: joinSchema.optional(),
  map: mapSchema.optional(),
});

const checkpointSchema = z.strictObject({
  interval: z.number().int().positive('interval must be > 0'),
  mode: z.enum(['exactly-once', 'at-least-once', 'unaligned']).default('exactly-once'),
});
const sinkSchema = z.enum(['plain', 'idempotent', 'transactional'], {
  error: 'sink must be plain, idempotent or transactional',
});
const faultSchema = z.strictObject({
  at: z.number().int().nonnegative(),
  kind: z.literal('crash'),
  downtime: z.number().int().nonnegative().default(0),
});
/**
 * `pace` (real mode): `rate` replays the log at its scheduled arrival times on the wall clock (latency
 * from each event's scheduled time), `max` feeds it as fast as possible (throughput). `warmup`: the
 * leading fraction of events left out of real-mode figures.
 */
const runSchema = z.strictObject({
  mode: z.enum(['simulated', 'real', 'both']).default('simulated'),
  pace: z.enum(['rate', 'max'], { error: 'pace must be rate or max' }).default('rate'),
  warmup: z.number().min(0).max(0.9, 'warmup must be <= 0.9').default(0.1),
});

const fileSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'name must be kebab-case (a-z, 0-9, -)'),
  title: z.string().min(1),
  question: z.string().min(1),
  workload: z.unknown(),
  job: z.unknown(),
  engines: z.array(z.record(z.string(), z.unknown()), { error: 'engines must be an array of objects' }).min(1),
  checkpoint: checkpointSchema.optional(),
  sink: sinkSchema.optional(),
  faults: z.array(faultSchema).optional(),
  run: runSchema.default({ mode: 'simulated', pace: 'rate', warmup: 0.1 }),
  /** Left out of `npm run lab` (slow or long scenarios); still listed and runnable by name. */
  default: z.boolean().default(true),
});

/** One engine entry, resolved: the engine's own options, and the job it runs (scenario job + overrides). */
export interface EngineEntry {
  id: string;
  kind: EngineKind;
  /** The entry's options for the engine module (including `kind`), validated when the module exists. */
  options: Record<string, unknown>;
  /** Job-field overrides as written, recorded in the result's `config`. */
  overrides: Record<string, unknown>;
  /** Null when the kind is not registered yet: the runner reports it as not supported. */
  job: Job | null;
  /** Why the engine cannot run, known at load time (an unregistered kind). */
  unsupported?: string;
}

export interface Scenario {
  name: string;
  title: string;
  question: string;
  workload: Workload;
  job: Job;
  /** Stateless stages applied by the runner before every engine and the oracle. */
  steps: StatelessSteps;
  engines: EngineEntry[];
  run: RunSpec;
  /** Part of the default `npm run lab` suite. */
  inLab: boolean;
}

export type Mode = 'simulated' | 'real' | 'both';
export interface RunSpec {
  mode: Mode;
  pace: 'rate' | 'max';
  warmup: number;
}

/** Overrides applied by the command line (`--events`, `--seed`, `--engines`, `--mode`). */
export interface ScenarioOverrides {
  events?: number;
  seed?: number;
  engines?: string[];
  mode?: Mode;
  pace?: 'rate' | 'max';
}

const jobKeys = new Set(Object.keys(jobFields));
const entryMeta = z.strictObject({
  kind: z.string({ error: 'kind is required (one of event, microbatch, tuple)' }),
  id: z.string().min(1).optional(),
});

/** Validate a scenario file and apply command-line overrides; throws InputError naming the JSON path. */
export function parseScenario(raw: unknown, overrides: ScenarioOverrides = {}): Scenario {
  const file = parseWith(fileSchema, raw);
  if (file.checkpoint) throw new InputError('checkpoint', 'checkpoints in scenarios are not built yet');
  if (file.sink) throw new InputError('sink', 'sink delivery modes in scenarios are not built yet');
  if (file.faults && file.faults.length > 0) throw new InputError('faults', 'fault injection in scenarios is not built yet');
  const run: RunSpec = { ...file.run, mode: overrides.mode ?? file.run.mode, pace: overrides.pace ?? file.run.pace };

  let workloadRaw = file.workload;
  if (overrides.events !== undefined || overrides.seed !== undefined) {
    const w = { ...(typeof workloadRaw === 'object' && workloadRaw !== null ? workloadRaw : {}) } as Record<string, unknown>;
    if (overrides.events !== undefined) {
      w.events = overrides.events;
      delete w.duration;
    }
    if (overrides.seed !== undefined) w.seed = overrides.seed;
    workloadRaw = w;
  }
  const workload = parseWorkload(workloadRaw, 'workload');

  const jobRaw = parseWith(scenarioJobSchema, file.job, 'job');
  const { filter, join, map, ...jobRest } = jobRaw;
  const steps: StatelessSteps = {};
  if (filter) steps.filter = filter;
  if (join) steps.join = join;
  if (map) steps.map = map;
  const job = resolveJob(jobRest, 'job', workload);

  let entries = file.engines.map((e, i) => parseEntry(e, i, jobRest, workload));
  if (overrides.engines) {
    const wanted = overrides.engines;
    for (const w of wanted) {
      if (!entries.some((e) => e.id === w || e.kind === w)) {
        throw new InputError('--engines', `no engine entry "${w}" in this scenario (have ${entries.map((e) => e.id).join(', ')})`);
      }
    }
    entries = entries.filter((e) => wanted.includes(e.id) || wanted.includes(e.kind));
  }
  const ids = new Set<string>();
  entries.forEach((e, i) => {
    if (ids.has(e.id)) throw new InputError(`engines[${i}].id`, `duplicate engine id "${e.id}" (give each entry its own id)`);
    ids.add(e.id);
  });

  const scenario: Scenario = {
    name: file.name,
    title: file.title,
    question: file.question,
    workload,
    job,
    steps,
    engines: entries,
    run,
    inLab: file.default,
  };
  return scenario;
}

type JobRest = Omit<z.infer<typeof scenarioJobSchema>, 'filter' | 'join' | 'map'>;

/** The field each generator stamps event time into (event-log.ts `timestampField`). */
function timestampOf(w: Workload): string {
  switch (w.generator) {
    case 'ysb':
      return 'event_time';
    case 'nexmark':
      return 'dateTime';
    case 'file':
      return w.file?.timestamp ?? 'ts';
    case 'sensors':
    case 'clicks':
      return 'ts';
  }
}

function resolveJob(j: JobRest, root: string, w: Workload): Job {
  const job: Job = { ...j, timestamp: j.timestamp ?? timestampOf(w) };
  checkJob(job, root);
  return job;
}

function parseEntry(raw: Record<string, unknown>, i: number, base: JobRest, workload: Workload): EngineEntry {
  const root = `engines[${i}]`;
  const metaRaw: Record<string, unknown> = {};
  const overrides: Record<string, unknown> = {};
  const options: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'kind' || k === 'id') metaRaw[k] = v;
    else if (k === 'checkpoint' || k === 'sink') throw new InputError(`${root}.${k}`, `per-engine ${k} is not built yet`);
    else if (jobKeys.has(k)) overrides[k] = parseWith(jobFields[k as keyof typeof jobFields], v, `${root}.${k}`);
    else options[k] = v;
  }
  const meta = parseWith(entryMeta, metaRaw, root);
  if (!(ALL_KINDS as readonly string[]).includes(meta.kind)) {
    throw new InputError(`${root}.kind`, `unknown engine kind "${meta.kind}" (one of ${ALL_KINDS.join(', ')})`);
  }
  const kind = meta.kind as EngineKind;
  const flavor = typeof options.flavor === 'string' ? `-${options.flavor}` : '';
  const id = meta.id ?? `${kind}${flavor}`;
  const job = resolveJob({ ...base, ...overrides } as JobRest, root, workload);
  const mod = engineModule(kind);
  if (!mod) return { id, kind, options: { kind, ...options }, overrides, job: null, unsupported: `the ${kind} engine is not built yet` };
  const parsed = parseWith(mod.options, { kind, ...options }, root) as Record<string, unknown>;
  return { id, kind, options: parsed, overrides, job };
}
