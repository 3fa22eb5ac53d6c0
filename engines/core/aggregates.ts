// Aggregate functions of the declarative job as Flink-style AggregateFunctions:
// createAccumulator / add / getResult / merge. Accumulators are plain JSON values so state snapshots are JSON.
import { InputError } from './errors.ts';
import type { AggregateSpec } from './job.ts';
import { multiAggregate } from './multi-aggregate.ts';

export type Rec = Record<string, unknown>;

export interface AggregateFunction<A = unknown> {
  readonly fn: AggregateSpec['fn'];
  create(): A;
  /** Returns the new accumulator (it may be the same object, mutated). */
  add(acc: A, record: Rec): A;
  result(acc: A): unknown;
  merge(a: A, b: A): A;
}

/** The numeric value of `field` in `record`, or an InputError naming the field. */
export function numberField(record: Rec, field: string): number {
  const v = record[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new InputError(field, `expected a finite number, got ${JSON.stringify(v)} in record ${JSON.stringify(record)}`);
  }
  return v;
}

export function aggregateFor(spec: AggregateSpec): AggregateFunction {
  const field = spec.field ?? '';
  switch (spec.fn) {
    case 'count':
      return {
        fn: 'count',
        create: () => 0,
        add: (a) => (a as number) + 1,
        result: (a) => a,
        merge: (a, b) => (a as number) + (b as number),
      };
    case 'sum':
      return {
        fn: 'sum',
        create: () => 0,
        add: (a, r) => (a as number) + numberField(r, field),
        result: (a) => a,
        merge: (a, b) => (a as number) + (b as number),
      };
    case 'min':
      return {
        fn: 'min',
        create: () => null,
        add: (a, r) => {
          const v = numberField(r, field);
          return a === null || v < (a as number) ? v : a;
        },
        result: (a) => a,
        merge: (a, b) => (a === null ? b : b === null ? a : Math.min(a as number, b as number)),
      };
    case 'max':
      return {
        fn: 'max',
        create: () => null,
        add: (a, r) => {
          const v = numberField(r, field);
          return a === null || v > (a as number) ? v : a;
        },
        result: (a) => a,
        merge: (a, b) => (a === null ? b : b === null ? a : Math.max(a as number, b as number)),
      };
    case 'avg':
      return {
        fn: 'avg',
        create: () => [0, 0],
        add: (a, r) => {
          const acc = a as [number, number];
          acc[0] += numberField(r, field);
          acc[1] += 1;
          return acc;
        },
        result: (a) => {
          const [s, n] = a as [number, number];
          return n === 0 ? null : s / n;
        },
        merge: (a, b) => {
          const x = a as [number, number];
          const y = b as [number, number];
          return [x[0] + y[0], x[1] + y[1]];
        },
      };
    case 'collect':
      return {
        fn: 'collect',
        create: () => [],
        add: (a, r) => {
          (a as unknown[]).push(r[field] ?? null);
          return a;
        },
        result: (a) => [...(a as unknown[])],
        merge: (a, b) => [...(a as unknown[]), ...(b as unknown[])],
      };
    case 'multi':
      return multiAggregate(spec, aggregateFor);
  }
}

/** Fold a list of records with an aggregate (used over evicting buffers and by the oracle). */
export function aggregateAll(agg: AggregateFunction, records: Iterable<Rec>): unknown {
  let acc = agg.create();
  for (const r of records) acc = agg.add(acc, r);
  return agg.result(acc);
}
