// The scenario file of SCENARIOS.md, validated once at the boundary: a raw JSON value in, a resolved
// Scenario out (defaults filled in, one resolved job and option set per engine entry) or an InputError
// naming the JSON path. Nothing downstream re-validates. `checkpoint`, `sink` and `faults` (issue 7) are
// mapped here to each engine kind's own options; what a model cannot do becomes that entry's
// "not supported: reason", and impossible combinations are refused with their path.
import { z } from 'zod';
import type { EngineKind } from '../engines/core/engine.ts';
import { InputError, RefusedError } from '../engines/core/errors.ts';
import { checkJob, type Job, jobFields } from '../engines/core/job.ts';
import { isJoinJob, type ScenarioJob } from '../engines/core/join-job.ts';
import { rankKind } from '../engines/core/rank-job.ts';
import { SINK_KINDS, sinkKindSchema } from '../engines/core/sinks.ts';
import { checkExpressions, exprFn } from '../engines/core/stateless.ts';
import { isStatelessJob } from '../engines/core/stateless-job.ts';
import { parseWith } from '../engines/core/validate.ts';
import { ALL_KINDS, engineModule } from '../engines/registry.ts';
import { isScenarioRankJob, parseScenarioRank, type ScenarioRankInput } from './scenario-rank.ts';
import { isStatelessScenarioJob, parseStatelessJob } from './stateless-scenario.ts';
import { filterSchema, joinSchema, mapSchema, type StatelessSteps } from './stateless-steps.ts';
import { isStreamJoinJob, joinWithOverrides, parseStreamJoin, type ScenarioJoinInput, type StreamJoinSteps } from './stream-join.ts';
import { splitUserFunctions, USER_KEY_FIELD, USER_TIMESTAMP_FIELD, type UserFunctions } from './user-functions.ts';
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

const checkpointModes = ['exactly-once', 'at-least-once', 'unaligned'] as const;
const checkpointSchema = z.strictObject({
  interval: z.number().int().positive('interval must be > 0'),
  mode: z.enum(checkpointModes, { error: 'mode must be exactly-once, at-least-once or unaligned' }).default('exactly-once'),
});
/** A per-engine override: merged over the scenario's checkpoint (so `{"mode": "at-least-once"}` alone is enough). */
const checkpointOverrideSchema = z.strictObject({
  interval: z.number().int().positive('interval must be > 0').optional(),
  mode: z.enum(checkpointModes, { error: 'mode must be exactly-once, at-least-once or unaligned' }).optional(),
});
const sinkSchema = sinkKindSchema;
/** An engine entry's sink: the scenario's kinds, plus Spark's `foreachBatch` for a microbatch entry. */
const entrySinkSchema = z.enum([...SINK_KINDS, 'foreachBatch'], { error: 'sink must be plain, idempotent, transactional or foreachBatch' });
export const FAULT_KINDS = ['crash', 'crash-during-checkpoint', 'crash-before-commit', 'slow-task'] as const;
const faultSchema = z.strictObject({
  at: z.number().int('at must be whole ms').nonnegative('at must be >= 0'),
  kind: z.enum(FAULT_KINDS, { error: 'kind must be crash, crash-during-checkpoint, crash-before-commit or slow-task' }),
  downtime: z.number().int('downtime must be whole ms').nonnegative('downtime must be >= 0').optional(),
  cost: z.number().finite().positive('cost must be > 0 (ms of processing time per record)').optional(),
  duration: z.number().int('duration must be whole ms').positive('duration must be > 0').optional(),
});

export type CheckpointSpec = z.infer<typeof checkpointSchema>;
export type SinkKind = (typeof SINK_KINDS)[number];
export type EntrySink = z.infer<typeof entrySinkSchema>;

/**
 * A fault of the scenario, resolved (SCENARIOS.md `faults`). `crash`: the job is down for `downtime` ms
 * (arrivals are held by the source) and restarts from its latest checkpoint; the others are injected
 * through `StepEngine.injectFault` at `at`.
 */
export type ScenarioFault =
  | { at: number; kind: 'crash'; downtime: number }
  | { at: number; kind: 'crash-during-checkpoint' }
  | { at: number; kind: 'crash-before-commit' }
  | { at: number; kind: 'slow-task'; cost: number; duration: number };

/**
 * `pace` (real mode): `rate` replays the log at its scheduled arrival times on the wall clock (latency
 * from each event's scheduled time), `max` feeds it as fast as possible (throughput). `warmup`: the
 * leading fraction of events left out of real-mode figures.
 */
/** Default of `run.drainCap`: processing time an engine may keep running after the last arrival, ms. */
export const DRAIN_CAP = 300_000;

const runSchema = z.strictObject({
  mode: z.enum(['simulated', 'real', 'both']).default('simulated'),
  pace: z.enum(['rate', 'max'], { error: 'pace must be rate or max' }).default('rate'),
  warmup: z.number().min(0).max(0.9, 'warmup must be <= 0.9').default(0.1),
  /** How long an engine may keep running after the last arrival until it is quiet, ms ("How a run ends"). */
  drainCap: z.number().int('drainCap must be whole ms').positive('drainCap must be > 0').default(DRAIN_CAP),
});

/**
 * What a report ranks the models by, in order (default: correctness, then latency): windows the model got
 * wrong (not those the input's end left open) and duplicates; median or p99 event-time latency; results lost
 * or duplicated by a fault, then downtime.
 */
export const RANK_CRITERIA = ['correctness', 'latency', 'tail-latency', 'recovery'] as const;
export type RankCriterion = (typeof RANK_CRITERIA)[number];
const rankSchema = z
  .array(z.enum(RANK_CRITERIA, { error: `a rank criterion must be one of ${RANK_CRITERIA.join(', ')}` }))
  .min(1, 'rank needs at least one criterion')
  .refine((r) => new Set(r).size === r.length, 'rank names a criterion twice');

const fileSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'name must be kebab-case (a-z, 0-9, -)'),
  title: z.string().min(1),
  question: z.string().min(1),
  workload: z.unknown(),
  job: z.unknown(),
  engines: z
    .array(z.record(z.string(), z.unknown()), { error: 'engines must be an array of objects' })
    .min(1, 'no engine entries: list at least one, e.g. [{"kind": "event"}]'),
  checkpoint: checkpointSchema.optional(),
  sink: sinkSchema.optional(),
  faults: z.array(faultSchema).optional(),
  run: runSchema.default({ mode: 'simulated', pace: 'rate', warmup: 0.1, drainCap: DRAIN_CAP }),
  rank: rankSchema.optional(),
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
  job: ScenarioJob | null;
  /** Why the engine cannot run, known at load time (an unregistered kind, a checkpoint Storm cannot take, …). */
  unsupported?: string;
  /** The scenario's faults, in time order (the same for every entry). */
  faults: ScenarioFault[];
  /** The delivery settings this entry asked for (after per-engine overrides), as written. */
  delivery: { checkpoint?: CheckpointSpec; sink?: EntrySink };
  /** How the settings map onto this model where they do not apply as written (e.g. Spark checkpoints every batch). */
  notes: string[];
}

export interface Scenario {
  name: string;
  title: string;
  question: string;
  workload: Workload;
  /** A windowed aggregation, a stream join (`job.join` with a `kind`: stream-join.ts), or a stateless job (stateless-scenario.ts). */
  job: ScenarioJob;
  /** Stateless stages applied by the runner before every engine and the oracle. */
  steps: StatelessSteps;
  /** A stream join's streams: which records each one takes (absent for a windowed aggregation). */
  streamJoin?: StreamJoinSteps;
  engines: EngineEntry[];
  /** Scenario-level delivery settings, as given (engine entries may override them). */
  checkpoint?: CheckpointSpec;
  sink?: SinkKind;
  faults: ScenarioFault[];
  run: RunSpec;
  /** Part of the default `npm run lab` suite. */
  inLab: boolean;
  /** What reports rank the models by, when the scenario names it (RANK_CRITERIA). */
  rank?: RankCriterion[];
}

export type Mode = 'simulated' | 'real' | 'both';
export interface RunSpec {
  mode: Mode;
  pace: 'rate' | 'max';
  warmup: number;
  /** Processing time an engine may keep running after the last arrival before the run ends anyway, ms. */
  drainCap: number;
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

/**
 * A scenario as a `.ts` module exports it: the JSON shape, where the job may carry user functions in
 * `filter`, `map`, `key` and `timestamp` (user-functions.ts). Authors write `export default {…} satisfies ScenarioInput`.
 */
export type ScenarioInput = Omit<z.input<typeof fileSchema>, 'job'> & { job: ScenarioJobInput | ScenarioJoinInput | ScenarioRankInput };
export type ScenarioJobInput = Omit<z.input<typeof scenarioJobSchema>, 'filter' | 'map' | 'key' | 'timestamp'> & {
  filter?: z.input<typeof filterSchema> | UserFunctions['filter'];
  map?: z.input<typeof mapSchema> | UserFunctions['map'];
  key?: string | UserFunctions['key'];
  timestamp?: string | UserFunctions['timestamp'];
};

/**
 * Validate a scenario (a JSON value, or a module's export with user functions) and apply command-line
 * overrides; throws InputError naming the JSON path.
 */
export function parseScenario(raw: unknown, overrides: ScenarioOverrides = {}): Scenario {
  const { data, fns } = splitUserFunctions(raw);
  const file = parseWith(fileSchema, data);
  const run: RunSpec = { ...file.run, mode: overrides.mode ?? file.run.mode, pace: overrides.pace ?? file.run.pace };
  const faults = resolveFaults(file.faults ?? []);
  if (faults.length > 0 && run.mode !== 'simulated') {
    throw new InputError(
      overrides.mode !== undefined ? '--mode' : 'run.mode',
      'faults are injected on the virtual clock only: run this scenario in simulated mode',
    );
  }
  const scenarioDelivery: ScenarioDelivery = { checkpoint: file.checkpoint, sink: file.sink };

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

  let job: ScenarioJob;
  let resolve: (overrides: Record<string, unknown>, root: string) => ScenarioJob;
  const steps: StatelessSteps = {};
  let streamJoin: StreamJoinSteps | undefined;
  if (isStatelessScenarioJob(file.job)) {
    if (fns.filter || fns.map || fns.key || fns.timestamp) {
      throw new InputError('job', 'a stateless job runs its filter and map on each engine: write them as JSON ({expr}), not functions');
    }
    const parsed = parseStatelessJob(file.job, 'job', timestampOf(workload));
    job = parsed.job;
    if (parsed.join) steps.join = parsed.join;
    const statelessJob = parsed.job;
    resolve = (overrides, root) => {
      const k = Object.keys(overrides)[0];
      if (k !== undefined) throw new InputError(`${root}.${k}`, 'a stateless job has no job fields to override per engine');
      return statelessJob;
    };
  } else if (isStreamJoinJob(file.job)) {
    if (fns.filter || fns.map || fns.key || fns.timestamp) {
      throw new InputError('job', 'a join scenario takes no user functions: each stream is cut out by its declarative filter');
    }
    const parsed = parseStreamJoin(file.job, 'job', timestampOf(workload));
    job = parsed.job;
    streamJoin = parsed.steps;
    const joinJob = parsed.job;
    resolve = (overrides, root) => joinWithOverrides(joinJob, overrides, root);
  } else if (isScenarioRankJob(file.job)) {
    if (fns.key || fns.timestamp) {
      throw new InputError('job', 'a dedup, top-N or chained scenario takes no key or timestamp function: name the fields');
    }
    const parsed = parseScenarioRank(file.job, 'job', timestampOf(workload));
    job = parsed.job;
    Object.assign(steps, parsed.steps);
    if (fns.filter) steps.filter = fns.filter;
    if (fns.map) steps.map = fns.map;
    resolve = parsed.resolve;
  } else {
    const jobRaw = parseWith(scenarioJobSchema, file.job, 'job');
    const { filter, join, map, ...jobRest } = jobRaw;
    checkExpressions(filter, map, 'job');
    if (join && typeof join.on === 'object') exprFn(join.on.expr, 'job.join.on.expr');
    const keep = fns.filter ?? filter;
    if (keep) steps.filter = keep;
    if (join) steps.join = join;
    const project = fns.map ?? map;
    if (project) steps.map = project;
    // A key / timestamp function writes its value into a field of its own, which the job then names.
    if (fns.key) {
      steps.key = fns.key;
      jobRest.key = USER_KEY_FIELD;
    }
    if (fns.timestamp) {
      steps.timestamp = fns.timestamp;
      jobRest.timestamp = USER_TIMESTAMP_FIELD;
    }
    job = resolveJob(jobRest, 'job', workload);
    resolve = (overrides, root) => resolveJob({ ...jobRest, ...overrides } as JobRest, root, workload);
  }

  let entries = file.engines.map((e, i) => parseEntry(e, i, resolve, scenarioDelivery, faults));
  checkFaultCombinations(faults, entries);
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
    ...(streamJoin ? { streamJoin } : {}),
    engines: entries,
    faults,
    run,
    inLab: file.default,
  };
  if (file.checkpoint) scenario.checkpoint = file.checkpoint;
  if (file.sink) scenario.sink = file.sink;
  if (file.rank) scenario.rank = file.rank;
  return scenario;
}

/** The windowed aggregation of a scenario or engine entry (views that read windows); a stream join or rank job is refused. */
export function aggregationOf(job: ScenarioJob): Job {
  if (isJoinJob(job)) throw new InputError('job.join', 'this reads windowed aggregations, not stream joins');
  if (isStatelessJob(job)) throw new InputError('job.stateless', 'this reads windowed aggregations, not stateless jobs');
  const rank = rankKind(job);
  if (rank !== null) throw new InputError(`job.${rank}`, 'this reads windowed aggregations, not dedup, top-N or chained jobs');
  return job as Job;
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

interface ScenarioDelivery {
  checkpoint: CheckpointSpec | undefined;
  sink: SinkKind | undefined;
}

function claimedBy(kind: unknown, field: string, value: unknown): boolean {
  return typeof kind === 'string' && engineModule(kind)?.claims?.(field, value) === true;
}

function parseEntry(
  raw: Record<string, unknown>,
  i: number,
  resolve: (overrides: Record<string, unknown>, root: string) => ScenarioJob,
  scenario: ScenarioDelivery,
  faults: ScenarioFault[],
): EngineEntry {
  const root = `engines[${i}]`;
  const metaRaw: Record<string, unknown> = {};
  const overrides: Record<string, unknown> = {};
  const options: Record<string, unknown> = {};
  let checkpointOverride: z.infer<typeof checkpointOverrideSchema> | undefined;
  let sinkOverride: EntrySink | undefined;
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'kind' || k === 'id') metaRaw[k] = v;
    else if (k === 'checkpoint') checkpointOverride = parseWith(checkpointOverrideSchema, v, `${root}.checkpoint`);
    else if (k === 'sink') sinkOverride = parseWith(entrySinkSchema, v, `${root}.sink`);
    // A field that is both a job field and the engine's option (`trigger`: Flink's default | purging, and
    // Spark's processingTime | once | availableNow) is the engine's where its module claims it.
    else if (claimedBy(raw.kind, k, v)) options[k] = v;
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
  const job = resolve(overrides, root);

  // Delivery settings: the entry's own over the scenario's.
  const delivery: EngineEntry['delivery'] = {};
  if (checkpointOverride || scenario.checkpoint) {
    const interval = checkpointOverride?.interval ?? scenario.checkpoint?.interval;
    if (interval === undefined)
      throw new InputError(`${root}.checkpoint.interval`, 'interval is required (the scenario sets no checkpoint)');
    delivery.checkpoint = { interval, mode: checkpointOverride?.mode ?? scenario.checkpoint?.mode ?? 'exactly-once' };
  }
  const sink = sinkOverride ?? scenario.sink;
  if (sink) delivery.sink = sink;
  const sinkPath = sinkOverride ? `${root}.sink` : 'sink';
  // A job with a file sink writes through it (each model's own, Nexmark q10): another sink setting would be ignored.
  if (sink && job !== null && isStatelessJob(job) && job.files)
    throw new InputError(
      sinkPath,
      'the job writes through its file sink (job.files, each model its own): a sink setting does not apply; drop it',
    );

  const mod = engineModule(kind);
  const common = { id, kind, overrides, job, faults, delivery, notes: [] as string[] };
  if (!mod) return { ...common, options: { kind, ...options }, job: null, unsupported: `the ${kind} engine is not built yet` };
  const own = { checkpoint: checkpointOverride !== undefined, sink: sinkOverride !== undefined };
  const mapped = mod.mapDelivery({ ...delivery, own, sinkPath }, options);
  let parsed = parseWith(mod.options, { kind, ...mapped.options }, root) as Record<string, unknown>;
  if (mod.asRun) {
    try {
      parsed = mod.asRun(parsed, root);
    } catch (e) {
      // A refused combination stays as written: the entry becomes a "not supported" row when it is created.
      if (!(e instanceof RefusedError)) throw e;
    }
  }
  for (const what of mapped.notApplicable ?? []) delete delivery[what];
  const entry: EngineEntry = { ...common, options: parsed, notes: [...mapped.notes] };
  if (mapped.unsupported) entry.unsupported = mapped.unsupported;
  return entry;
}

/** Faults in time order, each with exactly the fields of its kind; a fault inside a crash's downtime is refused. */
function resolveFaults(raw: ReadonlyArray<z.infer<typeof faultSchema>>): ScenarioFault[] {
  const out: ScenarioFault[] = [];
  raw.forEach((f, i) => {
    const root = `faults[${i}]`;
    const only = (field: 'downtime' | 'cost' | 'duration', allowed: string) => {
      if (f[field] !== undefined) throw new InputError(`${root}.${field}`, `${field} applies to ${allowed} only, not ${f.kind}`);
    };
    const prev = out[out.length - 1];
    if (prev) {
      if (f.at <= prev.at)
        throw new InputError(`${root}.at`, `faults must be in increasing time order (faults[${i - 1}] is at ${prev.at})`);
      if (prev.kind === 'crash' && f.at < prev.at + prev.downtime) {
        throw new InputError(`${root}.at`, `falls inside the downtime of faults[${i - 1}] (down until ${prev.at + prev.downtime})`);
      }
    }
    switch (f.kind) {
      case 'crash':
        only('cost', 'slow-task');
        only('duration', 'slow-task');
        out.push({ at: f.at, kind: 'crash', downtime: f.downtime ?? 0 });
        return;
      case 'slow-task':
        only('downtime', 'a crash (the other kinds restart at once)');
        if (f.cost === undefined) throw new InputError(`${root}.cost`, 'slow-task needs cost: ms of processing time per record');
        if (f.duration === undefined)
          throw new InputError(`${root}.duration`, 'slow-task needs duration: how long the task stays slow, ms');
        out.push({ at: f.at, kind: 'slow-task', cost: f.cost, duration: f.duration });
        return;
      case 'crash-during-checkpoint':
      case 'crash-before-commit':
        only('downtime', 'a crash (the other kinds restart at once)');
        only('cost', 'slow-task');
        only('duration', 'slow-task');
        out.push({ at: f.at, kind: f.kind });
        return;
    }
  });
  return out;
}

/** Faults no engine entry can model: a checkpoint to crash in, a commit to crash before (the modules say which can). */
function checkFaultCombinations(faults: readonly ScenarioFault[], entries: readonly EngineEntry[]): void {
  faults.forEach((f, i) => {
    const anyCan = entries.some((e) => {
      const mod = engineModule(e.kind);
      if (!mod || e.unsupported !== undefined) return false;
      try {
        return mod.facts(e.options, e.job ?? undefined).faultProblem(f.kind) === null;
      } catch (err) {
        if (err instanceof RefusedError) return false; // a refused combination: the entry will not run
        throw err;
      }
    });
    if (anyCan) return;
    if (f.kind === 'crash-during-checkpoint') {
      throw new InputError(
        `faults[${i}].kind`,
        'crash-during-checkpoint needs checkpointing: set checkpoint on the scenario or an engine entry',
      );
    }
    if (f.kind === 'crash-before-commit') {
      throw new InputError(
        `faults[${i}].kind`,
        'crash-before-commit crashes between a sink write and its commit: it needs sink "transactional" (2PC) on the scenario or an engine entry, or a microbatch entry (commits/N)',
      );
    }
  });
}
