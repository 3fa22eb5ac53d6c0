// Every refusal and error text of the event engine (the Flink model), once, as Vega-Lite keeps its
// `log/message.ts`: the code throws with these, tests and docs quote them. Each names its SEMANTICS key.
import type { Rec } from '../core/aggregates.ts';
import { EXPLICIT_WATERMARKS_NEED_JOB } from '../core/job.ts';

const show = (r: unknown) => JSON.stringify(r);

export const MESSAGES = {
  batchStep: 'the event engine processes records one at a time; "batch" is a microbatch step',
  explicitWatermarksNeedJob: EXPLICIT_WATERMARKS_NEED_JOB,
  outputModes: (mode: string) =>
    `Flink has no output modes (${mode} is Structured Streaming's): a window emits when its trigger fires, then again for each late firing (A5); only a keyed aggregation without a window (window "global") runs "update", as Flink SQL's GroupAggregate`,
  noRankFunction:
    'Flink\'s Window Top-N plans ROW_NUMBER() only: StreamExecWindowRank throws "RANK() function is not supported on Window TopN currently" (NX-Q: Flink runs q7 as a window max joined back to the bids: joinRecords, nexmark-q7)',
  stormLag: 'lag is the Storm setting (withLag); Flink bounds disorder with delay (forBoundedOutOfOrderness, A2)',
  nullKey: (key: unknown, r: Rec) => `Assigned key must not be null! (Flink fails the job): keyBy gave ${key} for record ${show(r)}`,
  noTimestamp: (r: Rec) => `record ${show(r)} has no numeric event-time timestamp`,
  unknownStream: (stream: unknown, streams: readonly string[]) => `record names stream ${show(stream)}, not one of ${streams.join(', ')}`,
  recordCost: 'recordCost must be a finite number of ms >= 0',
  checkpointInterval: (interval: number) => `must be > 0, got ${interval}`,
  savepointIntoNewJob: 'restore a savepoint into a new job, before any record arrives',
  maxParallelismChanged: (from: number, to: number) => `cannot restore keyed state written with maxParallelism ${from} into ${to} (A8)`,
  parallelism: (p: number) => `must be a whole number >= 1, got ${p}`,
  maxParallelism: (m: number) => `must be a whole number in [1, 32768], got ${m}`,
  parallelismAboveMax: (p: number, m: number) => `parallelism ${p} exceeds maxParallelism ${m} (A8)`,
  checkpointCannotComplete: (id: number) => `checkpoint ${id} cannot complete: no pending deliveries`,
  faultNeedsCheckpoints: 'crash-during-checkpoint needs checkpointing on this entry (A9)',
  faultNeedsTwoPhaseCommit: 'crash-before-commit crashes between the 2PC pre-commit and the commit: it needs sink "transactional" (A10)',
  noForeachBatch: 'foreachBatch is a Spark Structured Streaming sink (B7); Flink writes through its own sinks',
  twoPhaseCommitNeedsCheckpoints:
    'a transactional (2PC) sink commits when a checkpoint completes: set checkpoint, or nothing is visible before the end of input',
  intervalJoinNeedsTimestamps: 'Long.MIN_VALUE timestamp: an interval join needs a timestamp on every element (E2, FlinkException)',
  joinOuter: (kind: string, type: string) =>
    kind === 'window'
      ? `Flink's window join is inner (JoinedStreams); a ${type} outer window join is a coGroup the user writes (E1)`
      : kind === 'interval'
        ? `Flink's interval join is inner only (E2); a ${type} outer join needs Flink SQL's interval join`
        : `a ${type} outer regular join emits retractions in Flink SQL (a changelog), which the lab's append-only outputs do not model (E3)`,
  joinTopNWindow:
    "a top-N over a window join's pairs is not built: the lab ranks the pairs of a regular or interval join (Flink SQL's Join then Rank, Nexmark q9); a window join's pairs are a window function's output (E1)",
  joinTopNPartition: (leftKey: string, rightKey: string) =>
    `the lab ranks a join's pairs in the join's keyed context, so topN.partitionBy must be the join key (["left.${leftKey}"] or ["right.${rightKey}"]); Flink SQL would shuffle the pairs by another partition into a separate Rank operator, not built`,
  joinGroupByWindow:
    "a GROUP BY over a window join's pairs is not built: the lab groups the pairs of a regular or interval join (Flink SQL's Join then GroupAggregate, Nexmark q4); a window join's pairs are a window function's output (E1)",
  joinGroupByKeys: (leftKey: string, rightKey: string) =>
    `the lab runs a join's first GROUP BY in the join's keyed context, so groupBy[0].keys must hold the join key ("left.${leftKey}" or "right.${rightKey}"); Flink SQL would shuffle the pairs by another key into a separate GroupAggregate, not built`,
  joinNoLateOutput: 'the window join API has no late side output: late elements are dropped and counted (E1)',
  joinNoLateness: (kind: string) => `allowed lateness belongs to window joins; a ${kind} join has none (E2, E3)`,
  chainedNoLateness:
    "a chained aggregation with allowed lateness would see a window's results again at each late firing (A6.2), counted twice by the second stage: not modelled",
  dedupWithin:
    "Flink has no event-time bound on dedup state: dropDuplicatesWithinWatermark is Spark's; Flink SQL expires dedup state by processing-time TTL (table.exec.state.ttl, A12)",
  sessionMergeBeforeWatermark: 'The end timestamp of an event-time window cannot become earlier than the current watermark by merging.',
} as const;
