// The oracle: a bounded, whole-input evaluation of a declarative job with perfect knowledge of event
// time and no notion of lateness — "batch is a special case of streaming". Every correctness figure
// compares an engine's emissions with these final values. It shares window assignment with the engines
// (engines/core) but none of their watermark, trigger or state machinery.
import { aggregateFor, type Rec } from '../core/aggregates.ts';
import { InputError } from '../core/errors.ts';
import type { Job } from '../core/job.ts';
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
 * processing- and ingestion-time jobs.
 */
export interface OracleSource {
  readonly length: number;
  record(i: number): Rec;
  arrival?(i: number): number | undefined;
  eventTime?(i: number): unknown;
}

/** Final value of every (key, window) of `job` over the whole input, sorted by window start then key. */
export function evaluate(job: Job, input: readonly OracleInput[]): OracleResult[] {
  return evaluateSource(job, { length: input.length, record: (i) => input[i]!.record, arrival: (i) => input[i]!.arrival });
}

/** The same over an OracleSource, in one pass (sessions keep each key's times; count windows the last `size` records). */
export function evaluateSource(job: Job, input: OracleSource): OracleResult[] {
  const agg = aggregateFor(job.aggregate);
  const keyOf = (r: Rec) => (job.key === undefined ? undefined : r[job.key]);
  const timeOf = (r: Rec, i: number): number => {
    if (job.time === 'event') {
      const ts = input.eventTime ? input.eventTime(i) : r[job.timestamp];
      if (typeof ts !== 'number' || !Number.isFinite(ts))
        throw new InputError(`input[${i}].${job.timestamp}`, 'missing event-time timestamp');
      return ts;
    }
    const a = input.arrival?.(i);
    if (a === undefined) throw new InputError(`input[${i}].arrival`, `a ${job.time}-time job needs arrival times`);
    return a;
  };
  const w = job.window;
  const out: OracleResult[] = [];
  const withKey = (key: unknown, r: Omit<OracleResult, 'key'>): OracleResult => (job.key === undefined ? r : { key, ...r });
  const n = input.length;

  if (w.kind === 'global') return out; // GlobalWindows' default trigger never fires.

  if (w.kind === 'count') {
    // Count windows are per key in arrival order; a firing every `slide` (or `size`) elements over the last `size`.
    const seen = new Map<unknown, { last: Rec[]; count: number; fired: number }>();
    const every = w.slide ?? w.size;
    for (let i = 0; i < n; i++) {
      const record = input.record(i);
      const k = keyOf(record);
      let s = seen.get(k);
      if (!s) seen.set(k, (s = { last: [], count: 0, fired: 0 }));
      // A ring of the key's last `size` records: record c sits at c % size.
      s.last[s.count % w.size] = record;
      if (++s.count % every === 0) {
        let acc = agg.create();
        // Oldest first: min(size, seen) of them.
        for (let c = Math.max(0, s.count - w.size); c < s.count; c++) acc = agg.add(acc, s.last[c % w.size]!);
        out.push(withKey(k, { window: null, index: s.fired++, value: agg.result(acc) }));
      }
    }
    return out;
  }

  if (w.kind === 'session') {
    const groups = new Map<unknown, Array<{ t: number; i: number }>>();
    for (let i = 0; i < n; i++) {
      const r = input.record(i);
      const k = keyOf(r);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = []));
      g.push({ t: timeOf(r, i), i });
    }
    for (const [k, items] of groups) {
      const sessions = mergeWindows(items.map((it) => ({ start: it.t, end: it.t + w.gap, it })));
      for (const s of sessions) {
        let acc = agg.create();
        // Elements in arrival order within the session (collect is order-sensitive).
        for (const p of [...s.parts].sort((a, b) => a.it.i - b.it.i)) acc = agg.add(acc, input.record(p.it.i));
        out.push(withKey(k, { window: s.merged, value: agg.result(acc) }));
      }
    }
  } else {
    // Keys in first-seen order, each key's windows in first-seen order (then the stable sort below).
    const assigner = assignerFor(w);
    const size = assigner.size!;
    const groups = new Map<unknown, Map<number, { window: TimeWindow; acc: unknown }>>();
    const starts: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = input.record(i);
      const t = timeOf(r, i);
      const k = keyOf(r);
      let accs = groups.get(k);
      if (!accs) groups.set(k, (accs = new Map()));
      const m = assigner.assignStarts!(t, starts);
      for (let j = 0; j < m; j++) {
        const start = starts[j]!;
        let a = accs.get(start);
        if (!a) accs.set(start, (a = { window: { start, end: start + size }, acc: agg.create() }));
        a.acc = agg.add(a.acc, r);
      }
    }
    for (const [k, accs] of groups) for (const { window, acc } of accs.values()) out.push(withKey(k, { window, value: agg.result(acc) }));
  }
  return out.sort((a, b) => a.window!.start - b.window!.start || a.window!.end - b.window!.end || compareKeys(a.key, b.key));
}

function compareKeys(a: unknown, b: unknown): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
