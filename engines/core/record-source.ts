// What the scenario runner feeds engines from: its input as columns (typed arrays of arrival times and
// record slots) and a source that builds record i on demand. Engines keep ranges of it in their replayable
// log instead of the records themselves (a Kafka topic shared by every engine: read, never copied).
import type { Rec } from './aggregates.ts';

/** Records by index, built on demand: each call returns an equal record (the same fields, order and values). */
export interface RecordSource {
  readonly length: number;
  record(i: number): Rec;
}

/** The runner's input by log position (StepEngine.feed). */
export interface FeedInput {
  /** The processing time at which each event arrives, ms, non-decreasing. */
  readonly arrival: Float64Array;
  /** Each event's record index in `records`, or −1: the stateless stages dropped it (it still moves the clock). */
  readonly slot: Int32Array;
  readonly records: RecordSource;
}
