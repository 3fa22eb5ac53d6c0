// The event engine over an input with crashes at given events, as the exactly-once property tests run it (A9,
// A10): each record advanced to and added at its arrival, the engine restarted from its latest checkpoint just
// before the records at the `crashes` indices, then the end of input. For tests only.
import fc from 'fast-check';
import type { Rec } from '../core/aggregates.ts';
import type { Emission } from '../core/emission.ts';
import type { SinkKind } from '../core/sinks.ts';
import { type CheckpointMode, EventEngine } from '../event/event-engine.ts';
import type { Pipeline } from '../event/pipeline.ts';

export type TimedInput = ReadonlyArray<{ arrival: number; record: Rec }>;

export interface CrashRunConfig {
  parallelism: number;
  /** Network delay and skew between subtasks (ms). */
  delay: number;
  skew: number;
  /** Checkpoint interval (ms) and mode. */
  interval: number;
  mode: CheckpointMode;
  /** Simulated cost of one record on a subtask (ms): busy subtasks fall behind each other. */
  recordCost?: number;
}

/**
 * The configurations the exactly-once properties draw from: network delay and skew, aligned or unaligned
 * checkpoints at the given intervals and, with `recordCost`, busy subtasks that fall behind each other.
 */
export function crashConfigArb(o: {
  parallelism: readonly number[];
  interval: readonly number[];
  recordCost?: boolean;
}): fc.Arbitrary<CrashRunConfig> {
  return fc.record({
    parallelism: fc.constantFrom(...o.parallelism),
    delay: fc.constantFrom(0, 5),
    skew: fc.constantFrom(0, 7),
    interval: fc.constantFrom(...o.interval),
    mode: fc.constantFrom<CheckpointMode>('exactly-once', 'unaligned'),
    ...(o.recordCost ? { recordCost: fc.constantFrom(0, 4, 15) } : {}),
  });
}

/** Crash before these event indexes (each a restart from the latest completed checkpoint). */
export function crashesArb(max = 45, minLength = 0): fc.Arbitrary<number[]> {
  return fc.uniqueArray(fc.nat({ max }), { minLength, maxLength: 3 });
}

/** Every emission of the run, in order (main and side outputs). */
export function runWithCrashes(
  pipeline: Pipeline,
  input: TimedInput,
  cfg: CrashRunConfig,
  sink: SinkKind,
  crashes: readonly number[],
): Emission[] {
  const e = new EventEngine(pipeline, {
    parallelism: cfg.parallelism,
    network: { delay: cfg.delay, skew: cfg.skew },
    checkpointing: { interval: cfg.interval, mode: cfg.mode },
    sink,
    ...(cfg.recordCost !== undefined ? { recordCost: cfg.recordCost } : {}),
  });
  const out: Emission[] = [];
  input.forEach(({ arrival, record }, i) => {
    e.advance(Math.max(arrival, e.now()));
    if (crashes.includes(i)) e.restart();
    e.add([record]);
    out.push(...e.drain());
  });
  e.end();
  out.push(...e.drain());
  return out;
}
