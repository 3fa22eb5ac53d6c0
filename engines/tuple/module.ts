// The `tuple` engine (Storm core model) as the registry sees it: its options (TRACE.md "Engine"),
// validated once at the boundary, the steps it refuses, and its factory.
import * as z from 'zod';
import { RefusedError } from '../core/errors.ts';
import { type RankJob, rankKind } from '../core/rank-job.ts';
import { defineEngine, deliveryNotes } from '../engine-module.ts';
import { stormLag, windowTaskOf } from './compile-job.ts';
import { MESSAGES } from './messages.ts';
import { TupleEngine } from './tuple-engine.ts';

export const tupleOptionsSchema = z.strictObject({
  kind: z.literal('tuple'),
  /** `windowedBolt`: Storm ≥1.0 BaseWindowedBolt (C3). `tickTuples`: the pre-1.0 rolling-count pattern. */
  windowing: z.enum(['windowedBolt', 'tickTuples'], { error: 'windowing must be windowedBolt or tickTuples' }).default('windowedBolt'),
  /** Ackers on: at-least-once with replays; off: at-most-once (C2). */
  acking: z.boolean({ error: 'acking must be true or false' }).default(true),
  /** topology.message.timeout.secs, in ms (ST-DEF: 30 s). */
  messageTimeout: z.number().int('messageTimeout must be whole ms').positive('messageTimeout must be > 0').default(30_000),
  /** Tasks of the window bolt. */
  parallelism: z.number().int('parallelism must be a whole number').min(1, 'parallelism must be >= 1').default(1),
  /** topology.max.spout.pending (per spout task); unlimited when absent (ST-DEF). */
  maxSpoutPending: z.number().int('maxSpoutPending must be a whole number').min(1, 'maxSpoutPending must be >= 1').optional(),
  /** Virtual processing time each tuple takes in the window bolt, ms (a slow bolt). */
  processingDelay: z.number().finite().nonnegative('processingDelay must be >= 0').default(0),
  /** Acker tasks (topology.acker.executors). */
  ackers: z.number().int('ackers must be a whole number').min(1, 'ackers must be >= 1').default(1),
  /** Seed of tuple ids and shuffle groupings. */
  seed: z.number().int('seed must be a whole number').default(1),
});

export type TupleOptions = z.infer<typeof tupleOptionsSchema>;

export const tupleEngine = defineEngine<TupleOptions>({
  kind: 'tuple',
  title: 'Apache Storm core (Spout/Bolt API, no Trident, no stateful bolts; Storm ≥1.0 BaseWindowedBolt or tick tuples)',
  options: tupleOptionsSchema,
  create(job, options) {
    // Storm core has no dedup, top-N or chained-aggregation construct (C1): refused, naming the construct —
    // except a windowed Top-N, modelled as the BaseWindowedBolt a user writes (top-n-bolt.ts).
    const rank = rankKind(job);
    if (rank === 'topN' && 'topN' in job && job.window !== undefined) return new TupleEngine(job, options);
    if (rank === 'joinRecords') throw new RefusedError('job.joinRecords', MESSAGES.noJoinRecords);
    if (rank !== null) throw new RefusedError(`job.${rank}`, MESSAGES.noRankConstruct(rank));
    return new TupleEngine(job as Exclude<typeof job, RankJob>, options);
  },
  facts(o) {
    return {
      system: 'Apache Storm',
      processing: 'record-at-a-time',
      unit: 'tuple',
      closure: 'end-inclusive', // (end − length, end] (C3)
      eventTime: true,
      closesAt: (w) => w.end, // fires at the first watermark >= the window end (C3)
      countClosesAt: (t) => t, // an event-time count window counts tuples with ts <= the watermark (C3)
      // WatermarkTimeEvictionPolicy stops at a tuple beyond ref + lag (C3); explicit watermarks use lag
      // Integer.MAX_VALUE, and tick tuples keep no queue. Each window bolt task has its own queue.
      scanStop: (job) =>
        o.windowing === 'windowedBolt' &&
        job.time === 'event' &&
        job.watermark !== 'explicit' &&
        job.window.kind !== 'count' &&
        (o.parallelism === 1 || job.key !== undefined)
          ? { beyond: stormLag(job), queueOf: (key) => windowTaskOf(key, o.parallelism) }
          : null,
      delivery: o.acking ? 'at-least-once' : 'at-most-once', // C2
      replay: o.acking ? 'timeout' : 'none',
      stopsBeforeInputEnds: null,
      faultProblem(kind) {
        if (kind === 'crash-during-checkpoint') return MESSAGES.noCheckpointToCrashIn;
        if (kind === 'crash-before-commit') return MESSAGES.noCommitToCrashBefore;
        return null;
      },
    };
  },
  mapDelivery(d, options) {
    const n = deliveryNotes(d.own);
    if (d.checkpoint) {
      const refused = n.lacks('checkpoint', MESSAGES.noCheckpoints);
      if (refused) return { options, notes: n.notes, unsupported: refused, notApplicable: [] };
    }
    if (d.sink && d.sink !== 'plain') {
      const refused = n.lacks('sink', d.sink === 'foreachBatch' ? MESSAGES.noForeachBatch : MESSAGES.noSink(d.sink));
      if (refused) return { options, notes: n.notes, unsupported: refused, notApplicable: [] };
    }
    return { options, notes: n.notes, notApplicable: n.notApplicable };
  },
  checkStep(action, job) {
    switch (action) {
      case 'checkpoint':
        return { path: 'checkpoint', reason: MESSAGES.checkpointStep };
      case 'watermark':
        return 'watermark' in job && job.watermark === 'explicit'
          ? null
          : { path: 'watermark', reason: MESSAGES.explicitWatermarksNeedJob };
      case 'batch':
        return { path: 'batch', reason: MESSAGES.batchStep };
      case 'add':
      case 'advance':
      case 'restart':
      case 'end':
        return null;
    }
  },
});
