// Simulated mode: replays one event log through every engine entry on a virtual clock (processing time
// = each event's scheduled arrival) and through the oracle. Engines are driven only through StepEngine,
// so any registered kind runs here unchanged; a refused job or an unregistered kind becomes a row
// "not supported: reason", never a crash. Same scenario + seed → the same emissions, in the same order.
import type { Emission } from '../engines/core/emission.ts';
import { RefusedError } from '../engines/core/errors.ts';
import { evaluate, type OracleResult } from '../engines/oracle/oracle.ts';
import { engineModule } from '../engines/registry.ts';
import type { EngineEntry, Filter, Scenario } from './scenario.ts';
import { type EventLog, generate, type LoggedEvent } from './workloads/index.ts';

/** An emission stamped with the processing time (virtual ms) at which it was drained. */
export interface StampedEmission {
  at: number;
  emission: Emission;
}

export type EngineRun =
  | { entry: EngineEntry; supported: true; emissions: StampedEmission[]; endTime: number }
  | { entry: EngineEntry; supported: false; reason: string };

export interface ScenarioRun {
  log: EventLog;
  /** The logged events that pass the job's filter: what engines and oracle receive. */
  input: LoggedEvent[];
  oracle: OracleResult[];
  engines: EngineRun[];
}

export interface RunOptions {
  /** Directory a relative `workload.file.path` is resolved against. */
  baseDir?: string;
  /** Called after each engine entry finishes (progress reporting). */
  onEngine?: (run: EngineRun) => void;
}

export function runScenario(scenario: Scenario, options: RunOptions = {}): ScenarioRun {
  const log = generate(scenario.workload, { root: 'workload', ...(options.baseDir ? { baseDir: options.baseDir } : {}) });
  const keep = scenario.filter ? filterFn(scenario.filter) : () => true;
  const input = log.events.filter((e) => keep(e.record));
  const oracle = evaluate(
    scenario.job,
    input.map((e) => ({ record: e.record, arrival: e.arrival })),
  );
  const engines = scenario.engines.map((entry) => {
    const run = runEngine(entry, log.events, keep);
    options.onEngine?.(run);
    return run;
  });
  return { log, input, oracle, engines };
}

/**
 * One engine over the whole log: for each event in arrival order advance the clock to its arrival,
 * add it (when it passes the filter; a filtered event still moves the clock), and drain; then end
 * the input and drain once more. Each emission is stamped with `engine.now()` when drained.
 */
export function runEngine(entry: EngineEntry, events: readonly LoggedEvent[], keep: (r: Record<string, unknown>) => boolean): EngineRun {
  const mod = engineModule(entry.kind);
  if (!mod || !entry.job) return { entry, supported: false, reason: entry.unsupported ?? `the ${entry.kind} engine is not built yet` };
  try {
    const engine = mod.create(entry.job, entry.options);
    const emissions: StampedEmission[] = [];
    const drain = () => {
      const at = engine.now();
      for (const emission of engine.drain()) emissions.push({ at, emission });
    };
    for (const e of events) {
      engine.advance(e.arrival);
      if (keep(e.record)) engine.add([e.record]);
      drain();
    }
    engine.end();
    drain();
    return { entry, supported: true, emissions, endTime: engine.now() };
  } catch (e) {
    if (e instanceof RefusedError) return { entry, supported: false, reason: e.message };
    throw e;
  }
}

/** The job's stateless filter as a predicate (applied before keyBy, identically for every engine). */
export function filterFn(f: Filter): (r: Record<string, unknown>) => boolean {
  return (r) => {
    const v = r[f.field];
    if (f.eq !== undefined) return v === f.eq;
    if (f.in !== undefined) return f.in.some((x) => x === v);
    if (f.gt !== undefined) return typeof v === 'number' && v > f.gt;
    if (f.lt !== undefined) return typeof v === 'number' && v < f.lt;
    return true;
  };
}
