// Turns a notebook's events into a trace file (TRACE.md): the clock advances to every arrival and to
// every `tick` (so periodic watermarks, triggers and timers fire at their own times), records are
// added at their arrival, optional manual runs (`batch`) and end of input. The page and the tests
// build the same file from the same parameters, and `streamlab trace` can run it too.
import { byArrival, type NbEvent, recordOf } from './workload.ts';

export interface TraceFile {
  name: string;
  description?: string;
  engine: { kind: string } & Record<string, unknown>;
  job: Record<string, unknown>;
  steps: Array<Record<string, unknown>>;
}

export interface StreamingTraceOptions {
  name: string;
  description?: string;
  engine: { kind: string } & Record<string, unknown>;
  job: Record<string, unknown>;
  events: readonly NbEvent[];
  /** The clock also stops at every multiple of `tick` up to `until` (ms). */
  tick: number;
  until: number;
  /** Manual query runs at these times (`batch` steps: Spark's Once / AvailableNow started by a scheduler). */
  runs?: readonly number[];
  /** End of input after the last step. */
  end?: boolean;
}

/** The moments the clock stops at, ascending: arrivals, ticks and runs. */
export function stopTimes(events: readonly NbEvent[], tick: number, until: number, runs: readonly number[] = []): number[] {
  const times = new Set<number>();
  for (const e of events) times.add(e.arrival);
  for (let t = 0; t <= until; t += tick) times.add(t);
  for (const r of runs) times.add(r);
  return [...times].sort((a, b) => a - b);
}

export function streamingTrace(o: StreamingTraceOptions): TraceFile {
  const arriving = new Map<number, NbEvent[]>();
  for (const e of byArrival(o.events)) {
    const list = arriving.get(e.arrival);
    if (list) list.push(e);
    else arriving.set(e.arrival, [e]);
  }
  const runs = new Set(o.runs ?? []);
  const steps: Array<Record<string, unknown>> = [];
  for (const t of stopTimes(o.events, o.tick, o.until, o.runs)) {
    // The clock first (what is due fires), then what arrives at t, then a manual run that reads it.
    steps.push({ advance: t });
    const list = arriving.get(t);
    if (list) steps.push({ add: list.map(recordOf) });
    if (runs.has(t)) steps.push({ batch: true });
  }
  if (o.end) steps.push({ end: true });
  const file: TraceFile = { name: o.name, engine: o.engine, job: o.job, steps };
  if (o.description !== undefined) file.description = o.description;
  return file;
}

/**
 * A bounded input read in one go: every record at once at time 0, one manual run where the model needs
 * it, the clock moved on by `settle` ms (periodic watermarks tick), then end of input unless `end` is false.
 */
export function batchTrace(o: Omit<StreamingTraceOptions, 'tick' | 'until' | 'runs'> & { run?: boolean; settle?: number }): TraceFile {
  const steps: Array<Record<string, unknown>> = [{ advance: 0 }, { add: byArrival(o.events).map(recordOf) }];
  if (o.run) steps.push({ batch: true });
  steps.push({ advance: o.settle ?? 3000 });
  if (o.end !== false) steps.push({ end: true });
  const file: TraceFile = { name: o.name, engine: o.engine, job: o.job, steps };
  if (o.description !== undefined) file.description = o.description;
  return file;
}
