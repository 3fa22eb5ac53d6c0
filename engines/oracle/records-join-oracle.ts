// The oracle of a window aggregation joined back to its records (core/records-join.ts, Nexmark q7): each
// `[start, end)` window's result over the whole bounded input, then every record whose `on` equals it (SQL
// `=`: NULL joins nothing) with its event time within [end + lower, end + upper], both ends inclusive.
import { aggregateAll, aggregateFor, type Rec } from '../core/aggregates.ts';
import { InputError } from '../core/errors.ts';
import { type RecordsJoinJob, withinJoinBounds } from '../core/records-join.ts';
import { assignerFor } from '../core/windows/assigners.ts';
import type { TimeWindow } from '../core/windows/time-window.ts';
import type { OracleInput } from './oracle.ts';
import type { RankRow } from './rank-oracle.ts';

/** The joined records, each with its result's window, by window start, then input order. */
export function evaluateRecordsJoin(job: RecordsJoinJob, input: readonly OracleInput[]): RankRow[] {
  const assigner = assignerFor(job.window);
  const windows = new Map<number, { window: TimeWindow; records: Rec[] }>();
  const byValue = new Map<string, Array<{ r: Rec; i: number }>>();
  const on = job.joinRecords.on;
  for (const [i, { record }] of input.entries()) {
    const t = record[job.timestamp] as number;
    for (const w of assigner.assign(t)) {
      const g = windows.get(w.start) ?? { window: { start: w.start, end: w.end }, records: [] };
      g.records.push(record);
      windows.set(w.start, g);
    }
    const v = record[on];
    if (v === undefined) throw new InputError('job.joinRecords.on', `a record has no "${on}": ${JSON.stringify(record).slice(0, 160)}`);
    if (v === null) continue;
    const id = JSON.stringify(v);
    const list = byValue.get(id);
    if (list) list.push({ r: record, i });
    else byValue.set(id, [{ r: record, i }]);
  }
  const agg = aggregateFor(job.aggregate);
  const out: RankRow[] = [];
  for (const { window, records } of [...windows.values()].sort((a, b) => a.window.start - b.window.start)) {
    const value = aggregateAll(agg, records);
    if (value === null || value === undefined) continue;
    for (const { r } of byValue.get(JSON.stringify(value)) ?? []) {
      if (withinJoinBounds(job.joinRecords, window.end, r[job.timestamp] as number))
        out.push({ window, key: null, rank: null, row: r, value: null });
    }
  }
  return out;
}
