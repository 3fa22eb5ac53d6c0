// Spark beside Flink in notebook 8 (B7): the same input through Structured Streaming (a micro-batch every
// second, the memory sink), a crash at one point of the batch that starts at or after the crash time, and a
// restart one interval later. The query's checkpoint directory lives in an in-memory file system the page
// reads after every step, so the offsets/N and commits/N files shown are the ones the engine wrote.
import { RefusedError } from '../../../engines/core/errors.ts';
import { MemoryFileIO } from '../../../engines/core/memory-file-io.ts';
import { resolveOptions } from '../../../engines/microbatch/options.ts';
import { planJob } from '../../../engines/microbatch/plan.ts';
import { StructuredEngine } from '../../../engines/microbatch/structured-engine.ts';
import type { Trace } from '../../../engines/trace.ts';
import { driveFile } from '../../lib/drive.ts';
import { secs } from '../../lib/format.ts';
import type { Run } from '../../lib/run.ts';
import { streamingTrace, type TraceFile } from '../../lib/trace-builder.ts';
import { EVENTS, JOB, type SparkPoint } from './scenario.ts';

export const SPARK_INTERVAL = 1000;
const DIR = 'checkpoint';

export interface LogFile {
  /** `offsets/3`, `commits/3`, `state/3`. */
  name: string;
  batch: number;
  kind: 'offsets' | 'commits' | 'state';
  /** Processing time the file first appeared (the step's clock). */
  at: number;
  /** Its lines as the engine wrote them (version line and checksum left out). */
  text: string;
}

export interface SparkRun {
  run: Run;
  /** The batch that crashes, or null (no crash, or no batch starts after the crash time). */
  crashBatch: number | null;
  files: LogFile[];
}

export function sparkTrace(point: SparkPoint, crashBatch: number | null, restartAt: number | null): TraceFile {
  const file = streamingTrace({
    name: 'notebook-08-spark',
    description: `Notebook 8: the same input on Structured Streaming, a batch every ${secs(SPARK_INTERVAL)}, the memory sink${
      crashBatch === null ? '' : `; batch ${crashBatch} crashes ${point} and the query restarts at ${secs(restartAt!)}`
    }.`,
    engine: {
      kind: 'microbatch',
      interval: SPARK_INTERVAL,
      sink: 'memory',
      ...(crashBatch === null ? {} : { failAt: [{ batchId: crashBatch, point }] }),
    },
    job: JOB,
    events: EVENTS,
    tick: 100,
    until: 9000,
    end: true,
  });
  if (restartAt !== null) file.steps.splice(file.steps.findIndex((s) => s.advance === restartAt) + 1, 0, { restart: true });
  return file;
}

/** A Structured Streaming engine over an in-memory checkpoint directory the caller keeps. */
function structuredEngine(trace: Trace, io: MemoryFileIO): StructuredEngine {
  const o = resolveOptions(trace.engine);
  const plan = planJob(trace.job, o);
  if (plan.flavor !== 'structured') throw new RefusedError('engine.flavor', 'notebook 8 shows Structured Streaming');
  return new StructuredEngine(plan, o, { io, checkpointDir: DIR });
}

function readFiles(io: MemoryFileIO, at: number, seen: Map<string, LogFile>): void {
  for (const kind of ['offsets', 'commits', 'state'] as const) {
    for (const name of io.list(`${DIR}/${kind}`)) {
      if (name.endsWith('.tmp') || seen.has(`${kind}/${name}`)) continue;
      const lines = (io.readFile(`${DIR}/${kind}/${name}`) ?? '').split('\n');
      const text = kind === 'state' ? `${lines[1]?.length ?? 0} characters of state` : lines.slice(1, -1).join(' ');
      seen.set(`${kind}/${name}`, { name: `${kind}/${name}`, batch: Number(name), kind, at, text });
    }
  }
}

export function sparkRun(crashAt: number, point: SparkPoint): SparkRun {
  // Which batch starts at or after the crash time: read off a run without the crash.
  let crashBatch: number | null = null;
  let restartAt: number | null = null;
  if (crashAt > 0) {
    let first: number | null = null;
    let batches: ReadonlyArray<{ batchId: number; timestamp: number }> = [];
    driveFile(sparkTrace(point, null, null), {
      engine: (t) => structuredEngine(t, new MemoryFileIO()),
      observe: (_i, e) => void (batches = (e as StructuredEngine).batches()),
    });
    first = batches.find((b) => b.timestamp >= crashAt)?.batchId ?? null;
    if (first !== null) {
      crashBatch = first;
      restartAt = Math.min(9000, batches.find((b) => b.batchId === first)!.timestamp + SPARK_INTERVAL);
    }
  }
  const io = new MemoryFileIO();
  const seen = new Map<string, LogFile>();
  const run = driveFile(sparkTrace(point, crashBatch, restartAt), {
    engine: (t) => structuredEngine(t, io),
    observe: (_i, e) => readFiles(io, e.now(), seen),
  });
  return { run, crashBatch, files: [...seen.values()] };
}
