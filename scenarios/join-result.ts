// One engine's part of result.json for a stream join (issue 18): its output pairs compared with the join
// oracle's as a multiset — matched, missing, extra — each difference with the cause the model explains it
// by, and the latency of each pair (emit time − the later side's arrival). A pair is compared with its
// window where the model assigns event-time windows (Flink E1, Spark E4, Storm E6 under its `(start, end]`
// closure, so a sliding window's repeats are expected once per window: rule E6), without one where it does
// not (DStreams pair by batch-time window, E5). Records are identified by their content (sorted-key JSON).
import type { Rec } from '../engines/core/aggregates.ts';
import type { Emission } from '../engines/core/emission.ts';
import { distinctOf, distinctRows, type JoinJob, type JoinPair, sideOf } from '../engines/core/join-job.ts';
import { assignerFor } from '../engines/core/windows/assigners.ts';
import type { ModelFacts } from '../engines/engine-module.ts';
import { evaluateJoin, type JoinResult } from '../engines/oracle/join-oracle.ts';
import { engineModule } from '../engines/registry.ts';
import type { Cause } from './correctness.ts';
import { MAIN } from './emission-log.ts';
import { crashFacts, faultDetails, faultMarks, recoveryOf } from './engine-result.ts';
import { arrivalTimes, ExpectedMultiset, perSecond, recordText } from './output-multiset.ts';

export { perSecond, recordText } from './output-multiset.ts';

import {
  EMISSION_SAMPLE,
  type EmissionPoint,
  type LatencyPoint,
  type Percentiles,
  percentiles,
  realThroughput,
  throughput,
} from './metrics.ts';
import { type EngineRun, type HeldPoint, joinOracleInput, type ScenarioRun } from './runner.ts';
import { boundSeries } from './series-bounds.ts';
import { onProcessingClock } from './workloads/replay-clock.ts';

type Ok = Extract<EngineRun, { supported: true }>;

/**
 * Why a pair differs from the oracle. `late-dropped`: a side was dropped (or side-output) as late.
 * `window-closure`: Storm's windows are `(start, end]` (C3), so a record at a window's start pairs in the
 * window before (the pair is the end-inclusive oracle's).
 * `not-flushed`: its window had not closed by the watermark when the input ended. `batch-time`: the model
 * pairs records by arrival batch, not event time (DStreams, E5). `outer-row-pending`: an outer side's
 * unmatched row is emitted only when its state is evicted, which never happened (Spark, E4).
 * `outer-row-early`: a NULL row came out although the record has a partner (its state was evicted or its
 * batch ended before the partner arrived). `evicted-before-partner`: both sides reached the engine but one
 * had left state first (Flink's interval-join edge case, E2; Spark's state watermark, E4).
 */
export const joinCauses = [
  'late-dropped',
  'window-closure',
  'not-flushed',
  'batch-time',
  'outer-row-pending',
  'outer-row-early',
  'evicted-before-partner',
  'replayed-duplicate',
  'lost-on-crash',
  'unexplained',
] as const;
export type JoinCause = (typeof joinCauses)[number];

/** How each join cause counts in the windowed-correctness `causes` of result.json (the shared vocabulary). */
const AS_CAUSE: Record<JoinCause, Cause> = {
  'late-dropped': 'late-dropped',
  'window-closure': 'window-closure',
  'not-flushed': 'not-flushed',
  'batch-time': 'wrong-window',
  'outer-row-pending': 'not-flushed',
  'outer-row-early': 'unexplained',
  'evicted-before-partner': 'unexplained',
  'replayed-duplicate': 'replayed-duplicate',
  'lost-on-crash': 'lost-on-crash',
  unexplained: 'unexplained',
};

/** At most this many differences are listed (all are counted). */
export const JOIN_DIFFERENCES = 200;

export interface JoinDifference {
  kind: 'missing' | 'extra';
  key: unknown;
  window: { start: number; end: number } | null;
  left: Rec | null;
  right: Rec | null;
  cause: JoinCause;
}

export interface JoinCorrectness {
  /** Pairs in the oracle (under this model's windows). */
  pairs: number;
  /** Pairs the engine emitted. */
  emitted: number;
  matched: number;
  missing: number;
  extra: number;
  /** Emitted pairs repeating a (left, right) already emitted in another window: sliding windows (E1, E6), DStream windows (E5). */
  repeats: number;
  /** NULL-padded rows of an outer join among the emitted pairs. */
  outerRows: number;
  causes: Partial<Record<JoinCause, number>>;
  /** Emit time − the later side's arrival, ms, per emitted pair. */
  latency: Percentiles;
  /** The same for the NULL-padded rows alone (Spark emits them at eviction, E4; Storm per window, E6). */
  outerLatency: Percentiles;
  differences: JoinDifference[];
  /** Records each side held over processing time (simulated runs; absent: the engine does not report it). */
  held?: HeldPoint[];
}

const oracles = new WeakMap<ScenarioRun, Map<string, JoinResult[]>>();

/** The oracle's pairs under a window closure (`(]`: Storm's, C3), evaluated once per run and job. */
function oracleFor(run: ScenarioRun, job: JoinJob, closure: '[)' | '(]'): JoinResult[] {
  let m = oracles.get(run);
  if (!m) oracles.set(run, (m = new Map()));
  const id = `${closure}|${JSON.stringify(job.join)}|${JSON.stringify(job.window ?? null)}|${job.timestamp}`;
  let pairs = m.get(id);
  if (!pairs) m.set(id, (pairs = evaluateJoin(job, joinOracleInput(run.input), closure)));
  return pairs;
}

/** The measured part of a join engine's result: throughput, latency, correctness (with `join`), recovery, series. */
export function joinMeasuredResult(run: ScenarioRun, r: Ok, job: JoinJob) {
  const facts = engineModule(r.entry.kind)!.facts(r.entry.options);
  const withWindow = facts.eventTime && job.join.kind === 'window';
  const maxPace = r.real?.pace === 'max';
  const arrivalOf = arrivalTimes(run, r);
  const grouped = distinctOf(job, 'left') || distinctOf(job, 'right') ? new GroupedRows(run, job, arrivalOf, facts.eventTime) : null;
  /** When a pair's side arrived, and its event time: a record's own, or those of the records that made a grouped row (q8). */
  const sideTimes = (x: Rec, e: { at: number; window: { start: number; end: number } | null }) => {
    if (grouped?.isRow(x)) return e.window ? grouped.madeOf(x, e.window, e.at) : undefined;
    const arrival = arrivalOf.get(recordText(x));
    return arrival === undefined ? undefined : { arrival, t: x[job.timestamp] as number };
  };
  // Faults (SCENARIOS.md `faults`): a pair emitted again after a restart is a replayed duplicate, an extra
  // row downstream (a join's output is appended, never updated); an at-most-once model loses the pairs of
  // records that were in the job at a crash (C2).
  const rec = r.recovery;
  const { crashes, firstRestart } = crashFacts(rec);
  const lostAtCrash = (p: JoinPair): boolean => {
    if (facts.delivery !== 'at-most-once' || crashes.length === 0) return false;
    const first = Math.min(...[p.left, p.right].filter((x): x is Rec => x !== null).map((x) => arrivalOf.get(recordText(x)) ?? Infinity));
    return crashes.some((c) => first < c);
  };
  const dropped = new Set<string>();
  let lateDropped = 0;
  let lateSideOutput = 0;
  const log = r.emissions;
  const emitted: Array<{ at: number; key: unknown; window: { start: number; end: number } | null; pair: JoinPair }> = [];
  for (let i = 0; i < log.length; i++) {
    if (log.kind(i) !== MAIN) {
      const e = log.emission(i) as Extract<Emission, { output: 'late' | 'dropped' }>;
      if (e.output === 'dropped') lateDropped++;
      else lateSideOutput++;
      dropped.add(recordText(e.record));
      grouped?.drop(e.record);
      continue;
    }
    const start = log.start(i);
    emitted.push({
      at: log.at(i),
      key: log.key(i),
      window: Number.isNaN(start) ? null : { start, end: log.end(i) },
      pair: log.value(i) as JoinPair,
    });
  }
  const text = (w: { start: number; end: number } | null, p: JoinPair) =>
    JSON.stringify([withWindow ? w : null, p.left ? recordText(p.left) : null, p.right ? recordText(p.right) : null]);

  // The ground truth is `[start, end)` for every model; Storm's own windows only explain its differences.
  const oracle = oracleFor(run, job, '[)');
  const closed = new Set<string>();
  if (withWindow && facts.closure === 'end-inclusive') for (const x of oracleFor(run, job, '(]')) closed.add(text(x.window, x.value));
  // The multiset comparison: oracle pairs by identity, consumed by the engine's pairs.
  const expected = new ExpectedMultiset(oracle, (x) => text(x.window, x.value));
  const real = r.real;
  const from = real ? real.from : Number.NEGATIVE_INFINITY;
  const lat: number[] = [];
  const outerLat: number[] = [];
  const eventLat: number[] = [];
  const windowLat: number[] = [];
  const perSecondLat = new Map<number, number[]>();
  const distinct = new Set<string>();
  const emittedIn = new Set<string>();
  const differences: JoinDifference[] = [];
  const causes: Partial<Record<JoinCause, number>> = {};
  const count = (kind: 'missing' | 'extra', key: unknown, window: JoinDifference['window'], p: JoinPair, cause: JoinCause) => {
    causes[cause] = (causes[cause] ?? 0) + 1;
    if (differences.length < JOIN_DIFFERENCES) differences.push({ kind, key, window, left: p.left, right: p.right, cause });
  };
  // Records that are part of some oracle pair (for NULL rows that should have been pairs).
  const paired = new Set<string>();
  for (const x of oracle) if (x.value.left && x.value.right) paired.add(recordText(x.value.left)).add(recordText(x.value.right));
  let matched = 0;
  let extra = 0;
  let duplicated = 0;
  const seen = new Set<string>();
  let repeats = 0;
  let outerRows = 0;
  const outputs = new Map<number, number>();
  const batches: number[] = [];
  const sample: EmissionPoint[] = [];
  for (const e of emitted) {
    const p = e.pair;
    if (p.left === null || p.right === null) outerRows++;
    const lr = JSON.stringify([p.left ? recordText(p.left) : null, p.right ? recordText(p.right) : null]);
    // A repeat is the same (left, right) in another window (E1, E6, E5); the same pair in the same window
    // again is a replay (below), not a repeat.
    const inWindow = JSON.stringify([e.window, lr]);
    if (distinct.has(lr) && !emittedIn.has(inWindow)) repeats++;
    distinct.add(lr);
    emittedIn.add(inWindow);
    const t = text(e.window, p);
    if (expected.take(t) !== undefined) {
      matched++;
    } else if (seen.has(t) && e.at >= firstRestart) {
      extra++;
      duplicated++;
      count('extra', e.key, e.window, p, 'replayed-duplicate');
    } else {
      extra++;
      count('extra', e.key, e.window, p, closed.has(t) ? 'window-closure' : extraCause(p, facts, paired));
    }
    seen.add(t);
    if (e.at >= from) {
      const sides = [p.left, p.right].filter((x): x is Rec => x !== null);
      const times = sides.map((x) => sideTimes(x, e));
      const arrived = Math.max(...times.map((x) => x?.arrival ?? Number.NaN));
      const ts = Math.max(...times.map((x) => x?.t ?? Number.NaN));
      if (!Number.isNaN(arrived)) {
        const l = e.at - arrived;
        lat.push(l);
        if (p.left === null || p.right === null) outerLat.push(l);
        const sec = Math.floor(e.at / 1000) * 1000;
        const bucket = perSecondLat.get(sec);
        if (bucket) bucket.push(l);
        else perSecondLat.set(sec, [l]);
      }
      // At max pace event time says nothing about when a record was fed: latency from ingest, as above.
      // Event times on the processing clock: a file replayed on its own clock starts at its first event (replay-clock.ts).
      eventLat.push(maxPace ? e.at - arrived : e.at - onProcessingClock(run.log.clock, ts));
      if (e.window) windowLat.push(e.at - onProcessingClock(run.log.clock, e.window.end));
    }
    const sec = Math.floor(e.at / 1000) * 1000;
    outputs.set(sec, (outputs.get(sec) ?? 0) + 1);
    if (facts.processing === 'micro-batch' && batches[batches.length - 1] !== e.at) batches.push(e.at);
    if (sample.length < EMISSION_SAMPLE) sample.push({ t: e.at, key: e.key ?? null, window: e.window, value: p });
  }
  let missing = 0;
  for (const x of expected.remaining()) {
    missing++;
    const closure = closed.size > 0 && !closed.has(text(x.window, x.value));
    const cause = closure ? 'window-closure' : missingCause(x, job, facts, dropped, r.finalWatermark, grouped);
    count(
      'missing',
      x.key,
      x.window,
      x.value,
      cause === 'unexplained' || cause === 'evicted-before-partner' ? (lostAtCrash(x.value) ? 'lost-on-crash' : cause) : cause,
    );
  }
  const join: JoinCorrectness = {
    pairs: oracle.length,
    emitted: emitted.length,
    matched,
    missing,
    extra,
    repeats,
    outerRows,
    causes,
    latency: percentiles(lat),
    outerLatency: percentiles(outerLat),
    differences,
    ...(r.held ? { held: r.held } : {}),
  };
  const sharedCauses: Partial<Record<Cause, number>> = {};
  for (const [c, n] of Object.entries(causes) as Array<[JoinCause, number]>)
    sharedCauses[AS_CAUSE[c]] = (sharedCauses[AS_CAUSE[c]] ?? 0) + n;
  const latencyPoints: LatencyPoint[] = [...perSecondLat.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, vs]) => {
      const p = percentiles(vs);
      return { t, p50: p.p50, p99: p.p99, max: p.max };
    });
  const series = boundSeries({
    perSecond: perSecond(run.log.arrival, outputs),
    watermark: r.watermarks,
    emissions: sample,
    emissionCount: emitted.length,
    latency: latencyPoints,
    batches,
    ...faultMarks(rec),
    ...faultDetails(rec),
  });
  const correctness = {
    windows: oracle.length,
    exact: matched,
    wrong: 0,
    missing,
    extra,
    duplicates: duplicated,
    updates: 0,
    lateDropped,
    lateSideOutput,
    causes: sharedCauses,
    differences: [],
  };
  return {
    facts,
    join,
    throughput: real ? realThroughput(real, lat.length) : throughput(run.log.arrival, emitted.length),
    latency: { eventTime: percentiles(eventLat, true), windowEnd: percentiles(windowLat), processingTime: join.latency },
    correctness,
    recovery: recoveryOf(
      rec,
      Float64Array.from(emitted, (e) => e.at),
      latencyPoints,
      r.endTime,
      correctness,
    ),
    series,
  };
}

/** Why the model emitted a pair the oracle does not have. */
function extraCause(p: JoinPair, facts: ModelFacts, paired: Set<string>): JoinCause {
  if (!facts.eventTime) return 'batch-time';
  const side = p.left ?? p.right;
  // A NULL row for a record the oracle pairs: its partner was late, or came after the row had left state.
  if ((p.left === null || p.right === null) && side && paired.has(recordText(side))) return 'outer-row-early';
  return 'unexplained';
}

/** Why the model never emitted a pair the oracle has. */
function missingCause(
  x: JoinResult,
  job: JoinJob,
  facts: ModelFacts,
  dropped: Set<string>,
  finalWm: number | null,
  grouped: GroupedRows | null,
): JoinCause {
  if (!facts.eventTime) return 'batch-time';
  const p = x.value;
  for (const side of [p.left, p.right]) if (side && dropped.has(recordText(side))) return 'late-dropped';
  // A grouped row is missing when a record of its group in that window was dropped as late (q8).
  for (const side of [p.left, p.right])
    if (side && x.window && grouped?.isRow(side) && grouped.dropped(side, x.window)) return 'late-dropped';
  if (x.window && (finalWm === null || facts.closesAt(x.window) > finalWm)) return 'not-flushed';
  if (p.left === null || p.right === null) return 'outer-row-pending';
  if (job.join.kind !== 'window') return 'evicted-before-partner';
  return 'unexplained';
}

/**
 * A join whose streams have `distinct` (Nexmark q8) pairs rows that stand for the records of their group in
 * one window, not records. A row emitted at `at` in window `w` stands for its group's records that made it:
 * arrived by `at`, not dropped as late, and in `w` — by event time where the model assigns event-time
 * windows, by arrival in `(at − length, at]` for DStreams' batch-time windows (E5). Its arrival is the latest
 * of theirs, and its event time the largest (the window latency rule: emit time − the max event time in it).
 * A missing row counts as `late-dropped` in a window where a record of its group was dropped.
 */
class GroupedRows {
  private readonly records = new Map<string, Array<{ t: number; arrival: number; text: string }>>();
  private readonly droppedIn = new Set<string>();
  private readonly droppedRecords = new Set<string>();
  private readonly assign: (t: number) => Array<{ start: number }>;

  constructor(
    run: ScenarioRun,
    private readonly job: JoinJob,
    arrivalOf: Map<string, number>,
    private readonly eventTime: boolean,
  ) {
    const assigner = assignerFor(job.window!);
    this.assign = (t) => assigner.assign(t);
    for (let i = 0; i < run.input.size; i++) {
      const rec = run.input.records.record(i);
      const row = this.rowOf(rec);
      if (row === null) continue;
      const text = recordText(rec);
      const arrival = arrivalOf.get(text);
      if (arrival === undefined) continue;
      const list = this.records.get(row);
      const entry = { t: rec[job.timestamp] as number, arrival, text };
      if (list) list.push(entry);
      else this.records.set(row, [entry]);
    }
  }

  /** The text of a record's row (its side's distinct fields), or null for a side whose records are paired. */
  private rowOf(rec: Rec): string | null {
    const side = sideOf(this.job, rec);
    const fields = side === null ? undefined : distinctOf(this.job, side);
    return fields === undefined ? null : recordText(distinctRows([rec], fields, rec.stream as string)[0]!);
  }

  /** A pair side that is a grouped row (it has no field but its distinct ones and `stream`). */
  isRow(x: Rec): boolean {
    const side = sideOf(this.job, x);
    return side !== null && distinctOf(this.job, side) !== undefined;
  }

  /** The latest arrival and the largest event time of the records that made row `x` of window `w`, emitted at `at`. */
  madeOf(x: Rec, w: { start: number; end: number }, at: number): { arrival: number; t: number } | undefined {
    let arrival = Number.NEGATIVE_INFINITY;
    let t = Number.NEGATIVE_INFINITY;
    for (const r of this.records.get(recordText(x)) ?? []) {
      if (r.arrival > at || this.droppedRecords.has(r.text)) continue;
      const inWindow = this.eventTime ? r.t >= w.start && r.t < w.end : r.arrival > at - (w.end - w.start);
      if (!inWindow) continue;
      arrival = Math.max(arrival, r.arrival);
      t = Math.max(t, r.t);
    }
    return arrival === Number.NEGATIVE_INFINITY ? undefined : { arrival, t };
  }

  drop(rec: Rec): void {
    const row = this.rowOf(rec);
    if (row === null) return;
    this.droppedRecords.add(recordText(rec));
    for (const w of this.assign(rec[this.job.timestamp] as number)) this.droppedIn.add(`${w.start}|${row}`);
  }

  dropped(x: Rec, w: { start: number }): boolean {
    return this.droppedIn.has(`${w.start}|${recordText(x)}`);
  }
}
