// Notebook 9's workload and runs (pure): sixteen events into 1 s tumbling windows on the event engine with
// periodic checkpoints, written by a plain, an idempotent or a two-phase-commit sink (A10), with a crash
// at a chosen time and point: before the sink's pre-commit (a checkpoint in flight), between pre-commit
// and commit (the notification lost), or after the commit. The first two are injected faults
// (StepEngine.injectFault), which a trace file cannot express; the third is the trace's own restart step.
import type { RecoveryLog, StepEngine } from '../../../engines/core/engine.ts';
import { driveFile, mainOutputs } from '../../lib/drive.ts';
import type { Sentence } from '../../lib/explain.ts';
import { secs } from '../../lib/format.ts';
import { type LedgerRow, type LedgerSummary, ledger, resultKey, summarize } from '../../lib/output-ledger.ts';
import type { ParamDefs, Values } from '../../lib/params.ts';
import { type RecordingStorage, recordedEventEngine } from '../../lib/recorded-checkpoints.ts';
import type { Run } from '../../lib/run.ts';
import { streamingTrace, type TraceFile } from '../../lib/trace-builder.ts';
import type { NbEvent } from '../../lib/workload.ts';

export const SINKS = ['plain', 'idempotent', 'transactional'] as const;
export type SinkKind = (typeof SINKS)[number];
export const SINK_NAME: Record<SinkKind, string> = { plain: 'plain', idempotent: 'idempotent', transactional: 'two-phase commit' };
export const CRASHES = ['none', 'before-precommit', 'between', 'after-commit'] as const;
export type Crash = (typeof CRASHES)[number];
export const CRASH_NAME: Record<Crash, string> = {
  none: 'no crash',
  'before-precommit': 'before pre-commit',
  between: 'between pre-commit and commit',
  'after-commit': 'after the commit',
};

export const params = {
  sink: {
    type: 'choice',
    label: 'Sink',
    options: SINKS.map((s) => [s, SINK_NAME[s]] as const),
    value: 'transactional',
  },
  crash: {
    type: 'choice',
    label: 'Crash',
    options: CRASHES.map((c) => [c, CRASH_NAME[c]] as const),
    value: 'after-commit',
  },
  crashAt: { type: 'range', label: 'Crash at', min: 1000, max: 7000, step: 100, value: 4500, unit: 'ms' },
  interval: {
    type: 'range',
    label: 'Checkpoint interval',
    min: 500,
    max: 4000,
    step: 250,
    value: 2000,
    unit: 'ms',
    help: 'A two-phase-commit sink commits when a checkpoint completes.',
  },
} satisfies ParamDefs;

export type P = Values<typeof params>;

/** Barriers take this long from the sources to the operator: a checkpoint is in flight for 100 ms. */
export const NETWORK_DELAY = 100;

export const EVENTS: readonly NbEvent[] = Array.from({ length: 16 }, (_, i) => ({ id: i + 1, ts: 150 + i * 450, arrival: 300 + i * 450 }));

export function traceFor(p: Pick<P, 'interval' | 'crash' | 'crashAt'>, sink: SinkKind): TraceFile {
  const file = streamingTrace({
    name: `notebook-09-${sink}`,
    description: `Notebook 9: 1 s windows on the event engine, a checkpoint every ${secs(p.interval)}, the ${SINK_NAME[sink]} sink.`,
    engine: { kind: 'event', sink, checkpoint: { interval: p.interval }, network: { delay: NETWORK_DELAY } },
    job: { window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'collect', field: 'id' }, watermark: { delay: 0 } },
    events: EVENTS,
    tick: 100,
    until: 9000,
    end: true,
  });
  const at = crashStep(file, p.crashAt);
  if (p.crash === 'after-commit') file.steps.splice(at + 1, 0, { restart: true });
  else if (p.crash !== 'none') {
    file.description += ` After the step at ${secs(p.crashAt)} the notebook injects the fault crash-${p.crash === 'between' ? 'before-commit' : 'during-checkpoint'} (StepEngine.injectFault; a trace file has no step for it).`;
  }
  return file;
}

/** The step `{advance: crashAt}` (the clock stops at every 100 ms). */
export function crashStep(file: TraceFile, crashAt: number): number {
  return file.steps.findIndex((s) => s.advance === crashAt);
}

/** The fault injected after the crash step, if this crash point is one (the third is a trace step). */
export function faultOf(crash: Crash): 'crash-during-checkpoint' | 'crash-before-commit' | null {
  return crash === 'before-precommit' ? 'crash-during-checkpoint' : crash === 'between' ? 'crash-before-commit' : null;
}

export interface SinkRun {
  sink: SinkKind;
  run: Run;
  storage: RecordingStorage | null;
  log: RecoveryLog;
  rows: LedgerRow[];
  summary: LedgerSummary;
}

function crashNotes(crash: Crash, sink: SinkKind, log: RecoveryLog): Sentence[] {
  const r = log.restarts.at(-1);
  const replay = r
    ? ` It restarts from checkpoint ${r.fromCheckpoint ?? 'none'}; the source replays ${r.replayed} record${r.replayed === 1 ? '' : 's'}.`
    : '';
  const what: Record<SinkKind, string> = {
    plain: 'The plain sink already wrote what the replay computes again: readers see it twice.',
    idempotent: 'The idempotent sink upserts by window: a replayed result with the same value changes nothing.',
    transactional: 'The two-phase-commit sink aborts its open transaction: nothing uncommitted was ever visible.',
  };
  if (crash === 'before-precommit')
    return [
      {
        text: `A checkpoint was triggered and the job crashed while its barriers were on the way, before the sink pre-committed.${replay} ${what[sink]}`,
        rules: ['A9', 'A10'],
      },
    ];
  if (crash === 'between')
    return [
      {
        text: `A checkpoint completed (the sink pre-committed its transaction) and the job crashed before the commit notification.${replay} ${
          sink === 'transactional'
            ? 'On restore the sink commits the pending transaction (recoverAndCommit): its rows become visible now, once.'
            : what[sink]
        }`,
        rules: ['A9', 'A10'],
      },
    ];
  return [{ text: what[sink], rules: ['A9', 'A10'] }];
}

export function runSink(p: Pick<P, 'interval' | 'crash' | 'crashAt'>, sink: SinkKind): SinkRun {
  const file = traceFor(p, sink);
  const crash = p.crash as Crash;
  const at = crashStep(file, p.crashAt) + (crash === 'after-commit' ? 1 : 0);
  let storage: RecordingStorage | null = null;
  let engine: StepEngine | null = null;
  const run = driveFile(file, {
    engine: (trace) => {
      const r = recordedEventEngine(trace);
      storage = r.storage;
      engine = r.engine;
      return r.engine;
    },
    after: (i, e) => {
      if (i !== at || crash === 'none') return undefined;
      const fault = faultOf(crash);
      if (fault) e.injectFault!({ kind: fault });
      return { notes: crashNotes(crash, sink, e.recoveryLog!()) };
    },
  });
  const log: RecoveryLog = (engine as StepEngine | null)?.recoveryLog?.() ?? { checkpoints: [], restarts: [] };
  const rows = ledger(mainOutputs(run), run.oracle);
  return { sink, run, storage, log, rows, summary: summarize(rows, run.oracle) };
}

export interface Model {
  main: Run;
  events: readonly NbEvent[];
  runs: Record<SinkKind, SinkRun>;
  /** Every sink at every crash point (same time, same interval). */
  matrix: Array<{ crash: Crash; sinks: Record<SinkKind, LedgerSummary> }>;
  /** Mean and max delay from the operator's write to visibility, per interval, without a crash. */
  latency: Array<{ interval: number; sink: SinkKind; mean: number; max: number }>;
}

export const SWEEP = [500, 1000, 2000, 3000, 4000];

/** Delay from each result's write by the operator (the plain sink shows it at once) to its visibility in `run`. */
export function visibilityDelays(plain: Run, run: Run): number[] {
  const written = new Map<string, number>();
  for (const w of mainOutputs(plain)) if (!written.has(resultKey(w.e.key, w.e.window))) written.set(resultKey(w.e.key, w.e.window), w.time);
  return mainOutputs(run).flatMap((s) => {
    const at = written.get(resultKey(s.e.key, s.e.window));
    return at === undefined ? [] : [s.time - at];
  });
}

let sweep: Model['latency'] | null = null;

/** The latency price does not depend on the crash: computed once per page. */
function latencySweep(): Model['latency'] {
  sweep ??= SWEEP.flatMap((interval) => {
    const q = { interval, crash: 'none', crashAt: 1000 };
    const plain = runSink(q, 'plain').run;
    return SINKS.map((sink) => {
      const d = visibilityDelays(plain, sink === 'plain' ? plain : runSink(q, sink).run);
      return { interval, sink, mean: d.reduce((a, b) => a + b, 0) / Math.max(1, d.length), max: Math.max(0, ...d) };
    });
  });
  return sweep;
}

export function model(p: P): Model {
  const runs = Object.fromEntries(SINKS.map((s) => [s, runSink(p, s)])) as Record<SinkKind, SinkRun>;
  const matrix = CRASHES.map((crash) => ({
    crash,
    sinks: Object.fromEntries(SINKS.map((s) => [s, crash === p.crash ? runs[s].summary : runSink({ ...p, crash }, s).summary])) as Record<
      SinkKind,
      LedgerSummary
    >,
  }));
  return { main: runs[p.sink as SinkKind].run, events: EVENTS, runs, matrix, latency: latencySweep() };
}
