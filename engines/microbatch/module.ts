// The `microbatch` engine (Apache Spark: Structured Streaming and DStreams) as the registry sees it:
// options per TRACE.md, the job compiled by `planJob` (refusals carry their JSON path), one engine per flavor.
import type { ActionName, StepEngine } from '../core/engine.ts';
import type { Job } from '../core/job.ts';
import type { EngineModule, ModelFacts } from '../registry.ts';
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
  facts(options: Record<string, unknown>): ModelFacts {
    const o = resolveOptions(options);
    return {
      closure: 'start-inclusive',
      eventTime: o.flavor === 'structured',
      closesAt: (w) => w.end, // evicted and emitted once the watermark reaches the end (B5)
      countClosesAt: () => null,
      // A re-run batch reaches the sink again: only a sink idempotent by batch id keeps it once (B7); DStream
      // output operations are at-least-once (B8).
      delivery: o.flavor === 'structured' && (o.sink === 'file' || o.sink === 'noop') ? 'exactly-once' : 'at-least-once',
      stopsBeforeInputEnds:
        o.flavor === 'structured' && o.trigger !== 'processingTime'
          ? `Trigger.${o.trigger === 'once' ? 'Once' : 'AvailableNow'} reads the rows available when the query starts, then stops (B1); a scenario's rows keep arriving after that, so none would be read: use trigger processingTime (or a trace with batch steps)`
          : null,
    };
  },
  checkStep(action: ActionName): { path: string; reason: string } | null {
    return action === 'watermark' ? { path: 'watermark', reason: EXPLICIT_WATERMARK_REASON } : null;
  },
};
