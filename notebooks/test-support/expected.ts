// What the notebooks' tables must show, computed in Node straight from runTrace and the oracle (not
// through the notebook frame's moments), for the browser tests to compare with what the page shows.
import { evaluate } from '../../engines/oracle/oracle.ts';
import { parseTrace, runTrace } from '../../engines/trace.ts';
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
  const oracle = evaluate(trace.job, input);
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
