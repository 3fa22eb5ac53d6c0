// Validation at the boundary: a zod schema plus a root path in, a typed value or an InputError out.
// The error names the JSON path of the first problem and says why in one line.
import type { z } from 'zod';
import { formatPath, InputError } from './errors.ts';

export function parseWith<T extends z.ZodType>(schema: T, value: unknown, root = ''): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  // An unknown field is reported first: `"generater": …` also makes `generator` missing, and the typo
  // is what the user has to fix.
  const issue = r.error.issues.find((i) => i.code === 'unrecognized_keys') ?? r.error.issues[0]!;
  let path = [...issue.path];
  let reason = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    path = [...path, keys[0]!];
    const allowed = allowedKeys(schema, issue.path);
    const near = allowed ? nearest(keys[0]!, allowed.split(', ')) : undefined;
    reason = `unknown field${near ? ` (did you mean "${near}"?)` : ''} (allowed: ${allowed ?? 'see the documentation'})`;
  } else if (issue.code === 'invalid_union' && 'discriminator' in issue) {
    reason = issue.message;
  }
  throw new InputError(formatPath(path, root), reason);
}

/** Best effort: list the keys an object schema at `path` allows, for unknown-field messages. */
function allowedKeys(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string | undefined {
  let s: unknown = schema;
  for (const p of path) {
    const def = (s as { def?: Record<string, unknown> }).def;
    if (!def) return undefined;
    if (def.type === 'object') s = (def.shape as Record<string, unknown>)[String(p)];
    else if (def.type === 'array') s = def.element;
    else if (def.type === 'record') s = def.valueType;
    else return undefined;
    s = unwrap(s);
  }
  const def = (unwrap(s) as { def?: Record<string, unknown> }).def;
  if (def?.type === 'object') return Object.keys(def.shape as object).join(', ');
  return undefined;
}

/** The allowed name within two edits of `name` (a typo), if exactly one is closest. */
function nearest(name: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const a of allowed) {
    const d = editDistance(name.toLowerCase(), a.toLowerCase());
    if (d < bestD) {
      best = a;
      bestD = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

function unwrap(s: unknown): unknown {
  let cur = s as { def?: Record<string, unknown> };
  while (cur?.def && (cur.def.type === 'optional' || cur.def.type === 'default' || cur.def.type === 'nullable')) {
    cur = cur.def.innerType as typeof cur;
  }
  return cur;
}
