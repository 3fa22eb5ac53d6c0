// The `event` engine (Flink model) as the registry sees it.
import { z } from 'zod';
import { RefusedError } from '../core/errors.ts';
import type { EngineModule } from '../registry.ts';

export const eventEngine: EngineModule = {
  kind: 'event',
  title: 'Apache Flink DataStream (event-at-a-time)',
  options: z.strictObject({ kind: z.literal('event') }),
  create() {
    throw new RefusedError('engine', 'the event engine is being written');
  },
  checkStep: () => null,
};
