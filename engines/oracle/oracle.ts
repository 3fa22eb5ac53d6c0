// The oracle: a bounded, whole-input evaluation of a declarative job with perfect knowledge of event
// time and no notion of lateness — "batch is a special case of streaming". Every correctness figure
// compares an engine's emissions with these final values. It shares window assignment with the engines
// (engines/core) but none of their watermark, trigger or state machinery.
import { aggregateFor, type Rec } from '../core/aggregates.ts';
import { InputError } from '../core/errors.ts';
import { aggregateFields, type Job, updatesInPlace } from '../core/job.ts';
import { assignerFor } from '../core/windows/assigners.ts';
import { mergeWindows, type TimeWindow } from '../core/windows/time-window.ts';

export interface OracleInput {
  record: Rec;
  /** Processing (arrival) time: the "time" of processing- and ingestion-time jobs. */
  arrival?: number;
}

export interface OracleResult {
  key?: unknown;
  /** The window, or null for count windows (then `index` numbers the firings per key, from 0). */
  window: TimeWindow | null;
  index?: number;
  value: unknown;
}

/**
 * The oracle's input by index, read as it goes (the scenario runner's columns: nothing is copied or held
 * per record). `eventTime` overrides the job's timestamp field (a shifted view); `arrival` is required by
 * processing- and ingestion-time jobs; `field` reads one field without building the record (the oracle
 * reads only the key, the timestamp and the aggregate's field).
 */
export interface OracleSource {
  readonly length: number;
  record(i: number): Rec;
  arrival?(i: number): number | undefined;
  eventTime?(i: number): unknown;
  field?(name: string): (i: number) => unknown;
}

/** Final value of every (key, window) of `job` over the whole input, sorted by window start then key. */
export function evaluate(job: Job, input: readonly OracleInput[]): OracleResult[] {
  return evaluateSource(job, { length: input.length, record: (i) => input[i]!.record, arrival: (i) => input[i]!.arrival });
}

/**
 * The same over an OracleSource, in one pass: per window start, each key's accumulator (sessions keep each
 * key's times; count windows the key's last `size` positions). With field readers no record is built: the
 * aggregate reads its field from one reused object.
 */
export function evaluateSource(job: Job, input: OracleSource): OracleResult[] {
  const agg = aggregateFor(job.aggregate);
  const read = readers(input);
  const keyAt = job.key === undefined ? () => undefined : read.field(job.key);
  const tsAt = input.eventTime ?? read.field(job.timestamp);
  const timeOf = (i: number): number => {
    if (job.time === 'event') {
      const ts = tsAt(i);
      if (typeof ts !== 'number' || !Number.isFinite(ts))
        throw new InputError(`input[${i}].${job.timestamp}`, 'missing event-time timestamp');
      return ts;
    }
    const a = input.arrival?.(i);
    if (a === undefined) throw new InputError(`input[${i}].arrival`, `a ${job.time}-time job needs arrival times`);
    return a;
  };
  const recordAt = read.aggregated(aggregateFields(job.aggregate));
  const w = job.window;
  const out: OracleResult[] = [];
  const withKey = (key: unknown, r: Omit<OracleResult, 'key'>): OracleResult => (job.key === undefined ? r : { key, ...r });
  const n = input.length;

  if (w.kind === 'global') {
    // GlobalWindows' default trigger never fires (DataStream). Updated in place (update / complete output:
    // Spark's groupBy(key), Flink SQL's GroupAggregate), each key ends with one row: its total.
    if (!updatesInPlace(job)) return out;
    const accs = new Map<unknown, unknown>();
    for (let i = 0; i < n; i++) {
      const k = keyAt(i);
      accs.set(k, agg.add(accs.has(k) ? accs.get(k) : agg.create(), recordAt(i)));
    }
    for (const [k, acc] of accs) out.push(withKey(k, { window: null, index: 0, value: agg.result(acc) }));
    return out.sort((a, b) => compareKeys(a.key, b.key));
  }

  if (w.kind === 'count') {
    // Count windows are per key in arrival order; a firing every `slide` (or `size`) elements over the last `size`.
    const seen = new Map<unknown, { last: number[]; count: number; fired: number }>();
    const every = w.slide ?? w.size;
    for (let i = 0; i < n; i++) {
      const k = keyAt(i);
      let s = seen.get(k);
      if (!s) seen.set(k, (s = { last: [], count: 0, fired: 0 }));
      // A ring of the key's last `size` positions: the c-th of the key sits at c % size.
      s.last[s.count % w.size] = i;
      if (++s.count % every === 0) {
        let acc = agg.create();
        // Oldest first: min(size, seen) of them.
        for (let c = Math.max(0, s.count - w.size); c < s.count; c++) acc = agg.add(acc, recordAt(s.last[c % w.size]!));
        out.push(withKey(k, { window: null, index: s.fired++, value: agg.result(acc) }));
      }
    }
    return out;
  }

  if (w.kind === 'session') {
    const groups = new Map<unknown, Array<{ t: number; i: number }>>();
    for (let i = 0; i < n; i++) {
      const k = keyAt(i);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = []));
      g.push({ t: timeOf(i), i });
    }
    for (const [k, items] of groups) {
      const sessions = mergeWindows(items.map((it) => ({ start: it.t, end: it.t + w.gap, it })));
      for (const s of sessions) {
        let acc = agg.create();
        // Elements in arrival order within the session (collect is order-sensitive).
        for (const p of [...s.parts].sort((a, b) => a.it.i - b.it.i)) acc = agg.add(acc, recordAt(p.it.i));
        out.push(withKey(k, { window: s.merged, value: agg.result(acc) }));
      }
    }
    return out.sort((a, b) => a.window!.start - b.window!.start || a.window!.end - b.window!.end || compareKeys(a.key, b.key));
  }
  // Per window start, each key's accumulator (a few starts, however many keys: no Map per key).
  const assigner = assignerFor(w);
  const size = assigner.size!;
  const byStart = new Map<number, Map<unknown, { window: TimeWindow; acc: unknown }>>();
  const starts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = timeOf(i);
    const k = keyAt(i);
    const m = assigner.assignStarts!(t, starts);
    for (let j = 0; j < m; j++) {
      const start = starts[j]!;
      let accs = byStart.get(start);
      if (!accs) byStart.set(start, (accs = new Map()));
      let a = accs.get(k);
      if (!a) accs.set(k, (a = { window: { start, end: start + size }, acc: agg.create() }));
      a.acc = agg.add(a.acc, recordAt(i));
    }
  }
  for (const [, accs] of byStart) for (const [k, { window, acc }] of accs) out.push(withKey(k, { window, value: agg.result(acc) }));
  let tied = false;
  const order = (a: OracleResult, b: OracleResult) =>
    a.window!.start - b.window!.start || a.window!.end - b.window!.end || compareKeys(a.key, b.key);
  out.sort((a, b) => {
    const c = order(a, b);
    if (c === 0) tied = true;
    return c;
  });
  if (tied) {
    // Different keys with one String() (1 and "1") in a window: in order of first appearance in the input.
    const rank = new Map<unknown, number>();
    for (let i = 0; i < n; i++) {
      const k = keyAt(i);
      if (!rank.has(k)) rank.set(k, rank.size);
    }
    out.sort((a, b) => order(a, b) || rank.get(a.key)! - rank.get(b.key)!);
  }
  return out;
}

/** Field readers over a source: its own, or one built record per index (the last one kept) without. */
function readers(input: OracleSource) {
  let at = -1;
  let rec: Rec = {};
  const recordOf = (i: number) => {
    if (i !== at) {
      rec = input.record(i);
      at = i;
    }
    return rec;
  };
  const field = (name: string): ((i: number) => unknown) => (input.field ? input.field(name) : (i) => recordOf(i)[name]);
  return {
    field,
    /** What the aggregate is given for record i: the record, or (with field readers) one object holding only `names`. */
    aggregated(names: readonly string[]): (i: number) => Rec {
      if (!input.field) return recordOf;
      const probe: Rec = {};
      if (names.length === 0) return () => probe;
      const values = names.map((name) => input.field!(name));
      return (i) => {
        for (let j = 0; j < names.length; j++) probe[names[j]!] = values[j]!(i);
        return probe;
      };
    },
  };
}

function compareKeys(a: unknown, b: unknown): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
