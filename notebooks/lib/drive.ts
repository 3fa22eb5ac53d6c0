// A trace run the notebook drives itself, for what a trace file cannot say: an injected fault (StepEngine
// .injectFault), a savepoint and a new job resuming from it, an engine built with an observer (a recording
// checkpoint storage). The steps are the trace's, applied to the engine as runTrace applies them; a hook
// after a step may act on the engine (or hand over a new one) and says in sentences what it did. Each step
// is stamped with the engine's own clock after it (a fault that completes a checkpoint moves it on).
import type { Emission, MainEmission } from '../../engines/core/emission.ts';
import { applyAction, type StepEngine } from '../../engines/core/engine.ts';
import { evaluate } from '../../engines/oracle/oracle.ts';
import { aggregationJob, createTraceEngine, parseTrace, type StepResult, type Trace } from '../../engines/trace.ts';
import type { Sentence } from './explain.ts';
import { emptyRun, groupMoments, oracleInput, type Run, runError } from './run.ts';
import type { TraceFile } from './trace-builder.ts';

/** What a hook did after a step: sentences for the explanation, and a new engine that takes over (a resumed job). */
export interface HookResult {
  notes?: Sentence[];
  engine?: StepEngine;
  /** Emissions the hook drained from the old engine before handing over. */
  emissions?: Emission[];
}

export interface DriveOptions {
  grouping?: 'clock' | 'step';
  /** Build the engine for the parsed trace (default: createTraceEngine, as `streamlab trace`). */
  engine?: (trace: Trace) => StepEngine;
  /** After step `i`'s action (its emissions not yet drained). */
  after?: (i: number, engine: StepEngine) => HookResult | undefined;
  /** After step `i` is complete (emissions drained): observe the engine. */
  observe?: (i: number, engine: StepEngine) => void;
}

/** Drive `file` step by step; bad input and refusals (also from hooks) come back as the run's error. */
export function driveFile(file: TraceFile, o: DriveOptions = {}): Run {
  const run = emptyRun(file);
  const notes = new Map<number, Sentence[]>();
  try {
    const trace = parseTrace(file);
    run.trace = trace;
    let engine = (o.engine ?? createTraceEngine)(trace);
    trace.steps.forEach((step, index) => {
      // A fault that completed a checkpoint may have moved the clock past the trace's next stop.
      const past = 'advance' in step.action && step.action.advance < engine.now();
      if (!past) applyAction(engine, step.action);
      const hook = o.after?.(index, engine);
      if (hook?.notes?.length) notes.set(index, hook.notes);
      const emissions = [...(hook?.emissions ?? [])];
      if (hook?.engine) engine = hook.engine;
      emissions.push(...engine.drain());
      const r: StepResult = { index, emissions, watermark: engine.currentWatermark(), failures: [] };
      run.steps.push(r);
      // The engine's clock, not the trace's: a fault or the end of input may move it (a checkpoint completing).
      run.stepTimes.push(engine.now());
      o.observe?.(index, engine);
    });
    run.oracle = evaluate(aggregationJob(trace), oracleInput(trace, run.stepTimes));
  } catch (e) {
    run.error = runError(e);
    return run;
  }
  run.moments = groupMoments(run, o.grouping ?? 'clock', notes);
  return run;
}

/** The main outputs of a run's steps up to and including step `upto`, with the step each came at. */
export function mainOutputs(run: Run, upto = Number.POSITIVE_INFINITY): Array<{ step: number; time: number; e: MainEmission }> {
  return run.steps.flatMap((s) =>
    s.index > upto ? [] : s.emissions.flatMap((e) => (e.output === 'main' ? [{ step: s.index, time: run.stepTimes[s.index]!, e }] : [])),
  );
}
