// What a stream join's pairs (join-result.ts) and a stateless job's records (stateless-result.ts) are
// compared by: the engine's outputs against the oracle's as a multiset, each output identified by its
// content, so an engine may emit in any order and rebuild records with their fields in any order.
import type { Rec } from '../engines/core/aggregates.ts';
import type { EngineRun, ScenarioRun } from './runner.ts';

/** Record identity by content: sorted-key JSON (engines may rebuild a record with its fields in another order). */
export function recordText(r: Rec): string {
  return JSON.stringify(
    Object.keys(r)
      .sort()
      .map((k) => [k, r[k]]),
  );
}

/**
 * Each input record's arrival by its content (the first, for records equal in content): what a join's pairs and a
 * rank job's rows measure latency from. A real run at max pace measures from when each event was actually fed
 * (RealMeasure.ingest), as the aggregation's latency does.
 */
export function arrivalTimes(run: ScenarioRun, r: Extract<EngineRun, { supported: true }>): Map<string, number> {
  const input = run.input;
  const ingest = r.real?.pace === 'max' ? r.real.ingest : undefined;
  const arrivalOf = new Map<string, number>();
  for (let i = 0; i < input.size; i++) {
    const t = recordText(input.records.record(i));
    if (!arrivalOf.has(t)) arrivalOf.set(t, ingest ? ingest[input.logIndex[i]!]! : input.arrivalOf(i));
  }
  return arrivalOf;
}

/** The oracle's outputs by identity, consumed one by one by the engine's: what is left at the end is missing. */
export class ExpectedMultiset<X> {
  private readonly byId = new Map<string, X[]>();
  private readonly everId = new Set<string>();

  constructor(items: Iterable<X>, idOf: (x: X) => string) {
    for (const x of items) {
      const id = idOf(x);
      const list = this.byId.get(id);
      if (list) list.push(x);
      else this.byId.set(id, [x]);
      this.everId.add(id);
    }
  }

  /** Consume one expected output with this identity: it, or undefined when none is left (the emitted one is extra). */
  take(id: string): X | undefined {
    return this.byId.get(id)?.pop();
  }

  /** Whether the oracle has an output with this identity at all (an extra one is then a repeat of it). */
  has(id: string): boolean {
    return this.everId.has(id);
  }

  /** Expected outputs never emitted. */
  remaining(): X[] {
    return [...this.byId.values()].flat();
  }
}

/** Input events (by arrival) and emitted results (by emit time) per second, in time order. */
export function perSecond(arrival: ArrayLike<number>, outputs: Map<number, number>): Array<{ t: number; input: number; output: number }> {
  const points = new Map<number, { t: number; input: number; output: number }>();
  for (let i = 0; i < arrival.length; i++) {
    const t = Math.floor(arrival[i]! / 1000) * 1000;
    const p = points.get(t);
    if (p) p.input++;
    else points.set(t, { t, input: 1, output: 0 });
  }
  for (const [t, n] of outputs) {
    const p = points.get(t);
    if (p) p.output = n;
    else points.set(t, { t, input: 0, output: n });
  }
  return [...points.values()].sort((a, b) => a.t - b.t);
}
