// The engines that exist, by kind. The trace runner, the scenario runner and the lab look engines up
// here and nowhere else; adding an engine is one line in `modules`.
import type { z } from 'zod';
import type { ActionName, EngineKind, StepEngine } from './core/engine.ts';
import type { Job } from './core/job.ts';
import { eventEngine } from './event/module.ts';
import { microbatchEngine } from './microbatch/module.ts';
import { tupleEngine } from './tuple/module.ts';

export interface EngineModule {
  readonly kind: EngineKind;
  /** What it models, for tables and reports. */
  readonly title: string;
  /** The engine entry of a trace (TRACE.md "Engine"): a strict object with `kind` set to this kind. */
  readonly options: z.ZodObject;
  /**
   * Compile the job for this model. Throws RefusedError(path, reason) for a job the model does not
   * support; `path` is relative to the trace/scenario root (e.g. `job.window`).
   */
  create(job: Job, options: Record<string, unknown>): StepEngine;
  /**
   * The parsed options as the engine runs them, defaults filled in (what result.json records), where the
   * schema leaves some to the engine. Throws RefusedError for a combination the engine refuses.
   */
  asRun?(options: Record<string, unknown>, root: string): Record<string, unknown>;
  /** Why this engine cannot take a step action under `job` (path relative to the step), or null. */
  checkStep(action: ActionName, job: Job): { path: string; reason: string } | null;
}

export const ALL_KINDS: readonly EngineKind[] = ['event', 'microbatch', 'tuple'];

export const modules: readonly EngineModule[] = [eventEngine, microbatchEngine, tupleEngine];

export function engineModule(kind: string): EngineModule | undefined {
  return modules.find((m) => m.kind === kind);
}
