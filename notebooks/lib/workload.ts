// The notebooks' workloads: a handful of numbered events, each with an event time and an arrival
// (processing) time, generated from a seed so a URL reproduces them exactly. Pure; no engine logic.

/** One input event as the notebooks draw it: `ts` is event time, `arrival` processing time (ms). */
export interface NbEvent {
  readonly id: number;
  readonly ts: number;
  readonly arrival: number;
  readonly key?: string;
  /** Input stream (partition) name, for jobs with several inputs. */
  readonly stream?: string;
  readonly value?: number;
}

/** A small seeded generator (mulberry32): the same seed gives the same numbers in every browser. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform whole number in [from, to] from `rand`, rounded to `grain` ms. */
export function pick(rand: () => number, from: number, to: number, grain = 100): number {
  const steps = Math.floor((to - from) / grain);
  return from + Math.floor(rand() * (steps + 1)) * grain;
}

/** The record an event becomes in a trace: its id, event time and the fields the job reads. */
export function recordOf(e: NbEvent): Record<string, unknown> {
  const r: Record<string, unknown> = { id: e.id, ts: e.ts };
  if (e.key !== undefined) r.key = e.key;
  if (e.stream !== undefined) r.stream = e.stream;
  if (e.value !== undefined) r.value = e.value;
  return r;
}

/** Arrival overrides from the URL: `3:4500,7:8000` moves event 3 to 4.5 s and event 7 to 8 s. */
export function parseMoves(text: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const part of text.split(',')) {
    const m = /^\s*(\d+):(\d+)\s*$/.exec(part);
    if (m) out.set(Number(m[1]), Number(m[2]));
  }
  return out;
}

export function formatMoves(moves: ReadonlyMap<number, number>): string {
  return [...moves]
    .sort((a, b) => a[0] - b[0])
    .map(([id, at]) => `${id}:${at}`)
    .join(',');
}

/** The events with dragged arrivals applied (never earlier than 0). */
export function applyMoves(events: readonly NbEvent[], moves: ReadonlyMap<number, number>): NbEvent[] {
  return events.map((e) => (moves.has(e.id) ? { ...e, arrival: Math.max(0, moves.get(e.id)!) } : e));
}

/** Events in the order they reach the engine: by arrival, ties by id. */
export function byArrival(events: readonly NbEvent[]): NbEvent[] {
  return [...events].sort((a, b) => a.arrival - b.arrival || a.id - b.id);
}
