// How deeply a parsed JSON value nests, measured without recursion: JSON.parse accepts 100,000 nested
// arrays, but everything downstream that walks values recursively (JSON.stringify, zod, structured
// clone) would overflow the stack on them. Input deeper than MAX_JSON_DEPTH is refused at the boundary.

/** Nesting deeper than this is refused as bad input; real scenarios, traces and records stay far below. */
export const MAX_JSON_DEPTH = 64;

/** True when `value` nests objects/arrays more than `limit` levels deep (iterative, stops early). */
export function tooDeep(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > limit) return true;
    const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    for (const c of children) if (typeof c === 'object' && c !== null) stack.push([c, depth + 1]);
  }
  return false;
}
