// Every refusal and error text of the tuple engine (the Storm core model), once, as Vega-Lite keeps its
// `log/message.ts`: the code throws with these, tests and docs quote them. Each names its SEMANTICS key.

export const MESSAGES = {
  // Steps and faults the model does not have.
  checkpointStep: 'Storm core has no checkpoints; bolt state is not saved (C1)',
  batchStep: 'Storm processes tuple by tuple; there are no micro-batches (C1)',
  explicitWatermarksNeedJob:
    'explicit watermarks need job.watermark = "explicit"; otherwise a Storm windowed bolt generates its own (min over streams of max ts - lag, C3)',
  noCheckpointToCrashIn:
    'crash-during-checkpoint: Storm core takes no checkpoints — bolt state is never saved or restored (C1); model it as a plain crash',
  noCommitToCrashBefore:
    'crash-before-commit: Storm core has no transactional sinks and no commit to crash before (C1; exactly-once needs Trident, C4)',
  // A scenario's delivery settings.
  noCheckpoints: 'Storm core has no checkpoints (C1); acking decides its guarantee (C2)',
  noSink: (sink: string) =>
    `Storm core has no ${sink} sink: bolts write directly, so replays repeat output (C2; Trident is not modelled, C4)`,
  noForeachBatch: 'foreachBatch is a Spark Structured Streaming sink (B7); Storm bolts write directly',
  // Jobs the model does not have.
  topNNeedsWindowedBolt: 'a windowed Top-N is a BaseWindowedBolt (Storm ≥ 1.0, C3): use windowing "windowedBolt"',
  topNOneTask:
    'a Top-N without partitionBy ranks every tuple of a window together: the bolt needs them all in one task (globalGrouping); use parallelism 1',
  noRankConstruct: (construct: 'dedup' | 'topN' | 'perWindow') =>
    construct === 'dedup'
      ? 'Storm core has no dedup construct (C1): deduplication is user code in a bolt with its own (unsaved) state'
      : construct === 'topN'
        ? "Storm core has no top-N construct (C1): an updating Top-N is storm-starter's RollingTopWords, user code (rolling counts over tick tuples, then intermediate and total rankers, ST-SWC), not modelled; the lab models a windowed Top-N only, as the BaseWindowedBolt a user writes (C3): give the job a window"
        : "Storm core has no chained aggregation (C1): a second windowed bolt over the first one's results is user code, not modelled here",
  noSessions: 'Storm has no session windows (D)',
  noGlobalWindow: 'Storm windowed bolts have no global window; use a count or duration window (C3)',
  noOffset: 'Storm window ends are multiples of the slide; there is no offset (C3)',
  noAllowedLateness: 'Storm has no allowed lateness, only the lag (C3, D)',
  noTriggers: 'Storm windows fire once per window end; there is no purging trigger to choose (C3)',
  noOutputModes: 'Storm has no output modes: a window is emitted once, when it is evaluated (C3)',
  noIngestionTime: 'Storm has no ingestion time: use processing (arrival at the bolt) or event (a timestamp field)',
  explicitIsEventTime: 'explicit watermarks are event time: set job.time to "event" (C3)',
  explicitNothingLate: 'with explicit watermarks nothing is late: WindowManager.add has no late check (C3)',
  tickTuplesNoWatermark: 'tick tuples fire by processing time: there is no watermark to give (C3)',
  noIdleness: 'Storm has no idleness: a silent stream holds the watermark back (C3)',
  oneLag: 'a Storm windowed bolt has one lag for all its input streams (C3)',
  lateStreamNeedsEventTime: 'a late tuple stream needs a timestamp field: by processing time nothing is late (ST-WBE)',
  joinOnlyWindows: (kind: string) =>
    `a JoinBolt joins the tuples of one window and keeps nothing across windows: ${kind === 'interval' ? 'an interval' : `a ${kind}`} join does not exist in Storm core (E6)`,
  joinNoTopN:
    "Storm core has no top-N construct (C1), and a JoinBolt emits each window's pairs and keeps nothing across windows (E6): a top-N over a join's pairs is user code in a bolt after it, not modelled",
  noJoinRecords:
    "Storm core has no join of a window's result back to the tuples (a JoinBolt joins the tuples of one window, E6; C1): the lab models Storm's q7 as the windowed bolt a user writes that keeps the tuples at their window's max (a RANK Top-N, nexmark-q7-rank)",
  joinNoGroupBy:
    "a JoinBolt emits each window's pairs and keeps nothing across windows (E6), and Storm core has no updating aggregation (C1): a GROUP BY over a join's pairs, retracting as it changes, is user code in bolts after it, not modelled",
  joinTypes: (type: string) => `JoinBolt has only INNER and LEFT joins, not ${type} (E6)`,
  joinDistinct:
    "a JoinBolt joins a window's tuples and projects them (select), but has no GROUP BY or distinct (E6, ST-JB): grouping a stream per window before the join is a windowed bolt in front of it, whose results a second window would cut again (C3)",
  joinNeedsWindowedBolt: 'a JoinBolt is a BaseWindowedBolt: use windowing "windowedBolt" (E6)',
  refusedAtPrepare: (problem: string) => `${problem}; Storm's windowed bolt refuses this at prepare (C3)`,
  tickTuplesProcessingTime: 'tick tuples fire by processing time: the pre-1.0 pattern has no event time (use windowing "windowedBolt")',
  tickTuplesNoCount: 'the tickTuples pattern keeps rolling time slots; count windows need windowing "windowedBolt"',
  tickWholeSeconds: 'tick tuples come every whole number of seconds (topology.tick.tuple.freq.secs)',
  tickSlots: (size: number, slide: number) => `the rolling slots need size (${size}) to be a multiple of slide (${slide})`,
} as const;
