// Notebook 5's workload and runs (pure): a dozen events in 5 s tumbling windows with a pause before
// the last one; the Structured Streaming query with the chosen trigger, output mode and no-data
// batches (Once and AvailableNow started by a scheduler every few seconds), and Flink beside it.
import type { ParamDefs, Values } from '../../lib/params.ts';
import { type Run, runFile } from '../../lib/run.ts';
import { streamingTrace, type TraceFile } from '../../lib/trace-builder.ts';
import { applyMoves, type NbEvent, parseMoves } from '../../lib/workload.ts';

export const params = {
  trigger: {
    type: 'choice',
    label: 'Trigger',
    options: [
      ['processingTime', 'processingTime'],
      ['once', 'Once'],
      ['availableNow', 'AvailableNow'],
    ],
    value: 'processingTime',
  },
  interval: { type: 'range', label: 'Trigger interval', min: 500, max: 5000, step: 500, value: 1000, unit: 'ms' },
  every: { type: 'range', label: 'Once / AvailableNow: a run every', min: 2000, max: 8000, step: 1000, value: 4000, unit: 'ms' },
  mode: {
    type: 'choice',
    label: 'Output mode',
    options: [
      ['append', 'append'],
      ['update', 'update'],
      ['complete', 'complete'],
    ],
    value: 'append',
  },
  noData: { type: 'toggle', label: 'No-data batches (spark.sql.streaming.noDataMicroBatches.enabled)', value: true },
  delay: { type: 'range', label: 'withWatermark delay', min: 0, max: 5000, step: 500, value: 2000, unit: 'ms' },
} satisfies ParamDefs;

export type P = Values<typeof params> & { moved: string };

export const WINDOW = 5000;

/** [event time, arrival]: e4, e8 and e11 come late; nothing arrives between 13.4 s and 21.3 s. */
const TIMES: ReadonlyArray<readonly [number, number]> = [
  [1000, 1300],
  [2500, 2700],
  [4200, 4500],
  [3800, 5400],
  [6100, 6300],
  [7400, 7600],
  [8800, 9200],
  [5500, 9900],
  [11200, 11500],
  [12600, 12800],
  [9600, 13400],
  [21000, 21300],
];

export function events(p: Pick<P, 'moved'>): NbEvent[] {
  return applyMoves(
    TIMES.map(([ts, arrival], i) => ({ id: i + 1, ts, arrival })),
    parseMoves(p.moved),
  );
}

const job = (p: P, kind: 'microbatch' | 'event') => ({
  window: { kind: 'tumbling', size: WINDOW },
  aggregate: { fn: 'collect', field: 'id' },
  watermark: { delay: p.delay },
  ...(kind === 'microbatch' ? { outputMode: p.mode } : {}),
});

export function until(evs: readonly NbEvent[], p: P): number {
  return Math.ceil((Math.max(0, ...evs.map((e) => e.arrival)) + Math.max(p.interval, p.every) * 2 + 2000) / 1000) * 1000;
}

/** Scheduled runs of a Once / AvailableNow query: every `every` ms, from the first. */
export function runTimes(p: P, end: number): number[] {
  if (p.trigger === 'processingTime') return [];
  const out: number[] = [];
  for (let t = p.every; t <= end; t += p.every) out.push(t);
  return out;
}

export function sparkTrace(p: P, evs: readonly NbEvent[]): TraceFile {
  const end = until(evs, p);
  const engine: TraceFile['engine'] = { kind: 'microbatch', trigger: p.trigger, noDataBatches: p.noData };
  if (p.trigger === 'processingTime') engine.interval = p.interval;
  return streamingTrace({
    name: `notebook-05-spark-${p.trigger}-${p.mode}`,
    description: 'Notebook 5: Structured Streaming, tumbling 5 s windows collecting event ids.',
    engine,
    job: job(p, 'microbatch'),
    events: evs,
    tick: p.trigger === 'processingTime' ? p.interval : p.every,
    until: end,
    runs: runTimes(p, end),
  });
}

export function flinkTrace(p: P, evs: readonly NbEvent[]): TraceFile {
  return streamingTrace({
    name: 'notebook-05-flink',
    description: 'Notebook 5: the same events through Flink (bounded out-of-orderness, same delay).',
    engine: { kind: 'event' },
    job: job(p, 'event'),
    events: evs,
    tick: 200,
    until: until(evs, p),
  });
}

export interface Model {
  main: Run;
  events: NbEvent[];
  flink: Run;
}

export function model(p: P): Model {
  const evs = events(p);
  return { main: runFile(sparkTrace(p, evs)), events: evs, flink: runFile(flinkTrace(p, evs)) };
}
