// One engine entry on the virtual clock in a worker thread (engine-pool.ts): the run's input arrives as
// shared columns (typed arrays over SharedArrayBuffers, mapped, not copied; only the tables of strings
// and other values are cloned), the engine runs exactly as in the main thread (simulated-runner.ts), and
// its emissions go back as columns whose buffers are transferred. Same input, same engine: the same bytes.
import { parentPort, workerData } from 'node:worker_threads';
import { InputError, RefusedError } from '../engines/core/errors.ts';
import type { SealedEmissions } from './emission-log.ts';
import type { EngineRun } from './runner.ts';
import type { EngineEntry } from './scenario.ts';
import { simulatedEngine } from './simulated-runner.ts';
import { type SealedRecords, unseal } from './workloads/record-columns.ts';

export interface WorkerInput {
  arrival: Float64Array;
  slot: Int32Array;
  records: SealedRecords;
}

export type ToWorker = { entry: EngineEntry; drainCap: number };
/** A finished run with its emissions as transferable columns. */
export type SealedRun = Omit<Extract<EngineRun, { supported: true }>, 'emissions'> & { emissions: SealedEmissions };
export type FromWorker =
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'done'; run: SealedRun }
  | { kind: 'unsupported'; run: Extract<EngineRun, { supported: false }> }
  | { kind: 'error'; name: string; message: string; path?: string; reason?: string; stack?: string };

const port = parentPort!;
const data = workerData as WorkerInput;
const input = { arrival: data.arrival, slot: data.slot, records: unseal(data.records) };

port.on('message', (msg: ToWorker | 'exit') => {
  if (msg === 'exit') {
    port.close();
    return;
  }
  try {
    const gen = simulatedEngine(msg.entry, input, undefined, msg.drainCap);
    let next = gen.next();
    while (!next.done) {
      if (next.value.kind === 'progress')
        port.postMessage({ kind: 'progress', done: next.value.done, total: next.value.total } satisfies FromWorker);
      next = gen.next();
    }
    const run = next.value;
    if (!run.supported) {
      port.postMessage({ kind: 'unsupported', run } satisfies FromWorker);
      return;
    }
    const emissions = run.emissions.seal();
    const transfer = [emissions.kinds, emissions.ats, emissions.starts, emissions.ends, emissions.stamps].map(
      (a) => a.buffer as ArrayBuffer,
    );
    port.postMessage({ kind: 'done', run: { ...run, emissions } } satisfies FromWorker, transfer);
  } catch (e) {
    const err = e as Error;
    const known = e instanceof InputError || e instanceof RefusedError ? { path: e.path, reason: e.reason } : {};
    port.postMessage({ kind: 'error', name: err.name, message: err.message, stack: err.stack, ...known } satisfies FromWorker);
  }
});
