// A top-N over a join's pairs (Nexmark q9: auctions ⋈ bids, `where` the bid is inside the auction's
// lifetime, then ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC, dateTime ASC) = 1). The
// pair `{left, right}` is the top-N's row: `where`, `partitionBy` and `orderBy` read its sides by path
// (`left.id`, `right.price`; core/field-path.ts), and the output rows are changelog rows (rank-job.ts
// ChangelogRow) whose `row` is the pair, compared by their final state as every updating top-N is.
// ROW_NUMBER's order among full ties is the pairs' arrival: the later record's arrival, then the earlier's
// (the order a regular join emits them in, RegularJoinOperator: the other side's state in arrival order).
import type { Rec } from './aggregates.ts';
import { InputError } from './errors.ts';
import { compileExpr, ExprEvalError } from './expr/eval.ts';
import { ExprSyntaxError } from './expr/parse.ts';
import { checkGroupBy } from './join-group.ts';
import type { JoinJob, JoinPair } from './join-job.ts';
import { checkTopNSpec, orderKeys } from './rank-job.ts';

/** Rules of a join's `where`, `topN` and `groupBy` (called by checkJoinJob). */
export function checkJoinRank(job: JoinJob, root: string): void {
  if (job.topN !== undefined && job.groupBy !== undefined) {
    throw new InputError(`${root}.groupBy`, 'a join job has a topN or a groupBy over its pairs, not both');
  }
  if (job.groupBy !== undefined) {
    if (job.join.type !== 'inner') {
      throw new InputError(
        `${root}.join.type`,
        'a GROUP BY over a join is built for inner joins (an outer join of updating rows retracts its NULL rows)',
      );
    }
    checkGroupBy(job.groupBy, root);
  }
  if (job.where !== undefined) {
    if (job.topN === undefined && job.groupBy === undefined) {
      throw new InputError(
        `${root}.where`,
        "a post-join where is built only before a topN or a groupBy (join → where → top-N, Nexmark q9; → GROUP BY, q4); a join's pairs alone are not filtered yet",
      );
    }
    try {
      compileExpr(job.where);
    } catch (e) {
      if (e instanceof ExprSyntaxError) throw new InputError(`${root}.where`, `${e.message} of ${JSON.stringify(job.where)}`);
      throw e;
    }
  }
  const t = job.topN;
  if (t === undefined) return;
  const path = `${root}.topN`;
  checkTopNSpec(t, path);
  if (job.join.type !== 'inner') {
    throw new InputError(`${root}.join.type`, 'a top-N over a join is built for inner joins (an outer row has a null side to rank by)');
  }
  if (t.function === 'rank') throw new InputError(`${path}.function`, 'an updating Top-N with RANK is not built (rowNumber only)');
  const sides = (f: string) => /^(left|right)\.[^.]+$/.test(f);
  for (const [i, f] of t.partitionBy.entries()) {
    if (!sides(f)) throw new InputError(`${path}.partitionBy[${i}]`, `"${f}" must name a side's field: left.<field> or right.<field>`);
  }
  for (const [i, k] of orderKeys(t).entries()) {
    const at = typeof t.orderBy === 'string' ? `${path}.orderBy` : `${path}.orderBy[${i}].field`;
    if (!sides(k.field)) throw new InputError(at, `"${k.field}" must name a side's field: left.<field> or right.<field>`);
  }
}

/**
 * The `where` of a join as a predicate over pairs (a pair is kept only where it is TRUE: NULL drops it, as
 * WHERE does). A pair it cannot be evaluated on is an InputError naming `job.where` and the pair.
 */
export function wherePredicate(job: JoinJob): (pair: JoinPair) => boolean {
  if (job.where === undefined) return () => true;
  const text = job.where;
  const e = compileExpr(text);
  return (pair) => {
    let v: unknown;
    try {
      v = e(pair as unknown as Rec);
    } catch (err) {
      if (!(err instanceof ExprEvalError)) throw err;
      const field = err.field === null ? '' : ` (field "${err.field}")`;
      throw new InputError('job.where', `the pair ${JSON.stringify(pair).slice(0, 160)}${field}: ${err.reason}`);
    }
    if (v === null || typeof v === 'boolean') return v === true;
    throw new InputError('job.where', `a where must be TRUE, FALSE or NULL, got ${JSON.stringify(v)}`);
  };
}

/** The event time of a pair: the later of its sides' (as an interval join stamps its pairs, E2). */
export function pairTime(job: JoinJob, pair: JoinPair): number {
  const t = (r: Rec | null) => (r ? (r[job.timestamp] as number) : Number.NEGATIVE_INFINITY);
  return Math.max(t(pair.left), t(pair.right));
}

/**
 * Whether the top-N's partition is the join key (`left.<leftKey>` or `right.<rightKey>`), the one partition
 * the event engine ranks in the join's own keyed context.
 */
export function partitionIsJoinKey(job: JoinJob): boolean {
  const p = job.topN?.partitionBy ?? [];
  return p.length === 1 && (p[0] === `left.${job.join.leftKey}` || p[0] === `right.${job.join.rightKey}`);
}

/** Whether the first GROUP BY's keys contain the join key (the event engine groups in the join's keyed context). */
export function groupKeysHoldJoinKey(job: JoinJob): boolean {
  const keys = job.groupBy?.[0]?.keys ?? [];
  return keys.includes(`left.${job.join.leftKey}`) || keys.includes(`right.${job.join.rightKey}`);
}
