// Notebook 10's workload and runs (pure): keyed events into 5 s windows on the event engine. At the stop
// time the job takes a savepoint (A9) and stops; a new job, maybe changed (another parallelism, allowed
// lateness, a late side output, another max parallelism), starts from it (restoreSavepoint) and reads on.
// Key groups (A8) decide which subtask owns which key before and after; the engine's own checkpoints say
// which state each subtask held.

import type { EventEngine } from '../../../engines/event/event-engine.ts';
import type { EventCheckpoint } from '../../../engines/event/runtime/checkpoint-coordinator.ts';
import { parseTrace } from '../../../engines/trace.ts';
import { driveFile } from '../../lib/drive.ts';
import { secs } from '../../lib/format.ts';
import type { ParamDefs, Values } from '../../lib/params.ts';
import { eventEngineOf, RecordingStorage } from '../../lib/recorded-checkpoints.ts';
import { type Run, runFile } from '../../lib/run.ts';
import { streamingTrace, type TraceFile } from '../../lib/trace-builder.ts';
import type { NbEvent } from '../../lib/workload.ts';

export const CHANGES = ['none', 'lateness', 'side-output', 'max-parallelism'] as const;
export type Change = (typeof CHANGES)[number];
export const CHANGE_NAME: Record<Change, string> = {
  none: 'nothing else',
  lateness: 'allow 2 s of lateness',
  'side-output': 'late events to a side output',
  'max-parallelism': 'max parallelism 256',
};

export const params = {
  p1: { type: 'range', label: 'Parallelism before', min: 1, max: 8, step: 1, value: 2 },
  p2: { type: 'range', label: 'Parallelism after', min: 1, max: 8, step: 1, value: 3 },
  stopAt: { type: 'range', label: 'Savepoint and stop at', min: 1000, max: 9000, step: 500, value: 4000, unit: 'ms' },
  change: { type: 'choice', label: 'The new job also changes', options: CHANGES.map((c) => [c, CHANGE_NAME[c]] as const), value: 'none' },
  keys: { type: 'range', label: 'Keys', min: 4, max: 48, step: 4, value: 24 },
} satisfies ParamDefs;

export type P = Values<typeof params>;
export const MAX_PARALLELISM = 128;

/** 100 events, one every 100 ms, keys user-1 … user-n in a shuffled order; every tenth after the second second arrives 1.5 s late. */
export function events(p: Pick<P, 'keys'>): NbEvent[] {
  return Array.from({ length: 100 }, (_, i) => ({
    id: i + 1,
    arrival: 100 + i * 100,
    ts: 50 + i * 100 - (isDelayed(i) ? 1500 : 0),
    key: `user-${((i * 7) % p.keys) + 1}`,
  }));
}

/** The events the workload delays by 1.5 s (their fate depends on the watermark, which a savepoint does not keep). */
export const isDelayed = (i: number) => i % 10 === 3 && i > 20;

/** Does the (key, window) of a result hold one of the delayed events? */
export function holdsDelayed(p: Pick<P, 'keys'>, key: string, window: { start: number; end: number }): boolean {
  return events(p).some((e) => isDelayed(e.id - 1) && e.key === key && e.ts >= window.start && e.ts < window.end);
}

const JOB = { key: 'key', window: { kind: 'tumbling', size: 5000 }, aggregate: { fn: 'count' }, watermark: { delay: 0 } };

function jobAfter(change: Change): Record<string, unknown> {
  if (change === 'lateness') return { ...JOB, allowedLateness: 2000 };
  if (change === 'side-output') return { ...JOB, lateOutput: true };
  return JOB;
}

export function traceFor(p: P, job: Record<string, unknown> = JOB, parallelism = p.p1, maxParallelism = MAX_PARALLELISM): TraceFile {
  return streamingTrace({
    name: 'notebook-10-savepoints',
    description: `Notebook 10: keyed 5 s windows on ${parallelism} subtask(s); at ${secs(p.stopAt)} the notebook takes a savepoint, stops the job and starts a new one from it with parallelism ${p.p2}${p.change === 'none' ? '' : ` and ${CHANGE_NAME[p.change as Change]}`} (EventEngine.savepoint / restoreSavepoint: a trace file has no step for it).`,
    engine: { kind: 'event', parallelism, maxParallelism },
    job,
    events: events(p),
    tick: 100,
    until: 11_000,
    end: true,
  });
}

/** The new job's trace (same input): its engine entry and job, as the notebook builds its engine. */
export function traceAfter(p: P): TraceFile {
  return traceFor(p, jobAfter(p.change as Change), p.p2, p.change === 'max-parallelism' ? 256 : MAX_PARALLELISM);
}

export interface Model {
  main: Run;
  /** The same job on the same input, never stopped: what the resumed job must equal when nothing else changed. */
  straight: Run;
  events: NbEvent[];
  savepoint: EventCheckpoint | null;
  /** The new job's first checkpoint, taken right after it restored the savepoint: the state each subtask now owns. */
  resumed: EventCheckpoint | null;
}

export function model(p: P): Model {
  const file = traceFor(p);
  const stop = file.steps.findIndex((s) => s.advance === p.stopAt);
  let savepoint: EventCheckpoint | null = null;
  let resumed: EventCheckpoint | null = null;
  const run = driveFile(file, {
    engine: (trace) => eventEngineOf(trace),
    after: (i, engine) => {
      if (i !== stop) return undefined;
      const v1 = engine as EventEngine;
      const sp = v1.savepoint();
      savepoint = sp;
      const emissions = v1.drain();
      const storage = new RecordingStorage(() => v2.now());
      const v2 = eventEngineOf(parseTrace(traceAfter(p)), { startTime: v1.now(), checkpointStorage: storage });
      v2.restoreSavepoint(sp);
      v2.checkpoint();
      resumed = storage.saved.at(-1)!.data;
      return {
        engine: v2,
        emissions,
        notes: [
          {
            text: `Savepoint at offset ${sp.offset}: the job stopped, and a new job with parallelism ${p.p2}${p.change === 'none' ? '' : ` (${CHANGE_NAME[p.change as Change]})`} started from it. Each new subtask took the key groups in its range from every old subtask's snapshot; the source goes on after offset ${sp.offset}.`,
            rules: ['A8', 'A9'],
          },
        ],
      };
    },
  });
  return { main: run, straight: runFile(file), events: events(p), savepoint, resumed };
}
