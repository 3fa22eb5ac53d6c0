// The oracle of a join job: every matching pair over the whole bounded input, with perfect knowledge of
// event time (E): a window join pairs each key's left and right records of every window they share, an
// interval join pairs records with `lo' <= right.ts − left.ts <= hi'`, a regular join pairs every left and
// right record of a key; outer joins add each record no pair matched, with null on the other side. A window
// join's stream with `distinct` takes part as one row per distinct combination of its fields per window.
import type { Rec } from '../core/aggregates.ts';
import { distinctOf, intervalBounds, type JoinJob, type JoinPair, joinKey, joinRows, sideOf } from '../core/join-job.ts';
import { assignerFor } from '../core/windows/assigners.ts';
import { type Closure, mergeWindows, type TimeWindow } from '../core/windows/time-window.ts';
import type { OracleInput } from './oracle.ts';

/** One pair of the ground truth: its key, its window (window joins; null otherwise) and the pair. */
export interface JoinResult {
  key: unknown;
  window: TimeWindow | null;
  value: JoinPair;
}

interface Side {
  r: Rec;
  t: number;
}

/**
 * Every pair of `job` over `input`, in a canonical order (key, window, then pair text). `closure` '(]':
 * windows as Storm's windowed bolt closes them (C3). Records of other streams are ignored. `sorted: false`
 * leaves them in the order they were found (by key, then left record) — for a caller that aggregates or
 * ranks them and orders its own output: the sort builds and compares every pair's text.
 */
export function evaluateJoin(job: JoinJob, input: readonly OracleInput[], closure: Closure = '[)', sorted = true): JoinResult[] {
  const byKey = new Map<string, { key: unknown; left: Side[]; right: Side[] }>();
  for (const { record } of input) {
    const side = sideOf(job, record);
    if (side === null) continue;
    const key = joinKey(job, side, record);
    const id = JSON.stringify(key ?? null);
    let g = byKey.get(id);
    if (!g) byKey.set(id, (g = { key, left: [], right: [] }));
    g[side].push({ r: record, t: record[job.timestamp] as number });
  }
  const j = job.join;
  const out: JoinResult[] = [];
  const outer = { left: j.type === 'left' || j.type === 'full', right: j.type === 'right' || j.type === 'full' };
  const pairUp = (key: unknown, window: TimeWindow | null, left: Side[], right: Side[], match: (l: Side, r: Side) => boolean) => {
    const matchedRight = new Set<Side>();
    for (const l of left) {
      let any = false;
      for (const r of right) {
        if (!match(l, r)) continue;
        any = true;
        matchedRight.add(r);
        out.push({ key, window, value: { left: l.r, right: r.r } });
      }
      if (!any && outer.left) out.push({ key, window, value: { left: l.r, right: null } });
    }
    if (outer.right) for (const r of right) if (!matchedRight.has(r)) out.push({ key, window, value: { left: null, right: r.r } });
  };
  for (const { key, left, right } of byKey.values()) {
    if (j.kind === 'regular') pairUp(key, null, left, right, () => true);
    else if (j.kind === 'interval') {
      const { lo, hi } = intervalBounds(j);
      pairUp(key, null, left, right, (l, r) => r.t - l.t >= lo && r.t - l.t <= hi);
    } else {
      for (const [window, sides] of windowsOf(job, left, right, closure)) {
        // A stream with `distinct` is one row per distinct combination of its fields in the window (q8).
        const rows = (side: 'left' | 'right', list: Side[]): Side[] =>
          distinctOf(job, side)
            ? joinRows(
                job,
                side,
                list.map((x) => x.r),
              ).map((r) => ({ r, t: Number.NaN }))
            : list;
        pairUp(key, window, rows('left', sides.left), rows('right', sides.right), () => true);
      }
    }
  }
  if (!sorted) return out;
  // Each pair's text once (a comparator that stringified would do it O(n log n) times).
  const texts = out.map((x) => JSON.stringify([x.key ?? null, x.window?.start ?? null, x.window?.end ?? null, x.value]));
  const order = out.map((_, i) => i).sort((a, b) => (texts[a]! < texts[b]! ? -1 : texts[a]! > texts[b]! ? 1 : 0));
  return order.map((i) => out[i]!);
}

/** Each window of one key with the left and right records in it (sessions merge across both sides, E1). */
function windowsOf(job: JoinJob, left: Side[], right: Side[], closure: Closure): Map<TimeWindow, { left: Side[]; right: Side[] }> {
  const w = job.window!;
  const out = new Map<string, { window: TimeWindow; left: Side[]; right: Side[] }>();
  const put = (window: TimeWindow, side: 'left' | 'right', s: Side) => {
    const id = `${window.start},${window.end}`;
    let e = out.get(id);
    if (!e) out.set(id, (e = { window, left: [], right: [] }));
    e[side].push(s);
  };
  if (w.kind === 'session') {
    const all = [...left.map((s) => ({ s, side: 'left' as const })), ...right.map((s) => ({ s, side: 'right' as const }))];
    for (const { merged, parts } of mergeWindows(all.map((x) => ({ start: x.s.t, end: x.s.t + w.gap, x })))) {
      const window = { start: merged.start, end: merged.end };
      for (const p of parts) put(window, p.x.side, p.x.s);
    }
  } else {
    const assigner = assignerFor(w, closure);
    for (const [side, list] of [['left', left] as const, ['right', right] as const]) {
      for (const s of list) for (const window of assigner.assign(s.t)) put(window, side, s);
    }
  }
  return new Map([...out.values()].map((e) => [e.window, { left: e.left, right: e.right }]));
}
