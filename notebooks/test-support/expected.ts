// What the notebooks' tables must show, computed in Node straight from runTrace and the oracle (not
// through the notebook frame's moments), for the browser tests to compare with what the page shows.
import { evaluate } from '../../engines/oracle/oracle.ts';
import { aggregationJob, parseTrace, runTrace } from '../../engines/trace.ts';
import { sameValue } from '../lib/compare.ts';
import { emissionCells, fmtValue, fmtWatermark, secs } from '../lib/format.ts';
import type { TraceFile } from '../lib/trace-builder.ts';

interface StepRow {
  index: number;
  time: number;
  end: boolean;
}

function stepsOf(file: TraceFile): { rows: StepRow[]; run: ReturnType<typeof runTrace>; trace: ReturnType<typeof parseTrace> } {
  const trace = parseTrace(file);
  const run = runTrace(trace);
  let now = 0;
  const rows = trace.steps.map((s, index) => {
    if ('advance' in s.action) now = s.action.advance;
    return { index, time: now, end: 'end' in s.action };
  });
  return { rows, run, trace };
}

/** Is step `s` at or before the page's moment `at` ('' none, 'end' all, `#n` preset steps, else a time)? */
function within(s: StepRow, at: string): boolean {
  if (at === '') return false;
  if (at === 'end') return true;
  if (at.startsWith('#')) return s.index <= Number(at.slice(1));
  return !s.end && s.time <= Number(at);
}

/** The results-and-late-events table: time, step, output, key, window, value (and the oracle column). */
export function expectedEmissionRows(file: TraceFile, at: string, withOracle: boolean): string[][] {
  const { rows, run, trace } = stepsOf(file);
  const closure = file.engine.kind === 'tuple' ? '(]' : '[)';
  const input = trace.steps.flatMap((s, i) =>
    'add' in s.action ? s.action.add.map((record) => ({ record, arrival: rows[i]!.time })) : [],
  );
  const oracle = evaluate(aggregationJob(trace), input);
  const out: string[][] = [];
  for (const r of rows) {
    if (!within(r, at)) continue;
    for (const e of run.steps[r.index]!.emissions) {
      if (e.output === 'watermark') continue;
      const cells = [r.end ? 'end' : secs(r.time), String(r.index), ...emissionCells(e, closure)];
      if (withOracle) {
        if (e.output !== 'main') cells.push('');
        else {
          const o = oracle.find(
            (x) =>
              (x.key ?? null) === (e.key ?? null) &&
              x.window !== null &&
              e.window !== null &&
              x.window.start === e.window.start &&
              x.window.end === e.window.end,
          );
          cells.push(!o ? 'not in the oracle' : sameValue(o.value, e.value) ? '= oracle' : `oracle: ${fmtValue(o.value)}`);
        }
      }
      out.push(cells);
    }
  }
  return out;
}

/** The engine's watermark after each moment of processing time (clock grouping), up to `at`. */
export function expectedWatermarks(file: TraceFile, at: string): Array<[string, string]> {
  const { rows, run } = stepsOf(file);
  const moments: Array<{ label: string; wm: number | null }> = [];
  rows.forEach((r, i) => {
    const step = file.steps[r.index]!;
    const starts = i === 0 || 'advance' in step || r.end || moments[moments.length - 1]!.label === 'end';
    if (starts && within(r, at)) moments.push({ label: r.end ? 'end' : secs(r.time), wm: null });
    if (within(r, at)) moments[moments.length - 1]!.wm = run.steps[r.index]!.watermark;
  });
  const out: Array<[string, string]> = [];
  let previous: number | null = null;
  for (const m of moments) {
    if (m.wm !== previous) out.push([m.label, fmtWatermark(m.wm)]);
    previous = m.wm;
  }
  return out;
}

/** Does every step meet the trace file's own expectations (a conformance preset)? */
export function expectationsMet(file: TraceFile): boolean {
  return stepsOf(file).run.failures === 0;
}

export interface NodeResult {
  key: unknown;
  window: { start: number; end: number } | null;
  value: unknown;
  /** Processing time of the step that emitted it first. */
  first: number;
  emissions: number;
}

/** The last result per (key, window) that runTrace emitted, keyed `key|start,end`, with when it first came. */
export function lastResults(file: TraceFile): Map<string, NodeResult> {
  const { rows, run } = stepsOf(file);
  const out = new Map<string, NodeResult>();
  for (const r of rows) {
    for (const e of run.steps[r.index]!.emissions) {
      if (e.output !== 'main' || e.window === null) continue;
      const id = `${JSON.stringify(e.key ?? null)}|${e.window.start},${e.window.end}`;
      const had = out.get(id);
      out.set(id, { key: e.key, window: e.window, value: e.value, first: had?.first ?? r.time, emissions: (had?.emissions ?? 0) + 1 });
    }
  }
  return out;
}

/** The oracle's value per (key, window), keyed as lastResults keys them. */
export function oracleValues(file: TraceFile): Map<string, unknown> {
  const { rows, trace } = stepsOf(file);
  const input = trace.steps.flatMap((s, i) =>
    'add' in s.action ? s.action.add.map((record) => ({ record, arrival: rows[i]!.time })) : [],
  );
  return new Map(
    evaluate(aggregationJob(trace), input)
      .filter((o) => o.window !== null)
      .map((o) => [`${JSON.stringify(o.key ?? null)}|${o.window!.start},${o.window!.end}`, o.value]),
  );
}

/** Ids runTrace sent to the late output, dropped, or counted in some result. */
export function recordFates(file: TraceFile): { late: Set<number>; dropped: Set<number>; counted: Set<number> } {
  const { run } = stepsOf(file);
  const out = { late: new Set<number>(), dropped: new Set<number>(), counted: new Set<number>() };
  for (const s of run.steps) {
    for (const e of s.emissions) {
      if (e.output === 'late') out.late.add(e.record.id as number);
      if (e.output === 'dropped') out.dropped.add(e.record.id as number);
      if (e.output === 'main' && Array.isArray(e.value)) for (const id of e.value) out.counted.add(id as number);
    }
  }
  return out;
}

/** Count-window firings per key in emission order, numbered from 1 as the notebooks number them. */
export function countFirings(file: TraceFile): Map<string, unknown> {
  const { run } = stepsOf(file);
  const n = new Map<string, number>();
  const out = new Map<string, unknown>();
  for (const s of run.steps) {
    for (const e of s.emissions) {
      if (e.output !== 'main' || e.window !== null) continue;
      const key = String(e.key);
      const i = (n.get(key) ?? 0) + 1;
      n.set(key, i);
      out.set(`${key}|${i}`, e.value);
    }
  }
  return out;
}

/** The error text `streamlab trace` would print for this file, or null when it runs. */
export function traceError(file: TraceFile): string | null {
  try {
    runTrace(parseTrace(file));
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
