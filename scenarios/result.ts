// `result.json`, schema 1 (SCENARIOS.md "Result file"): built from a ScenarioRun, validated with zod on
// write and on read. Everything but `environment` is a pure function of scenario + seed, so two runs
// of the same scenario give byte-identical files once `environment` is removed.
import { z } from 'zod';
import { InputError } from '../engines/core/errors.ts';
import { parseWith } from '../engines/core/validate.ts';
import { correctness } from './correctness.ts';
import { latency, series, throughput } from './metrics.ts';
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
const causes = ['late-dropped', 'wrong-window', 'not-flushed', 'unexplained'] as const;

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
  series: z.strictObject({
    perSecond: z.array(z.strictObject({ t: z.number(), input: z.int(), output: z.int() })),
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
  engines: z.array(z.union([supportedSchema, unsupportedSchema])),
});

export type Result = z.infer<typeof resultSchema>;
export type EngineResult = Result['engines'][number];
export type Environment = Result['environment'];

/** Assemble the result of a simulated run; validated before it is returned. */
export function buildResult(scenario: Scenario, run: ScenarioRun, environment: Environment): Result {
  const engines = run.engines.map((r): EngineResult => {
    const config = { ...r.entry.options, ...r.entry.overrides };
    if (!r.supported) return { id: r.entry.id, kind: r.entry.kind, status: `not supported: ${r.reason}`, config };
    const job = r.entry.job ?? scenario.job;
    const index = new WindowIndex(job, run.input);
    return {
      id: r.entry.id,
      kind: r.entry.kind,
      status: 'ok',
      config,
      throughput: throughput(run.log.events, r.emissions, r.endTime),
      latency: latency(job, r.emissions, index),
      correctness: correctness(job, run.oracle, r.emissions),
      recovery: { faults: 0, downtimeMs: 0, recoveryMs: 0, replayed: 0, lost: 0, duplicated: 0 },
      series: { perSecond: series(run.log.events, r.emissions) },
    };
  });
  const result: Result = {
    schema: RESULT_SCHEMA,
    scenario: JSON.parse(JSON.stringify(scenarioAsRun(scenario))) as Record<string, unknown>,
    environment,
    oracle: { results: run.oracle.length },
    input: { events: run.log.events.length, accepted: run.input.length },
    engines,
  };
  return validateResult(result, 'result');
}

/** The scenario with defaults filled in, as recorded in the result. */
function scenarioAsRun(s: Scenario): Record<string, unknown> {
  return {
    name: s.name,
    title: s.title,
    question: s.question,
    workload: s.workload,
    job: s.filter ? { ...s.job, filter: s.filter } : s.job,
    engines: s.engines.map((e) => ({ id: e.id, ...e.options, ...e.overrides })),
    run: s.run,
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
