// The stateless job (core/stateless-job.ts) as the event engine runs it: the source assigns each record its
// timestamp from the job's field, then one operator applies filter and map and emits each result as it
// processes the record — no key, no window, no watermark to wait for (Flink's map/filter, SEMANTICS F q0–q2).
// The output keeps the input record's timestamp, as a StreamRecord keeps it through map().
// Modelled as one non-keyed operator subtask fed by the job's sources (the lab's simulated work is free,
// recordCost aside, so parallel chained map tasks would emit at the same instants).
import type { Rec } from '../core/aggregates.ts';
import { type StatelessJob, statelessStage } from '../core/stateless-job.ts';
import { type Pipeline, watermarkStrategy } from './pipeline.ts';

export function compileStateless(job: StatelessJob): Pipeline {
  const stage = statelessStage(job);
  const tsField = job.timestamp;
  return {
    steps: [],
    time: 'event',
    timestampOf: (r: Rec) => r[tsField] as number,
    // Nothing waits on event time: no watermark generator (WatermarkStrategy.noWatermarks()) — unless the job
    // declares one for its file sink's partition commit (Nexmark q10's source watermark).
    watermarks: { main: job.watermark ? watermarkStrategy(job.watermark, 'event', 'job.watermark') : { kind: 'none' } },
    operator: {
      kind: 'process',
      fn: {
        processElement(record, _ctx, out) {
          const r = stage(record);
          if (r !== null) out(r);
        },
      },
    },
  };
}
