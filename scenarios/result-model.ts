// result.json's `model` of an engine entry: its model's facts as data (engines/engine-module.ts
// ModelFacts, minus the functions), which is all reports may branch on.
import { z } from 'zod';
import type { ModelFacts } from '../engines/engine-module.ts';

export const modelSchema = z.strictObject({
  system: z.string(),
  processing: z.enum(['record-at-a-time', 'micro-batch']),
  unit: z.enum(['record', 'row', 'tuple']),
  closure: z.enum(['start-inclusive', 'end-inclusive']),
  delivery: z.enum(['exactly-once', 'at-least-once', 'at-most-once']),
  replay: z.enum(['checkpoint', 'batch', 'timeout', 'none']),
});

export function modelOf(facts: ModelFacts): z.infer<typeof modelSchema> {
  const { system, processing, unit, closure, delivery, replay } = facts;
  return { system, processing, unit, closure, delivery, replay };
}
