// The `microbatch` engine (Apache Spark: Structured Streaming and DStreams) as the registry sees it:
// options per TRACE.md, the job compiled by `planJob` (refusals carry their JSON path), one engine per flavor.
import type { StepEngine } from '../core/engine.ts';
import type { AnyJob } from '../core/join-job.ts';
import { isStatelessJob } from '../core/stateless-job.ts';
import { defineEngine, deliveryNotes } from '../engine-module.ts';
import { DStreamEngine } from './dstream-engine.ts';
import { MESSAGES } from './messages.ts';
import { type MicrobatchEntry, microbatchOptionsSchema, optionsAsRun, resolveOptions } from './options.ts';
import { planJob } from './plan.ts';
import { StructuredEngine } from './structured-engine.ts';

/** Compile a job for the Spark model; throws RefusedError for what Spark does not have. */
export function createMicrobatchEngine(job: AnyJob, options: unknown): StepEngine {
  const o = resolveOptions(options);
  const plan = planJob(job, o);
  return plan.flavor === 'structured' ? new StructuredEngine(plan, o) : new DStreamEngine(plan, o);
}

const SPARK_TRIGGERS: readonly unknown[] = ['processingTime', 'once', 'availableNow'];
/** Scenario sinks, as the Spark sink options that implement them (B7). */
const SINKS: Record<'plain' | 'idempotent' | 'foreachBatch', 'memory' | 'file' | 'foreachBatch'> = {
  plain: 'memory',
  idempotent: 'file',
  foreachBatch: 'foreachBatch',
};

export const microbatchEngine = defineEngine<MicrobatchEntry>({
  kind: 'microbatch',
  title: 'Apache Spark micro-batch (Structured Streaming and DStreams)',
  options: microbatchOptionsSchema,
  // The flavors' options are resolved (defaults, cross-flavor refusals) by resolveOptions, once per engine.
  create: (job, options) => createMicrobatchEngine(job, options),
  asRun: (options, root) => optionsAsRun(options, root),
  facts(options, job) {
    const o = resolveOptions(options);
    const structured = o.flavor === 'structured';
    // A stateless job's `files` on Structured Streaming is FileStreamSink, idempotent by batch id (B7).
    const files = job !== undefined && isStatelessJob(job) && job.files !== undefined;
    return {
      system: structured ? 'Spark Structured Streaming' : 'Spark DStreams',
      processing: 'micro-batch',
      unit: 'row',
      closure: 'start-inclusive',
      eventTime: structured,
      closesAt: (w) => w.end, // evicted and emitted once the watermark reaches the end (B5)
      countClosesAt: () => null,
      // A re-run batch reaches the sink again: only a sink idempotent by batch id keeps it once (B7); DStream
      // output operations are at-least-once (B8).
      delivery: structured && (o.sink === 'file' || o.sink === 'noop' || files) ? 'exactly-once' : 'at-least-once',
      replay: 'batch',
      stopsBeforeInputEnds: structured && o.trigger !== 'processingTime' ? MESSAGES.stopsBeforeInput(o.trigger) : null,
      faultProblem: (kind) => (kind !== 'crash' && !structured ? MESSAGES.dstreamFault(kind) : null),
    };
  },
  mapDelivery(d, options) {
    const n = deliveryNotes(d.own);
    if (d.checkpoint) n.notes.push(MESSAGES.checkpointEveryBatch(d.checkpoint.interval, d.checkpoint.mode));
    if (!d.sink) return { options, notes: n.notes, notApplicable: n.notApplicable };
    if (d.sink === 'transactional') {
      const refused = n.lacks('sink', MESSAGES.noTwoPhaseCommit);
      if (refused) return { options, notes: n.notes, unsupported: refused, notApplicable: [] };
      return { options, notes: n.notes, notApplicable: n.notApplicable };
    }
    const name = SINKS[d.sink];
    n.notes.push(`sink ${d.sink} → Spark ${name} sink`);
    return { options: { ...options, sink: name }, notes: n.notes, notApplicable: n.notApplicable };
  },
  claims: (field, value) => field === 'trigger' && SPARK_TRIGGERS.includes(value),
  checkStep(action) {
    return action === 'watermark' ? { path: 'watermark', reason: MESSAGES.noExplicitWatermarks } : null;
  },
});
