// A GROUP BY over a join's pairs, and a second GROUP BY over its result, as the event engine runs them
// (Nexmark q4; core/join-group.ts has the GroupAggFunction rules). Flink SQL plans q4 as Join → GroupAggregate
// (MAX per auction id, category) → GroupAggregate (AVG per category), each keyed by its group key.
// - The first stage runs in the join's keyed context (its keys must contain the join key, so every pair of
//   a group comes from one join key and one subtask): its accumulators are keyed state of the join key, in
//   the same backend and the same checkpoints. Flink hashes the composite key to a GroupAggregate subtask
//   of its own; the rows that subtask receives are the same.
// - The second stage regroups the first one's changelog by another key (category), which takes rows from
//   every join subtask: it sits in front of the sink (as a chained job's second stage does,
//   chained-stage.ts), one instance, its accumulators part of the sink's snapshot. Flink runs it keyed by
//   category at the job's parallelism; per key, the rows and their order per sender are the same.
import type { Rec } from '../core/aggregates.ts';
import type { MainEmission } from '../core/emission.ts';
import { type GroupAcc, type GroupStage, groupKey, groupStep, keyName } from '../core/join-group.ts';
import type { JoinPair } from '../core/join-job.ts';
import { type ChangelogRow, rankKey } from '../core/rank-job.ts';
import type { Sink } from '../core/sinks.ts';
import { valueState } from '../core/state/keyed-state.ts';
import type { OperatorServices } from './window-operator.ts';

/** The first stage: a pair of `key` from the join operator, kept if `where` holds; `emit` gets its changelog rows. */
export function joinGroupStage(
  where: (pair: JoinPair) => boolean,
  stage: GroupStage,
  svc: OperatorServices,
  emit: (key: unknown, row: ChangelogRow, ts: number | null) => void,
): (key: unknown, pair: JoinPair, ts: number | null) => void {
  let current: unknown;
  const groups = valueState<Record<string, GroupAcc>>(svc.backend, 'join-group', {
    currentKey: () => current,
    currentNamespace: () => '',
  });
  return (key, pair, ts) => {
    if (!where(pair)) return;
    current = key;
    const row = pair as unknown as Rec;
    const { id, named } = groupKey(stage, row);
    const accs = groups.value() ?? {};
    const { acc, out } = groupStep(stage, accs[id], { op: '+I', row }, named, 'job.groupBy[0]', true);
    if (acc) groups.update({ ...accs, [id]: acc });
    for (const c of out) emit(key, c, ts);
  };
}

/** The second stage, in front of `inner`: each changelog row of the first stage regrouped by `stage.keys`. */
export function regroupSink(stage: GroupStage, inner: Sink): Sink {
  let groups = new Map<string, GroupAcc>();
  return {
    kind: inner.kind,
    write(e: MainEmission) {
      const input = e.value as ChangelogRow;
      const { id, named } = groupKey(stage, input.row);
      const { acc, out } = groupStep(stage, groups.get(id), input, named, 'job.groupBy[1]');
      if (acc === null) groups.delete(id);
      else if (acc) groups.set(id, acc);
      // Keyed by the group key as every rank-like output is (rankKey: the value itself for one field).
      const key = rankKey(stage.keys.map(keyName), named);
      for (const c of out) inner.write({ ...e, key, value: c });
    },
    snapshot: (id) => ({ groups: [...groups.entries()], inner: inner.snapshot(id) }),
    notifyComplete: (id) => inner.notifyComplete(id),
    crash() {
      groups = new Map();
      inner.crash();
    },
    restore(state) {
      const s = state as { groups: Array<[string, GroupAcc]>; inner: unknown } | undefined;
      groups = new Map(s?.groups ?? []);
      inner.restore(s?.inner);
    },
  };
}
