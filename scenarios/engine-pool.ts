// Engine entries of a simulated run on worker threads, several at once (the machine's other cores): each
// worker maps the run's input columns (SharedArrayBuffers: shared, not copied) and runs one entry at a time
// exactly as the main thread would, so results are byte-identical to the sequential path (runner.ts), which
// stays the default for small runs, real mode (wall-clock figures must not compete for cores), wrapped
// engines and anything that cannot cross a thread. Results come back in entry order.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InputError, RefusedError } from '../engines/core/errors.ts';
import { EmissionLog } from './emission-log.ts';
import type { FromWorker, ToWorker, WorkerInput } from './engine-worker.ts';
import type { RunInput } from './run-input.ts';
import type { EngineRun, RunMode, RunOptions } from './runner.ts';
import type { EngineEntry, RunSpec, Scenario } from './scenario.ts';

/** Below this many events a worker's start-up (loading the engines) costs more than the parallel run saves. */
export const WORKERS_FROM_EVENTS = 200_000;

/**
 * How many worker threads to run the entries on (0: in this thread): `requested` if given (never more than
 * the entries), else one per core up to the entries when the input is large enough; always 0 in real mode,
 * with wrapped engines, or when an entry cannot be cloned to another thread.
 */
export function workerCount(scenario: Scenario, input: RunInput, mode: RunMode, options: RunOptions): number {
  if (mode !== 'simulated' || options.wrap) return 0;
  const entries = scenario.engines.length;
  const wanted = options.workers ?? (input.log.size >= WORKERS_FROM_EVENTS ? availableParallelism() : 0);
  const n = Math.min(wanted, entries);
  if (n < 1 || (options.workers === undefined && n < 2)) return 0;
  try {
    structuredClone(scenario.engines);
  } catch {
    return 0; // a function in an entry (a scenario module): it runs here
  }
  return n;
}

export interface PoolOptions extends RunOptions {
  shouldStop?: () => boolean;
  checkAbort?: () => void;
}

/** Run `entries` on `count` workers; `interrupted` when shouldStop said so before every entry had started. */
export function runOnWorkers(
  entries: readonly EngineEntry[],
  input: RunInput,
  run: RunSpec,
  count: number,
  options: PoolOptions,
): Promise<{ engines: EngineRun[]; interrupted: boolean }> {
  const data: WorkerInput = { arrival: input.arrival, slot: input.slot, records: input.records.seal() };
  const results: Array<EngineRun | undefined> = new Array(entries.length);
  const workers: Worker[] = [];
  let next = 0;
  let running = 0;
  let interrupted = false;
  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(e);
    };
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      for (const w of workers) void w.terminate();
      resolve({ engines: results.filter((r): r is EngineRun => r !== undefined), interrupted });
    };
    const dispatch = (w: Worker) => {
      if (options.shouldStop?.() && next < entries.length) interrupted = true;
      if (interrupted || next >= entries.length) {
        if (running === 0) finish();
        return;
      }
      const i = next++;
      running++;
      const entry = entries[i]!;
      options.onEngineStart?.(entry);
      w.removeAllListeners('message');
      w.on('message', (m: FromWorker) => {
        try {
          options.checkAbort?.();
        } catch (e) {
          fail(e);
          return;
        }
        if (m.kind === 'progress') {
          options.onProgress?.(entry, m.done, m.total);
          return;
        }
        if (m.kind === 'error') {
          fail(m.path !== undefined ? new (m.name === 'RefusedError' ? RefusedError : InputError)(m.path, m.reason!) : workerError(m));
          return;
        }
        const done: EngineRun = m.kind === 'done' ? { ...m.run, emissions: new EmissionLog(m.run.emissions) } : m.run;
        results[i] = done;
        running--;
        options.onEngine?.(done);
        dispatch(w);
      });
      w.postMessage({ entry, drainCap: run.drainCap } satisfies ToWorker);
    };
    for (let k = 0; k < count; k++) {
      const w = new Worker(new URL('./engine-worker.mjs', import.meta.url), { workerData: data });
      w.on('error', fail);
      workers.push(w);
    }
    for (const w of workers) dispatch(w);
  });
}

function workerError(m: Extract<FromWorker, { kind: 'error' }>): Error {
  const e = new Error(m.message);
  e.name = m.name;
  if (m.stack) e.stack = m.stack;
  return e;
}
