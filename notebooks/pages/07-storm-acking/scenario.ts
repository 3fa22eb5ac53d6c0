// Notebook 7's workload and runs (pure): eight sentences of `fanout` words into Storm's word count (see
// topology-run.ts), observed moment by moment; the oracle counts every word of the input once. Beside it,
// the same words through the tuple engine's windowed bolt, whose message timeout must exceed the window's
// length + slide (C3), with the same kill as a crash of the bolts.

import { parseJob } from '../../../engines/core/job.ts';
import { evaluate } from '../../../engines/oracle/oracle.ts';
import type { ParamDefs, Values } from '../../lib/params.ts';
import { emptyRun, type Moment, type Run, runFile } from '../../lib/run.ts';
import { streamingTrace, type TraceFile } from '../../lib/trace-builder.ts';
import type { NbEvent } from '../../lib/workload.ts';
import { sentencesAt } from './narrate.ts';
import { runTopology, type TopologyRun } from './topology-run.ts';

export const params = {
  fanout: { type: 'range', label: 'Words per sentence (fan-out)', min: 1, max: 5, step: 1, value: 3 },
  failSplit: { type: 'range', label: 'split fails a tuple with probability', min: 0, max: 0.5, step: 0.05, value: 0 },
  failCount: { type: 'range', label: 'count fails a tuple with probability', min: 0, max: 0.5, step: 0.05, value: 0.1 },
  timeout: { type: 'range', label: 'Message timeout', min: 1000, max: 10000, step: 500, value: 5000, unit: 'ms' },
  pending: { type: 'range', label: 'max.spout.pending (0: unlimited)', min: 0, max: 8, step: 1, value: 0 },
  killAt: { type: 'range', label: 'Kill the count bolt at (0: never)', min: 0, max: 3000, step: 100, value: 0, unit: 'ms' },
  acking: { type: 'toggle', label: 'Acking (at-least-once); off: at-most-once', value: true },
  seed: { type: 'range', label: 'Seed of the failures', min: 1, max: 9, step: 1, value: 1 },
  tree: { type: 'range', label: 'Tuple tree of sentence', min: 1, max: 8, step: 1, value: 3 },
} satisfies ParamDefs;

export type P = Values<typeof params>;

const WORDS = ['the', 'cat', 'dog', 'sat', 'ran', 'a', 'mat'];
export const SENTENCE_GAP = 400;
export const UNTIL = 25_000;

export function sentences(p: Pick<P, 'fanout'>): Array<{ id: number; at: number; text: string }> {
  return Array.from({ length: 8 }, (_, i) => ({
    id: i + 1,
    at: i * SENTENCE_GAP,
    text: Array.from({ length: p.fanout }, (_, j) => WORDS[(i * 3 + j * 5) % WORDS.length]).join(' '),
  }));
}

/** The oracle's count of every word of the input, each counted once. */
export function oracleCounts(p: Pick<P, 'fanout'>): Map<string, number> {
  const job = parseJob({ key: 'word', window: { kind: 'tumbling', size: 3_600_000 }, aggregate: { fn: 'count' } });
  const input = sentences(p).flatMap((s) => s.text.split(' ').map((word) => ({ record: { word, ts: s.at } })));
  return new Map(evaluate(job, input).map((r) => [String(r.key), Number(r.value)]));
}

/** The moments of the topology's run: one per instant at which something was seen, with its sentences. */
export function timeline(t: TopologyRun, p: P): Run {
  const run = emptyRun(null, 'tuple');
  const times = [...new Set(t.seen.map((s) => s.t))].sort((a, b) => a - b);
  run.moments = times.map(
    (time, index): Moment => ({
      index,
      time,
      end: false,
      steps: [],
      added: [],
      emissions: [],
      wmBefore: null,
      wmAfter: null,
      batches: [],
      interesting: true,
      notes: sentencesAt(t, time, p),
    }),
  );
  return run;
}

/** The same words, one tuple each, through the tuple engine's windowed bolt (tumbling 2 s windows). */
export const WINDOW = 2000;

export function wordEvents(p: Pick<P, 'fanout'>): NbEvent[] {
  return sentences(p).flatMap((s, i) =>
    s.text.split(' ').map((key, j) => ({ id: i * 10 + j, ts: s.at + j * 10, arrival: s.at + j * 10, key })),
  );
}

export function windowedTrace(p: P): TraceFile {
  const file = streamingTrace({
    name: 'notebook-07-windowed-bolt',
    description: `Notebook 7: the words into Storm's BaseWindowedBolt, 2 s tumbling event-time windows counted per word, message timeout ${p.timeout} ms${p.killAt > 0 ? `, every bolt crashed at ${p.killAt} ms` : ''}.`,
    engine: { kind: 'tuple', windowing: 'windowedBolt', acking: p.acking, messageTimeout: p.timeout },
    job: { key: 'key', window: { kind: 'tumbling', size: WINDOW }, aggregate: { fn: 'count' }, watermark: { lag: 0 } },
    events: wordEvents(p),
    tick: 100,
    until: 12_000,
    end: true,
  });
  if (p.killAt > 0) file.steps.splice(file.steps.findIndex((s) => s.advance === p.killAt) + 1, 0, { restart: true });
  return file;
}

export interface Model {
  main: Run;
  events: readonly NbEvent[];
  topo: TopologyRun;
  oracle: Map<string, number>;
  windowed: Run;
}

export function model(p: P): Model {
  const topo = runTopology({
    sentences: sentences(p),
    failSplit: p.failSplit,
    failCount: p.failCount,
    acking: p.acking,
    timeout: p.timeout,
    pending: p.pending,
    killAt: p.killAt,
    seed: p.seed,
    until: UNTIL,
  });
  return { main: timeline(topo, p), events: [], topo, oracle: oracleCounts(p), windowed: runFile(windowedTrace(p)) };
}
