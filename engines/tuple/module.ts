// The `tuple` engine (Storm core model) as the registry sees it: its options (TRACE.md "Engine"),
// validated once at the boundary, the steps it refuses, and its factory.
import * as z from 'zod';
import { parseWith } from '../core/validate.ts';
import type { EngineModule } from '../registry.ts';
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

export const tupleEngine: EngineModule = {
  kind: 'tuple',
  title: 'Apache Storm core (Spout/Bolt API, no Trident, no stateful bolts; Storm ≥1.0 BaseWindowedBolt or tick tuples)',
  options: tupleOptionsSchema,
  create(job, options) {
    return new TupleEngine(job, parseWith(tupleOptionsSchema, options, 'engine'));
  },
  checkStep(action) {
    switch (action) {
      case 'checkpoint':
        return { path: 'checkpoint', reason: 'Storm core has no checkpoints; bolt state is not saved (C1)' };
      case 'watermark':
        return { path: 'watermark', reason: 'Storm windowed bolts generate their own watermarks (min over streams of max ts - lag, C3)' };
      case 'batch':
        return { path: 'batch', reason: 'Storm processes tuple by tuple; there are no micro-batches (C1)' };
      case 'add':
      case 'advance':
      case 'restart':
      case 'end':
        return null;
    }
  },
};
