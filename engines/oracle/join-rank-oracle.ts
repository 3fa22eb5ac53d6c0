// The oracle of a join with a top-N over its pairs (core/join-rank.ts, Nexmark q9): every pair of the join
// over the whole bounded input (join-oracle.ts), those `where` keeps, then ROW_NUMBER() <= n per partition
// by the order keys, full ties by the pairs' arrival (the later record's input position, then the earlier's).
import type { Rec } from '../core/aggregates.ts';
import { InputError } from '../core/errors.ts';
import { readField } from '../core/field-path.ts';
import type { JoinJob, JoinPair } from '../core/join-job.ts';
import { wherePredicate } from '../core/join-rank.ts';
import { fieldsKey, orderKeys, rankKey, rankOrder, topRanked } from '../core/rank-job.ts';
import { evaluateJoinGroup } from './join-group-oracle.ts';
import { evaluateJoin } from './join-oracle.ts';
import type { OracleInput } from './oracle.ts';
import type { RankRow } from './rank-oracle.ts';

interface Ranked {
  pair: JoinPair;
  /** Arrival order: [later side's input index, earlier side's]. */
  at: [number, number];
}

/** The final rows of a join job with a `topN` or a `groupBy` over its pairs. */
export function evaluateJoinRows(job: JoinJob, input: readonly OracleInput[]): RankRow[] {
  return job.groupBy ? evaluateJoinGroup(job, input) : evaluateJoinRank(job, input);
}

/** The final top-N rows of a join job with `topN`, sorted by partition text, then rank. */
export function evaluateJoinRank(job: JoinJob, input: readonly OracleInput[]): RankRow[] {
  const spec = job.topN;
  if (spec === undefined) throw new Error('evaluateJoinRank needs a join job with a topN');
  const index = new Map<Rec, number>(input.map(({ record }, i) => [record, i]));
  const keep = wherePredicate(job);
  const fields = [...spec.partitionBy, ...orderKeys(spec).map((k) => k.field)];
  const cells = new Map<string, Ranked[]>();
  for (const { value: pair } of evaluateJoin(job, input, '[)', false)) {
    if (!keep(pair)) continue;
    const row = pair as unknown as Rec;
    for (const f of fields) {
      if (readField(row, f) === undefined) throw new InputError('job.topN', `the pair ${JSON.stringify(pair).slice(0, 160)} has no "${f}"`);
    }
    const i = index.get(pair.left!)!;
    const j = index.get(pair.right!)!;
    const id = JSON.stringify(fieldsKey(row, spec.partitionBy));
    const list = cells.get(id) ?? [];
    list.push({ pair, at: [Math.max(i, j), Math.min(i, j)] });
    cells.set(id, list);
  }
  const order = rankOrder<Ranked>(spec, (x, f) => readField(x.pair as unknown as Rec, f));
  const out: Array<RankRow & { id: string }> = [];
  for (const [id, list] of cells) {
    const sorted = [...list].sort((a, b) => order(a, b) || a.at[0] - b.at[0] || a.at[1] - b.at[1]);
    for (const { item, rank } of topRanked(sorted, spec, order)) {
      const row = item.pair as unknown as Rec;
      out.push({ id, window: null, key: rankKey(spec.partitionBy, row), rank, row, value: null });
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.rank! - b.rank!)).map(({ id: _id, ...r }) => r);
}
