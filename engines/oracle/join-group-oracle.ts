// The oracle of a join with a GROUP BY over its pairs (core/join-group.ts, Nexmark q4): every pair of the
// join over the whole bounded input (join-oracle.ts), those `where` keeps, grouped by the first stage's keys
// in one batch GROUP BY, then those groups' rows grouped by the second stage's — no changelog: the final
// state an updating GroupAggregate's output must reach.

import type { Rec } from '../core/aggregates.ts';
import { InputError } from '../core/errors.ts';
import { readField } from '../core/field-path.ts';
import { groupAll, outputKeyNames } from '../core/join-group.ts';
import type { JoinJob } from '../core/join-job.ts';
import { wherePredicate } from '../core/join-rank.ts';
import { rankKey } from '../core/rank-job.ts';
import { evaluateJoin } from './join-oracle.ts';
import type { OracleInput } from './oracle.ts';
import type { RankRow } from './rank-oracle.ts';

/** The final rows of a join job with `groupBy`, keyed by the last stage's key names, sorted by key. */
export function evaluateJoinGroup(job: JoinJob, input: readonly OracleInput[]): RankRow[] {
  const stages = job.groupBy;
  if (stages === undefined) throw new Error('evaluateJoinGroup needs a join job with a groupBy');
  const keep = wherePredicate(job);
  let rows: Rec[] = evaluateJoin(job, input, '[)', false)
    .map(({ value }) => value)
    .filter(keep)
    .map((pair) => pair as unknown as Rec);
  // A pair without a field the first stage reads is bad input naming the path, as for a top-N over a join
  // (join-rank-oracle.ts) and every rank job's records; an explicit null is a NULL, which the aggregates skip.
  const first = stages[0]!;
  const paths = [
    ...first.keys.map((k, i) => [k, `keys[${i}]`]),
    ...(first.aggregate.field ? [[first.aggregate.field, 'aggregate.field']] : []),
  ];
  for (const row of rows) {
    for (const [f, at] of paths) {
      if (readField(row, f!) === undefined) {
        throw new InputError(`job.groupBy[0].${at}`, `the pair ${JSON.stringify(row).slice(0, 160)} has no "${f}"`);
      }
    }
  }
  for (const [i, stage] of stages.entries()) rows = groupAll(stage, rows, `job.groupBy[${i}]`);
  const names = outputKeyNames(stages);
  return rows
    .map((row) => ({ window: null, key: rankKey(names, row), rank: null, row, value: null }))
    .sort((a, b) => (String(a.key) < String(b.key) ? -1 : String(a.key) > String(b.key) ? 1 : 0));
}
