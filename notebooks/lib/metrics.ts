// Figures about a finished run against its oracle, for the notebooks' standard charts: how many
// windows' first result was already complete, how long after the window's end it came out, which
// windows never fired. Everything is read off the run's emissions; nothing is recomputed.
import { sameValue } from './compare.ts';
import type { Run } from './run.ts';

export interface WindowOutcome {
  key: unknown;
  start: number;
  end: number;
  oracle: unknown;
  /** The first result and when it came out (processing time), or null when it never fired. */
  first: { value: unknown; time: number; end: boolean } | null;
  last: unknown;
  emissions: number;
}

/** Every window of the oracle with what the engine made of it. */
export function windowOutcomes(run: Run): WindowOutcome[] {
  const out = new Map<string, WindowOutcome>();
  for (const r of run.oracle) {
    if (r.window === null) continue;
    out.set(`${JSON.stringify(r.key ?? null)}|${r.window.start},${r.window.end}`, {
      key: r.key,
      start: r.window.start,
      end: r.window.end,
      oracle: r.value,
      first: null,
      last: undefined,
      emissions: 0,
    });
  }
  for (const m of run.moments) {
    for (const s of m.emissions) {
      if (s.e.output !== 'main' || s.e.window === null) continue;
      const o = out.get(`${JSON.stringify(s.e.key ?? null)}|${s.e.window.start},${s.e.window.end}`);
      if (!o) continue;
      o.first ??= { value: s.e.value, time: m.time, end: m.end };
      o.last = s.e.value;
      o.emissions++;
    }
  }
  return [...out.values()];
}

export interface RunFigures {
  windows: number;
  /** Windows whose first result equals the oracle's final value. */
  complete: number;
  neverFired: number;
  /** Mean processing time from a window's end to its first result (ms), over windows that fired before the end of input. */
  meanLatency: number | null;
}

export function runFigures(run: Run): RunFigures {
  const ws = windowOutcomes(run);
  const fired = ws.filter((w) => w.first !== null && !w.first.end);
  return {
    windows: ws.length,
    complete: ws.filter((w) => w.first !== null && sameValue(w.first.value, w.oracle)).length,
    neverFired: ws.filter((w) => w.first === null).length,
    meanLatency: fired.length ? fired.reduce((s, w) => s + (w.first!.time - w.end), 0) / fired.length : null,
  };
}

export interface FinalResult {
  key: unknown;
  window: { start: number; end: number } | null;
  value: unknown;
  /** The firing's number per key, for count windows. */
  index?: number;
}

/**
 * The last result of every (key, window) a run emitted, by the result's identity, in window order.
 * Count windows have no window: their n-th firing per key is their identity (`count#n`).
 */
export function finalResults(run: Run): Map<string, FinalResult> {
  const out = new Map<string, FinalResult>();
  const firings = new Map<string, number>();
  for (const m of run.moments) {
    for (const s of m.emissions) {
      if (s.e.output !== 'main') continue;
      const w = s.e.window;
      const key = JSON.stringify(s.e.key ?? null);
      const n = firings.get(key) ?? 0;
      if (!w) firings.set(key, n + 1);
      out.set(`${key}|${w ? `${w.start},${w.end}` : `count#${n + 1}`}`, {
        key: s.e.key,
        window: w,
        value: s.e.value,
        ...(w ? {} : { index: n + 1 }),
      });
    }
  }
  return new Map(
    [...out].sort(
      (a, b) =>
        (a[1].window?.start ?? 0) - (b[1].window?.start ?? 0) ||
        String(a[1].key).localeCompare(String(b[1].key)) ||
        (a[1].index ?? 0) - (b[1].index ?? 0),
    ),
  );
}
