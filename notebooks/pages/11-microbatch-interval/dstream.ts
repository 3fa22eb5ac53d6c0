// Notebook 11's DStream windows (B8): reduceByKeyAndWindow over batch time, a window of n batches sliding by
// m, with and without the inverse function. With it, Spark computes each window from the previous one (add
// the batches that entered, subtract those that left), so a key whose count falls to 0 stays, as (k, 0).
import { type Run, runFile } from '../../lib/run.ts';
import { streamingTrace, type TraceFile } from '../../lib/trace-builder.ts';
import type { NbEvent } from '../../lib/workload.ts';
import type { P } from './scenario.ts';

export const DSTREAM_INTERVAL = 1000;

/** Keys a, b, c over eight seconds; c stops after the second second, b after the fifth. */
export const DSTREAM_EVENTS: readonly NbEvent[] = Array.from({ length: 8 }, (_, s) =>
  ['a', 'b', 'c']
    .filter((k) => k === 'a' || (k === 'b' && s < 5) || (k === 'c' && s < 2))
    .map((key, j) => ({ id: s * 3 + j, ts: s * 1000 + 200 + j * 100, arrival: s * 1000 + 200 + j * 100, key })),
).flat();

export function dstreamTrace(p: Pick<P, 'winBatches' | 'slideBatches'>, inverse: boolean): TraceFile {
  return streamingTrace({
    name: `notebook-11-dstream${inverse ? '-inverse' : ''}`,
    description: `Notebook 11: reduceByKeyAndWindow(${inverse ? '+, −' : '+'}) over ${p.winBatches} batches of 1 s, sliding by ${p.slideBatches}.`,
    engine: { kind: 'microbatch', flavor: 'dstream', interval: DSTREAM_INTERVAL, inverseReduce: inverse },
    job: {
      key: 'key',
      window: { kind: 'sliding', size: p.winBatches * DSTREAM_INTERVAL, slide: p.slideBatches * DSTREAM_INTERVAL },
      aggregate: { fn: 'count' },
    },
    events: DSTREAM_EVENTS,
    tick: DSTREAM_INTERVAL,
    until: 12_000,
    end: true,
  });
}

export interface DStreamModel {
  plain: Run;
  inverse: Run;
}

export function dstreamModel(p: Pick<P, 'winBatches' | 'slideBatches'>): DStreamModel {
  return { plain: runFile(dstreamTrace(p, false)), inverse: runFile(dstreamTrace(p, true)) };
}

/** Rows of both runs per window end and key: count without the inverse, count with it. */
export function dstreamRows(m: DStreamModel): Array<{ end: number; key: string; plain: number | null; inverse: number | null }> {
  const rows = new Map<string, { end: number; key: string; plain: number | null; inverse: number | null }>();
  for (const [name, run] of [
    ['plain', m.plain],
    ['inverse', m.inverse],
  ] as const) {
    for (const s of run.steps) {
      for (const e of s.emissions) {
        if (e.output !== 'main' || e.window === null) continue;
        const id = `${e.window.end}|${String(e.key)}`;
        const r = rows.get(id) ?? { end: e.window.end, key: String(e.key), plain: null, inverse: null };
        r[name] = Number(e.value);
        rows.set(id, r);
      }
    }
  }
  return [...rows.values()].sort((a, b) => a.end - b.end || a.key.localeCompare(b.key));
}
