// Notebook 3's workload and runs (pure): two users' clicks, one of which (e4) arrives late and bridges
// two of user a's sessions; the job is one window kind at a time on the chosen engine; a shuffled
// arrival order (the next seed) for count windows against time windows.
import { evaluate, type OracleResult } from '../../../engines/oracle/oracle.ts';
import { aggregationJob } from '../../../engines/trace.ts';
import { engineChoice, type ParamDefs, type Values } from '../../lib/params.ts';
import { type Run, runFile } from '../../lib/run.ts';
import { streamingTrace, type TraceFile } from '../../lib/trace-builder.ts';
import { applyMoves, type NbEvent, parseMoves, pick, seeded } from '../../lib/workload.ts';

export const params = {
  engine: engineChoice(['event', 'microbatch', 'tuple']),
  kind: {
    type: 'choice',
    label: 'Window',
    options: [
      ['tumbling', 'tumbling'],
      ['sliding', 'sliding'],
      ['session', 'session'],
      ['count', 'count'],
    ],
    value: 'session',
  },
  size: { type: 'range', label: 'Size', min: 1000, max: 6000, step: 500, value: 3000, unit: 'ms' },
  slide: { type: 'range', label: 'Slide', min: 500, max: 3000, step: 500, value: 1000, unit: 'ms' },
  gap: { type: 'range', label: 'Session gap', min: 500, max: 3000, step: 250, value: 1000, unit: 'ms' },
  count: { type: 'range', label: 'Count (elements)', min: 2, max: 6, step: 1, value: 3, unit: '' },
  lateness: { type: 'range', label: 'Allowed lateness (Flink)', min: 0, max: 5000, step: 500, value: 4000, unit: 'ms' },
  seed: {
    type: 'range',
    label: 'Arrival order (seed)',
    min: 1,
    max: 20,
    step: 1,
    value: 1,
    unit: '',
    help: 'Shuffles arrivals by up to 1 s.',
  },
} satisfies ParamDefs;

export type P = Values<typeof params> & { moved: string };

/** [key, event time]; e4 is the late bridge between user a's first two sessions. */
const CLICKS: ReadonlyArray<readonly [string, number]> = [
  ['a', 200],
  ['b', 500],
  ['a', 800],
  ['a', 2400],
  ['b', 1100],
  ['a', 1500],
  ['b', 2300],
  ['a', 3200],
  ['a', 3800],
  ['b', 4600],
  ['b', 5200],
  ['b', 6500],
  ['b', 7800],
  ['b', 9000],
];
export const BRIDGE = 4;
const BRIDGE_ARRIVAL = 7500;

export function events(p: Pick<P, 'seed' | 'moved'>, seed = p.seed): NbEvent[] {
  const rand = seeded(seed * 613);
  const out = CLICKS.map(([key, ts], i): NbEvent => {
    const jitter = pick(rand, 0, seed === 1 ? 300 : 1000);
    return { id: i + 1, key, ts, arrival: i + 1 === BRIDGE ? BRIDGE_ARRIVAL : ts + 100 + jitter };
  });
  return seed === p.seed ? applyMoves(out, parseMoves(p.moved)) : out;
}

export function windowOf(p: P): Record<string, unknown> {
  switch (p.kind) {
    case 'tumbling':
      return { kind: 'tumbling', size: p.size };
    case 'sliding':
      return { kind: 'sliding', size: p.size, slide: p.slide };
    case 'session':
      return { kind: 'session', gap: p.gap };
    default:
      return { kind: 'count', size: p.count };
  }
}

export function traceFor(p: P, evs: readonly NbEvent[], kind = p.kind): TraceFile {
  const q = { ...p, kind };
  const job: Record<string, unknown> = { key: 'key', window: windowOf(q), aggregate: { fn: 'collect', field: 'id' } };
  if (kind !== 'count') job.watermark = { delay: 500 };
  if (p.engine === 'event' && kind !== 'count') job.allowedLateness = p.lateness;
  const last = Math.max(0, ...evs.map((e) => e.arrival));
  return streamingTrace({
    name: `notebook-03-${p.engine}-${kind}`,
    description: `Notebook 3: ${kind} windows per user, collecting event ids.`,
    engine:
      p.engine === 'microbatch'
        ? { kind: 'microbatch', interval: 1000 }
        : p.engine === 'tuple'
          ? { kind: 'tuple', windowing: 'windowedBolt' }
          : { kind: 'event' },
    job,
    events: evs,
    tick: p.engine === 'event' ? 200 : 1000,
    until: Math.ceil((last + 4000) / 1000) * 1000,
    end: true,
  });
}

export interface Model {
  main: Run;
  events: NbEvent[];
  shuffledEvents: NbEvent[];
  /** Count windows and tumbling windows, in this order and shuffled: shuffling changes only the former. */
  count: [Run, Run];
  tumbling: [Run, Run];
}

export function model(p: P): Model {
  const evs = events(p);
  const shuffled = events(p, p.seed + 1);
  const main = runFile(traceFor(p, evs));
  const count: [Run, Run] = [p.kind === 'count' ? main : runFile(traceFor(p, evs, 'count')), runFile(traceFor(p, shuffled, 'count'))];
  const tumbling: [Run, Run] = [
    p.kind === 'tumbling' ? main : runFile(traceFor(p, evs, 'tumbling')),
    runFile(traceFor(p, shuffled, 'tumbling')),
  ];
  return { main, events: evs, shuffledEvents: shuffled, count, tumbling };
}

/** The sessions the events arrived so far form, per the oracle (ground truth over that prefix). */
export function sessionsSoFar(run: Run, upto: number): OracleResult[] {
  const job = run.trace ? aggregationJob(run.trace) : undefined;
  if (job?.window.kind !== 'session') return [];
  const arrived = run.moments.slice(0, upto + 1).flatMap((m) => m.added.map((record) => ({ record, arrival: m.time })));
  return evaluate(job, arrived);
}
