// Trace files (TRACE.md): validate, run step by step on the named engine, print, and check.
// The CLI's `streamlab trace` and the conformance test suite both call `runTrace`: one code path.
import * as z from 'zod';
import type { Rec } from './core/aggregates.ts';
import type { Emission } from './core/emission.ts';
import { type ActionName, applyAction, type StepAction, type StepEngine } from './core/engine.ts';
import { InputError, RefusedError } from './core/errors.ts';
import { checkJob, EXPLICIT_WATERMARKS_NEED_JOB, type Job, jobSchema, needsEventTime, recordProblem } from './core/job.ts';
import { type AnyJob, isJoinJob, joinRecordProblem, parseJoinJob } from './core/join-job.ts';
import { firstStage, isRankJob, parseRankJob, type RankJob, rankFields, rankKind, rankRecordProblem } from './core/rank-job.ts';
import { recordsJoinProblem } from './core/records-join.ts';
import { MIN_TIME } from './core/time.ts';
import { parseWith } from './core/validate.ts';
import { ALL_KINDS, engineModule } from './registry.ts';

const ACTIONS: readonly ActionName[] = ['add', 'watermark', 'advance', 'batch', 'checkpoint', 'restart', 'end'];

const recordSchema = z.record(z.string(), z.unknown(), { error: 'a record must be a JSON object' });
const timeSchema = z.number({ error: 'must be a number' }).finite('must be finite').int('must be a whole number of ms');

const stepSchema = z.strictObject({
  add: z.array(recordSchema, { error: 'add must be an array of records' }).optional(),
  watermark: timeSchema.optional(),
  /** With `watermark`: the input stream it arrives on (default: every input). */
  stream: z.string().min(1).optional(),
  advance: timeSchema.nonnegative('processing time starts at 0').optional(),
  batch: z.literal(true, { error: 'batch must be true' }).optional(),
  checkpoint: z.literal(true, { error: 'checkpoint must be true' }).optional(),
  restart: z.literal(true, { error: 'restart must be true' }).optional(),
  end: z.literal(true, { error: 'end must be true' }).optional(),
  expect: z.array(recordSchema).optional(),
  expectLate: z.array(recordSchema).optional(),
  expectDropped: z.number().int().nonnegative().optional(),
  expectWatermark: z.number().finite().int().nullable().optional(),
});

const traceSchema = z.strictObject({
  name: z.string({ error: 'name must be a string' }).min(1),
  description: z.string().optional(),
  source: z.string().optional(),
  engine: z.looseObject({ kind: z.string({ error: 'engine.kind must be a string' }) }),
  job: z.unknown(),
  steps: z.array(stepSchema, { error: 'steps must be an array' }),
  expectError: z.boolean().optional(),
});

export interface TraceStep {
  action: StepAction;
  actionName: ActionName;
  expect?: Rec[];
  expectLate?: Rec[];
  expectDropped?: number;
  expectWatermark?: number | null;
}

export interface Trace {
  name: string;
  description?: string;
  engine: { kind: string } & Record<string, unknown>;
  job: AnyJob;
  steps: TraceStep[];
  expectError: boolean;
}

/** The job of a windowed-aggregation trace (views that draw windows); a join trace is refused here. */
export function aggregationJob(trace: Trace): Job {
  if (isJoinJob(trace.job)) throw new InputError('job.join', 'this view draws windowed aggregations, not joins');
  const rank = rankKind(trace.job);
  if (rank !== null) throw new InputError(`job.${rank}`, 'this view draws windowed aggregations, not dedup, top-N or chained jobs');
  return trace.job as Job;
}

/** Validate a parsed trace file. Throws InputError with the JSON path on any problem. */
export function parseTrace(value: unknown): Trace {
  const raw = parseWith(traceSchema, value);
  // The job's format is told by its key: `join`, `dedup` / `topN` / `perWindow` (rank-job.ts), else a windowed aggregation.
  const rank = parseRankJob(raw.job, 'job');
  const job: AnyJob =
    rank ??
    (typeof raw.job === 'object' && raw.job !== null && 'join' in raw.job
      ? parseJoinJob(raw.job, 'job')
      : parseWith(jobSchema, raw.job, 'job'));
  if (!isJoinJob(job) && !isRankJob(job)) checkJob(job, 'job');
  const steps = raw.steps.map((s, i): TraceStep => {
    const present = ACTIONS.filter((a) => s[a] !== undefined);
    if (present.length !== 1) {
      throw new InputError(
        `steps[${i}]`,
        present.length === 0
          ? `a step needs one action (${ACTIONS.join(', ')})`
          : `a step has exactly one action, found ${present.join(' and ')}`,
      );
    }
    const name = present[0]!;
    if (s.stream !== undefined && name !== 'watermark') throw new InputError(`steps[${i}].stream`, 'only a watermark step names a stream');
    const action = (
      name === 'watermark' && s.stream !== undefined ? { watermark: s.watermark, stream: s.stream } : { [name]: s[name] }
    ) as StepAction;
    const step: TraceStep = { action, actionName: name };
    if (s.expect !== undefined) step.expect = s.expect;
    if (s.expectLate !== undefined) step.expectLate = s.expectLate;
    if (s.expectDropped !== undefined) step.expectDropped = s.expectDropped;
    if (s.expectWatermark !== undefined) step.expectWatermark = s.expectWatermark;
    return step;
  });
  // Event-time windows need a numeric timestamp on every record (DStreams ignore event time: B8).
  const dstream = raw.engine.kind === 'microbatch' && raw.engine.flavor === 'dstream';
  const needsTs = !isJoinJob(job) && !isRankJob(job) && needsEventTime(job) && !dstream;
  const streams = 'streams' in job ? job.streams : undefined;
  const explicit = streams
    ? Object.values(streams).every((st) => (st.watermark ?? job.watermark) === 'explicit')
    : job.watermark === 'explicit';
  let lastAdvance = 0;
  steps.forEach((s, i) => {
    if ('add' in s.action) {
      s.action.add.forEach((r, j) => {
        const problem = isJoinJob(job) ? joinRecordProblem(job, r) : isRankJob(job) ? rankProblem(job, r) : recordProblem(job, r, needsTs);
        if (problem) throw new InputError(`steps[${i}].add[${j}].${problem.field}`, problem.reason);
      });
    }
    if ('watermark' in s.action && !explicit) {
      throw new InputError(`steps[${i}].watermark`, EXPLICIT_WATERMARKS_NEED_JOB);
    }
    if ('advance' in s.action) {
      if (s.action.advance < lastAdvance) {
        throw new InputError(`steps[${i}].advance`, `processing time never goes backwards (was ${lastAdvance}, got ${s.action.advance})`);
      }
      lastAdvance = s.action.advance;
    }
  });
  return {
    name: raw.name,
    ...(raw.description ? { description: raw.description } : {}),
    engine: raw.engine,
    job,
    steps,
    expectError: raw.expectError ?? false,
  };
}

/** What a record lacks for a rank job: its dedup / partition / order fields and event time (a chained job: the first aggregation's). */
function rankProblem(job: RankJob, r: Rec): { field: string; reason: string } | null {
  if ('perWindow' in job) return recordProblem(firstStage(job), r, true);
  if ('joinRecords' in job) return recordsJoinProblem(job, r);
  return rankRecordProblem(rankFields(job), job.timestamp, r);
}

/** Build the trace's engine: validate its options and compile the job (refusals throw RefusedError). */
export function createTraceEngine(trace: Trace): StepEngine {
  const kind = trace.engine.kind;
  const mod = engineModule(kind);
  if (!mod) {
    if ((ALL_KINDS as readonly string[]).includes(kind)) throw new RefusedError('engine.kind', `the ${kind} engine is not built yet`);
    throw new InputError('engine.kind', `unknown engine kind "${kind}" (one of ${ALL_KINDS.join(', ')})`);
  }
  const options = parseWith(mod.options, trace.engine, 'engine') as Record<string, unknown>;
  trace.steps.forEach((s, i) => {
    const why = mod.checkStep(s.actionName, trace.job);
    if (why) throw new RefusedError(`steps[${i}]${why.path ? `.${why.path}` : ''}`, why.reason);
  });
  return mod.create(trace.job, options);
}

export interface StepResult {
  index: number;
  emissions: Emission[];
  watermark: number | null;
  failures: string[];
}

export interface TraceRun {
  steps: StepResult[];
  failures: number;
}

/** Run every step; collect emissions per step and check each expectation. */
export function runTrace(trace: Trace, onStep?: (r: StepResult) => void): TraceRun {
  const engine = createTraceEngine(trace);
  const results: StepResult[] = [];
  let failures = 0;
  trace.steps.forEach((step, index) => {
    applyAction(engine, step.action);
    const emissions = engine.drain();
    const watermark = engine.currentWatermark();
    const r: StepResult = { index, emissions, watermark, failures: checkStep(step, emissions, watermark) };
    failures += r.failures.length;
    results.push(r);
    onStep?.(r);
  });
  return { steps: results, failures };
}

/** The JSONL line of one emission (TRACE.md "Output lines"), with keys in the documented order. */
export function emissionLine(step: number, e: Emission): Record<string, unknown> {
  switch (e.output) {
    case 'main': {
      const line: Record<string, unknown> = { step, output: 'main' };
      if (e.key !== undefined) line.key = e.key;
      line.window = e.window ? { start: e.window.start, end: e.window.end } : null;
      line.value = e.value;
      line.timestamp = e.timestamp;
      return line;
    }
    case 'late':
    case 'dropped':
      return { step, output: e.output, record: e.record };
    case 'watermark':
      return { step, output: 'watermark', watermark: e.watermark };
  }
}

function checkStep(step: TraceStep, emissions: Emission[], watermark: number | null): string[] {
  const out: string[] = [];
  const main = emissions.filter((e) => e.output === 'main').map((e) => emissionLine(0, e));
  for (const m of main) {
    delete m.step;
    delete m.output;
  }
  if (step.expect !== undefined && !multisetMatches(step.expect, main)) {
    out.push(`expect\n    expected: ${fmt(step.expect)}\n    actual:   ${fmt(main)}`);
  }
  if (step.expectLate !== undefined) {
    const late = emissions.flatMap((e) => (e.output === 'late' ? [e.record] : []));
    if (!multisetMatches(step.expectLate, late)) out.push(`expectLate\n    expected: ${fmt(step.expectLate)}\n    actual:   ${fmt(late)}`);
  }
  if (step.expectDropped !== undefined) {
    const dropped = emissions.filter((e) => e.output === 'dropped').length;
    if (dropped !== step.expectDropped) out.push(`expectDropped\n    expected: ${step.expectDropped}\n    actual:   ${dropped}`);
  }
  if (step.expectWatermark !== undefined && step.expectWatermark !== watermark) {
    out.push(`expectWatermark\n    expected: ${JSON.stringify(step.expectWatermark)}\n    actual:   ${JSON.stringify(watermark)}`);
  }
  return out;
}

function fmt(xs: unknown[]): string {
  return xs.length === 0 ? '[]' : `[\n      ${xs.map((x) => JSON.stringify(x)).join(',\n      ')}\n    ]`;
}

/** Every listed field of `expected` equals the actual value (deeply); unlisted fields are ignored. */
function fieldsMatch(expected: Rec, actual: Rec): boolean {
  return Object.keys(expected).every((k) => deepEqual(expected[k], actual[k]));
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Rec)[k], (b as Rec)[k]));
}

/** Multiset match with partial fields: a perfect matching of expected to actual (backtracking; traces are small). */
export function multisetMatches(expected: readonly Rec[], actual: readonly Rec[]): boolean {
  if (expected.length !== actual.length) return false;
  const used = new Array<boolean>(actual.length).fill(false);
  const go = (i: number): boolean => {
    if (i === expected.length) return true;
    for (let j = 0; j < actual.length; j++) {
      if (!used[j] && fieldsMatch(expected[i]!, actual[j]!)) {
        used[j] = true;
        if (go(i + 1)) return true;
        used[j] = false;
      }
    }
    return false;
  };
  return go(0);
}

/** The watermark as traces print it: null while it is still Flink's MIN_VALUE. */
export function publicWatermark(wm: number): number | null {
  return wm === MIN_TIME ? null : wm;
}
