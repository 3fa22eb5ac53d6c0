// Notebook 1's workload and runs (pure): twelve events with fixed event times and a network delay
// drawn per replay (seed), one tumbling window over event, processing or ingestion time, and the
// same events replayed in another order (the next seed) to compare final results window by window.
import { engineChoice, type ParamDefs, type Values } from '../../lib/params.ts';
import { type Run, runFile } from '../../lib/run.ts';
import { streamingTrace, type TraceFile } from '../../lib/trace-builder.ts';
import { applyMoves, type NbEvent, parseMoves, pick, seeded } from '../../lib/workload.ts';

export const params = {
  engine: engineChoice(['event', 'microbatch', 'tuple']),
  time: {
    type: 'choice',
    label: 'Window by',
    options: [
      ['event', 'event time'],
      ['processing', 'processing time'],
      ['ingestion', 'ingestion time'],
    ],
    value: 'event',
  },
  size: { type: 'range', label: 'Tumbling window size', min: 1000, max: 5000, step: 500, value: 2000, unit: 'ms' },
  base: { type: 'range', label: 'Network delay, at least', min: 0, max: 3000, step: 100, value: 300, unit: 'ms' },
  spread: { type: 'range', label: '… plus up to', min: 0, max: 4000, step: 100, value: 1500, unit: 'ms' },
  seed: {
    type: 'range',
    label: 'Replay (arrival order)',
    min: 1,
    max: 30,
    step: 1,
    value: 1,
    unit: '',
    help: 'Same events, delays drawn again.',
  },
} satisfies ParamDefs;

export type P = Values<typeof params> & { moved: string };

/** Event times are fixed; arrival = event time + the network delay this replay draws. */
export function events(p: Pick<P, 'base' | 'spread' | 'seed' | 'moved'>, seed = p.seed): NbEvent[] {
  const times = seeded(11);
  const delays = seeded(seed * 104729);
  const out: NbEvent[] = [];
  for (let i = 0; i < 12; i++) {
    const ts = 300 + i * 700 + pick(times, 0, 200);
    out.push({ id: i + 1, ts, arrival: ts + p.base + pick(delays, 0, p.spread) });
  }
  // Dragged events move in the order on screen only, not in the replay.
  return seed === p.seed ? applyMoves(out, parseMoves(p.moved)) : out;
}

export function traceFor(p: P, evs: readonly NbEvent[], name = 'this order'): TraceFile {
  const last = Math.max(0, ...evs.map((e) => e.arrival));
  const spark = p.engine === 'microbatch';
  const job: Record<string, unknown> = {
    time: p.time,
    window: { kind: 'tumbling', size: p.size },
    aggregate: { fn: 'collect', field: 'id' },
  };
  // A delay that covers the disorder the replay can draw: no event is late unless you drag it.
  if (p.time === 'event') job.watermark = { delay: p.spread };
  // Spark's append mode needs a watermark on the event-time column; by processing time use update (B6).
  if (spark) job.outputMode = p.time === 'event' ? 'append' : 'update';
  return streamingTrace({
    name: `notebook-01-${p.engine}-${p.time}`,
    description: `Notebook 1 (${name}): tumbling ${p.size} ms windows by ${p.time} time, collecting event ids.`,
    engine: spark
      ? { kind: 'microbatch', interval: 1000 }
      : p.engine === 'tuple'
        ? { kind: 'tuple', windowing: 'windowedBolt' }
        : { kind: 'event' },
    job,
    events: evs,
    tick: spark || p.engine === 'tuple' ? 1000 : 200,
    until: Math.ceil((last + p.size + p.spread + 2000) / 1000) * 1000,
    end: true,
  });
}

export interface Model {
  main: Run;
  events: NbEvent[];
  /** The same events in the next replay's order. */
  replay: Run;
  replayEvents: NbEvent[];
  /** The same order by event time, for comparing processing-time results with the truth. */
  byEventTime: Run;
}

export function model(p: P): Model {
  const evs = events(p);
  const replayEvents = events(p, p.seed + 1);
  const main = runFile(traceFor(p, evs));
  return {
    main,
    events: evs,
    replay: runFile(traceFor(p, replayEvents, 'another order')),
    replayEvents,
    byEventTime: p.time === 'event' ? main : runFile(traceFor({ ...p, time: 'event' }, evs)),
  };
}
