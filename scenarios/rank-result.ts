// One engine's part of result.json for a dedup, top-N or chained job (issue 18): the rows its output ends
// with, compared with the rank oracle's as a multiset — exact, missing, extra — each difference with the
// cause the model explains it by. A changelog output (Flink keep-last, the updating Top-N: `+I`, `-U`/`+U`)
// is compared by the final state it leaves per window (rank-job.ts finalChangelog), as the traces and the
// rank property tests compare it; an append-only output row by row. A row is its window (where the job has
// one), its rank (top-N), and its record by content (sorted-key JSON) or, for a chained job, its value.
import type { Rec } from '../engines/core/aggregates.ts';
import type { Emission } from '../engines/core/emission.ts';
import { outputKeyNames } from '../engines/core/join-group.ts';
import { isJoinJob, type JoinJob, type JoinPair, joinKey, sideOf } from '../engines/core/join-job.ts';
import { pairTime } from '../engines/core/join-rank.ts';
import { type ChangelogRow, finalChangelog, type RankJob, rankKey } from '../engines/core/rank-job.ts';
import { assignerFor } from '../engines/core/windows/assigners.ts';
import type { ModelFacts } from '../engines/engine-module.ts';
import { evaluateJoinRows } from '../engines/oracle/join-rank-oracle.ts';
import { evaluateRank, type RankRow } from '../engines/oracle/rank-oracle.ts';
import { engineModule } from '../engines/registry.ts';
import type { Cause } from './correctness.ts';
import { MAIN } from './emission-log.ts';
import { crashFacts, faultDetails, faultMarks, recoveryOf } from './engine-result.ts';
import {
  EMISSION_SAMPLE,
  type EmissionPoint,
  type LatencyPoint,
  type Percentiles,
  percentiles,
  realThroughput,
  throughput,
} from './metrics.ts';
import { arrivalTimes, perSecond, recordText } from './output-multiset.ts';
import { type EngineRun, joinOracleInput, type ScenarioRun } from './runner.ts';
import { boundSeries } from './series-bounds.ts';
import { onProcessingClock } from './workloads/replay-clock.ts';

type Ok = Extract<EngineRun, { supported: true }>;
type Win = { start: number; end: number } | null;

/**
 * Why a row differs from the oracle. `late-dropped`: a record of the row's cell (its dedup key, or its
 * top-N partition / chained window) was dropped as late, so the cell ended with other rows or values.
 * `window-closure`: Storm's windows are `(start, end]` (C3): the row is the end-inclusive oracle's.
 * `not-flushed`: the row's window (or, without one, its event time) was not behind the watermark when the
 * input ended. `arrival-order`: the model kept a key's first arrival, not its earliest event time (Spark
 * `dropDuplicates`). `watermark-expiry`: Spark's `dropDuplicatesWithinWatermark` forgets a kept key only when
 * the watermark passes its event time + within, so a later row inside that wait is still a duplicate.
 * `replayed-duplicate`: a row the output already held, emitted again after a restart (a replay into a sink
 * that is not exactly-once). `lost-on-crash`: an at-most-once model lost the row's record, in the job at a crash.
 */
export const rankCauses = [
  'late-dropped',
  'window-closure',
  'not-flushed',
  'arrival-order',
  'watermark-expiry',
  'replayed-duplicate',
  'lost-on-crash',
  'unexplained',
] as const;
export type RankCause = (typeof rankCauses)[number];

/** How each rank cause counts in the shared `correctness.causes` of result.json. */
const AS_CAUSE: Record<RankCause, Cause> = {
  'late-dropped': 'late-dropped',
  'window-closure': 'window-closure',
  'not-flushed': 'not-flushed',
  'arrival-order': 'arrival-order',
  'watermark-expiry': 'watermark-expiry',
  'replayed-duplicate': 'replayed-duplicate',
  'lost-on-crash': 'lost-on-crash',
  unexplained: 'unexplained',
};

/** At most this many differences are listed (all are counted). */
export const RANK_DIFFERENCES = 200;

export interface RankDifference {
  kind: 'missing' | 'extra';
  key: unknown;
  window: Win;
  rank: number | null;
  row: Rec | null;
  value: unknown;
  cause: RankCause;
}

export interface RankCorrectness {
  construct: 'dedup' | 'topN' | 'perWindow' | 'groupBy' | 'joinRecords';
  /** Rows in the oracle. */
  rows: number;
  /** Main emissions, changelog retractions included. */
  emitted: number;
  /** Rows the output ends with (its final state). */
  final: number;
  exact: number;
  missing: number;
  extra: number;
  /** `-U` / `-D` rows: updates of a changelog output (0 for an append-only one). */
  retracted: number;
  /** Retractions of rows the output did not hold (a changelog replayed after a restart); absent when none. */
  strayRetractions?: number;
  causes: Partial<Record<RankCause, number>>;
  /** Emit time − the arrival of the row's record, ms, per final row (a chained result: − its window's end). */
  latency: Percentiles;
  differences: RankDifference[];
}

const rowId = (window: Win, rank: number | null, row: Rec | null, value: unknown) =>
  JSON.stringify([window ? [window.start, window.end] : null, rank, row ? recordText(row) : null, row ? null : value]);
const cellId = (window: Win, key: unknown) => JSON.stringify([window?.start ?? null, key ?? null]);

const oracles = new WeakMap<ScenarioRun, Map<string, RankRow[]>>();

/**
 * The oracle's rows for this entry's job (an engine entry may override its window or timestamp) under a
 * window closure, once per run and job; the run's own rows when the job is the scenario's.
 */
function oracleFor(run: ScenarioRun, job: RankJob | JoinJob, closure: '[)' | '(]', scenarioJob: unknown): RankRow[] {
  let m = oracles.get(run);
  if (!m) oracles.set(run, (m = new Map()));
  if (run.rows && !m.has(JSON.stringify(['[)', scenarioJob]))) m.set(JSON.stringify(['[)', scenarioJob]), run.rows);
  const id = JSON.stringify([closure, job]);
  let rows = m.get(id);
  if (!rows) {
    const input = joinOracleInput(run.input);
    m.set(id, (rows = isJoinJob(job) ? evaluateJoinRows(job, input) : evaluateRank(job, input, closure)));
  }
  return rows;
}

/**
 * The measured part of a rank engine's result: throughput, latency, correctness (with `rank`), recovery, series.
 * A join with a top-N (join-rank.ts) is a top-N whose rows are pairs: a pair arrived with its later record,
 * its event time is its later side's, and a record dropped as late belongs to its join key's partition.
 */
export function rankMeasuredResult(run: ScenarioRun, r: Ok, anyJob: RankJob | JoinJob, scenarioJob: unknown) {
  const clock = run.log.clock;
  const facts = engineModule(r.entry.kind)!.facts(r.entry.options);
  const joined = isJoinJob(anyJob) ? anyJob : null;
  const job = anyJob as RankJob;
  // A join's GROUP BY rows are aggregates, not pairs: no record's arrival or event time is theirs.
  const grouped = joined?.groupBy !== undefined;
  const construct = grouped
    ? 'groupBy'
    : joined
      ? 'topN'
      : 'joinRecords' in job
        ? 'joinRecords'
        : 'dedup' in job
          ? 'dedup'
          : 'topN' in job
            ? 'topN'
            : 'perWindow';
  const endInclusive = facts.closure === 'end-inclusive' && construct !== 'dedup' && !joined;
  const partitionOf = (row: Rec) =>
    joined
      ? rankKey(joined.groupBy ? outputKeyNames(joined.groupBy) : joined.topN!.partitionBy, row)
      : 'dedup' in job
        ? rankKey(job.dedup.key, row)
        : 'topN' in job
          ? rankKey(job.topN.partitionBy, row)
          : null;
  const input = run.input;
  const maxPace = r.real?.pace === 'max';
  const arrivalOf = arrivalTimes(run, r);

  // A row's arrival and event time: a pair's are its later side's.
  const arrivalOfRow = (row: Rec): number | undefined => {
    if (!joined) return arrivalOf.get(recordText(row));
    const p = row as unknown as JoinPair;
    const at = [p.left, p.right].map((x) => (x ? arrivalOf.get(recordText(x)) : undefined));
    return at.some((x) => x === undefined) ? undefined : Math.max(...(at as number[]));
  };
  const timeOfRow = (row: Rec): number => (joined ? pairTime(joined, row as unknown as JoinPair) : (row[job.timestamp] as number));

  // The engine's rows: late records by cell, changelog rows grouped per window to their final state.
  const log = r.emissions;
  const droppedCells = new Set<string>();
  const cellsOf = (rec: Rec): string[] => {
    if (joined) return [cellId(null, joinKey(joined, sideOf(joined, rec) ?? 'left', rec))];
    const key = partitionOf(rec);
    const window = 'dedup' in job ? undefined : job.window;
    if (!window) return [cellId(null, key)];
    return assignerFor(window, endInclusive ? '(]' : '[)')
      .assign(rec[job.timestamp] as number)
      .map((w) => cellId(w, key));
  };
  let lateDropped = 0;
  let lateSideOutput = 0;
  let retracted = 0;
  const byWindow = new Map<string, { window: Win; key: unknown; rows: ChangelogRow[] }>();
  const lastAt = new Map<string, number>();
  const values: Array<{ window: Win; value: unknown; at: number }> = [];
  const outputs = new Map<number, number>();
  const batches: number[] = [];
  const sample: EmissionPoint[] = [];
  let emitted = 0;
  const mainAts: number[] = [];
  // When each cell (window, key) first and last had output: a replay after a restart touches it again.
  const cellTimes = new Map<string, { first: number; last: number }>();
  const touched = (cell: string, at: number) => {
    const t = cellTimes.get(cell);
    if (t) t.last = at;
    else cellTimes.set(cell, { first: at, last: at });
  };
  for (let i = 0; i < log.length; i++) {
    if (log.kind(i) !== MAIN) {
      const e = log.emission(i) as Extract<Emission, { output: 'late' | 'dropped' }>;
      if (e.output === 'dropped') lateDropped++;
      else lateSideOutput++;
      for (const c of cellsOf(e.record)) droppedCells.add(c);
      continue;
    }
    emitted++;
    const at = log.at(i);
    mainAts.push(at);
    const start = log.start(i);
    const window: Win = Number.isNaN(start) ? null : { start, end: log.end(i) };
    const value = log.value(i);
    if (construct === 'perWindow') {
      values.push({ window, value, at });
      touched(cellId(window, null), at);
    } else {
      const c = value as ChangelogRow;
      touched(cellId(window, partitionOf(c.row)), at);
      if (c.op === '-U' || c.op === '-D') retracted++;
      else lastAt.set(rowId(window, c.rank ?? null, c.row, null), at);
      const id = JSON.stringify(window);
      const g = byWindow.get(id);
      if (g) g.rows.push(c);
      else byWindow.set(id, { window, key: log.key(i), rows: [c] });
    }
    const sec = Math.floor(at / 1000) * 1000;
    outputs.set(sec, (outputs.get(sec) ?? 0) + 1);
    if (facts.processing === 'micro-batch' && batches[batches.length - 1] !== at) batches.push(at);
    if (sample.length < EMISSION_SAMPLE) sample.push({ t: at, key: log.key(i) ?? null, window, value });
  }
  const got: Array<RankRow & { at: number }> = [];
  for (const v of values) got.push({ window: v.window, key: null, rank: null, row: null, value: v.value, at: v.at });
  let strayRetractions = 0;
  for (const g of byWindow.values()) {
    for (const c of finalChangelog(g.rows, () => strayRetractions++)) {
      const key = partitionOf(c.row);
      const rank = c.rank ?? null;
      got.push({ window: g.window, key, rank, row: c.row, value: null, at: lastAt.get(rowId(g.window, rank, c.row, null)) ?? 0 });
    }
  }

  // The multiset comparison against the `[start, end)` ground truth; Storm's own windows only explain differences.
  const oracle = oracleFor(run, anyJob, '[)', scenarioJob);
  const closed = new Set<string>();
  if (endInclusive) for (const x of oracleFor(run, anyJob, '(]', scenarioJob)) closed.add(rowId(x.window, x.rank, x.row, x.value));
  const expected = new Map<string, RankRow[]>();
  for (const x of oracle) {
    const id = rowId(x.window, x.rank, x.row, x.value);
    const list = expected.get(id);
    if (list) list.push(x);
    else expected.set(id, [x]);
  }
  // Faults (SCENARIOS.md `faults`): a row the output holds twice after a restart is a replayed duplicate; an
  // at-most-once model loses the rows whose records were in the job at a crash (C2).
  const rec = r.recovery;
  const { crashes, firstRestart } = crashFacts(rec);
  const lostAtCrash = (x: RankRow): boolean => {
    if (facts.delivery !== 'at-most-once' || crashes.length === 0) return false;
    const first = x.row
      ? (arrivalOfRow(x.row) ?? Number.POSITIVE_INFINITY)
      : x.window
        ? onProcessingClock(clock, x.window.start)
        : Number.POSITIVE_INFINITY;
    return crashes.some((c) => first < c);
  };
  const firstCrash = crashes.length > 0 ? Math.min(...crashes) : Number.POSITIVE_INFINITY;
  /** The cell had output before the first crash and again after the first restart: a replay went through it. */
  const replayedCell = (cell: string) => {
    const t = cellTimes.get(cell);
    return t !== undefined && t.first < firstCrash && t.last >= firstRestart;
  };
  const extras: Array<RankRow & { replayed: boolean }> = [];
  const gotIds = new Set<string>();
  let exact = 0;
  const lat: number[] = [];
  // The event-time latency of the final rows emitted in each second, for the latency series chart.
  const perSecondLat = new Map<number, number[]>();
  const eventLat: number[] = [];
  const windowLat: number[] = [];
  const from = r.real ? r.real.from : Number.NEGATIVE_INFINITY;
  // A chained result's event-time latency runs from the newest event time in its window, as an aggregation's does.
  const newest = new Map<number, number>();
  if ('perWindow' in job) {
    const assigner = assignerFor(job.window, endInclusive ? '(]' : '[)');
    for (let i = 0; i < input.size; i++) {
      const t = input.eventTime[i]!;
      for (const w of assigner.assign(t)) newest.set(w.start, Math.max(newest.get(w.start) ?? t, t));
    }
  }
  const keptByCell = new Map<string, RankRow[]>();
  for (const g of got) {
    const id = rowId(g.window, g.rank, g.row, g.value);
    const list = expected.get(id);
    if (list && list.length > 0) {
      list.pop();
      exact++;
    } else extras.push({ ...g, replayed: gotIds.has(id) && g.at >= firstRestart });
    gotIds.add(id);
    const cell = cellId(g.window, g.key);
    const kept = keptByCell.get(cell);
    if (kept) kept.push(g);
    else keptByCell.set(cell, [g]);
    if (g.at < from) continue;
    let l: number | null = null;
    if (g.row && !grouped) {
      const arrived = arrivalOfRow(g.row);
      if (arrived !== undefined) lat.push(g.at - arrived);
      // Event times on the processing clock: a file replayed on its own clock starts at its first event (replay-clock.ts).
      l = maxPace && arrived !== undefined ? g.at - arrived : g.at - onProcessingClock(clock, timeOfRow(g.row));
    } else if (g.window) l = g.at - onProcessingClock(clock, newest.get(g.window.start) ?? g.window.end);
    if (l !== null) {
      eventLat.push(l);
      const sec = Math.floor(g.at / 1000) * 1000;
      const bucket = perSecondLat.get(sec);
      if (bucket) bucket.push(l);
      else perSecondLat.set(sec, [l]);
    }
    if (g.window) windowLat.push(g.at - onProcessingClock(clock, g.window.end));
  }
  if (construct === 'perWindow') lat.push(...windowLat);

  const causes: Partial<Record<RankCause, number>> = {};
  const differences: RankDifference[] = [];
  const missingCells = new Map<string, RankCause>();
  const note = (kind: 'missing' | 'extra', x: RankRow, cause: RankCause) => {
    causes[cause] = (causes[cause] ?? 0) + 1;
    if (differences.length < RANK_DIFFERENCES)
      differences.push({ kind, key: x.key ?? null, window: x.window, rank: x.rank, row: x.row, value: x.row ? null : x.value, cause });
  };
  const missingCause = (x: RankRow): RankCause => {
    const cell = cellId(x.window, x.key);
    if (endInclusive && !closed.has(rowId(x.window, x.rank, x.row, x.value))) return 'window-closure';
    if (droppedCells.has(cell)) return 'late-dropped';
    const wm = r.finalWatermark;
    if (x.window && (wm === null || facts.closesAt(x.window) > wm)) return 'not-flushed';
    const kept = keptByCell.get(cell) ?? [];
    if ('dedup' in job && job.dedup.keep === 'first' && x.row) {
      // The row of its key the model kept last before it arrived: Spark dropDuplicates keeps arrivals. With
      // `within`, a row past that one's event time + within was still dropped: the key stays in state until
      // the watermark passes that bound (dropDuplicatesWithinWatermark evicts by watermark).
      const at = (k: RankRow) => (k.row ? (arrivalOf.get(recordText(k.row)) ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY);
      const mine = at(x);
      let blocker: RankRow | null = null;
      for (const k of kept) if (at(k) < mine && (blocker === null || at(k) > at(blocker))) blocker = k;
      if (blocker?.row) {
        const t = x.row[job.timestamp] as number;
        const within = job.dedup.within;
        return within !== undefined && t >= (blocker.row[job.timestamp] as number) + within ? 'watermark-expiry' : 'arrival-order';
      }
    }
    // Nothing of the key came out, and its row is not behind the watermark (Flink keep-first emits on a timer at the rowtime).
    if (!x.window && x.row && kept.length === 0 && (wm === null || timeOfRow(x.row) > wm)) return 'not-flushed';
    return lostAtCrash(x) ? 'lost-on-crash' : 'unexplained';
  };
  let missing = 0;
  for (const list of expected.values()) {
    for (const x of list) {
      missing++;
      const cause = missingCause(x);
      missingCells.set(cellId(x.window, x.key), cause);
      note('missing', x, cause);
    }
  }
  let duplicated = 0;
  for (const x of extras) {
    const id = rowId(x.window, x.rank, x.row, x.value);
    const cell = cellId(x.window, x.key);
    // A second copy of a row after a restart is a replay. So is a row a replayed changelog left behind in a
    // cell it went through (a retraction the sink saw before the crash, then the rows re-emitted from the
    // checkpoint's state). Another extra row stands where a missing one should: it shares that row's cause.
    if (x.replayed) duplicated++;
    const cause: RankCause =
      x.replayed || (!missingCells.has(cell) && replayedCell(cell))
        ? 'replayed-duplicate'
        : closed.has(id)
          ? 'window-closure'
          : (missingCells.get(cell) ?? (droppedCells.has(cell) ? 'late-dropped' : 'unexplained'));
    note('extra', x, cause);
  }
  const rank: RankCorrectness = {
    construct,
    rows: oracle.length,
    emitted,
    final: got.length,
    exact,
    missing,
    extra: extras.length,
    retracted,
    ...(strayRetractions > 0 ? { strayRetractions } : {}),
    causes,
    latency: percentiles(lat),
    differences,
  };
  const sharedCauses: Partial<Record<Cause, number>> = {};
  for (const [c, n] of Object.entries(causes) as Array<[RankCause, number]>)
    sharedCauses[AS_CAUSE[c]] = (sharedCauses[AS_CAUSE[c]] ?? 0) + n;
  const latencyPoints = [...perSecondLat.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, vs]): LatencyPoint => {
      const p = percentiles(vs);
      return { t, p50: p.p50, p99: p.p99, max: p.max };
    });
  const series = boundSeries({
    perSecond: perSecond(run.log.arrival, outputs),
    watermark: r.watermarks,
    emissions: sample,
    emissionCount: emitted,
    latency: latencyPoints,
    batches,
    ...faultMarks(rec),
    ...faultDetails(rec),
  });
  const correctness = {
    windows: oracle.length,
    exact,
    wrong: 0,
    missing,
    extra: extras.length,
    duplicates: duplicated,
    updates: retracted,
    lateDropped,
    lateSideOutput,
    causes: sharedCauses,
    differences: [],
  };
  return {
    facts: facts as ModelFacts,
    rank,
    throughput: r.real ? realThroughput(r.real, grouped ? got.length : lat.length) : throughput(run.log.arrival, emitted),
    latency: { eventTime: percentiles(eventLat, true), windowEnd: percentiles(windowLat), processingTime: rank.latency },
    correctness,
    recovery: recoveryOf(rec, Float64Array.from(mainAts), latencyPoints, r.endTime, correctness),
    series,
  };
}
