// A join on DStreams (E5): `left.window(len, slide).join(right.window(len, slide))` — per batch time, the
// records of each side in the window ending at that batch are paired on the key, with no state across
// batches and no event time. An unmatched record of an outer side gives (record, null) in that window's
// output; every window pair that holds both records emits the pair again (sliding windows repeat it).
import type { Rec } from '../core/aggregates.ts';
import { distinctRows, type JoinPair, type JoinSpec } from '../core/join-job.ts';
import type { Rdd } from './dstream-node.ts';

/** One output row of the join: the key and the pair. */
export interface JoinedRow {
  readonly key: unknown;
  readonly value: JoinPair;
}

/**
 * rdd1.join(rdd2) (or its outer forms) over one windowed RDD holding both streams' records. A side with
 * `distinct` fields is first `map(fields).distinct()` (its window's distinct rows, `{...fields, stream}`).
 */
export function joinWindowedRdd(
  rdd: Rdd<Rec>,
  j: JoinSpec,
  distinct: { readonly left?: readonly string[] | undefined; readonly right?: readonly string[] | undefined } = {},
): JoinedRow[] {
  const groups = new Map<string, { key: unknown; left: Rec[]; right: Rec[] }>();
  const group = (key: unknown) => {
    const id = JSON.stringify(key ?? null);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, left: [], right: [] }));
    return g;
  };
  for (const r of rdd) {
    if (r.stream === j.left) group(r[j.leftKey]).left.push(r);
    else if (r.stream === j.right) group(r[j.rightKey]).right.push(r);
  }
  // The key is one of the distinct fields (join-job.ts), so rows distinct within a key are distinct overall.
  if (distinct.left || distinct.right) {
    for (const g of groups.values()) {
      if (distinct.left) g.left = distinctRows(g.left, distinct.left, j.left);
      if (distinct.right) g.right = distinctRows(g.right, distinct.right, j.right);
    }
  }
  const outerLeft = j.type === 'left' || j.type === 'full';
  const outerRight = j.type === 'right' || j.type === 'full';
  const out: JoinedRow[] = [];
  for (const { key, left, right } of groups.values()) {
    for (const l of left) {
      for (const r of right) out.push({ key, value: { left: l, right: r } });
      if (right.length === 0 && outerLeft) out.push({ key, value: { left: l, right: null } });
    }
    if (left.length === 0 && outerRight) for (const r of right) out.push({ key, value: { left: null, right: r } });
  }
  return out;
}
