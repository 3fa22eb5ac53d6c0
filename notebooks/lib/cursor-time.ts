// The processing time up to which a view shows what happened: the stepper's moment (every step before it
// included), everything at the end of the input, nothing before the first step.
import type { Run } from './run.ts';

export function cursorTime(run: Run, cursor: number): number {
  const m = run.moments[cursor];
  if (!m) return Number.NEGATIVE_INFINITY;
  return m.end ? Number.POSITIVE_INFINITY : m.time;
}

/** The last step index the stepper has reached (-1 before the first). */
export function cursorStep(run: Run, cursor: number): number {
  const m = run.moments[cursor];
  return m ? m.steps[m.steps.length - 1]! : -1;
}
