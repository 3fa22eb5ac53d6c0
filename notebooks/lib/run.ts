// Runs a trace file on the real engines (parseTrace + runTrace, as `streamlab trace` does) and the oracle,
// and groups the steps into moments of processing time for the stepper. Nothing here decides what an
// engine emits: every emission and watermark comes from runTrace; moments only group and stamp them.

import type { Emission } from '../../engines/core/emission.ts';
import { applyAction } from '../../engines/core/engine.ts';
import { InputError, RefusedError } from '../../engines/core/errors.ts';
import { evaluate, type OracleInput, type OracleResult } from '../../engines/oracle/oracle.ts';
import { aggregationJob, createTraceEngine, parseTrace, runTrace, type StepResult, type Trace } from '../../engines/trace.ts';
import type { Sentence } from './explain.ts';
import type { TraceFile } from './trace-builder.ts';

export type Rec = Record<string, unknown>;

/** An emission with the step, moment and processing time it came out at. */
export interface Stamped {
  step: number;
  moment: number;
  time: number;
  e: Emission;
}

/** A Spark micro-batch as the engine's recovery log records it (every committed batch is a checkpoint, B7). */
export interface BatchInfo {
  id: number;
  at: number;
  step: number;
  moment: number;
  /** Records added since the previous batch's step: the rows this batch read. */
  rows: Rec[];
  /** The watermark before the batch (the one it applies, B2) and after it (computed at its end, B3). */
  wmBefore: number | null;
  wmAfter: number | null;
}

export interface Moment {
  index: number;
  /** Processing time (ms) of the moment. */
  time: number;
  /** The end-of-input step. */
  end: boolean;
  steps: number[];
  added: Rec[];
  emissions: Stamped[];
  wmBefore: number | null;
  wmAfter: number | null;
  batches: BatchInfo[];
  /** Something visible happened: an arrival, an output, a watermark move, a batch, end of input. */
  interesting: boolean;
  /** What a notebook's own driver did at this moment besides the trace's steps (a fault, a savepoint), explained. */
  notes: Sentence[];
}

export interface RunError {
  message: string;
  path: string;
  reason: string;
  refused: boolean;
}

export interface Run {
  /** The trace file behind the run (null for a timeline a notebook observed without one, e.g. a topology). */
  file: TraceFile | null;
  kind: string;
  /** Storm windows are `(start, end]`; Flink's and Spark's `[start, end)`. */
  closure: '[)' | '(]';
  trace: Trace | null;
  steps: StepResult[];
  stepTimes: number[];
  moments: Moment[];
  oracle: OracleResult[];
  failures: number;
  batches: BatchInfo[];
  error: RunError | null;
}

export interface RunOptions {
  /** `clock`: one moment per processing time (notebook workloads); `step`: one per trace step (presets). */
  grouping?: 'clock' | 'step';
}

/** A run with nothing in it yet, for `file` (its engine kind and window closure). */
export function emptyRun(file: TraceFile | null, kind = file?.engine.kind ?? ''): Run {
  return {
    file,
    kind,
    closure: kind === 'tuple' ? '(]' : '[)',
    trace: null,
    steps: [],
    stepTimes: [],
    moments: [],
    oracle: [],
    failures: 0,
    batches: [],
    error: null,
  };
}

/** An InputError (bad input, or a job the model refuses) as a run's error; anything else is a bug and rethrown. */
export function runError(e: unknown): RunError {
  if (!(e instanceof InputError)) throw e;
  return { message: e.message, path: e.path, reason: e.reason, refused: e instanceof RefusedError };
}

/** Run `file` on its engine and on the oracle. Bad input and refusals come back as `error`, never thrown. */
export function runFile(file: TraceFile, options: RunOptions = {}): Run {
  const run = emptyRun(file);
  try {
    const trace = parseTrace(file);
    run.trace = trace;
    const result = runTrace(trace);
    run.steps = result.steps;
    run.failures = result.failures;
    run.stepTimes = clockOf(trace);
    if (run.kind === 'microbatch') run.batches = probeBatches(trace);
    run.oracle = evaluate(aggregationJob(trace), oracleInput(trace, run.stepTimes));
  } catch (e) {
    run.error = runError(e);
    return run;
  }
  run.moments = groupMoments(run, options.grouping ?? 'clock');
  return run;
}

/** Processing time after each step: the last `advance` so far (time starts at 0). */
export function clockOf(trace: Trace): number[] {
  let now = 0;
  return trace.steps.map((s) => {
    if ('advance' in s.action) now = s.action.advance;
    return now;
  });
}

/** Every record the trace adds, with the processing time it arrived at: the oracle's input. */
export function oracleInput(trace: Trace, times: readonly number[]): OracleInput[] {
  return trace.steps.flatMap((s, i) => ('add' in s.action ? s.action.add.map((record) => ({ record, arrival: times[i]! })) : []));
}

/**
 * Spark's batches: a second instance of the same engine, driven through the StepEngine contract, whose
 * recovery log lists each committed batch with its trigger time (runTrace exposes emissions only).
 */
export function probeBatches(trace: Trace): BatchInfo[] {
  const engine = createTraceEngine(trace);
  const out: BatchInfo[] = [];
  let pending: Rec[] = [];
  let seen = 0;
  let wm = engine.currentWatermark();
  trace.steps.forEach((s, i) => {
    applyAction(engine, s.action);
    engine.drain();
    const after = engine.currentWatermark();
    const log = engine.recoveryLog?.().checkpoints ?? [];
    for (const c of log.slice(seen)) {
      out.push({ id: c.id, at: c.triggeredAt, step: i, moment: -1, rows: pending, wmBefore: wm, wmAfter: after });
      pending = [];
    }
    seen = log.length;
    if ('add' in s.action) pending = [...pending, ...s.action.add];
    wm = after;
  });
  return out;
}

/**
 * Group a run's steps into moments of processing time (or one per step); `notes[i]` are sentences a
 * notebook's driver attached to step i (a fault it injected), and make that moment worth stopping at.
 */
export function groupMoments(run: Run, grouping: 'clock' | 'step', notes: ReadonlyMap<number, Sentence[]> = new Map()): Moment[] {
  const trace = run.trace!;
  const moments: Moment[] = [];
  let wm: number | null = null;
  let current: Moment | null = null;
  trace.steps.forEach((s, i) => {
    const isEnd = 'end' in s.action;
    const startsNew = current === null || grouping === 'step' || 'advance' in s.action || isEnd || current.end;
    if (startsNew) {
      current = {
        index: moments.length,
        time: run.stepTimes[i]!,
        end: isEnd,
        steps: [],
        added: [],
        emissions: [],
        wmBefore: wm,
        wmAfter: wm,
        batches: [],
        interesting: isEnd,
        notes: [],
      };
      moments.push(current);
    }
    const m = current!;
    m.steps.push(i);
    if ('add' in s.action) m.added.push(...s.action.add);
    const r = run.steps[i]!;
    for (const e of r.emissions) m.emissions.push({ step: i, moment: m.index, time: m.time, e });
    m.wmAfter = r.watermark;
    wm = r.watermark;
    const extra = notes.get(i);
    if (extra) {
      m.notes.push(...extra);
      m.interesting = true;
    }
    if (grouping === 'step' || m.added.length > 0 || r.emissions.length > 0 || m.wmAfter !== m.wmBefore || !('advance' in s.action)) {
      m.interesting = true;
    }
  });
  for (const b of run.batches) {
    const m = moments.find((x) => x.steps.includes(b.step))!;
    b.moment = m.index;
    m.batches.push(b);
    m.interesting = true;
  }
  return moments;
}

/** Emissions up to and including moment `upto` (-1: none yet). */
export function emittedUpTo(run: Run, upto: number): Stamped[] {
  return run.moments.slice(0, upto + 1).flatMap((m) => m.emissions);
}

/** The watermark after moment `upto` (null before the first). */
export function watermarkAt(run: Run, upto: number): number | null {
  return upto < 0 ? null : (run.moments[upto]?.wmAfter ?? null);
}
