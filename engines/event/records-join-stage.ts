// A window aggregation joined back to its records (core/records-join.ts, Nexmark q7) as the event engine
// runs it. Flink plans q7 as a window aggregation (MAX per 10 s window, one global group, so one subtask)
// feeding one side of a regular join whose other side is the bids, keyed by price: the join keeps every bid
// and every window result in state for good (window_end is no time attribute, E3) and emits a pair when the
// second of the two arrives. Here the window operator fires each window with its result and its records
// (a process window function: the records reach the join when their window fires, in Flink when they
// arrive — the same pairs: a record cannot meet a result before that result exists, except one exactly at
// a window's end, which Flink pairs when the result fires and the lab when the record's own window fires);
// the join sits in front of the sink, one instance, its state part of the sink's snapshot (as chained-stage.ts).
// A record late for its window is dropped by the window operator (counted as dropped, as Flink's window
// aggregation drops it) and still goes on, alone, to the join (pipeline.ts `lateToJoin`), as every bid reaches
// Flink's regular join whether or not its window took it.
import type { Rec } from '../core/aggregates.ts';
import type { MainEmission } from '../core/emission.ts';
import { type JoinRecordsSpec, withinJoinBounds } from '../core/records-join.ts';
import type { Sink } from '../core/sinks.ts';

/** What the window operator emits for a fired window (compile-rank.ts). */
export interface WindowWithRecords {
  result: unknown;
  records: Rec[];
}

interface Result {
  window: { start: number; end: number };
  timestamp: number | null;
}

export function recordsJoinSink(spec: JoinRecordsSpec, timeOf: (r: Rec) => number, inner: Sink): Sink {
  // The join's state: window results and records, each by the value joined on (JSON text).
  let results = new Map<string, Result[]>();
  let records = new Map<string, Rec[]>();
  const add = <T>(m: Map<string, T[]>, id: string, x: T) => {
    const list = m.get(id);
    if (list) list.push(x);
    else m.set(id, [x]);
  };
  // Un-keyed rows carry no key (TRACE.md).
  const emit = (r: Result, row: Rec) => inner.write({ output: 'main', window: r.window, value: { op: '+I', row }, timestamp: r.timestamp });
  return {
    kind: inner.kind,
    write(e: MainEmission) {
      // A fired window (its result and records), or a late record alone (result null, no window).
      const { result, records: fired } = e.value as WindowWithRecords;
      // The result first: it meets the records already in state (earlier windows'), then each record of this
      // window meets every result in state, this one included — each pair once.
      if (result !== null && result !== undefined) {
        const id = JSON.stringify(result);
        const r: Result = { window: { start: e.window!.start, end: e.window!.end }, timestamp: e.timestamp };
        for (const row of records.get(id) ?? []) if (withinJoinBounds(spec, r.window.end, timeOf(row))) emit(r, row);
        add(results, id, r);
      }
      for (const row of fired) {
        const v = row[spec.on];
        if (v === null || v === undefined) continue;
        const id = JSON.stringify(v);
        for (const r of results.get(id) ?? []) if (withinJoinBounds(spec, r.window.end, timeOf(row))) emit(r, row);
        add(records, id, row);
      }
    },
    // Lists grow after a snapshot: it copies them.
    snapshot: (id) => ({
      results: [...results.entries()].map(([k, v]) => [k, [...v]]),
      records: [...records.entries()].map(([k, v]) => [k, [...v]]),
      inner: inner.snapshot(id),
    }),
    notifyComplete: (id) => inner.notifyComplete(id),
    crash() {
      results = new Map();
      records = new Map();
      inner.crash();
    },
    restore(state) {
      const s = state as { results: Array<[string, Result[]]>; records: Array<[string, Rec[]]>; inner: unknown } | undefined;
      results = new Map((s?.results ?? []).map(([k, v]) => [k, [...v]]));
      records = new Map((s?.records ?? []).map(([k, v]) => [k, [...v]]));
      inner.restore(s?.inner);
    },
  };
}
