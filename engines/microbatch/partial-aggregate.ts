// Column-wise partial aggregation of one batch (Spark's partial HashAggregate before the state store):
// loops over typed arrays indexed by group. The result is columnar too (`a`, `b`, `lists`), and `acc(g)`
// boxes one group into `aggregateFor(spec)`'s accumulator format where a caller merges row by row.
import { aggregateFor, type Rec } from '../core/aggregates.ts';
import type { AggregateSpec } from '../core/job.ts';
import type { BatchColumns } from './arrow-batch.ts';
import { type Buffers, FRESH } from './scratch.ts';

/**
 * Rows are fed as `pairs` (for sliding windows one row yields several (row, window) pairs):
 * `rowOf[p]` is the input row of pair p and `groupOf[p]` its group, in row order.
 */
export interface PairGroups {
  readonly pairs: number;
  readonly rowOf: Int32Array;
  readonly groupOf: Int32Array;
  readonly groups: number;
}

/**
 * Per group: count → a = counts; sum → a = sums; min/max → a = extremum; avg → a = sums, b = counts;
 * collect → lists = values in arrival order; multi → boxed = `aggregateFor(spec)` accumulators (row objects
 * of the `collect` column folded with `add`: several named aggregates have no one column form).
 */
export interface Partials {
  readonly fn: AggregateSpec['fn'];
  readonly groups: number;
  readonly a: Float64Array;
  readonly b: Float64Array | null;
  readonly lists: unknown[][] | null;
  readonly boxed: unknown[] | null;
  /** Group g as an `aggregateFor` accumulator (a number, `[sum, n]` or a list). */
  acc(g: number): unknown;
}

/** `buffers` may recycle `a` and `b` (then the result is valid until the next call with the same buffers). */
export function partialAggregate(spec: AggregateSpec, pg: PairGroups, cols: BatchColumns, buffers: Buffers = FRESH): Partials {
  const { pairs, rowOf, groupOf, groups } = pg;
  const a = buffers.float64('partialA', groups).fill(0);
  const fn = spec.fn;
  switch (fn) {
    case 'count':
      for (let p = 0; p < pairs; p++) a[groupOf[p]!]! += 1;
      return { fn, groups, a, b: null, lists: null, boxed: null, acc: (g) => a[g] };
    case 'sum': {
      const v = values(cols);
      for (let p = 0; p < pairs; p++) a[groupOf[p]!]! += v[rowOf[p]!]!;
      return { fn, groups, a, b: null, lists: null, boxed: null, acc: (g) => a[g] };
    }
    case 'min':
    case 'max': {
      const v = values(cols);
      const isMin = fn === 'min';
      a.fill(isMin ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY);
      for (let p = 0; p < pairs; p++) {
        const g = groupOf[p]!;
        const x = v[rowOf[p]!]!;
        if (isMin ? x < a[g]! : x > a[g]!) a[g] = x;
      }
      return { fn, groups, a, b: null, lists: null, boxed: null, acc: (g) => a[g] };
    }
    case 'avg': {
      const v = values(cols);
      const b = buffers.float64('partialB', groups).fill(0);
      for (let p = 0; p < pairs; p++) {
        const g = groupOf[p]!;
        a[g]! += v[rowOf[p]!]!;
        b[g]! += 1;
      }
      return { fn, groups, a, b, lists: null, boxed: null, acc: (g) => [a[g], b[g]] };
    }
    case 'collect': {
      const c = cols.collect;
      if (c === null) throw new Error('collect needs the collect column');
      const lists: unknown[][] = Array.from({ length: groups }, () => []);
      for (let p = 0; p < pairs; p++) lists[groupOf[p]!]!.push(c[rowOf[p]!]);
      return { fn, groups, a, b: null, lists, boxed: null, acc: (g) => lists[g] };
    }
    case 'multi': {
      const c = cols.collect;
      if (c === null) throw new Error('multi needs the collect column');
      const agg = aggregateFor(spec);
      const boxed: unknown[] = Array.from({ length: groups }, () => agg.create());
      for (let p = 0; p < pairs; p++) {
        const g = groupOf[p]!;
        boxed[g] = agg.add(boxed[g], c[rowOf[p]!] as Rec);
      }
      return { fn, groups, a, b: null, lists: null, boxed, acc: (g) => boxed[g] };
    }
  }
}

function values(cols: BatchColumns): Float64Array {
  if (cols.value === null) throw new Error('this aggregate needs the value column');
  return cols.value;
}
