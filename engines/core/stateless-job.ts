// The stateless job (issue 18, Nexmark q0–q2, q10, q13, q14, q21, q22; SEMANTICS F "stateless job"): no key,
// no window, no aggregate — each record passing the filter comes out once, projected by the map. Unlike
// the windowed job's stateless front (applied once by the scenario runner), every engine runs these stages
// itself, at its model's pace: Flink emits each record as its operator processes it, Spark a micro-batch's
// rows when the batch completes (Append mode; DStreams per batch), Storm each tuple as its bolt executes it.
import type { Rec } from './aggregates.ts';
import type { FilesSpec } from './files/files-spec.ts';
import type { WatermarkSpec } from './job.ts';
import { type Filter, filterMapFn, type MapProjection } from './stateless.ts';

export interface StatelessJob {
  stateless: { filter?: Filter; map?: MapProjection };
  /** The event-time field: what each output is stamped with (Flink's record timestamp) and latency reads. */
  timestamp: string;
  /** The source's watermark (Nexmark's `WATERMARK FOR dateTime AS dateTime - 4s`): only a file sink's partition commit reads it. */
  watermark?: WatermarkSpec;
  /** A partitioned file sink (files/files-spec.ts, Nexmark q10): the output is written as a table of files. */
  files?: FilesSpec;
}

export function isStatelessJob(job: object): job is StatelessJob {
  return 'stateless' in job && typeof (job as { stateless?: unknown }).stateless === 'object';
}

/** The job's stages as the engines run them: the output record, or null when the filter drops it. */
export function statelessStage(job: StatelessJob): (r: Rec) => Rec | null {
  return filterMapFn(job.stateless, 'job');
}
