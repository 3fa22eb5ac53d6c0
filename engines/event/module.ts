// The `event` engine (Flink model) as the registry sees it: options of TRACE.md and step support.
import { z } from 'zod';
import type { Job } from '../core/job.ts';
import type { EngineModule } from '../registry.ts';
import { EventEngine } from './event-engine.ts';
import { compileJob } from './pipeline.ts';

const options = z.strictObject({
  kind: z.literal('event'),
  parallelism: z.number().int('parallelism must be a whole number').min(1, 'parallelism must be >= 1').default(1),
  maxParallelism: z.number().int().min(1).max(32768, 'maxParallelism must be <= 32768').default(128),
});

export const eventEngine: EngineModule = {
  kind: 'event',
  title: 'Apache Flink DataStream (event-at-a-time)',
  options,
  create(job: Job, opts: Record<string, unknown>) {
    const o = options.parse(opts);
    return new EventEngine(compileJob(job), { parallelism: o.parallelism, maxParallelism: o.maxParallelism });
  },
  checkStep(action) {
    if (action === 'batch')
      return { path: 'batch', reason: 'the event engine processes records one at a time; "batch" is a microbatch step' };
    return null;
  },
};
