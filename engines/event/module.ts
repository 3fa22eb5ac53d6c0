// The `event` engine (Flink model) as the registry sees it: options of TRACE.md (parallelism,
// maxParallelism) plus checkpointing, sink and network options that scenarios use; step support.
import * as z from 'zod';
import { InputError } from '../core/errors.ts';
import { type AnyJob, isJoinJob } from '../core/join-job.ts';
import { isRankJob } from '../core/rank-job.ts';
import { sinkKindSchema } from '../core/sinks.ts';
import { isStatelessJob } from '../core/stateless-job.ts';
import { defineEngine, deliveryNotes } from '../engine-module.ts';
import { compileJoin } from './compile-join.ts';
import { compileRank } from './compile-rank.ts';
import { compileStateless } from './compile-stateless.ts';
import { EventEngine, type EventEngineOptions } from './event-engine.ts';
import { MESSAGES } from './messages.ts';
import { compileJob } from './pipeline.ts';

const options = z.strictObject({
  kind: z.literal('event'),
  parallelism: z.number().int('parallelism must be a whole number').min(1, 'parallelism must be >= 1').default(1),
  /**
   * 128 when not given, as TRACE.md fixes for traces and scenarios. Flink's own default, which the
   * EventEngine class applies, min(max(roundUpPow2(p + p/2), 128), 32768), is also 128 up to p = 85 (A8).
   */
  maxParallelism: z.number().int().min(1).max(32768, 'maxParallelism must be <= 32768').default(128),
  /** Periodic checkpoints (off by default, as in Flink). */
  checkpoint: z
    .strictObject({
      interval: z.number().int().positive('checkpoint.interval must be > 0'),
      mode: z
        .enum(['exactly-once', 'at-least-once', 'unaligned'], { error: 'checkpoint.mode must be exactly-once, at-least-once or unaligned' })
        .default('exactly-once'),
    })
    .optional(),
  sink: sinkKindSchema.optional(),
  /** Source → operator channel delay (ms), plus `skew` ms per source channel. */
  network: z.strictObject({ delay: z.number().int().nonnegative(), skew: z.number().int().nonnegative().optional() }).optional(),
  /** Virtual ms each record takes at an operator subtask, one at a time (a cost model; default 0: free). */
  recordCost: z.number({ error: 'recordCost must be a number of ms' }).finite().nonnegative('recordCost must be >= 0').optional(),
});

export type EventOptions = z.infer<typeof options>;

export const eventEngine = defineEngine<EventOptions>({
  kind: 'event',
  title: 'Apache Flink DataStream (event-at-a-time)',
  options,
  create(job: AnyJob, o: EventOptions) {
    const engineOpts: EventEngineOptions = { parallelism: o.parallelism, maxParallelism: o.maxParallelism, sink: o.sink ?? 'plain' };
    if (o.checkpoint) engineOpts.checkpointing = o.checkpoint;
    if (isStatelessJob(job) && job.files) engineOpts.files = job.files;
    if (o.recordCost !== undefined) engineOpts.recordCost = o.recordCost;
    if (o.network)
      engineOpts.network = o.network.skew === undefined ? { delay: o.network.delay } : { delay: o.network.delay, skew: o.network.skew };
    const pipeline = isStatelessJob(job)
      ? compileStateless(job)
      : isRankJob(job)
        ? compileRank(job)
        : isJoinJob(job)
          ? compileJoin(job)
          : compileJob(job);
    return new EventEngine(pipeline, engineOpts);
  },
  facts(o, job) {
    // A file sink (job.files) is Flink's FileSink: committed on checkpoint completion, like a 2PC sink.
    const sink = job && isStatelessJob(job) && job.files ? 'transactional' : (o.sink ?? 'plain');
    return {
      system: 'Apache Flink',
      processing: 'record-at-a-time',
      unit: 'record',
      closure: 'start-inclusive',
      eventTime: true,
      closesAt: (w) => w.end - 1, // a window fires at the first watermark >= end - 1 (A6.6)
      countClosesAt: () => null,
      // A restart replays from the last checkpoint: exactly-once end to end only with a 2PC or idempotent sink (A9, A10).
      delivery: o.checkpoint && o.checkpoint.mode !== 'at-least-once' && sink !== 'plain' ? 'exactly-once' : 'at-least-once',
      replay: 'checkpoint',
      stopsBeforeInputEnds: null,
      faultProblem(kind) {
        if (kind === 'crash-during-checkpoint' && !o.checkpoint) return MESSAGES.faultNeedsCheckpoints;
        if (kind === 'crash-before-commit' && sink !== 'transactional') return MESSAGES.faultNeedsTwoPhaseCommit;
        return null;
      },
    };
  },
  mapDelivery(d, entry) {
    const n = deliveryNotes(d.own);
    const o: Record<string, unknown> = { ...entry };
    if (d.checkpoint) o.checkpoint = d.checkpoint;
    if (d.sink === 'foreachBatch') {
      const refused = n.lacks('sink', MESSAGES.noForeachBatch);
      if (refused) return { options: entry, notes: n.notes, unsupported: refused, notApplicable: [] };
    } else if (d.sink) o.sink = d.sink;
    if (o.sink === 'transactional' && !d.checkpoint) throw new InputError(d.sinkPath, MESSAGES.twoPhaseCommitNeedsCheckpoints);
    return { options: o, notes: n.notes, notApplicable: n.notApplicable };
  },
  checkStep(action) {
    if (action === 'batch') return { path: 'batch', reason: MESSAGES.batchStep };
    return null;
  },
});
