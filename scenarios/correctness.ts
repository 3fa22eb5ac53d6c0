// Correctness of one engine's main output against the oracle (SCENARIOS.md "Correctness"): every
// (key, window) is exact, wrong, missing or extra by its LAST emitted value; a re-emission is a
// duplicate when it repeats the previous value across a restart (the replay emitted it again), else an
// update (a legitimate re-firing: a Flink late firing, Spark's update and complete modes, even with an
// unchanged value); every difference gets one cause.
// With faults, a duplicate is also a `replayed-duplicate` in `causes` (though it is not a difference), a value too large after a restart is `replayed-duplicate`
// (records counted twice), and under at-most-once a window missing or short whose records were in the
// job at a crash is `lost-on-crash`.
import type { Job } from '../engines/core/job.ts';
import { evaluate, type OracleResult } from '../engines/oracle/oracle.ts';
import type { ModelFacts } from '../engines/registry.ts';
import { ArrivalIndex } from './arrival-index.ts';
import type { StampedEmission } from './runner.ts';
import { FiringCounter, keyId, type WindowIndex, windowId } from './window-index.ts';
import type { LoggedEvent } from './workloads/index.ts';

export const causes = [
  'late-dropped',
  'window-closure',
  'wrong-window',
  'not-flushed',
  'replayed-duplicate',
  'lost-on-crash',
  'scan-stopped',
  'unexplained',
] as const;
export type Cause = (typeof causes)[number];

/**
 * The oracle under Storm's windowed-bolt boundaries (C3). Time windows are `(start, end]`: times are whole
 * ms, so `start < t <= end` iff `start <= t − 1 < end`: evaluate with every time shifted back by 1 ms (a
 * `collect` of the timestamp field itself would see the shifted value). Event-time count windows count the
 * tuples with ts in `(lastProcessedTs, watermark]`, lastProcessedTs starting at 0 (WatermarkCountTriggerPolicy),
 * so a tuple at ts <= 0 is never counted: evaluate without them. Null for global windows.
 */
export function endInclusiveOracle(job: Job, input: readonly LoggedEvent[]): OracleResult[] | null {
  const ts = job.timestamp;
  if (job.window.kind === 'global') return null;
  if (job.window.kind === 'count') {
    if (job.time !== 'event') return null;
    return evaluate(
      job,
      input
        .filter((e) => !(typeof e.record[ts] === 'number' && (e.record[ts] as number) <= 0))
        .map((e) => ({ record: e.record, arrival: e.arrival })),
    );
  }
  return evaluate(
    job,
    input.map((e) => {
      const t = e.record[ts];
      return {
        record: job.time === 'event' && typeof t === 'number' ? { ...e.record, [ts]: t - 1 } : e.record,
        arrival: e.arrival - 1,
      };
    }),
  );
}

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
  /** Emit time of each value. */
  ats: number[];
  /** Firing number per key of a window without time bounds (count, global); undefined for time windows. */
  firing: number | undefined;
}

/** The faults of a run, for the fault causes: when the job crashed and when it was running again. */
export interface FaultContext {
  /** Times the job lost its in-memory work (crash, crash-during-checkpoint, crash-before-commit). */
  crashes: readonly number[];
  /** Times the job was running again after each crash (`at + downtime`). */
  restarts: readonly number[];
  /** The input by window (earliest arrival of a window's records). */
  index: WindowIndex;
  /** At-most-once delivery (Storm without acking, C2): what a crash held in memory is never replayed. */
  atMostOnce: boolean;
}

/** The engine's model and how its run ended: what decides whether a missing window was ever due. */
export interface ModelContext {
  facts: ModelFacts;
  /** The oracle under `(start, end]` windows, for end-inclusive models (else null). */
  closed: readonly OracleResult[] | null;
  /** The watermark that had closed windows when the input ended (null: none). */
  finalWatermark: number | null;
  /** The input by window (count windows: the records each firing covers). */
  index: WindowIndex;
  /** The input in arrival order and the engine's watermark after each change: when each record found its windows closed. */
  input?: readonly LoggedEvent[];
  watermarks?: ReadonlyArray<{ t: number; wm: number }>;
}

/**
 * Causes, first match wins: `not-flushed` — a missing window the engine's final watermark never closed
 * (by the model's own rule, `facts.closesAt`): the run ended before it was due; `late-dropped` — the
 * engine dropped or side-output a late record of the same key whose time lies in the window; `window-closure` — the engine's value (or absence) is exactly
 * what `(start, end]` windows give (`model.closed`); the fault causes; `wrong-window` — a job or model that
 * assigns by arrival (processing or ingestion time, DStreams' batch time), so results are compared but
 * expected to move; `late-dropped` too when a record of the window arrived only after its last result (late
 * for that window though not dropped: a sliding window's record counts in its later windows); `scan-stopped`
 * — a record of the window arrived in time but queued behind one beyond the model's scan limit
 * (arrival-index.ts). Anything else is `unexplained`: `not-flushed` never stands for a window whose records
 * the engine had every chance to count.
 */
export function correctness(
  job: Job,
  oracle: readonly OracleResult[],
  emissions: readonly StampedEmission[],
  model: ModelContext,
  faults?: FaultContext,
): Correctness {
  const closed = model.closed;
  const emitted = new Map<string, Emitted>();
  const firings = new FiringCounter();
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
  for (const { at, emission: e } of emissions) {
    if (e.output === 'dropped') {
      lateDropped++;
      lose(e.record);
    } else if (e.output === 'late') {
      lateSideOutput++;
      lose(e.record);
    } else if (e.output === 'main') {
      const firing = firings.next(e.key, e.window);
      const id = windowId(e.key, e.window, firing);
      const got = emitted.get(id);
      if (got) {
        got.values.push(e.value);
        got.ats.push(at);
      } else {
        const window = e.window ? { start: e.window.start, end: e.window.end } : null;
        emitted.set(id, { key: e.key, window, values: [e.value], ats: [at], firing });
      }
    }
  }

  // A dropped record counts against the window that would have held it: `(start, end]` for an end-inclusive model.
  const within =
    model.facts.closure === 'end-inclusive'
      ? (w: { start: number; end: number }, t: number) => w.start < t && t <= w.end
      : (w: { start: number; end: number }, t: number) => w.start <= t && t < w.end;
  const hasLoss = (key: unknown, w: { start: number; end: number } | null) =>
    w !== null && (lost.get(keyId(key)) ?? []).some((t) => within(w, t));
  const scan = job.time === 'event' ? (model.facts.scanStop?.(job) ?? null) : null;
  const arrivals = model.input && job.time === 'event' ? new ArrivalIndex(job, model.input, scan?.queueOf) : null;
  const closedValues = closed ? new Map(closed.map((o) => [windowId(o.key, o.window, o.index), o.value])) : null;
  const closureExplains = (key: unknown, w: { start: number; end: number } | null, actual: unknown, firing: number | undefined) => {
    if (!closedValues || (w === null && firing === undefined)) return false;
    const v = closedValues.get(windowId(key, w, firing));
    return actual === null ? v === undefined : v !== undefined && same(v, actual);
  };
  const firstRestart = faults && faults.restarts.length > 0 ? Math.min(...faults.restarts) : Number.POSITIVE_INFINITY;
  /** A window some of whose records had arrived when the job crashed, and that had no result yet by then. */
  const inFlightAtCrash = (key: unknown, w: { start: number; end: number } | null, firstEmit: number | undefined) => {
    if (!faults?.atMostOnce || w === null) return false;
    const span = faults.index.span(job.key === undefined ? undefined : key, w);
    if (!span) return false;
    return faults.crashes.some((c) => span.minArrival < c && (firstEmit === undefined || firstEmit >= c));
  };
  const causeOf = (
    kind: Difference['kind'],
    key: unknown,
    w: { start: number; end: number } | null,
    actual: unknown,
    expected: unknown,
    got?: Emitted,
    index?: number,
  ): Cause => {
    const byEventTime = job.time === 'event' && model.facts.eventTime;
    // A window the final watermark never closed could not have been emitted, whatever else befell its records.
    if (kind === 'missing' && byEventTime && neverClosed(key, w, index)) return 'not-flushed';
    if (hasLoss(key, w)) return 'late-dropped';
    if (closureExplains(key, w, actual, index)) return 'window-closure';
    if (faults) {
      const order = compareSize(actual, expected);
      if ((kind === 'missing' || (kind === 'wrong' && order < 0)) && inFlightAtCrash(key, w, got?.ats[0])) return 'lost-on-crash';
      const lastAt = got?.ats[got.ats.length - 1];
      if (kind === 'wrong' && order > 0 && lastAt !== undefined && lastAt >= firstRestart) return 'replayed-duplicate';
    }
    if (arrivals && w !== null && (kind === 'missing' || compareSize(actual, expected) < 0)) {
      const lastAt = got?.ats[got.ats.length - 1];
      const closesAt = model.facts.closesAt(w);
      // Closed when the record arrived: at or after the window's last result; for a window never emitted, its
      // watermark was already past it (an emitted window may still take records within allowed lateness, A6).
      const closed = (arrival: number) => (lastAt !== undefined ? arrival >= lastAt : watermarkAt(model.watermarks, arrival) >= closesAt);
      if (arrivals.arrivedClosed(key, w, model.facts.closure, closed)) return 'late-dropped';
      if (scan && arrivals.queuedBehind(key, w, model.facts.closure, scan.beyond, got?.ats[0])) return 'scan-stopped';
    }
    return byEventTime ? 'unexplained' : 'wrong-window';
  };
  /** The final watermark never reached the point where this model closes the window (SCENARIOS.md "How a run ends"). */
  const neverClosed = (key: unknown, w: { start: number; end: number } | null, firing: number | undefined) => {
    const wm = model.finalWatermark;
    if (w !== null) return wm === null || wm < model.facts.closesAt(w);
    const spec = job.window;
    if (spec.kind !== 'count') return false;
    const span = model.index.countSpan(job.key === undefined ? undefined : key, firing ?? 0, spec.size, spec.slide ?? spec.size);
    const at = span === null ? null : model.facts.countClosesAt(span.maxTime);
    return at !== null && (wm === null || wm < at);
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

  const restarts = faults?.restarts ?? [];
  for (const { values, ats } of emitted.values()) {
    for (let i = 1; i < values.length; i++) {
      if (same(values[i], values[i - 1]) && restartBetween(restarts, ats[i - 1]!, ats[i]!)) {
        c.duplicates++;
        c.causes['replayed-duplicate'] = (c.causes['replayed-duplicate'] ?? 0) + 1;
      } else c.updates++;
    }
  }
  const seen = new Set<string>();
  for (const o of oracle) {
    const id = windowId(o.key, o.window, o.index);
    seen.add(id);
    const window = o.window ? { start: o.window.start, end: o.window.end } : null;
    const got = emitted.get(id);
    if (!got) {
      differ({
        kind: 'missing',
        key: o.key ?? null,
        window,
        expected: o.value,
        actual: null,
        cause: causeOf('missing', o.key, window, null, o.value, undefined, o.index),
      });
      continue;
    }
    const last = got.values[got.values.length - 1];
    if (same(last, o.value)) c.exact++;
    else
      differ({
        kind: 'wrong',
        key: o.key ?? null,
        window,
        expected: o.value,
        actual: last,
        cause: causeOf('wrong', o.key, window, last, o.value, got, o.index),
      });
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
      cause: causeOf('extra', got.key, got.window, last, null, got, got.firing),
    });
  }
  return c;
}

/**
 * A restart (the job running again) after `prev` and at or before `at`: what was emitted at `at` may be a
 * replay's. With no downtime both can fall on the restart's instant (a micro-batch re-run at once).
 */
function restartBetween(restarts: readonly number[], prev: number, at: number): boolean {
  return restarts.some((r) => (prev < r && r <= at) || (prev === r && at === r));
}

/** Re-emissions of a (key, window) result with the value it had before a restart: replayed duplicates. */
export function replayedDuplicates(emissions: readonly StampedEmission[], restarts: readonly number[]): number {
  const last = new Map<string, string>();
  const lastAt = new Map<string, number>();
  const firings = new FiringCounter();
  let n = 0;
  for (const { at, emission: e } of emissions) {
    if (e.output !== 'main') continue;
    const id = windowId(e.key, e.window, firings.next(e.key, e.window));
    const v = JSON.stringify(e.value);
    if (last.get(id) === v && restartBetween(restarts, lastAt.get(id)!, at)) n++;
    last.set(id, v);
    lastAt.set(id, at);
  }
  return n;
}

/** The engine's watermark at processing time `t` (its last change at or before `t`; −∞ before the first). */
function watermarkAt(series: ReadonlyArray<{ t: number; wm: number }> | undefined, t: number): number {
  if (!series) return Number.NEGATIVE_INFINITY;
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (series[mid]!.t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? Number.NEGATIVE_INFINITY : series[lo - 1]!.wm;
}

/** -1, 0 or 1: a number against a number, a collected array by length; 0 when they do not compare. */
function compareSize(actual: unknown, expected: unknown): number {
  const size = (v: unknown) => (typeof v === 'number' ? v : Array.isArray(v) ? v.length : null);
  const a = actual === null ? 0 : size(actual);
  const e = size(expected);
  if (a === null || e === null) return 0;
  return Math.sign(a - e);
}

/** Result values are JSON data (numbers, arrays of records): compare them as JSON. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
