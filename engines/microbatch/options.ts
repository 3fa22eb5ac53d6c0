// The `microbatch` engine entry of a trace or scenario (TRACE.md "Engine"), validated once here and
// resolved to defaults; everything behind this file sees only `MicrobatchOptions`.
import * as z from 'zod';
import { RefusedError } from '../core/errors.ts';
import { ms } from '../core/job.ts';
import { parseWith } from '../core/validate.ts';
import { MESSAGES } from './messages.ts';

/**
 * Where a crash can hit batch N (B7): `beforeOffsets` (nothing written), `afterOffsets` (offsets/N and state/N
 * written, the sink has nothing), `afterSink` (the sink has batch N, commits/N missing), `afterCommit` (all written).
 */
export const FAULT_POINTS = ['beforeOffsets', 'afterOffsets', 'afterSink', 'afterCommit'] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

export interface Fault {
  readonly batchId: number;
  readonly point: FaultPoint;
}

const wholeMs = ms;

export const microbatchOptionsSchema = z.strictObject({
  kind: z.literal('microbatch'),
  /** `structured` = Structured Streaming (B1–B7), `dstream` = the legacy DStream API (B8). */
  flavor: z.enum(['structured', 'dstream'], { error: 'flavor must be structured or dstream' }).optional(),
  /**
   * Processing-time trigger interval (structured) or batch interval (dstream), ms. Default 1000. For a
   * structured query 0 is Spark's default trigger, ProcessingTime(0): each batch right after the last (B1).
   */
  interval: wholeMs('interval').nonnegative('interval must be >= 0').optional(),
  trigger: z.enum(['processingTime', 'once', 'availableNow'], { error: 'trigger must be processingTime, once or availableNow' }).optional(),
  /** spark.sql.streaming.noDataMicroBatches.enabled (default true). */
  noDataBatches: z.boolean({ error: 'noDataBatches must be true or false' }).optional(),
  /** spark.sql.streaming.multipleWatermarkPolicy (default min). */
  watermarkPolicy: z.enum(['min', 'max'], { error: 'watermarkPolicy must be min or max' }).optional(),
  /**
   * dstream: spark.streaming.receiver.writeAheadLog.enable (default false, as in Spark). Without it a driver
   * failure loses what the receiver held and the input of batches since the last data checkpoint (B8).
   */
  receiverWal: z.boolean({ error: 'receiverWal must be true or false' }).optional(),
  /** dstream: reduceByKeyAndWindow(f, invF) instead of reduceByKeyAndWindow(f) (count and sum only). */
  inverseReduce: z.boolean({ error: 'inverseReduce must be true or false' }).optional(),
  /**
   * Where result rows go (B7): `memory` (appends; a re-run batch repeats), `file` (idempotent by batch id),
   * `foreachBatch`, `noop` (Spark's `format("noop")`: writes nothing, keeps nothing; for benchmarks).
   */
  sink: z.enum(['memory', 'file', 'foreachBatch', 'noop'], { error: 'sink must be memory, file, foreachBatch or noop' }).optional(),
  /**
   * Deterministic crashes: when batch `batchId` reaches `point` the query dies there (each fault fires once)
   * and stays down, while the source keeps receiving records, until a `restart` step recovers it.
   */
  failAt: z
    .array(
      z.strictObject({
        batchId: z.number().int('failAt.batchId must be a whole batch id').nonnegative('failAt.batchId must be >= 0'),
        point: z.enum(FAULT_POINTS, { error: `failAt.point must be one of ${FAULT_POINTS.join(', ')}` }),
      }),
    )
    .optional(),
  /**
   * Simulated processing cost of one triggered batch: `fixed` ms plus `perRecord` ms per input row.
   * Only this makes a batch overrun its trigger interval on the virtual clock. Default 0.
   */
  batchCost: z
    .strictObject({
      fixed: wholeMs('batchCost.fixed').nonnegative('batchCost.fixed must be >= 0').optional(),
      perRecord: z.number().finite().nonnegative('batchCost.perRecord must be >= 0').optional(),
    })
    .optional(),
});
export type MicrobatchOptionsInput = z.input<typeof microbatchOptionsSchema>;
/** An engine entry as the schema parses it (defaults are filled in by `resolveOptions`). */
export type MicrobatchEntry = z.infer<typeof microbatchOptionsSchema>;

export const DEFAULT_INTERVAL = 1000;

export interface MicrobatchOptions {
  readonly flavor: 'structured' | 'dstream';
  readonly interval: number;
  readonly trigger: 'processingTime' | 'once' | 'availableNow';
  readonly noDataBatches: boolean;
  readonly watermarkPolicy: 'min' | 'max';
  readonly inverseReduce: boolean;
  readonly receiverWal: boolean;
  readonly batchCost: { readonly fixed: number; readonly perRecord: number };
  readonly sink: 'memory' | 'file' | 'foreachBatch' | 'noop';
  readonly failAt: readonly Fault[];
}

/** Validate and fill defaults; options that belong to the other flavor are refused, not ignored. */
export function resolveOptions(value: unknown, root = 'engine'): MicrobatchOptions {
  const o = parseWith(microbatchOptionsSchema, value, root);
  const flavor = o.flavor ?? 'structured';
  if (flavor === 'dstream') {
    for (const f of ['trigger', 'noDataBatches', 'watermarkPolicy', 'sink', 'failAt'] as const) {
      if (o[f] !== undefined) {
        throw new RefusedError(`${root}.${f}`, MESSAGES.structuredOnly(f));
      }
    }
    if (o.interval === 0) throw new RefusedError(`${root}.interval`, MESSAGES.dstreamIntervalPositive);
    if (o.batchCost !== undefined) {
      // Not built: a DStream job that outlasts its interval queues behind the batch timer (concurrentJobs = 1),
      // and a driver failure re-runs the jobs it cut off; the dstream flavor runs every batch in no time.
      throw new RefusedError(`${root}.batchCost`, MESSAGES.batchCostStructuredOnly);
    }
  } else {
    if (o.inverseReduce !== undefined) {
      throw new RefusedError(`${root}.inverseReduce`, MESSAGES.inverseReduceDStreamOnly);
    }
    if (o.receiverWal !== undefined) {
      throw new RefusedError(`${root}.receiverWal`, MESSAGES.receiverWalDStreamOnly);
    }
  }
  return {
    flavor,
    interval: o.interval ?? DEFAULT_INTERVAL,
    trigger: o.trigger ?? 'processingTime',
    noDataBatches: o.noDataBatches ?? true,
    watermarkPolicy: o.watermarkPolicy ?? 'min',
    inverseReduce: o.inverseReduce ?? false,
    receiverWal: o.receiverWal ?? false,
    batchCost: { fixed: o.batchCost?.fixed ?? 0, perRecord: o.batchCost?.perRecord ?? 0 },
    sink: o.sink ?? 'memory',
    failAt: o.failAt ?? [],
  };
}

/** The engine entry as it runs, every default filled in, with only the options of its flavor (result.json). */
export function optionsAsRun(value: unknown, root = 'engine'): Record<string, unknown> {
  const o = resolveOptions(value, root);
  if (o.flavor === 'dstream') {
    return { kind: 'microbatch', flavor: o.flavor, interval: o.interval, inverseReduce: o.inverseReduce, receiverWal: o.receiverWal };
  }
  return {
    kind: 'microbatch',
    flavor: o.flavor,
    interval: o.interval,
    trigger: o.trigger,
    noDataBatches: o.noDataBatches,
    watermarkPolicy: o.watermarkPolicy,
    sink: o.sink,
    batchCost: { ...o.batchCost },
    ...(o.failAt.length > 0 ? { failAt: o.failAt.map((f) => ({ ...f })) } : {}),
  };
}

/** Simulated duration of a batch of `rows` input rows (0 unless `batchCost` says otherwise). */
export function batchDuration(options: MicrobatchOptions, rows: number): number {
  return options.batchCost.fixed + options.batchCost.perRecord * rows;
}
