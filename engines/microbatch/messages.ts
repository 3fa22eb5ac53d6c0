// Every refusal and error text of the microbatch engine (the Spark models), once, as Vega-Lite keeps its
// `log/message.ts`: the code throws with these, tests and docs quote them. Each names its SEMANTICS key.

export const MESSAGES = {
  // Steps, triggers and faults.
  noExplicitWatermarks: 'explicit watermarks are not allowed for microbatch: Spark computes its watermark at the end of each batch',
  noExplicitWatermarksDStream: 'explicit watermarks are not allowed for microbatch: DStreams have no event time (B8)',
  stopsBeforeInput: (trigger: 'once' | 'availableNow') =>
    `Trigger.${trigger === 'once' ? 'Once' : 'AvailableNow'} reads the rows available when the query starts, then stops (B1); a scenario's rows keep arriving after that, so none would be read: use trigger processingTime (or a trace with batch steps)`,
  dstreamFault: (kind: string) =>
    `DStreams here model driver failures as plain crashes only (B8): ${kind} needs Structured Streaming's offset and commit logs (B7)`,
  dstreamNoPartitionedFiles:
    'DStreams have no partitioned file sink: saveAsTextFiles writes one directory per batch (prefix-TIME_IN_MS/part-NNNNN) without partition columns, and a foreachRDD writer is user code, repeated when a batch re-runs (B8); use Structured Streaming (flavor structured), whose file sink partitions (B7)',
  // A scenario's delivery settings.
  checkpointEveryBatch: (interval: number, mode: string) =>
    `Spark commits a checkpoint (offsets/, commits/, state/) every micro-batch (B7): checkpoint.interval ${interval} and mode ${mode} do not apply`,
  noTwoPhaseCommit: 'Spark has no two-phase-commit sink; its exactly-once sink is idempotent by batch id (B7): use sink "idempotent"',
  // Options of the other flavor.
  structuredOnly: (option: string) => `${option} is a Structured Streaming option; the dstream flavor does not have it (B8)`,
  dstreamIntervalPositive: 'a DStream batch interval must be > 0 (B8)',
  batchCostStructuredOnly: 'batchCost is modelled for Structured Streaming only; DStream batches take no time here',
  inverseReduceDStreamOnly: 'inverseReduce is a DStream option (reduceByKeyAndWindow with an inverse function)',
  receiverWalDStreamOnly: 'receiverWal is a DStream option (Structured Streaming sources are replayable, B7)',
  // Jobs Spark does not have.
  noAllowedLateness: 'Spark has no allowed lateness: the watermark delay is the lateness (SEMANTICS D)',
  noWindowTriggers: 'window triggers are a Flink concept; in Spark the output mode decides when rows are emitted',
  noLateOutput: 'Spark has no late side output: late rows are dropped and counted (B5, B6)',
  noIngestionTime: 'Structured Streaming has no ingestion time; use a source timestamp column as event time',
  sessionNoUpdate: 'session windows do not support update mode in Structured Streaming (B4)',
  sessionNeedsKey: 'a session window needs a grouping key besides the session window (B4)',
  appendNeedsWindow: 'append mode needs an event-time window to know when a group is final; use update or complete',
  appendNeedsWatermark: 'append output mode needs a watermark (withWatermark) for streaming aggregations (B6)',
  slideAboveSize: (slide: number, size: number) => `window(): slide (${slide}) must be <= size (${size}) in Structured Streaming (B4)`,
  noCountWindows:
    'Structured Streaming has no count windows, only window() and session_window() (B4); use mapGroupsWithState for count-based logic',
  noIdleness: 'Spark has no idleness: an input without data holds the global watermark at 0 (B3)',
  stormLag: 'lag is the Storm setting; Spark uses delay (withWatermark)',
  flinkInterval: "interval is Flink's and Storm's periodic emission; Spark computes its watermark at the end of every batch (B3)",
  dstreamNoOutputModes: "output modes are Structured Streaming's: a DStream emits each window's whole result every slide (B8)",
  dstreamLengthMultiple: (size: number, interval: number) =>
    `DStream window length (${size}) must be a multiple of the batch interval (${interval}) (B8)`,
  dstreamSlideMultiple: (slide: number, interval: number) =>
    `DStream slide (${slide}) must be a multiple of the batch interval (${interval}) (B8)`,
  dstreamNoOffset: 'DStream windows are aligned to zeroTime; offsets do not exist (B8)',
  dstreamBatchTimeOnly: (kind: string) => `DStreams window over batch time only (window(length, slide)); ${kind} windows do not exist (B8)`,
  inverseNeedsWindow: 'an inverse reduce applies to reduceByKeyAndWindow only',
  noInverse: (fn: string) => `${fn} has no inverse function; only count and sum do`,
  inverseSlide: 'reduceByKeyAndWindow with an inverse function needs slide <= window length',
  countByWindowSlide: 'an un-keyed count is countByWindow, a reduce with an inverse function: it needs slide <= window length (B8)',
  // Joins (E4, E5).
  dstreamJoinKind: (kind: string) =>
    `DStreams join two streams per batch time (windowed with window()): ${kind === 'interval' ? 'an interval' : `a ${kind}`} join needs state or event time that DStreams do not have (E5)`,
  joinAppendOnly: (mode: string) => `stream-stream joins are supported only in Append output mode, not ${mode} (E4, S-UOC)`,
  joinNoSessions: 'a stream-stream join on session windows is not supported in Structured Streaming (E4)',
  outerNeedsWatermark: (type: string) =>
    `a ${type} outer stream-stream join needs a watermarked join key, or a watermark on the nullable side with a time-range condition (E4, S-UOC): without one no null row is ever emitted`,
  // Dedup, top-N and chained aggregations (issue 18; S-UOC = UnsupportedOperationChecker).
  dstreamNoRank: (construct: string) =>
    `DStreams have no ${construct} across batches: transform(rdd => …) runs per batch with no state, and updateStateByKey is a running aggregate, not ${construct} (B8)`,
  joinGroupBy:
    'a GROUP BY over a stream-stream join is a second stateful operator after the join: Spark chains stateful operators in Append mode only (3.4+), and Append emits a group only once the watermark closes it, which a GROUP BY without an event-time window never is; Update mode is "not supported" for a stream-stream join (E4, S-UOC)',
  dstreamJoinGroupBy:
    "a DStream join pairs one batch's (or window's) records and keeps nothing across them (E5): a GROUP BY over the join of the whole input does not exist; updateStateByKey over each batch's pairs would miss every pair whose records came in different windows (B8)",
  joinDistinct:
    'a stream grouped per window before a stream-stream join (GROUP BY fields, window(…) on that side: Nexmark q8) is a streaming aggregation followed by a stream-stream join; Spark chains stateful operators in Append mode (3.4+), but no upstream test shows an aggregation or dropDuplicates followed by a stream-stream join (MultiStatefulOperatorsSuite chains join → aggregation, aggregation → aggregation and dedup → aggregation), so the lab does not build it (S-UOC, E4)',
  noTopN:
    'top-N is ROW_NUMBER() OVER (PARTITION BY … ORDER BY …), a non-time-based window: "Non-time-based windows are not supported on streaming DataFrames/Datasets"; sorting is "not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode" (S-UOC)',
  noKeepLast:
    'Spark has no keep-last dedup: dropDuplicates keeps the first row of each key; the last row needs ROW_NUMBER over a non-time-based window, "not supported on streaming DataFrames/Datasets" (S-UOC), or user code in flatMapGroupsWithState',
  withinNeedsWatermark:
    '"dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark" (S-UOC): its state expires at eventTime + the watermark delay (StreamingDeduplicateWithinWatermarkExec); set job.watermark.delay',
  withinIsDelay: (within: number, delay: number) =>
    `dropDuplicatesWithinWatermark has no bound of its own: a kept row expires at eventTime + the watermark delay (${delay} ms) (StreamingDeduplicateWithinWatermarkExec); set dedup.within to ${delay}, not ${within}`,
  dedupComplete:
    '"Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets" (S-UOC): dropDuplicates is not an aggregation',
  chainedJoinBack:
    'the join back of a chained aggregation (Nexmark q5: the window counts joined to their max, num >= maxn) is a stream-stream join of two aggregations of one stream; the lab does not build it for Structured Streaming (S-UOC lists which stateful operators may follow one another): it runs the max alone (nexmark-q5-max)',
  joinRecords:
    'a window aggregation joined back to its own input (Nexmark q7: the window max joined to the bids) is a stream-stream join after a streaming aggregation, of that aggregation with the stream it aggregates; Spark chains stateful operators in Append mode (3.5), but no upstream test shows an aggregation followed by a stream-stream join (MultiStatefulOperatorsSuite chains join → aggregation, aggregation → aggregation and dedup), so the lab does not build it (S-UOC, E4)',
  dstreamJoinRecords:
    'a DStream joins two streams per batch time (E5): the window max joined back to the records of its window would be reduceByWindow joined with window() of the records by batch time, with no event time and no BETWEEN on it (B8)',
  chainedAppendOnly: (mode: string) =>
    `multiple stateful operators (a chained aggregation) run in Append output mode only, not ${mode} (S-UOC, Spark >= 3.5)`,
  // Records Spark cannot read.
  noTimestamp: (v: unknown, r: unknown) => `record has no valid event-time timestamp (${JSON.stringify(v)}): ${JSON.stringify(r)}`,
  unknownStream: (streams: readonly string[], r: unknown) =>
    `record names no declared stream (${streams.join(', ')}): ${JSON.stringify(r)}`,
  badKey: (v: unknown, r: unknown) =>
    `expected a string, number, boolean or null key, got ${JSON.stringify(v)} in record ${JSON.stringify(r)}`,
} as const;
