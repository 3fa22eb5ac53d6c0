// Notebook 6's workload and runs (pure): fourteen events read two ways by each model. The streaming
// run sees them arrive over time; the batch run sees the whole bounded input at once (Spark: one
// AvailableNow run). Both may end with end of input. The oracle is the batch answer by definition.
import { engineChoice, type ParamDefs, type Values } from '../../lib/params.ts';
import { type Run, runFile } from '../../lib/run.ts';
import { batchTrace, streamingTrace, type TraceFile } from '../../lib/trace-builder.ts';
import { applyMoves, type NbEvent, parseMoves } from '../../lib/workload.ts';

export const params = {
  engine: engineChoice(['event', 'microbatch', 'tuple']),
  delay: { type: 'range', label: 'Watermark delay', min: 0, max: 3000, step: 250, value: 500, unit: 'ms' },
  end: { type: 'toggle', label: 'The input ends (end of input after the last event)', value: true },
  mode: {
    type: 'choice',
    label: 'Output mode (Spark)',
    options: [
      ['append', 'append'],
      ['update', 'update'],
      ['complete', 'complete'],
    ],
    value: 'append',
  },
} satisfies ParamDefs;

export type P = Values<typeof params> & { moved: string };
export const KINDS = ['event', 'microbatch', 'tuple'] as const;
export type Kind = (typeof KINDS)[number];

/** [event time, arrival]: e5 and e10 arrive about 1.5 s behind. */
const TIMES: ReadonlyArray<readonly [number, number]> = [
  [400, 600],
  [1100, 1300],
  [1700, 2000],
  [2600, 2800],
  [1900, 3300],
  [3300, 3500],
  [4100, 4300],
  [4800, 5100],
  [5600, 5800],
  [4500, 6100],
  [6400, 6700],
  [7300, 7500],
  [8100, 8300],
  [8700, 8900],
];

export function events(p: Pick<P, 'moved'>): NbEvent[] {
  return applyMoves(
    TIMES.map(([ts, arrival], i) => ({ id: i + 1, ts, arrival })),
    parseMoves(p.moved),
  );
}

function jobFor(p: P, kind: Kind): Record<string, unknown> {
  return {
    window: { kind: 'tumbling', size: 2000 },
    aggregate: { fn: 'collect', field: 'id' },
    watermark: { delay: p.delay },
    ...(kind === 'microbatch' ? { outputMode: p.mode } : {}),
  };
}

function engineFor(kind: Kind, batch: boolean): TraceFile['engine'] {
  if (kind === 'microbatch') return batch ? { kind, trigger: 'availableNow' } : { kind, interval: 1000 };
  return kind === 'tuple' ? { kind, windowing: 'windowedBolt' } : { kind };
}

export function streamTrace(p: P, kind: Kind, evs: readonly NbEvent[]): TraceFile {
  const last = Math.max(0, ...evs.map((e) => e.arrival));
  return streamingTrace({
    name: `notebook-06-${kind}-stream`,
    description: 'Notebook 6: the events arrive over time (a stream).',
    engine: engineFor(kind, false),
    job: jobFor(p, kind),
    events: evs,
    tick: kind === 'event' ? 200 : 1000,
    until: Math.ceil((last + 3000) / 1000) * 1000,
    end: p.end,
  });
}

export function boundedTrace(p: P, kind: Kind, evs: readonly NbEvent[]): TraceFile {
  return batchTrace({
    name: `notebook-06-${kind}-batch`,
    description: 'Notebook 6: the whole bounded input at once (a batch).',
    engine: engineFor(kind, true),
    job: jobFor(p, kind),
    events: evs,
    run: kind === 'microbatch',
    end: p.end,
  });
}

export interface Model {
  main: Run;
  events: NbEvent[];
  stream: Record<Kind, Run>;
  batch: Record<Kind, Run>;
}

export function model(p: P): Model {
  const evs = events(p);
  const stream = Object.fromEntries(KINDS.map((k) => [k, runFile(streamTrace(p, k, evs))])) as Record<Kind, Run>;
  const batch = Object.fromEntries(KINDS.map((k) => [k, runFile(boundedTrace(p, k, evs))])) as Record<Kind, Run>;
  return { main: stream[p.engine as Kind], events: evs, stream, batch };
}
