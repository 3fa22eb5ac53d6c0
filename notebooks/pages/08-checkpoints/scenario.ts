// Notebook 8's workload and runs (pure): two input streams, A on a fast channel and B on a slow one (the
// network's skew), into one keyed window operator with periodic checkpoints in one of three modes (A9), and
// a crash (the trace's restart step). Observed per step: what the engine has not read yet (`unread`: on the
// channels or held by alignment) and every checkpoint it stored. Beside it, Spark on the same input with a
// crash at one point of one micro-batch, its checkpoint directory read after every step (B7).
import type { RecoveryLog, StepEngine } from '../../../engines/core/engine.ts';
import { driveFile } from '../../lib/drive.ts';
import { secs } from '../../lib/format.ts';
import type { ParamDefs, Values } from '../../lib/params.ts';
import { type RecordingStorage, recordedEventEngine } from '../../lib/recorded-checkpoints.ts';
import type { Run } from '../../lib/run.ts';
import { streamingTrace, type TraceFile } from '../../lib/trace-builder.ts';
import type { NbEvent } from '../../lib/workload.ts';
import { type SparkRun, sparkRun } from './spark-log.ts';

export const MODES = ['exactly-once', 'unaligned', 'at-least-once'] as const;
export type Mode = (typeof MODES)[number];
export const MODE_NAME: Record<Mode, string> = {
  'exactly-once': 'aligned (exactly-once)',
  unaligned: 'unaligned',
  'at-least-once': 'at-least-once',
};
export const SPARK_POINTS = ['afterOffsets', 'afterSink', 'afterCommit'] as const;
export type SparkPoint = (typeof SPARK_POINTS)[number];
export const SPARK_POINT_NAME: Record<SparkPoint, string> = {
  afterOffsets: 'after offsets/N, before the sink',
  afterSink: 'after the sink, before commits/N',
  afterCommit: 'after commits/N',
};

export const params = {
  mode: { type: 'choice', label: 'Checkpoint mode', options: MODES.map((m) => [m, MODE_NAME[m]] as const), value: 'exactly-once' },
  interval: { type: 'range', label: 'Checkpoint interval', min: 1000, max: 4000, step: 500, value: 2000, unit: 'ms' },
  skew: {
    type: 'range',
    label: 'Channel B is slower by',
    min: 0,
    max: 1500,
    step: 100,
    value: 1200,
    unit: 'ms',
    help: 'Both channels take 100 ms; B takes this much longer.',
  },
  crashAt: { type: 'range', label: 'Crash at (0: no crash)', min: 0, max: 7000, step: 100, value: 5500, unit: 'ms' },
  sparkPoint: {
    type: 'choice',
    label: 'Spark crashes',
    options: SPARK_POINTS.map((p) => [p, SPARK_POINT_NAME[p]] as const),
    value: 'afterSink',
  },
} satisfies ParamDefs;

export type P = Values<typeof params>;

/** Every channel's own delay; channel B adds the skew. */
export const DELAY = 100;
export const STREAMS = ['A', 'B'] as const;

/** 24 events, alternating A and B every 250 ms, keys a and b in turn; event time 100 ms before arrival. */
export const EVENTS: readonly NbEvent[] = Array.from({ length: 24 }, (_, i) => ({
  id: i + 1,
  arrival: 250 + i * 250,
  ts: 150 + i * 250,
  stream: STREAMS[i % 2]!,
  key: i % 4 < 2 ? 'a' : 'b',
}));

export const JOB = {
  key: 'key',
  window: { kind: 'tumbling', size: 2000 },
  aggregate: { fn: 'collect', field: 'id' },
  watermark: { delay: 0 },
  streams: { A: {}, B: {} },
};

export function traceFor(p: Pick<P, 'mode' | 'interval' | 'skew' | 'crashAt'>): TraceFile {
  const file = streamingTrace({
    name: 'notebook-08-checkpoints',
    description: `Notebook 8: streams A and B into one window operator, channel B ${secs(p.skew)} slower, a ${MODE_NAME[p.mode as Mode]} checkpoint every ${secs(p.interval)}${p.crashAt > 0 ? `, a crash at ${secs(p.crashAt)}` : ''}.`,
    engine: { kind: 'event', network: { delay: DELAY, skew: p.skew }, checkpoint: { interval: p.interval, mode: p.mode } },
    job: JOB,
    events: EVENTS,
    tick: 100,
    until: 9000,
    end: true,
  });
  if (p.crashAt > 0) file.steps.splice(file.steps.findIndex((s) => s.advance === p.crashAt) + 1, 0, { restart: true });
  return file;
}

export interface FlinkRun {
  run: Run;
  storage: RecordingStorage | null;
  log: RecoveryLog;
  /** `unread()` after each step: records on the channels or held by alignment. */
  unread: number[];
}

export function flinkRun(p: Pick<P, 'mode' | 'interval' | 'skew' | 'crashAt'>): FlinkRun {
  let storage: RecordingStorage | null = null;
  let engine: StepEngine | null = null;
  const unread: number[] = [];
  const run = driveFile(traceFor(p), {
    engine: (trace) => {
      const r = recordedEventEngine(trace);
      storage = r.storage;
      engine = r.engine;
      return r.engine;
    },
    observe: (_i, e) => void unread.push(e.unread()),
  });
  const log = (engine as StepEngine | null)?.recoveryLog?.() ?? { checkpoints: [], restarts: [] };
  return { run, storage, log, unread };
}

export interface Model {
  main: Run;
  events: readonly NbEvent[];
  flink: FlinkRun;
  /** The same input and crash in at-least-once mode: it never holds a record, so its `unread` is what is on the channels. */
  channels: FlinkRun;
  spark: SparkRun;
}

export function model(p: P): Model {
  const flink = flinkRun(p);
  const channels = p.mode === 'at-least-once' ? flink : flinkRun({ ...p, mode: 'at-least-once' });
  return { main: flink.run, events: EVENTS, flink, channels, spark: sparkRun(p.crashAt, p.sparkPoint as SparkPoint) };
}

/** Records held by alignment after each step: unread in this mode minus unread on the channels alone. */
export function heldAfterStep(m: Model): number[] {
  return m.flink.unread.map((n, i) => n - (m.channels.unread[i] ?? 0));
}

/** A record's source offset: its place in the order records were added (the replayable log). */
export function offsetOf(id: number): number {
  return [...EVENTS].sort((a, b) => a.arrival - b.arrival || a.id - b.id).findIndex((e) => e.id === id);
}
