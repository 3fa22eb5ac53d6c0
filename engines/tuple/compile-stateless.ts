// The stateless job (core/stateless-job.ts) as a Storm topology: the replayable spout → a map bolt
// (BaseBasicBolt: filter and project each tuple, emit anchored, ack on return; shuffle-grouped over
// `parallelism` tasks) → the sink. Each result leaves as its tuple is executed (C1); with acking, a tree
// that times out or is cut by a crash is replayed by the spout and its result emitted again (C2).
import { type StatelessJob, statelessStage } from '../core/stateless-job.ts';
import { buildTopology, type JobIo, type ResultValues } from './compile-job.ts';
import { basicBolt } from './components.ts';
import { HDFS_TICK, type HdfsSink } from './hdfs-bolt.ts';
import type { TupleOptions } from './module.ts';
import type { TopologySpec } from './topology.ts';

export function compileStatelessJob(job: StatelessJob, options: TupleOptions, io: JobIo, files?: HdfsSink): TopologySpec {
  const stage = statelessStage(job);
  const mapBolt = () =>
    basicBolt((t, collector) => {
      const out = stage(t.values);
      if (out !== null) collector.emit({ start: null, end: null, value: out } satisfies ResultValues);
    });
  const sink = files ? { sink: { bolt: () => files.bolt(), tickFrequency: HDFS_TICK } } : {};
  return buildTopology(io, options, null, mapBolt, () => null, { keyed: false, ...sink });
}
