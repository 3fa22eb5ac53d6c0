// A multi aggregate (engines/core/multi-aggregate.ts) in SQL, for the DuckDB cross-checks: each named
// aggregate as `fn(…) FILTER (WHERE …) AS name`. Each field the aggregate reads is loaded as two columns:
// its number (`n<i>`, NULL when not a number) and its JSON text (`j<i>`, NULL when null or missing), so
// DISTINCT and `eq` compare values as the lab does (1 and "1" differ) and ranges compare numbers.
import type { Rec } from '../core/aggregates.ts';
import { type AggregateFilter, type AggregateSpec, aggregateFields } from '../core/job.ts';

export interface MultiColumns {
  /** Column definitions for CREATE TABLE, e.g. `n0 DOUBLE, j0 VARCHAR, …`. */
  readonly ddl: string;
  /** The values of those columns for one record, in order. */
  values(r: Rec): Array<number | string | null>;
  /** The select list: one `… AS "name"` per named aggregate, in `of` order. */
  readonly select: string;
  /** The result object from the row's cells starting at `from` (bigints as numbers). */
  value(row: readonly unknown[], from: number): Record<string, unknown>;
}

export function multiColumns(spec: AggregateSpec): MultiColumns {
  const fields = aggregateFields(spec);
  const at = (f: string) => fields.indexOf(f);
  const cond = (f: AggregateFilter) => {
    const i = at(f.field);
    const parts: string[] = [];
    if (f.eq !== undefined) parts.push(`j${i} = '${JSON.stringify(f.eq).replaceAll("'", "''")}'`);
    if (f.lt !== undefined) parts.push(`n${i} < ${f.lt}`);
    if (f.lte !== undefined) parts.push(`n${i} <= ${f.lte}`);
    if (f.gt !== undefined) parts.push(`n${i} > ${f.gt}`);
    if (f.gte !== undefined) parts.push(`n${i} >= ${f.gte}`);
    return parts.join(' AND ');
  };
  const entries = Object.entries(spec.of ?? {});
  const select = entries
    .map(([name, s]) => {
      const call =
        s.distinct !== undefined ? `count(DISTINCT j${at(s.distinct)})` : s.fn === 'count' ? 'count(*)' : `${s.fn}(n${at(s.field!)})`;
      const filter = s.filter === undefined ? '' : ` FILTER (WHERE ${cond(s.filter)})`;
      return `${call}${filter} AS "${name.replaceAll('"', '""')}"`;
    })
    .join(', ');
  return {
    ddl: fields.map((_, i) => `n${i} DOUBLE, j${i} VARCHAR`).join(', '),
    values: (r) =>
      fields.flatMap((f) => {
        const v = r[f];
        return [typeof v === 'number' ? v : null, v === null || v === undefined ? null : JSON.stringify(v)];
      }),
    select,
    value: (row, from) => {
      const out: Record<string, unknown> = {};
      entries.forEach(([name], i) => {
        const v = row[from + i];
        out[name] = typeof v === 'bigint' ? Number(v) : (v ?? null);
      });
      return out;
    },
  };
}
