// Correctness of one engine's main output against the oracle (SCENARIOS.md "Correctness"): every
// (key, window) is exact, wrong, missing or extra by its LAST emitted value; re-emissions count as
// duplicates (same value again) or updates (a changed value); every difference gets one cause.
import type { Job } from '../engines/core/job.ts';
import type { OracleResult } from '../engines/oracle/oracle.ts';
import type { StampedEmission } from './runner.ts';
import { keyId, windowId } from './window-index.ts';

export type Cause = 'late-dropped' | 'wrong-window' | 'not-flushed' | 'unexplained';

export interface Difference {
  kind: 'wrong' | 'missing' | 'extra';
  key: unknown;
  window: { start: number; end: number } | null;
  expected: unknown;
  actual: unknown;
  cause: Cause;
}

export interface Correctness {
  /** (key, window) results in the oracle. */
  windows: number;
  exact: number;
  wrong: number;
  missing: number;
  extra: number;
  duplicates: number;
  updates: number;
  /** Records the engine dropped as late (its `dropped` output). */
  lateDropped: number;
  /** Records the engine sent to the late side output. */
  lateSideOutput: number;
  causes: Partial<Record<Cause, number>>;
  /** The first DIFFERENCE_LIMIT differences, in oracle order then emission order. */
  differences: Difference[];
}

export const DIFFERENCE_LIMIT = 100;

interface Emitted {
  key: unknown;
  window: { start: number; end: number } | null;
  values: unknown[];
}

/**
 * Causes, first match wins: `late-dropped` — the engine dropped or side-output a late record of the
 * same key whose time lies in the window; `wrong-window` — a processing/ingestion-time job (results
 * depend on arrival, so they are compared but expected to move); `not-flushed` — an oracle window
 * never emitted although the input ended; otherwise `unexplained`.
 */
export function correctness(job: Job, oracle: readonly OracleResult[], emissions: readonly StampedEmission[]): Correctness {
  const emitted = new Map<string, Emitted>();
  const counts = new Map<string, number>();
  let lateDropped = 0;
  let lateSideOutput = 0;
  const lost = new Map<string, number[]>();
  const lose = (rec: Record<string, unknown>) => {
    const k = keyId(job.key === undefined ? undefined : rec[job.key]);
    const t = rec[job.timestamp];
    if (typeof t !== 'number') return;
    let l = lost.get(k);
    if (!l) lost.set(k, (l = []));
    l.push(t);
  };
  for (const { emission: e } of emissions) {
    if (e.output === 'dropped') {
      lateDropped++;
      lose(e.record);
    } else if (e.output === 'late') {
      lateSideOutput++;
      lose(e.record);
    } else if (e.output === 'main') {
      let index: number | undefined;
      if (e.window === null) {
        const ck = keyId(e.key);
        index = counts.get(ck) ?? 0;
        counts.set(ck, index + 1);
      }
      const id = windowId(e.key, e.window, index);
      const got = emitted.get(id);
      if (got) got.values.push(e.value);
      else emitted.set(id, { key: e.key, window: e.window ? { start: e.window.start, end: e.window.end } : null, values: [e.value] });
    }
  }

  const hasLoss = (key: unknown, w: { start: number; end: number } | null) =>
    w !== null && (lost.get(keyId(key)) ?? []).some((t) => w.start <= t && t < w.end);
  const causeOf = (kind: Difference['kind'], key: unknown, w: { start: number; end: number } | null): Cause => {
    if (hasLoss(key, w)) return 'late-dropped';
    if (job.time !== 'event') return 'wrong-window';
    if (kind === 'missing') return 'not-flushed';
    return 'unexplained';
  };

  const c: Correctness = {
    windows: oracle.length,
    exact: 0,
    wrong: 0,
    missing: 0,
    extra: 0,
    duplicates: 0,
    updates: 0,
    lateDropped,
    lateSideOutput,
    causes: {},
    differences: [],
  };
  const differ = (d: Difference) => {
    c[d.kind]++;
    c.causes[d.cause] = (c.causes[d.cause] ?? 0) + 1;
    if (c.differences.length < DIFFERENCE_LIMIT) c.differences.push(d);
  };

  for (const { values } of emitted.values()) {
    for (let i = 1; i < values.length; i++) {
      if (same(values[i], values[i - 1])) c.duplicates++;
      else c.updates++;
    }
  }
  const seen = new Set<string>();
  for (const o of oracle) {
    const id = windowId(o.key, o.window, o.index);
    seen.add(id);
    const window = o.window ? { start: o.window.start, end: o.window.end } : null;
    const got = emitted.get(id);
    if (!got) {
      differ({ kind: 'missing', key: o.key ?? null, window, expected: o.value, actual: null, cause: causeOf('missing', o.key, window) });
      continue;
    }
    const last = got.values[got.values.length - 1];
    if (same(last, o.value)) c.exact++;
    else differ({ kind: 'wrong', key: o.key ?? null, window, expected: o.value, actual: last, cause: causeOf('wrong', o.key, window) });
  }
  for (const [id, got] of emitted) {
    if (seen.has(id)) continue;
    const last = got.values[got.values.length - 1];
    differ({
      kind: 'extra',
      key: got.key ?? null,
      window: got.window,
      expected: null,
      actual: last,
      cause: causeOf('extra', got.key, got.window),
    });
  }
  return c;
}

/** Result values are JSON data (numbers, arrays of records): compare them as JSON. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
