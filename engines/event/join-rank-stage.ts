// A top-N over a join's pairs as the event engine runs it (Nexmark q9): Flink SQL plans the query as a
// regular Join followed by a Rank partitioned by A.id; the join's output is insert-only (an inner join of
// append-only inputs), so the Rank is the AppendOnlyTopNFunction of the unbounded Top-N (rank-functions.ts
// updateTop). Its partition is the join key, so both run keyed by the same value: the lab runs the Rank in
// the join's own keyed context (same key, same subtask, its state in the same keyed backend and so in the
// same checkpoints), the exchange Flink puts between them carrying each row to the subtask it is already on.
// `where` (the non-equi condition) filters each pair before it is ranked.
import type { Rec } from '../core/aggregates.ts';
import type { JoinPair } from '../core/join-job.ts';
import type { ChangelogRow, TopNSpec } from '../core/rank-job.ts';
import { valueState } from '../core/state/keyed-state.ts';
import { updateTop } from './rank-functions.ts';
import type { OperatorServices } from './window-operator.ts';

/** The stage's input: a pair of `key` from the join operator; `emit` gets its changelog rows. */
export function joinRankStage(
  where: (pair: JoinPair) => boolean,
  topN: TopNSpec,
  svc: OperatorServices,
  emit: (key: unknown, row: ChangelogRow, ts: number | null) => void,
): (key: unknown, pair: JoinPair, ts: number | null) => void {
  let current: unknown;
  const top = valueState<Rec[]>(svc.backend, 'join-top', { currentKey: () => current, currentNamespace: () => '' });
  return (key, pair, ts) => {
    if (!where(pair)) return;
    current = key;
    const after = updateTop(top.value() ?? [], pair as unknown as Rec, topN, (row) => emit(key, row, ts));
    if (after !== null) top.update(after);
  };
}
