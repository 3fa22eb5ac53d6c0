// The job's stateless stages — filter → join → map, always in that order — applied once by the runner
// before every engine and the oracle, so all of them see exactly the same records. This models the
// stateless front of a pipeline (YSB's filter, projection and ad→campaign join), which every model runs
// the same way; the engines compare only on the keyed, windowed part that follows.
import { z } from 'zod';
import { InputError } from '../engines/core/errors.ts';
import type { EventLog } from './workloads/index.ts';

type Rec = Record<string, unknown>;
const scalar = z.union([z.string(), z.number(), z.boolean()], { error: 'must be a string, number or boolean' });

/** A filter: exactly one of eq, in, gt, lt on one field. */
export const filterSchema = z
  .strictObject({
    field: z.string().min(1),
    eq: scalar.optional(),
    in: z.array(scalar).min(1).optional(),
    gt: z.number().optional(),
    lt: z.number().optional(),
  })
  .refine((f) => [f.eq, f.in, f.gt, f.lt].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of eq, in, gt, lt',
  });
export type Filter = z.infer<typeof filterSchema>;

/** An inner lookup join against a table of the workload (`EventLog.tables`): `as` = table[record[on]]. */
export const joinSchema = z.strictObject({
  table: z.string().min(1),
  on: z.string().min(1),
  as: z.string().min(1),
});
export type Join = z.infer<typeof joinSchema>;

/**
 * A projection: the output record has exactly these fields. Each is copied from an input field (a
 * string), a constant (`{const}`), or a case over an input field's value (`{field, values, default?}`;
 * values are looked up by the input value as a string).
 */
const mapValueSchema = z.union(
  [
    z.string().min(1),
    z.strictObject({ const: scalar }),
    z.strictObject({ field: z.string().min(1), values: z.record(z.string(), scalar), default: scalar.optional() }),
  ],
  { error: 'must be an input field name, {const} or {field, values, default?}' },
);
export const mapSchema = z.record(z.string().min(1), mapValueSchema).refine((m) => Object.keys(m).length > 0, {
  message: 'a projection needs at least one field',
});
export type MapProjection = z.infer<typeof mapSchema>;

export interface StatelessSteps {
  filter?: Filter;
  join?: Join;
  map?: MapProjection;
}

/** The job's stateless stages as one function: a record, or null when it is filtered out (or has no join partner). */
export function statelessFn(steps: StatelessSteps, tables: EventLog['tables']): (r: Rec) => Rec | null {
  const keep = steps.filter ? filterFn(steps.filter) : null;
  const join = steps.join;
  let table: Record<string, unknown> | undefined;
  if (join) {
    table = tables?.[join.table];
    if (!table) {
      const have = Object.keys(tables ?? {});
      throw new InputError(
        'job.join.table',
        `the workload has no table "${join.table}" (${have.length ? `tables: ${have.join(', ')}` : 'it has no tables'})`,
      );
    }
  }
  const project = steps.map ? projectFn(steps.map) : null;
  return (r) => {
    if (keep && !keep(r)) return null;
    let out = r;
    if (join && table) {
      const v = table[String(r[join.on])];
      if (v === undefined) return null; // inner join: no partner, no output
      out = { ...out, [join.as]: v };
    }
    return project ? project(out) : out;
  };
}

/** A filter as a predicate. */
export function filterFn(f: Filter): (r: Rec) => boolean {
  return (r) => {
    const v = r[f.field];
    if (f.eq !== undefined) return v === f.eq;
    if (f.in !== undefined) return f.in.some((x) => x === v);
    if (f.gt !== undefined) return typeof v === 'number' && v > f.gt;
    if (f.lt !== undefined) return typeof v === 'number' && v < f.lt;
    return true;
  };
}

function projectFn(m: MapProjection): (r: Rec) => Rec {
  const fields = Object.entries(m);
  return (r) => {
    const out: Rec = {};
    for (const [name, spec] of fields) {
      if (typeof spec === 'string') out[name] = r[spec];
      else if ('const' in spec) out[name] = spec.const;
      else out[name] = spec.values[String(r[spec.field])] ?? spec.default ?? null;
    }
    return out;
  };
}
