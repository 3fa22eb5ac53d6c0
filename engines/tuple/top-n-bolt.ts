// A windowed Top-N on Storm core: Storm has no top-N construct (storm-starter's RollingTopWords is user code:
// rolling counts over tick tuples, then intermediate and total ranking bolts), so the lab models what a user
// writes on Storm ≥ 1.0 — a BaseWindowedBolt whose `execute(window)` ranks the window's tuples per partition
// (ROW_NUMBER() over `orderBy`, ties by arrival, ranks 1..n; or RANK(): equal values share a rank, every row
// of rank <= n kept — the user's bolt decides, so Storm can do either) and emits each row anchored on its tuple. The
// window is Storm's (C3): `(end − length, end]`, evaluated when the watermark (min over streams, − lag)
// reaches its end, empty windows skipped, late tuples dropped or sent to the late stream. The input is
// fields-grouped on the first partition field, so a partition meets in one task; an un-partitioned Top-N
// needs every tuple in one task (parallelism 1). Dedup, the unbounded Top-N and chained aggregations stay
// refused (tuple/module.ts): a rolling, updating ranking is not a windowed bolt.
import { RefusedError } from '../core/errors.ts';
import { readField } from '../core/field-path.ts';
import { type ChangelogRow, rankKey, rankOrder, type TopNJob, topRanked } from '../core/rank-job.ts';
import { buildTopology, type JobIo, type ResultValues, windowConfigFor } from './compile-job.ts';
import { checkWindowConfig } from './job-checks.ts';
import { MESSAGES } from './messages.ts';
import type { TupleOptions } from './module.ts';
import type { TopologySpec } from './topology.ts';
import type { Tuple } from './tuple.ts';
import { type WindowedBolt, windowedBolt } from './windowing/windowed-bolt.ts';

/** What Storm core cannot run of a top-N job. */
export function checkTupleTopN(job: TopNJob, options: TupleOptions): void {
  if (job.window === undefined) throw new RefusedError('job.topN', MESSAGES.noRankConstruct('topN'));
  if (options.windowing === 'tickTuples') throw new RefusedError('engine.windowing', MESSAGES.topNNeedsWindowedBolt);
  if (job.outputMode !== 'append') throw new RefusedError('job.outputMode', MESSAGES.noOutputModes);
  if (job.topN.partitionBy.length === 0 && options.parallelism > 1) {
    throw new RefusedError('engine.parallelism', MESSAGES.topNOneTask);
  }
  checkWindowConfig(windowConfigFor({ ...job, window: job.window, lateOutput: false }), options);
}

export function topNBolt(job: TopNJob): WindowedBolt {
  const s = job.topN;
  const order = rankOrder<Tuple>(s, (t, f) => readField(t.values, f));
  return {
    execute(window, collector) {
      const start = window.startTimestamp;
      const end = window.endTimestamp;
      const partitions = new Map<unknown, Tuple[]>();
      for (const t of window.tuples) {
        const k = rankKey(s.partitionBy, t.values);
        const list = partitions.get(k);
        if (list === undefined) partitions.set(k, [t]);
        else list.push(t);
      }
      for (const [k, tuples] of partitions) {
        // A stable sort: equal order values keep their arrival order.
        const sorted = [...tuples].sort(order);
        for (const { item: t, rank } of topRanked(sorted, s, order)) {
          const value: ChangelogRow = { op: '+I', row: t.values, rank };
          collector.emitAnchored([t], { key: k, start, end, value } satisfies ResultValues);
        }
      }
    },
  };
}

export function compileTopNJob(job: TopNJob, options: TupleOptions, io: JobIo): TopologySpec {
  const config = windowConfigFor({ ...job, window: job.window!, lateOutput: false });
  const bolt = () =>
    windowedBolt(topNBolt(job), config, {
      onWatermark: () => io.onWatermark(),
      onDropped: (t) => io.emit({ output: 'dropped', record: t.values }),
    });
  const first = job.topN.partitionBy[0] ?? null;
  return buildTopology(io, options, null, bolt, () => first, { keyed: first !== null });
}
