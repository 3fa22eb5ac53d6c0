// The declarative stateless stages — a filter and a projection — shared by the scenario runner (which
// applies them once before a windowed job) and by the engines (which run them themselves in a stateless
// job, stateless-job.ts). Each may be an expression of the expression language (expr/), parsed once when
// the job is validated; a record it cannot be evaluated on is an ExprEvalError the caller names the event of.
import { z } from 'zod';
import { InputError } from './errors.ts';
import { compileExpr, ExprEvalError } from './expr/eval.ts';
import { ExprSyntaxError } from './expr/parse.ts';

type Rec = Record<string, unknown>;
const scalar = z.union([z.string(), z.number(), z.boolean()], { error: 'must be a string, number or boolean' });
const exprSchema = z.strictObject({ expr: z.string().min(1, 'expr is empty') });

/** A filter: exactly one of eq, in, gt, lt on one field; or `{expr}`, kept where it is TRUE (SQL WHERE). */
export const filterSchema = z.union(
  [
    exprSchema,
    z
      .strictObject({
        field: z.string().min(1),
        eq: scalar.optional(),
        in: z.array(scalar).min(1).optional(),
        gt: z.number().optional(),
        lt: z.number().optional(),
      })
      .refine((f) => [f.eq, f.in, f.gt, f.lt].filter((v) => v !== undefined).length === 1, {
        message: 'give exactly one of eq, in, gt, lt',
      }),
  ],
  { error: 'a filter is {field, eq|in|gt|lt} or {expr}' },
);
export type Filter = z.infer<typeof filterSchema>;

/**
 * A projection: the output record has exactly these fields. Each is copied from an input field (a
 * string), a constant (`{const}`), a case over an input field's value (`{field, values, default?}`;
 * values are looked up by the input value as a string), or an expression (`{expr}`).
 */
const mapValueSchema = z.union(
  [
    z.string().min(1),
    z.strictObject({ const: scalar }),
    z.strictObject({ field: z.string().min(1), values: z.record(z.string(), scalar), default: scalar.optional() }),
    exprSchema,
  ],
  { error: 'must be an input field name, {const}, {field, values, default?} or {expr}' },
);
export const mapSchema = z.record(z.string().min(1), mapValueSchema).refine((m) => Object.keys(m).length > 0, {
  message: 'a projection needs at least one field',
});
export type MapProjection = z.infer<typeof mapSchema>;

/** compileExpr, a syntax error becoming an InputError naming `path` and the column. */
function compileAt(text: string, path: string): ReturnType<typeof compileExpr> {
  try {
    return compileExpr(text);
  } catch (e) {
    if (e instanceof ExprSyntaxError) throw new InputError(path, `${e.message} of ${JSON.stringify(text)}`);
    throw e;
  }
}

/** Parse every expression of a filter and a projection now: a syntax error names the JSON path and the column. */
export function checkExpressions(filter: Filter | undefined, map: MapProjection | undefined, root: string): void {
  const check = (text: string, path: string) => compileAt(text, path);
  if (filter && 'expr' in filter) check(filter.expr, `${root}.filter.expr`);
  for (const [name, v] of Object.entries(map ?? {})) if (typeof v === 'object' && 'expr' in v) check(v.expr, `${root}.map.${name}.expr`);
}

/**
 * Wraps a stage so that a record it cannot evaluate becomes an InputError naming the stage's JSON path, the
 * event (1-based) and the field (`event` gives the number of the record being evaluated).
 */
function named<T>(path: string, event: () => number, f: (r: Rec) => T): (r: Rec) => T {
  return (r) => {
    try {
      return f(r);
    } catch (e) {
      if (!(e instanceof ExprEvalError)) throw e;
      const field = e.field === null ? '' : ` (field "${e.field}")`;
      throw new InputError(path, `event ${event()}${field}: ${e.reason}`);
    }
  };
}

/** An expression's value per record (`path`: its JSON path, for syntax errors and the event errors of `named`). */
export function exprFn(text: string, path: string, event: () => number = () => 0): (r: Rec) => unknown {
  return named(path, event, compileAt(text, path));
}

/** A filter as a predicate (an expression keeps the record only where it is TRUE: NULL drops it, as WHERE does). */
export function filterFn(f: Filter, root = 'job', event: () => number = () => 0): (r: Rec) => boolean {
  if ('expr' in f) {
    const e = compileAt(f.expr, `${root}.filter.expr`);
    return named(`${root}.filter.expr`, event, (r) => {
      const v = e(r);
      if (v === null || typeof v === 'boolean') return v === true;
      throw new ExprEvalError(null, `a filter must be TRUE, FALSE or NULL, got ${JSON.stringify(v)}`);
    });
  }
  return (r) => {
    const v = r[f.field];
    if (f.eq !== undefined) return v === f.eq;
    if (f.in !== undefined) return f.in.some((x) => x === v);
    if (f.gt !== undefined) return typeof v === 'number' && v > f.gt;
    if (f.lt !== undefined) return typeof v === 'number' && v < f.lt;
    return true;
  };
}

/** A projection as a function: a new record with exactly the projection's fields. */
export function projectFn(m: MapProjection, root = 'job', event: () => number = () => 0): (r: Rec) => Rec {
  const fields = Object.entries(m).map(([name, spec]): [string, (r: Rec) => unknown] => {
    if (typeof spec === 'string') return [name, (r) => r[spec]];
    if ('const' in spec) return [name, () => spec.const];
    if ('expr' in spec) return [name, exprFn(spec.expr, `${root}.map.${name}.expr`, event)];
    return [name, (r) => spec.values[String(r[spec.field])] ?? spec.default ?? null];
  });
  return (r) => {
    const out: Rec = {};
    for (const [name, f] of fields) out[name] = f(r);
    return out;
  };
}

/** Filter then project: the record out, or null when the filter drops it. */
export function filterMapFn(
  steps: { filter?: Filter | undefined; map?: MapProjection | undefined },
  root = 'job',
  event: () => number = () => 0,
): (r: Rec) => Rec | null {
  const keep = steps.filter ? filterFn(steps.filter, root, event) : null;
  const project = steps.map ? projectFn(steps.map, root, event) : null;
  return (r) => {
    if (keep && !keep(r)) return null;
    return project ? project(r) : r;
  };
}
