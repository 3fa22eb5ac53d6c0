// What a reader of a sink saw, row by row, against the oracle: each visible result is the first for its
// (key, window), a duplicate (the same result again: a replay written twice), or a change. A run is exact
// when every oracle result is visible once with the oracle's value. Read off emissions; nothing recomputed.
import type { MainEmission } from '../../engines/core/emission.ts';
import type { OracleResult } from '../../engines/oracle/oracle.ts';
import { sameValue } from './compare.ts';

export type RowVerdict = 'first' | 'duplicate' | 'changed';

export interface LedgerRow {
  time: number;
  e: MainEmission;
  id: string;
  verdict: RowVerdict;
  /** The oracle's value for this (key, window), undefined when the oracle has none. */
  oracle: unknown;
  matchesOracle: boolean;
}

export interface LedgerSummary {
  rows: number;
  duplicates: number;
  /** Oracle results never made visible. */
  missing: number;
  /** Results whose last visible value differs from the oracle's (or that the oracle does not have). */
  wrong: number;
  /** Every oracle result visible exactly once, with its value, and nothing else. */
  exact: boolean;
}

export function resultKey(key: unknown, window: { start: number; end: number } | null): string {
  return `${JSON.stringify(key ?? null)}|${window ? `${window.start},${window.end}` : 'global'}`;
}

export function ledger(outputs: ReadonlyArray<{ time: number; e: MainEmission }>, oracle: readonly OracleResult[]): LedgerRow[] {
  const truth = new Map(oracle.map((o) => [resultKey(o.key, o.window), o.value]));
  const seen = new Map<string, unknown>();
  return outputs.map(({ time, e }) => {
    const id = resultKey(e.key, e.window);
    const had = seen.has(id);
    const verdict: RowVerdict = !had ? 'first' : sameValue(seen.get(id), e.value) ? 'duplicate' : 'changed';
    seen.set(id, e.value);
    const o = truth.get(id);
    return { time, e, id, verdict, oracle: o, matchesOracle: truth.has(id) && sameValue(o, e.value) };
  });
}

export function summarize(rows: readonly LedgerRow[], oracle: readonly OracleResult[]): LedgerSummary {
  const last = new Map<string, LedgerRow>();
  for (const r of rows) last.set(r.id, r);
  const ids = new Set(oracle.map((o) => resultKey(o.key, o.window)));
  const missing = [...ids].filter((id) => !last.has(id)).length;
  const wrong = [...last.values()].filter((r) => !r.matchesOracle).length;
  const duplicates = rows.filter((r) => r.verdict !== 'first').length;
  return { rows: rows.length, duplicates, missing, wrong, exact: duplicates === 0 && missing === 0 && wrong === 0 };
}

export const VERDICT_LABEL: Record<RowVerdict, string> = { first: 'first', duplicate: 'duplicate', changed: 'changed' };
