// The declarative join job as the event engine runs it (E1–E3): both streams keyed by their join field into
// one keyed operator (with a top-N over its pairs in the same keyed context, join-rank-stage.ts) — a WindowOperator whose window function pairs the window's left and right elements
// (the coGroup a window join is, E1), the interval join operator (E2), or Flink SQL's regular join (E3).
import type { Rec } from '../core/aggregates.ts';
import { RefusedError } from '../core/errors.ts';
import { type JoinJob, joinRows } from '../core/join-job.ts';
import { groupKeysHoldJoinKey, partitionIsJoinKey, wherePredicate } from '../core/join-rank.ts';
import { assignerFor } from '../core/windows/assigners.ts';
import { eventTimeTrigger } from '../core/windows/triggers.ts';
import { MESSAGES } from './messages.ts';
import { type Pipeline, type WatermarkStrategy, watermarkStrategy } from './pipeline.ts';

export function compileJoin(job: JoinJob): Pipeline {
  const j = job.join;
  if (job.outputMode !== 'append') throw new RefusedError('job.outputMode', MESSAGES.outputModes(job.outputMode));
  if (j.type !== 'inner') throw new RefusedError('job.join.type', MESSAGES.joinOuter(j.kind, j.type));
  if (j.kind !== 'interval' && job.lateOutput) throw new RefusedError('job.lateOutput', MESSAGES.joinNoLateOutput);
  if (j.kind !== 'window' && job.allowedLateness > 0) throw new RefusedError('job.allowedLateness', MESSAGES.joinNoLateness(j.kind));
  const watermarks: Record<string, WatermarkStrategy> = {};
  for (const [name, s] of Object.entries(job.streams ?? {})) {
    watermarks[name] = watermarkStrategy(
      s.watermark ?? job.watermark,
      'event',
      s.watermark !== undefined ? `job.streams.${name}.watermark` : 'job.watermark',
    );
  }
  const tsField = job.timestamp;
  const pipeline = {
    steps: [],
    keyOf: (r: Rec) => (r.stream === j.left ? r[j.leftKey] : r[j.rightKey]),
    time: 'event' as const,
    timestampOf: (r: Rec) => r[tsField] as number,
    watermarks,
  };
  if (job.topN !== undefined) {
    if (j.kind === 'window') throw new RefusedError('job.topN', MESSAGES.joinTopNWindow);
    if (!partitionIsJoinKey(job)) throw new RefusedError('job.topN.partitionBy', MESSAGES.joinTopNPartition(j.leftKey, j.rightKey));
    const rank = { where: wherePredicate(job), topN: job.topN };
    return { ...pipeline, operator: { kind: 'join', spec: j, lateOutput: job.lateOutput, rank } };
  }
  if (job.groupBy !== undefined) {
    if (j.kind === 'window') throw new RefusedError('job.groupBy', MESSAGES.joinGroupByWindow);
    const [first, second] = job.groupBy;
    if (!groupKeysHoldJoinKey(job)) throw new RefusedError('job.groupBy[0].keys', MESSAGES.joinGroupByKeys(j.leftKey, j.rightKey));
    const rank = { where: wherePredicate(job), groupBy: first! };
    return { ...pipeline, operator: { kind: 'join', spec: j, lateOutput: job.lateOutput, rank }, ...(second ? { regroup: second } : {}) };
  }
  if (j.kind !== 'window') return { ...pipeline, operator: { kind: 'join', spec: j, lateOutput: job.lateOutput } };
  return {
    ...pipeline,
    operator: {
      kind: 'window',
      config: {
        assigner: assignerFor(job.window!),
        trigger: eventTimeTrigger(),
        eventTime: true,
        allowedLateness: job.allowedLateness,
        lateOutput: false,
        // JoinedStreams: the window's elements split by input, then every (left, right) pair, left-major in
        // arrival order; a window with one side only emits nothing (E1, F-T-CGJ testJoin).
        fn: {
          kind: 'process',
          process(_key, _window, elements) {
            // A stream with `distinct` (q8's GROUP BY per window) pairs its distinct rows, not its records.
            const left = joinRows(
              job,
              'left',
              elements.filter((e) => e.stream === j.left),
            );
            const right = joinRows(
              job,
              'right',
              elements.filter((e) => e.stream === j.right),
            );
            return left.flatMap((l) => right.map((r) => ({ left: l, right: r })));
          },
        },
      },
    },
  };
}
