// What part II's pages must show, computed in Node straight from the engines (createTraceEngine and the
// StepEngine contract, not the notebooks' drivers): a trace run with a fault injected after one step, the
// rows its sink made visible (stamped with the engine's clock), and its recovery log.

import type { MainEmission } from '../../engines/core/emission.ts';
import type { RecoveryLog } from '../../engines/core/engine.ts';
import { applyAction } from '../../engines/core/engine.ts';
import { createTraceEngine, parseTrace } from '../../engines/trace.ts';
import type { TraceFile } from '../lib/trace-builder.ts';

export interface FaultRun {
  /** Main outputs with the engine's processing time after the step that emitted them. */
  visible: Array<{ time: number; e: MainEmission }>;
  log: RecoveryLog;
  /** Processing time after each step. */
  times: number[];
}

/** Run `file`, injecting `fault` right after step `at` (none: a plain run). */
export function runWithFault(file: TraceFile, at = -1, fault: 'crash-during-checkpoint' | 'crash-before-commit' | null = null): FaultRun {
  const trace = parseTrace(file);
  const engine = createTraceEngine(trace);
  const visible: FaultRun['visible'] = [];
  const times: number[] = [];
  trace.steps.forEach((s, i) => {
    // The fault's checkpoint may have taken the clock past the next stop: time never goes back.
    if (!('advance' in s.action && s.action.advance < engine.now())) applyAction(engine, s.action);
    if (i === at && fault) engine.injectFault!({ kind: fault });
    for (const e of engine.drain()) if (e.output === 'main') visible.push({ time: engine.now(), e });
    times.push(engine.now());
  });
  return { visible, log: engine.recoveryLog!(), times };
}

/** `unread()` after every step of `file` on the engine createTraceEngine builds. */
export function unreadAfterEachStep(file: TraceFile): number[] {
  const trace = parseTrace(file);
  const engine = createTraceEngine(trace);
  return trace.steps.map((s) => {
    applyAction(engine, s.action);
    engine.drain();
    return engine.unread();
  });
}

/** The recovery log after running every step of `file`. */
export function recoveryLogOf(file: TraceFile): RecoveryLog {
  const trace = parseTrace(file);
  const engine = createTraceEngine(trace);
  for (const s of trace.steps) {
    applyAction(engine, s.action);
    engine.drain();
  }
  return engine.recoveryLog!();
}
