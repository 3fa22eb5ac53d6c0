// Notebook 11's workload and runs (pure): rows arriving at a steady rate for eight seconds, each its own group
// (Spark: groupBy(id).count() in update mode; Flink and Storm: a count window of one), so a row's latency is
// the time until its own result comes out. Spark's batches cost `fixed + perRow × rows` ms of processing time
// (the engine's batchCost), Flink's records `recordCost` ms each and Storm's tuples `tupleCost`: declared costs on the virtual
// clock, not this machine's. Latencies and batches are read off the engines; nothing is modelled here.
import type { StepEngine } from '../../../engines/core/engine.ts';
import type { BatchRecord, StructuredEngine } from '../../../engines/microbatch/structured-engine.ts';
import { createTraceEngine, parseTrace } from '../../../engines/trace.ts';
import { driveFile } from '../../lib/drive.ts';
import { secs } from '../../lib/format.ts';
import type { ParamDefs, Values } from '../../lib/params.ts';
import type { Run } from '../../lib/run.ts';
import { streamingTrace, type TraceFile } from '../../lib/trace-builder.ts';
import type { NbEvent } from '../../lib/workload.ts';
import { type DStreamModel, dstreamModel } from './dstream.ts';

export const params = {
  interval: { type: 'range', label: 'Micro-batch interval', min: 100, max: 3000, step: 100, value: 1000, unit: 'ms' },
  rate: { type: 'range', label: 'Input rate (rows/s)', min: 10, max: 200, step: 10, value: 60 },
  fixed: { type: 'range', label: 'Batch cost: fixed', min: 0, max: 1000, step: 50, value: 300, unit: 'ms' },
  perRow: {
    type: 'range',
    label: 'Batch cost per row (ms)',
    min: 0,
    max: 30,
    step: 1,
    value: 4,
    help: 'Spark processes a batch as a whole: cheap per row, a fixed cost per batch.',
  },
  recordCost: { type: 'range', label: 'Flink: cost per record (ms)', min: 1, max: 30, step: 1, value: 8 },
  tupleCost: { type: 'range', label: 'Storm: cost per tuple (ms)', min: 1, max: 30, step: 1, value: 10 },
  winBatches: { type: 'range', label: 'DStream window (batches)', min: 2, max: 6, step: 1, value: 3 },
  slideBatches: { type: 'range', label: 'DStream slide (batches)', min: 1, max: 3, step: 1, value: 1 },
} satisfies ParamDefs;

export type P = Values<typeof params>;

export const DURATION = 8000;
/** The intervals the curve is drawn at (the slider's value is added). */
export const SWEEP = [100, 200, 500, 1000, 1500, 2000, 3000];

/** Rows arriving every 100 ms at `rate` rows/s on average, ids in order; arrival = event time. */
export function events(p: Pick<P, 'rate'>): NbEvent[] {
  const out: NbEvent[] = [];
  for (let t = 0; t < DURATION; t += 100) {
    const n = Math.floor(((t + 100) * p.rate) / 1000) - Math.floor((t * p.rate) / 1000);
    for (let i = 0; i < n; i++) out.push({ id: out.length, ts: t, arrival: t });
  }
  return out;
}

export function sparkTrace(p: P, interval: number): TraceFile {
  return streamingTrace({
    name: 'notebook-11-spark',
    description: `Notebook 11: groupBy(id).count() in update mode, ProcessingTime(${secs(interval)}), each batch costing ${secs(p.fixed)} + ${p.perRow} ms per row.`,
    engine: { kind: 'microbatch', interval, batchCost: { fixed: p.fixed, perRecord: p.perRow } },
    job: { key: 'id', window: { kind: 'global' }, aggregate: { fn: 'count' }, outputMode: 'update' },
    events: events(p),
    tick: 100,
    until: DURATION + 4000,
    end: true,
  });
}

export interface Latency {
  p50: number | null;
  p99: number | null;
  /** Rows per second of processing the engine was busy: what it could sustain at this batch size. */
  throughput: number | null;
  /** Rows that had a result by the end. */
  done: number;
}

export function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export interface SparkMeasure extends Latency {
  interval: number;
  run: Run;
  batches: readonly BatchRecord[];
}

/** Spark at `interval`: each row's latency is the end of the batch that read it, minus its arrival. */
export function sparkMeasure(p: P, interval: number): SparkMeasure {
  let engine: StructuredEngine | null = null;
  const run = driveFile(sparkTrace(p, interval), {
    engine: (t) => (engine = createTraceEngine(t) as StructuredEngine),
  });
  const batches = engine ? (engine as StructuredEngine).batches() : [];
  const evs = events(p);
  const lat: number[] = [];
  let busy = 0;
  let rows = 0;
  for (const b of batches) {
    busy += b.finishedAt - b.timestamp;
    rows += b.end - b.start;
    for (let o = b.start; o < b.end; o++) lat.push(b.finishedAt - evs[o]!.arrival);
  }
  lat.sort((a, b) => a - b);
  return {
    interval,
    run,
    batches,
    p50: percentile(lat, 0.5),
    p99: percentile(lat, 0.99),
    throughput: busy > 0 ? (rows / busy) * 1000 : null,
    done: lat.length,
  };
}

/** Records one at a time: a count window of one per key (Flink) or per task (Storm), processing time for Storm. */
export function recordTrace(kind: 'event' | 'tuple', p: Pick<P, 'recordCost' | 'tupleCost'>): TraceFile {
  return {
    name: `notebook-11-${kind}`,
    engine: kind === 'event' ? { kind, recordCost: p.recordCost } : { kind, processingDelay: p.tupleCost },
    job: {
      key: 'id',
      window: { kind: 'count', size: 1 },
      aggregate: { fn: 'collect', field: 'id' },
      ...(kind === 'tuple' ? { time: 'processing' } : {}),
    },
    steps: [],
  };
}

/**
 * Drive an engine to each arrival and to each of its own next activities, so every result is stamped with
 * the exact processing time it came out at; returns each row's latency.
 */
export function exactLatencies(engine: StepEngine, evs: readonly NbEvent[]): number[] {
  const lat: number[] = [];
  let i = 0;
  for (let guard = 0; guard < 1_000_000; guard++) {
    const next = Math.min(i < evs.length ? evs[i]!.arrival : Number.POSITIVE_INFINITY, engine.nextActivity() ?? Number.POSITIVE_INFINITY);
    if (!Number.isFinite(next)) break;
    engine.advance(next);
    const batch: NbEvent[] = [];
    while (i < evs.length && evs[i]!.arrival === next) batch.push(evs[i++]!);
    if (batch.length) engine.add(batch.map((e) => ({ id: e.id, ts: e.ts })));
    for (const e of engine.drain()) {
      if (e.output === 'main' && Array.isArray(e.value)) for (const id of e.value) lat.push(engine.now() - evs[id as number]!.arrival);
    }
  }
  return lat.sort((a, b) => a - b);
}

export function recordMeasure(kind: 'event' | 'tuple', p: P): Latency {
  const evs = events(p);
  const lat = exactLatencies(createTraceEngine(parseTrace(recordTrace(kind, p))), evs);
  // Throughput: a backlog of every row at time 0, processed one at a time; rows over the time to the last result.
  const backlog = evs.map((e) => ({ ...e, arrival: 0, ts: 0 }));
  const b = exactLatencies(createTraceEngine(parseTrace(recordTrace(kind, p))), backlog);
  const last = b.at(-1);
  return { p50: percentile(lat, 0.5), p99: percentile(lat, 0.99), throughput: last ? (b.length / last) * 1000 : null, done: lat.length };
}

export interface Model {
  main: Run;
  events: NbEvent[];
  spark: SparkMeasure;
  sweep: SparkMeasure[];
  flink: Latency;
  storm: Latency;
  dstream: DStreamModel;
}

export function model(p: P): Model {
  const spark = sparkMeasure(p, p.interval);
  const sweep = [...new Set([...SWEEP, p.interval])].sort((a, b) => a - b).map((i) => (i === p.interval ? spark : sparkMeasure(p, i)));
  // Step from batch to batch: a moment is worth stopping at when a batch started or finished in it.
  let from = Number.NEGATIVE_INFINITY;
  for (const m of spark.run.moments) {
    const to = spark.run.stepTimes[m.steps.at(-1)!]!;
    m.interesting =
      m.end || spark.batches.some((b) => (b.timestamp > from && b.timestamp <= to) || (b.finishedAt > from && b.finishedAt <= to));
    from = to;
  }
  return {
    main: spark.run,
    events: events(p),
    spark,
    sweep,
    flink: recordMeasure('event', p),
    storm: recordMeasure('tuple', p),
    dstream: dstreamModel(p),
  };
}
