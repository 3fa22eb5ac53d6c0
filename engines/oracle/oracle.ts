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

/** Final value of every (key, window) of `job` over the whole input, sorted by window start then key. */
export function evaluate(job: Job, input: readonly OracleInput[]): OracleResult[] {
  const agg = aggregateFor(job.aggregate);
  const keyOf = (r: Rec) => (job.key === undefined ? undefined : r[job.key]);
  const timeOf = (x: OracleInput, i: number): number => {
    if (job.time === 'event') {
      const ts = x.record[job.timestamp];
      if (typeof ts !== 'number' || !Number.isFinite(ts))
        throw new InputError(`input[${i}].${job.timestamp}`, 'missing event-time timestamp');
      return ts;
    }
    if (x.arrival === undefined) throw new InputError(`input[${i}].arrival`, `a ${job.time}-time job needs arrival times`);
    return x.arrival;
  };
  const w = job.window;
  const out: OracleResult[] = [];
  const withKey = (key: unknown, r: Omit<OracleResult, 'key'>): OracleResult => (job.key === undefined ? r : { key, ...r });

  if (w.kind === 'global') return out; // GlobalWindows' default trigger never fires.

  if (w.kind === 'count') {
    // Count windows are per key in arrival order; a firing every `slide` (or `size`) elements over the last `size`.
    const seen = new Map<unknown, Rec[]>();
    const fired = new Map<unknown, number>();
    const every = w.slide ?? w.size;
    input.forEach(({ record }) => {
      const k = keyOf(record);
      let buf = seen.get(k);
      if (!buf) seen.set(k, (buf = []));
      buf.push(record);
      if (buf.length % every === 0) {
        const n = fired.get(k) ?? 0;
        fired.set(k, n + 1);
        const last = buf.slice(w.slide === undefined ? buf.length - w.size : Math.max(0, buf.length - w.size));
        let acc = agg.create();
        for (const r of last) acc = agg.add(acc, r);
        out.push(withKey(k, { window: null, index: n, value: agg.result(acc) }));
      }
    });
    return out;
  }

  const groups = new Map<unknown, Array<{ t: number; r: Rec; i: number }>>();
  input.forEach((x, i) => {
    const k = keyOf(x.record);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push({ t: timeOf(x, i), r: x.record, i });
  });

  if (w.kind === 'session') {
    for (const [k, items] of groups) {
      const sessions = mergeWindows(items.map((it) => ({ start: it.t, end: it.t + w.gap, it })));
      for (const s of sessions) {
        let acc = agg.create();
        // Elements in arrival order within the session (collect is order-sensitive).
        for (const p of [...s.parts].sort((a, b) => a.it.i - b.it.i)) acc = agg.add(acc, p.it.r);
        out.push(withKey(k, { window: s.merged, value: agg.result(acc) }));
      }
    }
  } else {
    const assigner = assignerFor(w);
    for (const [k, items] of groups) {
      const accs = new Map<number, { window: TimeWindow; acc: unknown }>();
      for (const { t, r } of items) {
        for (const win of assigner.assign(t)) {
          let a = accs.get(win.start);
          if (!a) accs.set(win.start, (a = { window: win, acc: agg.create() }));
          a.acc = agg.add(a.acc, r);
        }
      }
      for (const { window, acc } of accs.values()) out.push(withKey(k, { window, value: agg.result(acc) }));
    }
  }
  return out.sort((a, b) => a.window!.start - b.window!.start || a.window!.end - b.window!.end || compareKeys(a.key, b.key));
}

function compareKeys(a: unknown, b: unknown): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
