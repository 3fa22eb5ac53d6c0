// The `multi` aggregate: several named SQL aggregates over the same rows, each with an optional
// FILTER (WHERE …) and, for count, DISTINCT — Nexmark q15–q17's `count(*) FILTER (WHERE price < 10000)`,
// `count(DISTINCT bidder)`, min/max/avg/sum(price). One accumulator (a JSON array of the named ones' accumulators,
// in `of` order) so every engine, the oracle and state snapshots treat it as any other aggregate.
import type { AggregateFunction, Rec } from './aggregates.ts';
import type { AggregateFilter, AggregateSpec, NamedAggregateSpec } from './job.ts';

/** A row passes a filter when every comparison given holds; a value that is not a number fails lt/lte/gt/gte (SQL: NULL). */
export function aggregateFilterFn(f: AggregateFilter): (r: Rec) => boolean {
  const { field, eq, lt, lte, gt, gte } = f;
  const numeric = lt !== undefined || lte !== undefined || gt !== undefined || gte !== undefined;
  return (r) => {
    const v = r[field];
    if (eq !== undefined && v !== eq) return false;
    if (!numeric) return true;
    if (typeof v !== 'number') return false;
    return (
      (lt === undefined || v < lt) && (lte === undefined || v <= lte) && (gt === undefined || v > gt) && (gte === undefined || v >= gte)
    );
  };
}

/**
 * count(DISTINCT field): the set of distinct non-null values as an object keyed by each value's JSON (1 and
 * "1" differ), with its size kept beside it — an updating GroupAggregate reads the result at every record.
 */
interface DistinctAcc {
  n: number;
  seen: Record<string, 1>;
}
function countDistinct(field: string): AggregateFunction {
  return {
    fn: 'count',
    create: (): DistinctAcc => ({ n: 0, seen: {} }),
    add: (a, r) => {
      const v = r[field];
      const acc = a as DistinctAcc;
      if (v === null || v === undefined) return acc;
      const id = JSON.stringify(v);
      if (acc.seen[id] === undefined) {
        acc.seen[id] = 1;
        acc.n++;
      }
      return acc;
    },
    result: (a) => (a as DistinctAcc).n,
    merge: (a, b) => {
      const seen = { ...(a as DistinctAcc).seen, ...(b as DistinctAcc).seen };
      return { n: Object.keys(seen).length, seen };
    },
  };
}

/** The accumulator of one named aggregate (without its filter). SQL: sum, min, max and avg of no rows are NULL. */
function namedFunction(spec: NamedAggregateSpec, base: (s: AggregateSpec) => AggregateFunction): AggregateFunction {
  if (spec.distinct !== undefined) return countDistinct(spec.distinct);
  if (spec.fn !== 'sum') return base({ fn: spec.fn, field: spec.field });
  // sum keeps its row count beside the sum, as avg does, so that a sum over no (filtered) rows is NULL.
  const avg = base({ fn: 'avg', field: spec.field });
  return {
    fn: 'sum',
    create: avg.create,
    add: avg.add,
    result: (a) => ((a as [number, number])[1] === 0 ? null : (a as [number, number])[0]),
    merge: avg.merge,
  };
}

/** `base` is `aggregateFor` (passed in to keep the modules acyclic). */
export function multiAggregate(spec: AggregateSpec, base: (s: AggregateSpec) => AggregateFunction): AggregateFunction {
  const entries = Object.entries(spec.of ?? {});
  const names = entries.map(([name]) => name);
  const fns = entries.map(([, s]) => namedFunction(s, base));
  const filters = entries.map(([, s]) => (s.filter === undefined ? null : aggregateFilterFn(s.filter)));
  const n = fns.length;
  return {
    fn: 'multi',
    create: () => fns.map((f) => f.create()),
    add: (a, r) => {
      const acc = a as unknown[];
      for (let i = 0; i < n; i++) {
        const keep = filters[i];
        if (keep === null || keep(r)) acc[i] = fns[i]!.add(acc[i], r);
      }
      return acc;
    },
    result: (a) => {
      const acc = a as unknown[];
      const out: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) out[names[i]!] = fns[i]!.result(acc[i]);
      return out;
    },
    // A new array, never mutating either side: a committed state version may share them.
    merge: (a, b) => {
      const x = a as unknown[];
      const y = b as unknown[];
      return fns.map((f, i) => f.merge(x[i], y[i]));
    },
  };
}
