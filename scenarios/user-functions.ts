// User functions of a `.ts` scenario module (SCENARIOS.md: "a `.ts` module exporting the same shape may
// add user functions"). They are allowed in exactly four places — job.filter, job.map, job.key,
// job.timestamp — and are taken out before validation, so everything else is checked by the same zod
// schema, with the same JSON paths, as a JSON file. A function anywhere else is an InputError naming it.
import { formatPath, InputError } from '../engines/core/errors.ts';

type Rec = Record<string, unknown>;

/** Keep a record (true) or drop it (false). Must not modify the record. */
export type UserFilter = (r: Rec) => boolean;
/** The record the job sees instead (a new object, or the argument modified: it is a copy). */
export type UserMap = (r: Rec) => Rec;
/** The record's key (compared by value); stored in USER_KEY_FIELD, which becomes the job's `key`. */
export type UserKey = (r: Rec) => string | number | boolean;
/** The record's event time, whole ms; stored in USER_TIMESTAMP_FIELD, which becomes the job's `timestamp`. */
export type UserTimestamp = (r: Rec) => number;

export interface UserFunctions {
  filter?: UserFilter;
  map?: UserMap;
  key?: UserKey;
  timestamp?: UserTimestamp;
}

/** Fields the stateless stage adds for a key / timestamp function (a `$` keeps them apart from data fields). */
export const USER_KEY_FIELD = '$key';
export const USER_TIMESTAMP_FIELD = '$timestamp';

const ALLOWED = ['filter', 'map', 'key', 'timestamp'] as const;
type Slot = (typeof ALLOWED)[number];

/**
 * Split a scenario value into its data (a copy without the user functions) and the functions.
 * InputError when a function sits anywhere but job.filter / job.map / job.key / job.timestamp,
 * or when the value is not plain data (a cycle).
 */
export function splitUserFunctions(raw: unknown): { data: unknown; fns: UserFunctions } {
  const fns: UserFunctions = {};
  const data = copyData(raw, [], new Set(), (path, fn) => {
    const slot = path.length === 2 && path[0] === 'job' && isSlot(path[1]) ? path[1] : null;
    if (!slot) {
      throw new InputError(
        formatPath(path),
        'a function is not allowed here (functions are allowed only in job.filter, job.map, job.key and job.timestamp)',
      );
    }
    // The signature cannot be checked at run time; the stage checks each result instead (stateless-steps.ts).
    Object.assign(fns, { [slot]: fn });
  });
  return { data, fns };
}

function isSlot(p: PropertyKey | undefined): p is Slot {
  return typeof p === 'string' && (ALLOWED as readonly string[]).includes(p);
}

/** A deep copy of arrays and objects with functions handed to `onFunction` and left out. */
function copyData(
  v: unknown,
  path: PropertyKey[],
  seen: Set<object>,
  onFunction: (path: PropertyKey[], fn: (...args: never[]) => unknown) => void,
): unknown {
  if (typeof v === 'function') {
    onFunction(path, v as (...args: never[]) => unknown);
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return v;
  if (seen.has(v)) throw new InputError(formatPath(path), 'circular reference (a scenario must be plain data)');
  seen.add(v);
  let out: unknown;
  if (Array.isArray(v)) out = v.map((x, i) => copyData(x, [...path, i], seen, onFunction));
  else {
    const o: Rec = {};
    for (const [k, x] of Object.entries(v)) {
      const c = copyData(x, [...path, k], seen, onFunction);
      if (typeof x !== 'function') o[k] = c;
    }
    out = o;
  }
  seen.delete(v);
  return out;
}

/** A user function as recorded in result.json: its source text, marked so it cannot pass for a field name. */
export function describeFunction(fn: (...args: never[]) => unknown): { function: string } {
  return { function: fn.toString() };
}
