// The job's stateless stages — filter → join → map → key/timestamp functions, always in that order —
// applied once by the runner before every engine and the oracle, so all of them see exactly the same
// records. This models the stateless front of a pipeline (YSB's filter, projection and ad→campaign join),
// which every model runs the same way; the engines compare only on the keyed, windowed part that follows.
// filter and map are declarative (JSON) or user functions (a `.ts` scenario module, user-functions.ts).
import { z } from 'zod';
import { InputError } from '../engines/core/errors.ts';
import { exprFn, type Filter, filterFn, type MapProjection, projectFn } from '../engines/core/stateless.ts';
import {
  describeFunction,
  USER_KEY_FIELD,
  USER_TIMESTAMP_FIELD,
  type UserFilter,
  type UserKey,
  type UserMap,
  type UserTimestamp,
} from './user-functions.ts';
import type { EventLog } from './workloads/index.ts';

export {
  checkExpressions,
  type Filter,
  filterFn,
  filterSchema,
  type MapProjection,
  mapSchema,
  projectFn,
} from '../engines/core/stateless.ts';

type Rec = Record<string, unknown>;

/** An inner lookup join against a table of the workload (`EventLog.tables`): `as` = table[record[on]]. */
export const joinSchema = z.strictObject({
  table: z.string().min(1),
  /** The record's field whose value is the table key, or a computed key `{expr}` (Nexmark q13: `auction % 10000`). */
  on: z.union([z.string().min(1), z.strictObject({ expr: z.string().min(1, 'expr is empty') })], {
    error: 'on must be a field name or {expr}',
  }),
  as: z.string().min(1),
});
export type Join = z.infer<typeof joinSchema>;

export interface StatelessSteps {
  filter?: Filter | UserFilter;
  join?: Join;
  map?: MapProjection | UserMap;
  /** A key function: its value goes into USER_KEY_FIELD (the job's key). */
  key?: UserKey;
  /** An event-time function: its value goes into USER_TIMESTAMP_FIELD (the job's timestamp). */
  timestamp?: UserTimestamp;
}

/** The job's stateless stages as one function: a record, or null when it is filtered out (or has no join partner). */
export function statelessFn(steps: StatelessSteps, tables: EventLog['tables']): (r: Rec, i?: number) => Rec | null {
  let current = 0;
  const event = () => current + 1;
  const keep =
    typeof steps.filter === 'function' ? checkedFilter(steps.filter) : steps.filter ? filterFn(steps.filter, 'job', event) : null;
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
  const joinKey = join ? joinKeyFn(join, event) : null;
  const project = typeof steps.map === 'function' ? checkedMap(steps.map) : steps.map ? projectFn(steps.map, 'job', event) : null;
  const derive = steps.key || steps.timestamp ? deriveFn(steps.key, steps.timestamp) : null;
  return (r, i) => {
    current = i ?? 0;
    if (keep && !keep(r)) return null;
    let out = r;
    if (join && table) {
      const k = joinKey!(r);
      if (k === null || k === undefined) return null; // a NULL key matches no row (an inner join)
      const v = table[String(k)];
      if (v === undefined) return null; // inner join: no partner, no output
      out = { ...out, [join.as]: v };
    }
    if (project) out = project(out);
    return derive ? derive(out) : out;
  };
}

/** The table key of a record: its `on` field, or the value of the `on` expression (a type error names the event). */
function joinKeyFn(join: Join, event: () => number): (r: Rec) => unknown {
  const on = join.on;
  if (typeof on === 'string') return (r) => r[on];
  return exprFn(on.expr, 'job.join.on.expr', event);
}

/** The steps as recorded in result.json: user functions by their source text. */
export function describeSteps(steps: StatelessSteps): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, step] of Object.entries(steps)) out[name] = typeof step === 'function' ? describeFunction(step) : step;
  return out;
}

/**
 * Calls a user function for `path` (job.filter, …): what it throws, and a result that is not `ok`,
 * becomes an InputError naming the path and the record, so a bug in a scenario module exits 2.
 */
function call<T>(path: string, fn: (r: Rec) => T, r: Rec, ok: (v: T) => boolean, expected: string): T {
  let v: T;
  try {
    v = fn(r);
  } catch (e) {
    throw new InputError(path, `the function threw ${e instanceof Error ? e.message : String(e)} on ${JSON.stringify(r)}`);
  }
  if (!ok(v)) throw new InputError(path, `the function returned ${show(v)} on ${JSON.stringify(r)}; expected ${expected}`);
  return v;
}

function show(v: unknown): string {
  return v === undefined ? 'undefined' : JSON.stringify(v);
}

function isScalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

function checkedFilter(f: UserFilter): (r: Rec) => boolean {
  return (r) => call('job.filter', f, r, (v) => typeof v === 'boolean', 'true or false');
}

function checkedMap(m: UserMap): (r: Rec) => Rec {
  // A copy: the function may modify its argument without touching the log every engine replays.
  return (r) => call('job.map', m, { ...r }, (v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'a record (a plain object)');
}

function deriveFn(key: UserKey | undefined, timestamp: UserTimestamp | undefined): (r: Rec) => Rec {
  return (r) => {
    const out = { ...r };
    // Engines and the oracle group keys by value (Map keys), so an object key would split every record.
    if (key) out[USER_KEY_FIELD] = call('job.key', key, r, isScalar, 'a string, number or boolean (keys compare by value)');
    if (timestamp) out[USER_TIMESTAMP_FIELD] = call('job.timestamp', timestamp, r, Number.isSafeInteger, 'whole ms (an integer)');
    return out;
  };
}
