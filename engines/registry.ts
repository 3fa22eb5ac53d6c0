// The engines that exist, by kind. The trace runner, the scenario runner and the lab look engines up
// here and nowhere else; adding an engine is one line in `modules`.
import type { z } from 'zod';
import type { ActionName, EngineKind, StepEngine } from './core/engine.ts';
import type { Job } from './core/job.ts';
import { eventEngine } from './event/module.ts';
import { microbatchEngine } from './microbatch/module.ts';
import { tupleEngine } from './tuple/module.ts';

/**
 * What a model is, as data, so nothing above `engines/` branches on an engine's kind (ARCHITECTURE.md):
 * how it closes a window and by which watermark, whether it assigns by event time, its delivery guarantee.
 */
export interface ModelFacts {
  /** Which side of a time window the model closes: `[start, end)`, or Storm's `(end − length, end]` (C3). */
  readonly closure: 'start-inclusive' | 'end-inclusive';
  /** Results are assigned by the records' event time (false: DStreams window over batch time, B8). */
  readonly eventTime: boolean;
  /** The watermark at which the model has closed a time window: Flink end − 1 (A6), Spark end (B5), Storm end (C3). */
  closesAt(window: { readonly start: number; readonly end: number }): number;
  /**
   * The watermark at which an event-time count window whose newest record has event time `maxTime` is
   * evaluated (Storm, C3), or null where count windows fire on arrival, whatever the watermark (Flink, A4).
   */
  countClosesAt(maxTime: number): number | null;
  /** What a restart does to the output under these options. */
  readonly delivery: 'exactly-once' | 'at-least-once' | 'at-most-once';
  /**
   * Why the job stops by itself before its input has all arrived (Spark's Trigger.Once and AvailableNow
   * read what is there when they start, then stop, B1), or null for a job that runs until it is stopped.
   * A scenario's rows keep arriving, so such a job would leave rows no step ever reads: the runner refuses it.
   */
  readonly stopsBeforeInputEnds: string | null;
}

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
  /** The model's facts under these (parsed) options. */
  facts(options: Record<string, unknown>): ModelFacts;
}

export const ALL_KINDS: readonly EngineKind[] = ['event', 'microbatch', 'tuple'];

export const modules: readonly EngineModule[] = [eventEngine, microbatchEngine, tupleEngine];

export function engineModule(kind: string): EngineModule | undefined {
  return modules.find((m) => m.kind === kind);
}
