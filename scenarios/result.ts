// `result.json`, schema 1 (SCENARIOS.md "Result file"): built from a ScenarioRun (simulated or real),
// validated with zod on write and on read. Everything but `environment` is a pure function of scenario + seed, so two runs
// of the same scenario give byte-identical files once `environment` is removed.
import { z } from 'zod';
import { InputError } from '../engines/core/errors.ts';
import { parseWith } from '../engines/core/validate.ts';
import { causes, correctness, endInclusiveOracle, WINDOW_CLOSURE } from './correctness.ts';
import {
  batchTimes,
  emissionSample,
  eventSample,
  latency,
  latencyInput,
  latencySeries,
  measured,
  realThroughput,
  series,
  throughput,
} from './metrics.ts';
import type { ScenarioRun } from './runner.ts';
import type { Scenario } from './scenario.ts';
import { WindowIndex } from './window-index.ts';

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
  recovery: z.strictObject({
    faults: z.int(),
    downtimeMs: z.number(),
    recoveryMs: z.number(),
    replayed: z.int(),
    lost: z.int(),
    duplicated: z.int(),
  }),
  /** Charts: per-second counts; watermark after each step (only changes); a sample of the first emissions; markers. */
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
  }),
});

const unsupportedSchema = z.strictObject({
  id: z.string(),
  kind: z.string(),
  status: z.string().startsWith('not supported: '),
  config: z.record(z.string(), z.unknown()),
});

export const resultSchema = z.strictObject({
  schema: z.literal(RESULT_SCHEMA),
  scenario: z.record(z.string(), z.unknown()),
  environment: z.strictObject({
    node: z.string(),
    commit: z.string().nullable(),
    startedAt: z.string(),
    mode: z.enum(['simulated', 'real']),
  }),
  oracle: z.strictObject({ results: z.int().nonnegative() }),
  input: z.strictObject({ events: z.int().nonnegative(), accepted: z.int().nonnegative() }),
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
 * Assemble the result of a run; validated before it is returned. Correctness always uses every
 * emission; in real mode throughput and latency count only what came after warm-up.
 */
export function buildResult(scenario: Scenario, run: ScenarioRun, environment: Environment): Result {
  const engines = run.engines.map((r): EngineResult => {
    const config = { ...r.entry.options, ...r.entry.overrides };
    if (!r.supported) return { id: r.entry.id, kind: r.entry.kind, status: `not supported: ${r.reason}`, config };
    const job = r.entry.job ?? scenario.job;
    const index = new WindowIndex(job, latencyInput(run.input, r.real));
    const counted = measured(r.emissions, r.real);
    const closed = WINDOW_CLOSURE[r.entry.kind] === 'end-inclusive' ? endInclusiveOracle(job, run.input) : null;
    return {
      id: r.entry.id,
      kind: r.entry.kind,
      status: 'ok',
      config,
      throughput: r.real ? realThroughput(r.real, r.emissions) : throughput(run.log.events, r.emissions, r.endTime),
      latency: latency(job, counted, index),
      correctness: correctness(job, run.oracle, r.emissions, closed, r.endTime),
      recovery: { faults: 0, downtimeMs: 0, recoveryMs: 0, replayed: 0, lost: 0, duplicated: 0 },
      series: {
        perSecond: series(run.log.events, r.emissions),
        watermark: r.watermarks,
        emissions: emissionSample(r.emissions),
        emissionCount: r.emissions.filter((e) => e.emission.output === 'main').length,
        latency: latencySeries(job, counted, index),
        batches: r.entry.kind === 'microbatch' ? batchTimes(r.emissions) : [],
        faults: [],
        checkpoints: [],
      },
    };
  });
  const result: Result = {
    schema: RESULT_SCHEMA,
    scenario: JSON.parse(JSON.stringify(scenarioAsRun(scenario))) as Record<string, unknown>,
    environment,
    oracle: { results: run.oracle.length },
    input: { events: run.log.events.length, accepted: run.input.length },
    events: eventSample(run.log.events),
    engines,
  };
  if (run.interrupted) result.interrupted = true;
  return validateResult(result, 'result');
}

/** The scenario with defaults filled in, as recorded in the result. */
function scenarioAsRun(s: Scenario): Record<string, unknown> {
  return {
    name: s.name,
    title: s.title,
    question: s.question,
    workload: s.workload,
    job: { ...s.job, ...s.steps },
    engines: s.engines.map((e) => ({ id: e.id, ...e.options, ...e.overrides })),
    run: s.run,
    default: s.inLab,
  };
}

/** Validate a result object (on write, and on read of a file); errors name the JSON path. */
export function validateResult(value: unknown, root = ''): Result {
  const r = parseWith(resultSchema, value, root);
  return r;
}

/** The result as written to disk: 2-space JSON with a final newline. */
export function serializeResult(r: Result): string {
  return `${JSON.stringify(validateResult(r, 'result'), null, 2)}\n`;
}

/** Parse and validate the text of a result.json. */
export function readResult(text: string, file = 'result.json'): Result {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, `not valid JSON: ${(e as Error).message}`);
  }
  return validateResult(value, file);
}
