// The `microbatch` engine (Apache Spark: Structured Streaming and DStreams) as the registry sees it:
// options per TRACE.md, the job compiled by `planJob` (refusals carry their JSON path), one engine per flavor.
import type { ActionName, StepEngine } from '../core/engine.ts';
import type { Job } from '../core/job.ts';
import type { EngineModule } from '../registry.ts';
import { DStreamEngine } from './dstream-engine.ts';
import { microbatchOptionsSchema, optionsAsRun, resolveOptions } from './options.ts';
import { planJob } from './plan.ts';
import { StructuredEngine } from './structured-engine.ts';

export const EXPLICIT_WATERMARK_REASON =
  'explicit watermarks are not allowed for microbatch: Spark computes its watermark at the end of each batch';

/** Compile a job for the Spark model; throws RefusedError for what Spark does not have. */
export function createMicrobatchEngine(job: Job, options: unknown): StepEngine {
  const o = resolveOptions(options);
  const plan = planJob(job, o);
  return plan.flavor === 'structured' ? new StructuredEngine(plan, o) : new DStreamEngine(plan, o);
}

export const microbatchEngine: EngineModule = {
  kind: 'microbatch',
  title: 'Apache Spark micro-batch (Structured Streaming and DStreams)',
  options: microbatchOptionsSchema,
  create: (job: Job, options: Record<string, unknown>) => createMicrobatchEngine(job, options),
  asRun: (options: Record<string, unknown>, root: string) => optionsAsRun(options, root),
  checkStep(action: ActionName): { path: string; reason: string } | null {
    return action === 'watermark' ? { path: 'watermark', reason: EXPLICIT_WATERMARK_REASON } : null;
  },
};
