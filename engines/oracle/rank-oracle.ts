// The oracle of dedup, top-N and chained-aggregation jobs over the whole bounded input, with perfect knowledge
// of event time (the rules are written at the top of core/rank-job.ts).
import { aggregateAll, aggregateFor, type Rec } from '../core/aggregates.ts';
import { InputError } from '../core/errors.ts';
import { readField } from '../core/field-path.ts';
import {
  type ChainedJob,
  compareRankValues,
  type DedupJob,
  fieldsKey,
  firstStage,
  type RankJob,
  rankFields,
  rankKey,
  rankOrder,
  rankRecordProblem,
  type TopNJob,
  topRanked,
} from '../core/rank-job.ts';
import { assignerFor } from '../core/windows/assigners.ts';
import type { Closure, TimeWindow } from '../core/windows/time-window.ts';
import { evaluate, type OracleInput } from './oracle.ts';
import { evaluateRecordsJoin } from './records-join-oracle.ts';

interface At {
  r: Rec;
  t: number;
  i: number;
}

function read(fields: readonly string[], timestamp: string, input: readonly OracleInput[]): At[] {
  return input.map(({ record }, i) => {
    const p = rankRecordProblem(fields, timestamp, record);
    if (p) throw new InputError(`input[${i}].${p.field}`, p.reason);
    return { r: record, t: record[timestamp] as number, i };
  });
}

function groupBy<T>(items: readonly T[], keyOf: (x: T) => unknown): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const id = JSON.stringify(keyOf(x));
    const g = out.get(id);
    if (g) g.push(x);
    else out.set(id, [x]);
  }
  return out;
}

/** The records a dedup job keeps, in input order. */
export function evaluateDedup(job: DedupJob, input: readonly OracleInput[]): Rec[] {
  const d = job.dedup;
  const kept: At[] = [];
  for (const group of groupBy(read(d.key, job.timestamp, input), (a) => fieldsKey(a.r, d.key)).values()) {
    // Event time, then input order (an equal time: keep-first keeps the earlier, keep-last the later one).
    const sorted = [...group].sort((a, b) => a.t - b.t || a.i - b.i);
    if (d.keep === 'last') kept.push(sorted[sorted.length - 1]!);
    else if (d.within === undefined) kept.push(sorted[0]!);
    else {
      let until = -Infinity;
      for (const a of sorted) {
        if (a.t < until) continue;
        kept.push(a);
        until = a.t + d.within;
      }
    }
  }
  return kept.sort((a, b) => a.i - b.i).map((a) => a.r);
}

/** One ranked row: its window (null without one), partition values, rank from 1, and record. */
export interface TopNRow {
  window: TimeWindow | null;
  partition: unknown[];
  rank: number;
  record: Rec;
}

/**
 * The top-N rows per (window, partition), sorted by window start, partition text, then rank. `closure`: which
 * end of a window is inside it — `[)` (Flink), or Storm's `(]` (C3).
 */
export function evaluateTopN(job: TopNJob, input: readonly OracleInput[], closure: Closure = '[)'): TopNRow[] {
  const s = job.topN;
  const rows = read(rankFields(job), job.timestamp, input);
  const assigner = job.window ? assignerFor(job.window, closure) : null;
  const cells = new Map<string, { window: TimeWindow | null; partition: unknown[]; items: At[] }>();
  for (const a of rows) {
    const windows = assigner ? assigner.assign(a.t) : [null];
    const partition = fieldsKey(a.r, s.partitionBy);
    for (const w of windows) {
      const id = JSON.stringify([w?.start ?? null, partition]);
      let c = cells.get(id);
      if (!c) cells.set(id, (c = { window: w, partition, items: [] }));
      c.items.push(a);
    }
  }
  const out: TopNRow[] = [];
  const order = rankOrder<At>(s, (a, f) => readField(a.r, f));
  for (const c of cells.values()) {
    const sorted = [...c.items].sort((a, b) => order(a, b) || a.i - b.i);
    for (const { item, rank } of topRanked(sorted, s, order)) {
      out.push({ window: c.window, partition: c.partition, rank, record: item.r });
    }
  }
  return out.sort(
    (a, b) =>
      (a.window?.start ?? 0) - (b.window?.start ?? 0) ||
      JSON.stringify(a.partition).localeCompare(JSON.stringify(b.partition)) ||
      a.rank - b.rank,
  );
}

/** One result of the second aggregation: its window and value. */
export interface ChainedResult {
  window: TimeWindow;
  value: unknown;
}

/** The first aggregation per (key, window), then the second over each window's results, by window start. */
export function evaluateChained(job: ChainedJob, input: readonly OracleInput[]): ChainedResult[] {
  const first = evaluate(firstStage(job), input);
  const agg = aggregateFor(job.perWindow.aggregate);
  const byWindow = groupBy(first, (r) => r.window!.start);
  const out: ChainedResult[] = [];
  for (const group of byWindow.values()) {
    const value = aggregateAll(
      agg,
      group.map((r) => ({ key: r.key, value: r.value })),
    );
    if (!job.perWindow.joinBack) {
      out.push({ window: group[0]!.window!, value });
      continue;
    }
    // The join back (q5): each first result of the window with value >= the window's max.
    for (const r of group)
      if (compareRankValues(r.value, value) >= 0) out.push({ window: r.window!, value: { key: r.key, value: r.value } });
  }
  const text = (x: ChainedResult) => JSON.stringify(x.value);
  return out.sort((a, b) => a.window.start - b.window.start || (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}

/**
 * One row of a rank job's ground truth, in the one shape the scenario layer compares engines by: a dedup
 * row (no window, no rank), a top-N row (its window or null, its rank), or a chained result (its window and
 * value, no row). `key` is what the engines key the row by (rank-job.ts rankKey; null for a chained result).
 */
export interface RankRow {
  window: TimeWindow | null;
  key: unknown;
  rank: number | null;
  row: Rec | null;
  value: unknown;
}

/** The ground truth of any rank job as RankRows (`closure`: a top-N window's inside end, `(]` for Storm). */
export function evaluateRank(job: RankJob, input: readonly OracleInput[], closure: Closure = '[)'): RankRow[] {
  if ('dedup' in job) {
    return evaluateDedup(job, input).map((row) => ({ window: null, key: rankKey(job.dedup.key, row), rank: null, row, value: null }));
  }
  if ('topN' in job) {
    return evaluateTopN(job, input, closure).map((t) => ({
      window: t.window,
      key: rankKey(job.topN.partitionBy, t.record),
      rank: t.rank,
      row: t.record,
      value: null,
    }));
  }
  if ('joinRecords' in job) return evaluateRecordsJoin(job, input);
  return evaluateChained(job, input).map((c) => ({ window: c.window, key: null, rank: null, row: null, value: c.value }));
}
