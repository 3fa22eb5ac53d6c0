// A field of a record by name, or by a dotted path into nested objects (`left.dateTime` of a join pair
// `{left, right}`, as SQL qualifies a column by its table: A.dateTime). A field whose own name has a dot
// is read as that field first, so flat records with dotted names read as before.
import type { Rec } from './aggregates.ts';

export function readField(r: Rec, path: string): unknown {
  const own = r[path];
  if (own !== undefined || !path.includes('.')) return own;
  let v: unknown = r;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Rec)[part];
  }
  return v;
}

/** readField of one path, its segments split once (for a path read on every record). */
export function fieldReader(path: string): (r: Rec) => unknown {
  if (!path.includes('.')) return (r) => r[path];
  const parts = path.split('.');
  return (r) => {
    const own = r[path];
    if (own !== undefined) return own;
    let v: unknown = r;
    for (const part of parts) {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
      v = (v as Rec)[part];
    }
    return v;
  };
}
