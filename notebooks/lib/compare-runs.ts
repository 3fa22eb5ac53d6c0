// Two runs side by side, window by window: the last result each emitted, whether they agree, and the
// oracle's value. Used wherever a notebook asks "does this change the result?" (arrival order,
// batch against stream).

import type { OracleResult } from '../../engines/oracle/oracle.ts';
import { sameValue } from './compare.ts';
import { fmtKey, fmtValue, fmtWindow } from './format.ts';
import { type FinalResult, finalResults } from './metrics.ts';
import type { Run } from './run.ts';

export interface CompareRow {
  id: string;
  key: string;
  window: string;
  /** Result text per run ('–' where that run emitted none). */
  values: string[];
  /** Every run emitted the same value. */
  same: boolean;
  oracle: string;
  /** Every run's value equals the oracle's. */
  allOracle: boolean;
  /** Raw values for charts (null where none). */
  raw: unknown[];
  start: number;
}

/** The oracle's result identity, as `finalResults` names an engine's (count firings numbered from 1). */
export function oracleId(o: OracleResult): string {
  return `${JSON.stringify(o.key ?? null)}|${o.window ? `${o.window.start},${o.window.end}` : `count#${(o.index ?? 0) + 1}`}`;
}

export function compareRows(runs: readonly Run[], closure: '[)' | '(]' = '[)'): CompareRow[] {
  const finals = runs.map((r) => finalResults(r));
  const ids = new Map<string, FinalResult>();
  for (const f of finals) for (const [id, r] of f) if (!ids.has(id)) ids.set(id, r);
  const oracle = new Map<string, unknown>();
  for (const o of runs[0]?.oracle ?? []) {
    const id = oracleId(o);
    oracle.set(id, o.value);
    if (!ids.has(id)) ids.set(id, { key: o.key, window: o.window, value: o.value, ...(o.window ? {} : { index: (o.index ?? 0) + 1 }) });
  }
  const rows = [...ids].map(([id, r]) => {
    const raw = finals.map((f) => (f.has(id) ? f.get(id)!.value : null));
    const o = oracle.get(id);
    return {
      id,
      key: fmtKey(r.key),
      window: r.window ? fmtWindow(r.window, closure) : `count firing ${r.index ?? ''}`,
      values: raw.map((v, i) => (finals[i]!.has(id) ? fmtValue(v) : '–')),
      same: raw.every((v, i) => finals[i]!.has(id) === finals[0]!.has(id) && (i === 0 || sameValue(v, raw[0]))),
      oracle: o === undefined ? '–' : fmtValue(o),
      allOracle: o !== undefined && raw.every((v, i) => finals[i]!.has(id) && sameValue(v, o)),
      raw,
      start: r.window?.start ?? r.index ?? 0,
    };
  });
  return rows.sort((a, b) => a.start - b.start || a.key.localeCompare(b.key));
}
