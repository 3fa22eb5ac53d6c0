// Correctness of one engine's main output against the oracle (SCENARIOS.md "Correctness"): every
// (key, window) is exact, wrong, missing or extra by its LAST emitted value; a re-emission is a
// duplicate when it repeats the previous value across a restart (the replay emitted it again), else an
// update (a legitimate re-firing: a Flink late firing, Spark's update and complete modes, even with an
// unchanged value); every difference gets one cause.
// With faults, a duplicate is also a `replayed-duplicate` in `causes` (though it is not a difference), a value too large after a restart is `replayed-duplicate`
// (records counted twice), and under at-most-once a window missing or short whose records were in the
// job at a crash is `lost-on-crash`.
import type { Emission } from '../engines/core/emission.ts';
import { type Job, updatesInPlace } from '../engines/core/job.ts';
import type { OracleResult } from '../engines/oracle/oracle.ts';
import type { ModelFacts } from '../engines/registry.ts';
import { ArrivalIndex } from './arrival-index.ts';
import type { RunInput } from './run-input.ts';
import type { StampedEmission } from './runner.ts';
import { type OracleIds, oracleIds, WindowIds } from './window-ids.ts';
import { FiringCounter, KeyIds, type WindowIndex } from './window-index.ts';

export const causes = [
  'late-dropped',
  'window-closure',
  'wrong-window',
  'not-flushed',
  'replayed-duplicate',
  'lost-on-crash',
  'scan-stopped',
  // A dedup's differences (rank-result.ts): Spark keeps arrivals, and forgets a key by its watermark.
  'arrival-order',
  'watermark-expiry',
  // A file sink's rows written into files no reader sees yet (files-result.ts): Flink's in-progress and
  // pending part files, before the checkpoint that commits them.
  'not-committed',
  'unexplained',
] as const;
export type Cause = (typeof causes)[number];

export { endInclusiveOracle } from './end-inclusive-oracle.ts';

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
  input?: RunInput;
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
  emissions: Iterable<StampedEmission>,
  model: ModelContext,
  faults?: FaultContext,
): Correctness {
  const tally = new CorrectnessTally(job, oracle, model, faults);
  for (const e of emissions) tally.add(e.at, e.emission);
  return tally.finish();
}

/** What one (key, window) of an engine's output the oracle has no result for came to: its last value and when. */
interface Extra {
  key: unknown;
  window: { start: number; end: number } | null;
  last: unknown;
  firstAt: number;
  lastAt: number;
  /** Firing number per key of a window without time bounds (count, global); undefined for time windows. */
  firing: number | undefined;
}

/**
 * `correctness` one emission at a time (the result assembly feeds it and the latency together, in one pass
 * over an engine's output): identities are numbers (KeyIds, OracleIds), each (key, window) keeps only its
 * last value and emit times (in arrays by the oracle's slot), values are compared as JSON only when they
 * are not plain numbers.
 */
export class CorrectnessTally {
  private readonly keys: KeyIds;
  private readonly oracleIds: OracleIds;
  /** Per oracle slot: emitted yet, the last value, when first and last emitted. */
  private readonly seen: Uint8Array;
  private readonly last: unknown[];
  private readonly firstAt: Float64Array;
  private readonly lastAt: Float64Array;
  /** Results the oracle does not have, in order of first emission. */
  private readonly extraIds = new WindowIds();
  private readonly extras: Extra[] = [];
  private readonly firings: FiringCounter;
  private readonly lost: number[][] = [];
  private readonly restarts: readonly number[];
  private lateDropped = 0;
  private lateSideOutput = 0;
  private duplicates = 0;
  private updates = 0;

  constructor(
    private readonly job: Job,
    private readonly oracle: readonly OracleResult[],
    private readonly model: ModelContext,
    private readonly faults?: FaultContext,
  ) {
    this.keys = model.index.keys;
    this.oracleIds = oracleIds(oracle, this.keys);
    this.firings = new FiringCounter(this.keys, updatesInPlace(job));
    this.restarts = faults?.restarts ?? [];
    const n = oracle.length;
    this.seen = new Uint8Array(n);
    this.last = new Array(n);
    this.firstAt = new Float64Array(n);
    this.lastAt = new Float64Array(n);
  }

  add(at: number, e: Emission): void {
    if (e.output === 'dropped' || e.output === 'late') this.addLate(e.output, e.record);
    else if (e.output === 'main') {
      const w = e.window;
      this.addMain(at, this.keys.id(e.key), e.key, w !== null, w?.start ?? 0, w?.end ?? 0, e.value);
    }
  }

  /** A record the engine dropped or sent to the late side output. */
  addLate(output: 'late' | 'dropped', r: Record<string, unknown>): void {
    if (output === 'dropped') this.lateDropped++;
    else this.lateSideOutput++;
    const t = r[this.job.timestamp];
    if (typeof t !== 'number') return;
    const k = this.keys.id(this.job.key === undefined ? undefined : r[this.job.key]);
    (this.lost[k] ??= []).push(t);
  }

  /** A main result: key `key` (id `k`), a time window [start, end) when `timed`, else the key's next firing. */
  addMain(at: number, k: number, key: unknown, timed: boolean, start: number, end: number, value: unknown): void {
    const firing = timed ? undefined : this.firings.nextOf(k);
    const slot = this.oracleIds.get(k, start, end, firing);
    if (slot >= 0) {
      if (this.seen[slot] === 0) {
        this.seen[slot] = 1;
        this.firstAt[slot] = at;
      } else this.repeat(value, this.last[slot], this.lastAt[slot]!, at);
      this.last[slot] = value;
      this.lastAt[slot] = at;
      return;
    }
    const id = this.extraIds.get(k, start, end, firing);
    if (id >= 0) {
      const got = this.extras[id]!;
      this.repeat(value, got.last, got.lastAt, at);
      got.last = value;
      got.lastAt = at;
      return;
    }
    this.extraIds.set(k, start, end, firing, this.extras.length);
    this.extras.push({ key, window: timed ? { start, end } : null, last: value, firstAt: at, lastAt: at, firing });
  }

  /** A re-emission: a duplicate when it repeats the value across a restart, else an update. */
  private repeat(value: unknown, prev: unknown, prevAt: number, at: number): void {
    if (same(value, prev) && restartBetween(this.restarts, prevAt, at)) this.duplicates++;
    else this.updates++;
  }

  finish(): Correctness {
    const { job, oracle, model, faults } = this;
    let closedIds: OracleIds | null | undefined;
    let closed: readonly OracleResult[] | null = null;
    // A dropped record counts against the window that would have held it: `(start, end]` for an end-inclusive model.
    const within =
      model.facts.closure === 'end-inclusive'
        ? (w: { start: number; end: number }, t: number) => w.start < t && t <= w.end
        : (w: { start: number; end: number }, t: number) => w.start <= t && t < w.end;
    const hasLoss = (key: unknown, w: { start: number; end: number } | null) => {
      if (w === null) return false;
      const k = this.keys.find(key);
      return k >= 0 && (this.lost[k] ?? []).some((t) => within(w, t));
    };
    const scan = job.time === 'event' ? (model.facts.scanStop?.(job) ?? null) : null;
    // Built only when a difference asks (arrival-index.ts): the input by key with each record's arrival.
    let arrivalIndex: ArrivalIndex | null | undefined;
    const arrivals = () => {
      if (arrivalIndex === undefined)
        arrivalIndex = model.input && job.time === 'event' ? new ArrivalIndex(job, model.input, scan?.queueOf) : null;
      return arrivalIndex;
    };
    const closureExplains = (key: unknown, w: { start: number; end: number } | null, actual: unknown, firing: number | undefined) => {
      if (closedIds === undefined) {
        closed = model.closed; // read only here: it may be evaluated on demand (engine-result.ts)
        closedIds = closed ? oracleIds(closed, this.keys) : null;
      }
      if (!closedIds || (w === null && firing === undefined)) return false;
      const k = this.keys.find(key);
      const slot = k < 0 ? -1 : closedIds.get(k, w?.start ?? 0, w?.end ?? 0, w ? undefined : (firing ?? 0));
      const v = slot < 0 ? undefined : closed![slot]!.value;
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
    // A multi aggregate's results compare in size by their counts (compareSize).
    const counts = Object.entries(job.aggregate.of ?? {}).flatMap(([name, a]) => (a.fn === 'count' ? [name] : []));
    const causeOf = (
      kind: Difference['kind'],
      key: unknown,
      w: { start: number; end: number } | null,
      actual: unknown,
      expected: unknown,
      got?: { firstAt: number; lastAt: number },
      index?: number,
    ): Cause => {
      const byEventTime = job.time === 'event' && model.facts.eventTime;
      // A window the final watermark never closed could not have been emitted, whatever else befell its records.
      if (kind === 'missing' && byEventTime && neverClosed(key, w, index)) return 'not-flushed';
      if (hasLoss(key, w)) return 'late-dropped';
      if (closureExplains(key, w, actual, index)) return 'window-closure';
      if (faults) {
        const order = compareSize(actual, expected, counts);
        if ((kind === 'missing' || (kind === 'wrong' && order < 0)) && inFlightAtCrash(key, w, got?.firstAt)) return 'lost-on-crash';
        if (kind === 'wrong' && order > 0 && got !== undefined && got.lastAt >= firstRestart) return 'replayed-duplicate';
      }
      const ix = w !== null && (kind === 'missing' || compareSize(actual, expected, counts) < 0) ? arrivals() : null;
      if (ix && w !== null) {
        const closesAt = model.facts.closesAt(w);
        // Closed when the record arrived: at or after the window's last result; for a window never emitted, its
        // watermark was already past it (an emitted window may still take records within allowed lateness, A6).
        const closedAt = (arrival: number) =>
          got !== undefined ? arrival >= got.lastAt : watermarkAt(model.watermarks, arrival) >= closesAt;
        if (ix.arrivedClosed(key, w, model.facts.closure, closedAt)) return 'late-dropped';
        if (scan && ix.queuedBehind(key, w, model.facts.closure, scan.beyond, got?.firstAt)) return 'scan-stopped';
      }
      return byEventTime ? 'unexplained' : 'wrong-window';
    };

    const c: Correctness = {
      windows: oracle.length,
      exact: 0,
      wrong: 0,
      missing: 0,
      extra: 0,
      duplicates: 0,
      updates: 0,
      lateDropped: this.lateDropped,
      lateSideOutput: this.lateSideOutput,
      causes: {},
      differences: [],
    };
    const differ = (d: Difference) => {
      c[d.kind]++;
      c.causes[d.cause] = (c.causes[d.cause] ?? 0) + 1;
      if (c.differences.length < DIFFERENCE_LIMIT) c.differences.push(d);
    };
    c.duplicates = this.duplicates;
    c.updates = this.updates;
    if (this.duplicates > 0) c.causes['replayed-duplicate'] = this.duplicates;
    const windowOf = (o: OracleResult) => (o.window ? { start: o.window.start, end: o.window.end } : null);
    for (let slot = 0; slot < oracle.length; slot++) {
      const o = oracle[slot]!;
      if (this.seen[slot] === 0) {
        const window = windowOf(o);
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
      const last = this.last[slot];
      if (same(last, o.value)) c.exact++;
      else {
        const window = windowOf(o);
        const got = { firstAt: this.firstAt[slot]!, lastAt: this.lastAt[slot]! };
        differ({
          kind: 'wrong',
          key: o.key ?? null,
          window,
          expected: o.value,
          actual: last,
          cause: causeOf('wrong', o.key, window, last, o.value, got, o.index),
        });
      }
    }
    for (const got of this.extras) {
      differ({
        kind: 'extra',
        key: got.key ?? null,
        window: got.window,
        expected: null,
        actual: got.last,
        cause: causeOf('extra', got.key, got.window, got.last, null, got, got.firing),
      });
    }
    return c;
  }
}

/**
 * A restart (the job running again) after `prev` and at or before `at`: what was emitted at `at` may be a
 * replay's. With no downtime both can fall on the restart's instant (a micro-batch re-run at once).
 */
function restartBetween(restarts: readonly number[], prev: number, at: number): boolean {
  return restarts.some((r) => (prev < r && r <= at) || (prev === r && at === r));
}

/** Re-emissions of a (key, window) result with the value it had before a restart: replayed duplicates. */
export function replayedDuplicates(emissions: Iterable<StampedEmission>, restarts: readonly number[]): number {
  const keys = new KeyIds();
  const ids = new WindowIds();
  const last: Array<{ value: unknown; at: number }> = [];
  const firings = new FiringCounter(keys);
  let n = 0;
  for (const { at, emission: e } of emissions) {
    if (e.output !== 'main') continue;
    const firing = firings.next(e.key, e.window);
    const k = keys.id(e.key);
    const id = ids.get(k, e.window?.start ?? 0, e.window?.end ?? 0, firing);
    if (id < 0) {
      ids.set(k, e.window?.start ?? 0, e.window?.end ?? 0, firing, last.length);
      last.push({ value: e.value, at });
      continue;
    }
    const prev = last[id]!;
    if (same(prev.value, e.value) && restartBetween(restarts, prev.at, at)) n++;
    prev.value = e.value;
    prev.at = at;
  }
  return n;
}

/**
 * -1, 0 or 1: a number against a number, a collected array by length, a multi aggregate's object by the sum of
 * its counts (`counts`: the names of its count aggregates, which never shrink as rows are added); 0 when they
 * do not compare.
 */
function compareSize(actual: unknown, expected: unknown, counts: readonly string[]): number {
  const size = (v: unknown) => {
    if (typeof v === 'number') return v;
    if (Array.isArray(v)) return v.length;
    if (v === null || typeof v !== 'object' || counts.length === 0) return null;
    return counts.reduce((n, name) => n + ((v as Record<string, unknown>)[name] as number), 0);
  };
  const a = actual === null ? 0 : size(actual);
  const e = size(expected);
  if (a === null || e === null) return 0;
  return Math.sign(a - e);
}

/**
 * Result values are JSON data (numbers, arrays of records): equal when their JSON is. Finite numbers, the
 * usual case, compare as numbers (the same thing: JSON writes a double's shortest round-trip digits).
 */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b)) return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
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
