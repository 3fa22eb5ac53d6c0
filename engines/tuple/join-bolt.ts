// Storm's JoinBolt (E6, ST-JB): a BaseWindowedBolt that, for every window it is given (C3: `(end − length,
// end]`, watermarks min over both streams, late tuples as for any windowed bolt), joins all the window's
// tuples — the left stream probes a hash of the right one on its join field; INNER emits each match, LEFT
// also emits an unmatched probe with nulls; a probe whose key is null is dropped even by a left join. Only
// INNER and LEFT exist, and sliding windows join the same pair again in every window they share.
import { RefusedError } from '../core/errors.ts';
import { distinctOf, type JoinJob } from '../core/join-job.ts';
import { buildTopology, type JobIo, type ResultValues, windowConfigFor } from './compile-job.ts';
import { checkWindowConfig } from './job-checks.ts';
import { MESSAGES } from './messages.ts';
import type { TupleOptions } from './module.ts';
import type { TopologySpec } from './topology.ts';
import type { Tuple } from './tuple.ts';
import { type WindowedBolt, windowedBolt } from './windowing/windowed-bolt.ts';

/** What Storm core cannot run of a join job (E6). */
export function checkTupleJoin(job: JoinJob, options: TupleOptions): void {
  const j = job.join;
  if (j.kind !== 'window') throw new RefusedError('job.join.kind', MESSAGES.joinOnlyWindows(j.kind));
  if (job.topN !== undefined) throw new RefusedError('job.topN', MESSAGES.joinNoTopN);
  if (job.groupBy !== undefined) throw new RefusedError('job.groupBy', MESSAGES.joinNoGroupBy);
  for (const side of ['left', 'right'] as const) {
    if (distinctOf(job, side)) throw new RefusedError(`job.streams.${j[side]}.distinct`, MESSAGES.joinDistinct);
  }
  if (j.type === 'right' || j.type === 'full') throw new RefusedError('job.join.type', MESSAGES.joinTypes(j.type));
  if (options.windowing === 'tickTuples') throw new RefusedError('engine.windowing', MESSAGES.joinNeedsWindowedBolt);
  if (job.window?.kind === 'session') throw new RefusedError('job.window', MESSAGES.noSessions);
  if (job.allowedLateness > 0) throw new RefusedError('job.allowedLateness', MESSAGES.noAllowedLateness);
  if (job.outputMode !== 'append') throw new RefusedError('job.outputMode', MESSAGES.noOutputModes);
  if (job.watermark === 'explicit' && job.lateOutput) throw new RefusedError('job.lateOutput', MESSAGES.explicitNothingLate);
  checkWindowConfig(windowConfigFor({ ...job, window: job.window!, time: 'event' }), options);
}

export function joinBolt(job: JoinJob): WindowedBolt {
  const j = job.join;
  return {
    execute(window, collector) {
      const start = window.startTimestamp;
      const end = window.endTimestamp;
      const right = new Map<unknown, Tuple[]>();
      for (const t of window.tuples) {
        if (t.values.stream !== j.right) continue;
        const k = t.values[j.rightKey];
        const list = right.get(k);
        if (list === undefined) right.set(k, [t]);
        else list.push(t);
      }
      for (const l of window.tuples) {
        if (l.values.stream !== j.left) continue;
        const k = l.values[j.leftKey];
        if (k === null || k === undefined) continue; // a null probe key is dropped, even by a left join
        const matches = right.get(k) ?? [];
        for (const r of matches) {
          collector.emitAnchored([l, r], { key: k, start, end, value: { left: l.values, right: r.values } } satisfies ResultValues);
        }
        if (matches.length === 0 && j.type === 'left') {
          collector.emitAnchored([l], { key: k, start, end, value: { left: l.values, right: null } } satisfies ResultValues);
        }
      }
    },
  };
}

export function compileJoinJob(job: JoinJob, options: TupleOptions, io: JobIo): TopologySpec {
  const config = windowConfigFor({ ...job, window: job.window!, time: 'event' });
  const bolt = () =>
    windowedBolt(joinBolt(job), config, {
      onWatermark: () => io.onWatermark(),
      onDropped: (t) => io.emit({ output: 'dropped', record: t.values }),
    });
  // Each input is fields-grouped on its own join field, so equal keys meet in one task (ST-D-JOIN).
  const j = job.join;
  return buildTopology(io, options, [j.left, j.right], bolt, (s) => (s === j.left ? j.leftKey : j.rightKey), { keyed: true });
}
