// Notebook 4's workload and runs (pure): sixteen events in tumbling 2 s windows, four of them well
// behind the others; the same input through Flink (allowed lateness, side output, trigger), Spark
// (append mode: the watermark delay is the only lateness, D) and Storm (lag, late tuple stream).
import { engineChoice, type ParamDefs, type Values } from '../../lib/params.ts';
import { type Run, runFile } from '../../lib/run.ts';
import { streamingTrace, type TraceFile } from '../../lib/trace-builder.ts';
import { applyMoves, type NbEvent, parseMoves } from '../../lib/workload.ts';

export const params = {
  engine: engineChoice(['event', 'microbatch', 'tuple']),
  lateness: { type: 'range', label: 'Allowed lateness (Flink)', min: 0, max: 4000, step: 500, value: 1000, unit: 'ms' },
  side: { type: 'toggle', label: 'Late side output (Flink) / late tuple stream (Storm)', value: true },
  trigger: {
    type: 'choice',
    label: 'Trigger (Flink)',
    options: [
      ['default', 'event time'],
      ['purging', 'purging'],
    ],
    value: 'default',
  },
  delay: { type: 'range', label: 'Watermark delay (Spark’s only lateness)', min: 0, max: 2000, step: 250, value: 500, unit: 'ms' },
} satisfies ParamDefs;

export type P = Values<typeof params> & { moved: string };

export const KINDS = ['event', 'microbatch', 'tuple'] as const;
export type Kind = (typeof KINDS)[number];

/** [event time, arrival]: e6, e9, e12 and e14 arrive well after their windows' ends. */
const TIMES: ReadonlyArray<readonly [number, number]> = [
  [300, 500],
  [900, 1100],
  [1500, 1800],
  [2300, 2500],
  [2900, 3100],
  [1200, 3600],
  [3600, 3800],
  [4400, 4600],
  [3100, 5200],
  [5000, 5300],
  [5800, 6000],
  [700, 6800],
  [6600, 7000],
  [4600, 8500],
  [7400, 7700],
  [8200, 8400],
];
export const WINDOW = 2000;

export function events(p: Pick<P, 'moved'>): NbEvent[] {
  return applyMoves(
    TIMES.map(([ts, arrival], i) => ({ id: i + 1, ts, arrival })),
    parseMoves(p.moved),
  );
}

/** The job in each model's terms: only Flink has allowed lateness and triggers; Spark has no late output. */
export function jobFor(p: P, kind: Kind): Record<string, unknown> {
  const job: Record<string, unknown> = {
    window: { kind: 'tumbling', size: WINDOW },
    aggregate: { fn: 'collect', field: 'id' },
    watermark: { delay: p.delay },
  };
  if (kind === 'event') {
    job.allowedLateness = p.lateness;
    job.trigger = p.trigger;
  }
  if (kind !== 'microbatch') job.lateOutput = p.side;
  return job;
}

export function traceFor(p: P, kind: Kind, evs: readonly NbEvent[]): TraceFile {
  const last = Math.max(0, ...evs.map((e) => e.arrival));
  return streamingTrace({
    name: `notebook-04-${kind}`,
    description: 'Notebook 4: tumbling 2 s windows collecting event ids; some events arrive late.',
    engine:
      kind === 'microbatch'
        ? { kind: 'microbatch', interval: 1000 }
        : kind === 'tuple'
          ? { kind: 'tuple', windowing: 'windowedBolt' }
          : { kind: 'event' },
    job: jobFor(p, kind),
    events: evs,
    tick: kind === 'event' ? 200 : 1000,
    until: Math.ceil((last + p.delay + p.lateness + 3000) / 1000) * 1000,
  });
}

export interface Model {
  main: Run;
  events: NbEvent[];
  runs: Record<Kind, Run>;
}

export function model(p: P): Model {
  const evs = events(p);
  const runs = Object.fromEntries(KINDS.map((k) => [k, runFile(traceFor(p, k, evs))])) as Record<Kind, Run>;
  return { main: runs[p.engine as Kind], events: evs, runs };
}
