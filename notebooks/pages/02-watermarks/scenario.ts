// Notebook 2's workload and runs (pure, shared by the page and the tests): events spread over up to
// three partitions, one of which can go quiet; the job a tumbling 2 s window per engine, with the
// watermark settings each model has (idleness only in Flink: B3, C3); a run per partition alone for
// the inputs' watermark lines; a sweep of the delay for the completeness-vs-latency curve.
import { engineChoice, type ParamDefs, type Values } from '../../lib/params.ts';
import { type Run, runFile } from '../../lib/run.ts';
import { streamingTrace, type TraceFile } from '../../lib/trace-builder.ts';
import { applyMoves, type NbEvent, parseMoves, pick, seeded } from '../../lib/workload.ts';

export const params = {
  engine: engineChoice(['event', 'microbatch', 'tuple']),
  delay: { type: 'range', label: 'Bounded out-of-orderness (delay)', min: 0, max: 3000, step: 100, value: 500, unit: 'ms' },
  interval: {
    type: 'range',
    label: 'Watermark interval',
    min: 100,
    max: 2000,
    step: 100,
    value: 200,
    unit: 'ms',
    help: 'Flink and Storm emit periodically; Spark once per batch.',
  },
  partitions: { type: 'range', label: 'Partitions', min: 1, max: 3, step: 1, value: 2, unit: '' },
  quiet: { type: 'toggle', label: 'The last partition goes quiet after 3 s', value: false },
  idleness: { type: 'toggle', label: 'withIdleness (Flink)', value: false },
  idleTimeout: { type: 'range', label: 'Idleness timeout', min: 500, max: 5000, step: 500, value: 1500, unit: 'ms' },
  seed: { type: 'range', label: 'Disorder (seed)', min: 1, max: 9, step: 1, value: 3, unit: '' },
} satisfies ParamDefs;

export type P = Values<typeof params> & { moved: string };

export const WINDOW = 2000;
export const PARTITION_NAMES = ['p0', 'p1', 'p2'];

/** Events every 600 ms of event time, dealt round-robin to the partitions, each delayed 0–1.5 s by the seed. */
export function events(p: Pick<P, 'partitions' | 'quiet' | 'seed' | 'moved'>): NbEvent[] {
  const rand = seeded(p.seed * 7919);
  const out: NbEvent[] = [];
  for (let i = 0; i < 16; i++) {
    const ts = 200 + i * 600 + pick(rand, 0, 300);
    const stream = PARTITION_NAMES[i % p.partitions]!;
    const arrival = ts + pick(rand, 0, 1500);
    if (p.quiet && p.partitions > 1 && stream === PARTITION_NAMES[p.partitions - 1] && ts > 3000) continue;
    out.push({ id: i + 1, ts, arrival, stream });
  }
  return applyMoves(out, parseMoves(p.moved));
}

/** What each model takes of the settings: idleness exists only in Flink; Spark's watermark moves per batch. */
export function jobFor(p: P, streams: readonly string[]): Record<string, unknown> {
  const wm: Record<string, number> = { delay: p.delay };
  if (p.engine !== 'microbatch') wm.interval = p.interval;
  if (p.engine === 'event' && p.idleness) wm.idleness = p.idleTimeout;
  return {
    window: { kind: 'tumbling', size: WINDOW },
    aggregate: { fn: 'collect', field: 'id' },
    watermark: wm,
    streams: Object.fromEntries(streams.map((s) => [s, {}])),
  };
}

export function engineFor(p: P): TraceFile['engine'] {
  if (p.engine === 'microbatch') return { kind: 'microbatch', interval: 1000 };
  if (p.engine === 'tuple') return { kind: 'tuple', windowing: 'windowedBolt' };
  return { kind: 'event' };
}

export function traceFor(p: P, evs: readonly NbEvent[], streams: readonly string[] = PARTITION_NAMES.slice(0, p.partitions)): TraceFile {
  const last = Math.max(0, ...evs.map((e) => e.arrival));
  return streamingTrace({
    name: `notebook-02-${p.engine}`,
    description: 'Notebook 2: events over partitions, tumbling 2 s windows collecting event ids.',
    engine: engineFor(p),
    job: jobFor(p, streams),
    events: evs,
    tick: p.engine === 'microbatch' ? 1000 : p.interval,
    // Long enough for the largest delay's watermark to pass every window (unless a partition is quiet).
    until: Math.ceil((last + p.delay + 4000) / 1000) * 1000,
  });
}

export interface Model {
  main: Run;
  events: NbEvent[];
  inputs: Array<{ name: string; run: Run }>;
  sweep: Array<{ delay: number; run: Run }>;
}

export const SWEEP = [0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000, 2500, 3000];

export function model(p: P): Model {
  const evs = events(p);
  const streams = PARTITION_NAMES.slice(0, p.partitions);
  const main = runFile(traceFor(p, evs));
  // Each partition alone on the same engine: the watermark its own generator produces (its line).
  const inputs =
    p.partitions > 1
      ? streams.map((s) => ({
          name: `${s} alone`,
          run: runFile(
            traceFor(
              p,
              evs.filter((e) => e.stream === s),
              [s],
            ),
          ),
        }))
      : [];
  const delays = SWEEP.includes(p.delay) ? SWEEP : [...SWEEP, p.delay].sort((a, b) => a - b);
  const sweep = delays.map((delay) => ({ delay, run: delay === p.delay ? main : runFile(traceFor({ ...p, delay }, evs)) }));
  return { main, events: evs, inputs, sweep };
}
