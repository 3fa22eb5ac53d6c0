// `result.json`, schema 1 (SCENARIOS.md "Result file"): built from a ScenarioRun (simulated or real),
// validated with zod on write and on read. Everything but `environment` is a pure function of scenario + seed, so two runs
// of the same scenario give byte-identical files once `environment` is removed.

import { z } from 'zod';
import { InputError } from '../engines/core/errors.ts';
import { isJoinJob } from '../engines/core/join-job.ts';
import { isRankJob } from '../engines/core/rank-job.ts';
import { isStatelessJob } from '../engines/core/stateless-job.ts';
import { parseWith } from '../engines/core/validate.ts';
import { engineModule } from '../engines/registry.ts';
import { disorderOf, disorderSchema, lateSchema, windowResultsSchema } from './chart-series.ts';
import { causes } from './correctness.ts';
import { measuredResult, RunContext } from './engine-result.ts';
import { filesBlock, filesBlockSchema, filesDir } from './files-result.ts';
import { JOIN_DIFFERENCES, joinCauses, joinMeasuredResult } from './join-result.ts';
import { MAX_JSON_DEPTH, tooDeep } from './json-depth.ts';
import { eventSample } from './metrics.ts';
import { RANK_DIFFERENCES, rankCauses, rankMeasuredResult } from './rank-result.ts';
import { modelOf, modelSchema } from './result-model.ts';
import { runWarnings } from './run-warnings.ts';
import { HELD_POINTS, type ScenarioRun } from './runner.ts';
import type { Scenario } from './scenario.ts';
import { STATELESS_DIFFERENCES, statelessMeasuredResult } from './stateless-result.ts';
import { describeSteps } from './stateless-steps.ts';
import { streamJoinAsRun } from './stream-join.ts';

export const RESULT_SCHEMA = 1;

const percentilesSchema = z.strictObject({
  count: z.int().nonnegative(),
  p50: z.number(),
  p75: z.number(),
  p95: z.number(),
  p99: z.number(),
  p999: z.number(),
  max: z.number(),
  negative: z.int().nonnegative(),
  /** The lowest value, present only when some were below 0 (those count as 0 in the percentiles). */
  min: z.number().optional(),
});
const windowSchema = z.strictObject({ start: z.number(), end: z.number() }).nullable();

const supportedSchema = z.strictObject({
  id: z.string(),
  kind: z.string(),
  status: z.literal('ok'),
  config: z.record(z.string(), z.unknown()),
  throughput: z.strictObject({
    inputPerSec: z.number(),
    outputPerSec: z.number(),
    perCpuSec: z.number().nullable(),
    perCpuSecWithDrain: z.number().nullable().optional(),
    spanMs: z.number(),
  }),
  latency: z.strictObject({ eventTime: percentilesSchema, windowEnd: percentilesSchema, processingTime: percentilesSchema }),
  correctness: z.strictObject({
    windows: z.int().nonnegative(),
    exact: z.int().nonnegative(),
    wrong: z.int().nonnegative(),
    missing: z.int().nonnegative(),
    extra: z.int().nonnegative(),
    duplicates: z.int().nonnegative(),
    updates: z.int().nonnegative(),
    lateDropped: z.int().nonnegative(),
    lateSideOutput: z.int().nonnegative(),
    causes: z.partialRecord(z.enum(causes), z.int().nonnegative()),
    differences: z.array(
      z.strictObject({
        kind: z.enum(['wrong', 'missing', 'extra']),
        key: z.unknown(),
        window: windowSchema,
        expected: z.unknown(),
        actual: z.unknown(),
        cause: z.enum(causes),
      }),
    ),
  }),
  /**
   * Recovery (SCENARIOS.md; metrics.ts `recoveryTimes`). `faults`: faults injected. `downtimeMs`: longest
   * stretch without a result around a fault. `recoveryMs`: fault → per-second event-time p99 back within
   * max(10 %, 1 s) of its highest pre-fault level. `replayed`: records re-processed (event: recovery log;
   * tuple: spout replays; microbatch: rows of re-run batches). `lost`: windows missing or short because
   * their records were in the job at a crash (cause `lost-on-crash`). `duplicated`: identical re-emissions
   * after a restart (cause `replayed-duplicate`). Only with faults: `windowsWrong`, final results wrong,
   * missing or extra because of a fault. Only with checkpoints: their count, mean and max duration
   * (trigger → complete, ms of processing time) and mean size (bytes of the encoded checkpoint).
   */
  recovery: z.strictObject({
    faults: z.int(),
    downtimeMs: z.number(),
    recoveryMs: z.number(),
    replayed: z.int(),
    lost: z.int(),
    duplicated: z.int(),
    windowsWrong: z.int().nonnegative().optional(),
    checkpoints: z
      .strictObject({
        count: z.int().nonnegative(),
        meanDurationMs: z.number().nonnegative(),
        maxDurationMs: z.number().nonnegative(),
        meanBytes: z.number().nonnegative(),
      })
      .optional(),
  }),
  /** How the scenario's checkpoint/sink map onto this model where they do not apply as written (absent when none). */
  notes: z.array(z.string()).optional(),
  /**
   * Charts: per-second counts; watermark after each step (only changes); a sample of the first emissions; markers.
   * Markers for the recovery timeline: `faults` — the time of each fault (ms); `checkpoints` — the completion
   * time of each checkpoint (ms). Details, present only when there are faults or checkpoints:
   * `faultEvents` {t, kind, until: back at (crash: t + downtime)}, `restarts` {t: running again, fromCheckpoint
   * (null: none), replayed}, `checkpointStats` {t: completed, duration: ms since triggered, bytes}.
   */
  series: z.strictObject({
    perSecond: z.array(z.strictObject({ t: z.number(), input: z.int(), output: z.int() })),
    watermark: z.array(z.strictObject({ t: z.number(), wm: z.number() })),
    emissions: z.array(z.strictObject({ t: z.number(), key: z.unknown(), window: windowSchema, value: z.unknown() })),
    /** Main emissions in total (the `emissions` sample holds at most the first 2,000). */
    emissionCount: z.int().nonnegative(),
    latency: z.array(z.strictObject({ t: z.number(), p50: z.number(), p99: z.number(), max: z.number() })),
    /** Processing times at which results became visible (micro-batch boundaries for the microbatch model). */
    batches: z.array(z.number()),
    faults: z.array(z.number()),
    checkpoints: z.array(z.number()),
    faultEvents: z
      .array(
        z.strictObject({
          t: z.number(),
          kind: z.enum(['crash', 'crash-during-checkpoint', 'crash-before-commit', 'slow-task']),
          until: z.number(),
        }),
      )
      .optional(),
    restarts: z.array(z.strictObject({ t: z.number(), fromCheckpoint: z.int().nullable(), replayed: z.int().nonnegative() })).optional(),
    checkpointStats: z.array(z.strictObject({ t: z.number(), duration: z.number(), bytes: z.int().nonnegative() })).optional(),
    /**
     * Present when a long run's series were merged to at most 1,000 points (series-bounds.ts): each
     * `perSecond` and `latency` point covers `bucketMs` ms from its `t` (counts as per-second means,
     * latency as the worst second), `watermark` keeps the last value in each.
     */
    bucketMs: z.int().positive().optional(),
    /** chart-series.ts: an even sample of dropped / side-output records; results per (emit time, window). */
    late: lateSchema.optional(),
    windowResults: windowResultsSchema.optional(),
  }),
  /**
   * A stream join only (issue 18; join-result.ts): the engine's pairs against the join oracle's, as a
   * multiset — oracle `pairs` (under this model's windows), `emitted`, `matched`, `missing`, `extra`;
   * `repeats`: emitted pairs repeating a (left, right) in another window (sliding windows E1/E6, DStream
   * windows E5); `outerRows`: NULL-padded rows emitted; `causes` of the differences; `latency`: emit time −
   * the later side's arrival per pair, `outerLatency` the same for the NULL-padded rows alone; the first
   * JOIN_DIFFERENCES `differences`. Then `correctness` counts
   * pairs as its "windows" (exact = matched).
   */
  join: z
    .strictObject({
      pairs: z.int().nonnegative(),
      emitted: z.int().nonnegative(),
      matched: z.int().nonnegative(),
      missing: z.int().nonnegative(),
      extra: z.int().nonnegative(),
      repeats: z.int().nonnegative(),
      outerRows: z.int().nonnegative(),
      causes: z.partialRecord(z.enum(joinCauses), z.int().nonnegative()),
      latency: percentilesSchema,
      outerLatency: percentilesSchema,
      differences: z
        .array(
          z.strictObject({
            kind: z.enum(['missing', 'extra']),
            key: z.unknown(),
            window: windowSchema,
            left: z.record(z.string(), z.unknown()).nullable(),
            right: z.record(z.string(), z.unknown()).nullable(),
            cause: z.enum(joinCauses),
          }),
        )
        .max(JOIN_DIFFERENCES),
      /** Records each side held at processing time `t`, sampled (simulated runs; at most HELD_POINTS). */
      held: z
        .array(z.strictObject({ t: z.number(), left: z.int().nonnegative(), right: z.int().nonnegative() }))
        .max(HELD_POINTS)
        .optional(),
    })
    .optional(),
  /**
   * A stateless job only (issue 18; stateless-result.ts): the engine's records against the filtered, mapped
   * input as a multiset — `records` in the ground truth, `emitted`, `matched`, `missing`, `extra`,
   * `duplicates` (extra copies of expected records), their `causes`, the first STATELESS_DIFFERENCES
   * `differences`. Then `correctness` counts records as its "windows" (exact = matched).
   */
  stateless: z
    .strictObject({
      records: z.int().nonnegative(),
      emitted: z.int().nonnegative(),
      matched: z.int().nonnegative(),
      missing: z.int().nonnegative(),
      extra: z.int().nonnegative(),
      duplicates: z.int().nonnegative(),
      causes: z.partialRecord(z.enum(causes), z.int().nonnegative()),
      differences: z
        .array(z.strictObject({ kind: z.enum(['missing', 'extra']), record: z.record(z.string(), z.unknown()), cause: z.enum(causes) }))
        .max(STATELESS_DIFFERENCES),
    })
    .optional(),
  /**
   * A stateless job with `job.files` (Nexmark q10; files-result.ts): the table the file sink left, read as
   * that system's reader reads it, rows visible vs the ground truth, hidden rows, partitions committed.
   */
  files: filesBlockSchema.optional(),
  /**
   * A dedup, top-N or chained job only (issue 18; rank-result.ts): the rows its output ends with against the
   * rank oracle's, as a multiset — `construct`; oracle `rows`; `emitted` main emissions (changelog rows
   * included); `final` rows of the output's final state (a changelog's per window); `exact`, `missing`,
   * `extra`; `retracted` `-U`/`-D` rows; `causes`; `latency`: emit time − the arrival of each final row's
   * record (a chained result: − its window's end); the first RANK_DIFFERENCES `differences`. Then
   * `correctness` counts rows as its "windows" (exact = exact, updates = retracted).
   */
  rank: z
    .strictObject({
      construct: z.enum(['dedup', 'topN', 'perWindow', 'groupBy', 'joinRecords']),
      rows: z.int().nonnegative(),
      emitted: z.int().nonnegative(),
      final: z.int().nonnegative(),
      exact: z.int().nonnegative(),
      missing: z.int().nonnegative(),
      extra: z.int().nonnegative(),
      retracted: z.int().nonnegative(),
      /** Retractions of rows the output did not hold (a changelog replayed after a restart); absent when none. */
      strayRetractions: z.int().positive().optional(),
      causes: z.partialRecord(z.enum(rankCauses), z.int().nonnegative()),
      latency: percentilesSchema,
      differences: z
        .array(
          z.strictObject({
            kind: z.enum(['missing', 'extra']),
            key: z.unknown(),
            window: windowSchema,
            rank: z.int().positive().nullable(),
            row: z.record(z.string(), z.unknown()).nullable(),
            value: z.unknown(),
            cause: z.enum(rankCauses),
          }),
        )
        .max(RANK_DIFFERENCES),
    })
    .optional(),
  /** Peak entries of managed state during the run (null: the engine does not report it — Storm core keeps none). */
  resources: z.strictObject({ peakStateEntries: z.int().nonnegative().nullable() }).optional(),
  /** The model's facts under this entry's options (engines/engine-module.ts ModelFacts): what reports explain by. */
  model: modelSchema.optional(),
  /**
   * How the run ended (SCENARIOS.md "How a run ends"): the last arrival; when the engine was quiet after it
   * (null: still busy at `lastArrival + run.drainCap`, `capped`); the watermark that had closed windows then.
   */
  ended: z
    .strictObject({ lastArrival: z.number(), quietAt: z.number().nullable(), capped: z.boolean(), finalWatermark: z.number().nullable() })
    .optional(),
});

const unsupportedSchema = z.strictObject({
  id: z.string(),
  kind: z.string(),
  status: z.string().startsWith('not supported: '),
  config: z.record(z.string(), z.unknown()),
  /** The model the entry asked for, so a report can name the system that refused (absent: no such engine). */
  model: modelSchema.optional(),
  notes: z.array(z.string()).optional(),
});

export const resultSchema = z.strictObject({
  schema: z.literal(RESULT_SCHEMA),
  scenario: z.record(z.string(), z.unknown()),
  environment: z.strictObject({
    node: z.string(),
    commit: z.string().nullable(),
    startedAt: z.string(),
    mode: z.enum(['simulated', 'real']),
    /** Peak JS heap per engine id, sampled during its run: this machine's figure, so it lives here. */
    peakHeapBytes: z.record(z.string(), z.int().nonnegative()).optional(),
  }),
  oracle: z.strictObject({ results: z.int().nonnegative() }),
  input: z.strictObject({
    events: z.int().nonnegative(),
    accepted: z.int().nonnegative(),
    /**
     * A file replay (replay-clock.ts): how rows arrived (`own-clock`, `rate`, `arrival-column`) and the
     * mapping of processing time t (ms from the start, every `t` in series) to event time `origin + t · speed`.
     */
    clock: z
      .strictObject({ pacing: z.enum(['own-clock', 'rate', 'arrival-column']), origin: z.number(), speed: z.number().positive() })
      .optional(),
    /** chart-series.ts: records behind the newest event time before them, and the most any trailed it (ms). */
    disorder: disorderSchema.optional(),
  }),
  /** What the run told the user on stderr: timestamps that look like another unit, latencies below zero, … */
  warnings: z.array(z.string()).optional(),
  /** Up to 5,000 evenly sampled log events, for the event-time vs arrival-time chart (figures use every event). */
  events: z.array(z.strictObject({ arrival: z.number(), eventTime: z.number() })).max(5000),
  engines: z.array(z.union([supportedSchema, unsupportedSchema])),
  /** Present when the run was stopped (Ctrl-C): `engines` holds the entries that finished. */
  interrupted: z.literal(true).optional(),
});

export type Result = z.infer<typeof resultSchema>;
export type EngineResult = Result['engines'][number];
export type Environment = Result['environment'];

/**
 * Assemble the result of a run; validated (once) before it is returned. Correctness always uses every
 * emission; in real mode throughput and latency count only what came after warm-up. `ctx`: what the run's
 * engines share (a bench passes its own to time the end-inclusive oracle apart).
 */
export function buildResult(scenario: Scenario, run: ScenarioRun, environment: Environment, ctx = new RunContext(run)): Result {
  const engines = run.engines.map((r): EngineResult => {
    const config = { ...r.entry.options, ...r.entry.overrides };
    const notes = r.entry.notes.length > 0 ? { notes: r.entry.notes } : {};
    if (!r.supported) {
      // An entry without a job never reached its module (no such engine): its options are not that model's.
      const mod = engineModule(r.entry.kind);
      const model = mod && r.entry.job !== null ? { model: modelOf(mod.facts(r.entry.options)) } : {};
      return { id: r.entry.id, kind: r.entry.kind, status: `not supported: ${r.reason}`, config, ...model, ...notes };
    }
    const job = r.entry.job ?? scenario.job;
    const m = isJoinJob(job)
      ? job.topN || job.groupBy
        ? rankMeasuredResult(run, r, job, scenario.job)
        : joinMeasuredResult(run, r, job)
      : isStatelessJob(job)
        ? statelessMeasuredResult(run, r, job.files)
        : isRankJob(job)
          ? rankMeasuredResult(run, r, job, scenario.job)
          : measuredResult(scenario, ctx, r);
    const facts = m.facts;
    return {
      id: r.entry.id,
      kind: r.entry.kind,
      status: 'ok',
      config,
      throughput: m.throughput,
      latency: m.latency,
      correctness: m.correctness,
      ...('join' in m ? { join: m.join } : {}),
      ...('stateless' in m ? { stateless: m.stateless } : {}),
      ...(r.files && isStatelessJob(job) && job.files
        ? {
            files: filesBlock(
              r.files,
              job.files,
              (run.outputs ?? []).map((o) => o.record),
              filesDir(r.entry.id),
            ),
          }
        : {}),
      ...('rank' in m ? { rank: m.rank } : {}),
      recovery: m.recovery,
      ...(r.resources ? { resources: { peakStateEntries: r.resources.peakStateEntries } } : {}),
      model: modelOf(facts),
      ended: { ...r.ended, finalWatermark: r.finalWatermark },
      ...notes,
      series: m.series,
    };
  });
  const result: Result = {
    schema: RESULT_SCHEMA,
    scenario: JSON.parse(JSON.stringify(scenarioAsRun(scenario))) as Record<string, unknown>,
    environment: withPeakHeap(environment, run),
    oracle: { results: run.pairs?.length ?? run.outputs?.length ?? run.rows?.length ?? run.oracle.length },
    input: {
      events: run.log.size,
      accepted: run.input.size,
      ...(run.log.clock ? { clock: run.log.clock } : {}),
      disorder: disorderOf(run.input),
    },
    events: eventSample(run.log.arrival, run.log.eventTime),
    engines,
  };
  const warnings = runWarnings(run.log, engines, run.mode === 'real' && scenario.run.pace === 'max');
  if (warnings.length > 0) result.warnings = warnings;
  if (run.interrupted) result.interrupted = true;
  return validateResult(result, 'result');
}

/** The environment block plus each engine's peak heap (machine-dependent, so kept out of the figures). */
function withPeakHeap(environment: Environment, run: ScenarioRun): Environment {
  const peaks: Record<string, number> = {};
  for (const r of run.engines) if (r.supported && r.resources) peaks[r.entry.id] = r.resources.peakHeapBytes;
  return Object.keys(peaks).length > 0 ? { ...environment, peakHeapBytes: peaks } : environment;
}

/** The scenario with defaults filled in, as recorded in the result. */
export function scenarioAsRun(s: Scenario): Record<string, unknown> {
  return {
    name: s.name,
    title: s.title,
    question: s.question,
    workload: s.workload,
    job: s.streamJoin
      ? streamJoinAsRun(s.job, s.streamJoin)
      : isStatelessJob(s.job)
        ? {
            stateless: true,
            ...s.job.stateless,
            ...describeSteps(s.steps),
            timestamp: s.job.timestamp,
            ...(s.job.watermark !== undefined ? { watermark: s.job.watermark } : {}),
            ...(s.job.files ? { files: s.job.files } : {}),
          }
        : { ...s.job, ...describeSteps(s.steps) },
    engines: s.engines.map((e) => ({ id: e.id, ...e.options, ...e.overrides })),
    ...(s.checkpoint ? { checkpoint: s.checkpoint } : {}),
    ...(s.sink ? { sink: s.sink } : {}),
    ...(s.faults.length > 0 ? { faults: s.faults } : {}),
    run: s.run,
    ...(s.rank ? { rank: s.rank } : {}),
    default: s.inLab,
  };
}

/** Results this process validated (built or read), so writing one does not validate it again. */
const validated = new WeakSet<object>();

/** Validate a result object (on write, and on read of a file); errors name the JSON path. */
export function validateResult(value: unknown, root = ''): Result {
  if (typeof value === 'object' && value !== null && validated.has(value)) return value as Result;
  const r = parseWith(resultSchema, value, root);
  validated.add(r);
  return r;
}

/** The result as written to disk: 2-space JSON with a final newline (validated, once per object). */
export function serializeResult(r: Result): string {
  return `${JSON.stringify(validateResult(r, 'result'), null, 2)}\n`;
}

/** Parse and validate the text of a result.json; a file that is some other JSON says what it looks like. */
export function readResult(text: string, file = 'result.json'): Result {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, `not valid JSON: ${(e as Error).message}`);
  }
  if (tooDeep(value)) throw new InputError(file, `not a streamlab result.json: nested more than ${MAX_JSON_DEPTH} levels deep`);
  const o = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  if (o === null || !('schema' in o)) {
    const looks =
      o && 'workload' in o && 'job' in o
        ? ' (it looks like a scenario: run it with `streamlab run`)'
        : o && 'steps' in o
          ? ' (it looks like a trace: run it with `streamlab trace`)'
          : '';
    throw new InputError(file, `not a streamlab result.json: no "schema" field${looks}`);
  }
  if (o.schema !== RESULT_SCHEMA) {
    throw new InputError(`${file}.schema`, `result schema ${JSON.stringify(o.schema)} is not one this version reads (${RESULT_SCHEMA})`);
  }
  return validateResult(value, file);
}
