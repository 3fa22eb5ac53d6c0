// The fate of every input event, read off a run's emissions (jobs collect the events' ids, so each
// result names the events in it): counted on time, counted in a re-emission of a window that had
// already emitted (a late firing, an update), sent to the late output, dropped, or still waiting.
import type { Run, Stamped } from './run.ts';

export type Fate = 'not-arrived' | 'waiting' | 'arrived' | 'on-time' | 'updated' | 'side-output' | 'dropped' | 'never-emitted';

export const FATE_LABEL: Record<Fate, string> = {
  'not-arrived': 'not arrived yet',
  waiting: 'waiting in state',
  arrived: 'arrived (results do not name their events)',
  'on-time': 'counted on time',
  updated: 'counted in a re-emission',
  'side-output': 'late output',
  dropped: 'dropped',
  'never-emitted': 'never emitted',
};

export interface EventFate {
  id: number;
  fate: Fate;
  /** The moment that decided the fate (its arrival while waiting), or null. */
  moment: number | null;
}

/** `window` + key as one string, the identity of a result. */
export function resultId(e: Stamped): string {
  if (e.e.output !== 'main') return '';
  const w = e.e.window;
  return `${JSON.stringify(e.e.key ?? null)}|${w ? `${w.start},${w.end}` : 'count'}`;
}

function idOf(r: unknown): unknown {
  return r !== null && typeof r === 'object' ? (r as Record<string, unknown>).id : undefined;
}

/** Fates after moment `upto` (inclusive); the run is finished when `upto` is its last moment. */
export function fatesAt(run: Run, upto: number): Map<number, EventFate> {
  const out = new Map<number, EventFate>();
  const arrivedAt = new Map<number, number>();
  for (const m of run.moments.slice(0, upto + 1)) {
    for (const r of m.added) {
      const id = idOf(r);
      if (typeof id === 'number' && !arrivedAt.has(id)) arrivedAt.set(id, m.index);
    }
  }
  const emitted = new Set<string>();
  for (const m of run.moments.slice(0, upto + 1)) {
    const before = new Set(emitted);
    for (const s of m.emissions) {
      const e = s.e;
      if (e.output === 'late' || e.output === 'dropped') {
        const id = idOf(e.record);
        if (typeof id === 'number' && !out.has(id))
          out.set(id, { id, fate: e.output === 'late' ? 'side-output' : 'dropped', moment: m.index });
      } else if (e.output === 'main') {
        const rid = resultId(s);
        if (Array.isArray(e.value)) {
          for (const id of e.value) {
            if (typeof id !== 'number' || out.has(id)) continue;
            // Re-emitted: this window had emitted before the event arrived (Flink late firing, Spark update).
            const again = before.has(rid) && (arrivedAt.get(id) ?? 0) > firstMomentOf(run, rid);
            out.set(id, { id, fate: again ? 'updated' : 'on-time', moment: m.index });
          }
        }
        emitted.add(rid);
      }
    }
  }
  const finished = upto >= run.moments.length - 1;
  for (const [id, at] of arrivedAt) {
    if (!out.has(id)) out.set(id, { id, fate: finished ? 'never-emitted' : 'waiting', moment: at });
  }
  return out;
}

function firstMomentOf(run: Run, rid: string): number {
  for (const m of run.moments) if (m.emissions.some((s) => resultId(s) === rid)) return m.index;
  return Number.POSITIVE_INFINITY;
}

/** Fate of event `id` (not arrived when the run never added it up to `upto`). */
export function fateOf(fates: ReadonlyMap<number, EventFate>, id: number): Fate {
  return fates.get(id)?.fate ?? 'not-arrived';
}

/**
 * Fates of a conformance trace's records, which carry no ids and whose results are sums: a record the
 * engine emitted as late or dropped (the same fields) has that fate; any other record that arrived is
 * only "arrived", since a sum does not say which records it holds.
 */
export function recordFatesAt(
  run: Run,
  upto: number,
  records: ReadonlyArray<{ id: number; moment: number; record: Record<string, unknown> }>,
): Map<number, EventFate> {
  const out = new Map<number, EventFate>();
  const turned: Array<{ text: string; fate: Fate; moment: number }> = [];
  for (const m of run.moments.slice(0, upto + 1)) {
    for (const s of m.emissions) {
      if (s.e.output === 'late' || s.e.output === 'dropped')
        turned.push({ text: JSON.stringify(s.e.record), fate: s.e.output === 'late' ? 'side-output' : 'dropped', moment: m.index });
    }
  }
  for (const r of records) {
    if (r.moment > upto) continue;
    const text = JSON.stringify(r.record);
    const i = turned.findIndex((t) => t.text === text && t.moment >= r.moment);
    if (i >= 0) {
      out.set(r.id, { id: r.id, fate: turned[i]!.fate, moment: turned[i]!.moment });
      turned.splice(i, 1);
    } else out.set(r.id, { id: r.id, fate: 'arrived', moment: r.moment });
  }
  return out;
}
