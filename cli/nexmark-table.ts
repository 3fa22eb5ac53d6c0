// The `nexmark` suite's table, aligned text in the manner of the Nexmark project's result table (GUIDE_V1:
// `+----+` rules, `|` columns): one row per query, one column group per engine, then what the marks mean,
// the refusals, which queries of q0–q22 the catalog lacks, and where Flink's figures come from.
import { FLINK_SOURCE, queryOf } from './nexmark-figures.ts';
import type { EngineCell, QueryRow } from './nexmark-rows.ts';

export interface TableInput {
  mode: 'real' | 'simulated';
  rows: QueryRow[];
  notInCatalog: string[];
  /** A line naming the machine (real mode), or null. */
  machine: string | null;
}

type GroupCells = string[] | { span: string };

const SUB_REAL = ['in K/s', 'cores', 'K/s/core', 'correct', '×Flink'];
/** Simulated mode has no CPU time: no cores, no per-core figure, no ratio. */
const SUB_SIMULATED = ['in K/s', 'correct'];
const LEAD = ['query', 'events', 'to engines', 'Flink'];
const LEAD2 = ['', '', '', 'K/s/core'];

/** Engine column groups, in order of first appearance: id and the system it models. */
export function engineGroups(rows: QueryRow[]): Array<{ id: string; system: string }> {
  const seen = new Map<string, string>();
  for (const r of rows) for (const e of r.engines) if (!seen.has(e.id)) seen.set(e.id, e.system);
  return [...seen].map(([id, system]) => ({ id, system }));
}

const num = (x: number, digits: number) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function cells(e: EngineCell | undefined, row: QueryRow, real: boolean): GroupCells {
  if (!e) return { span: row.exit !== 0 ? `failed (exit ${row.exit})` : '– (no entry)' };
  if (e.status !== 'ok') return { span: 'not supported' };
  const c = e.correctness;
  const ratio = e.ratio !== null ? num(e.ratio, e.ratio >= 10 ? 1 : 2) : row.comparable === 'no' && e.kPerCore !== null ? 'n/c' : '–';
  const input = e.inputPerSec !== null ? num(e.inputPerSec / 1000, 1) : '–';
  const correct = c ? `${c.exact}/${c.total}${c.wrong > 0 ? '!' : ''}` : '–';
  if (!real) return [input, correct];
  return [
    input,
    e.cores !== null ? num(e.cores, 2) : '–',
    e.kPerCore !== null ? `${num(e.kPerCore, 1)}${e.afterArrival ? '†' : ''}` : '–',
    correct,
    ratio,
  ];
}

export function formatTable(input: TableInput): string[] {
  const real = input.mode === 'real';
  const SUB = real ? SUB_REAL : SUB_SIMULATED;
  const engines = engineGroups(input.rows);
  // Every run failed: no engine is known, and one column still says so per row.
  const groups = engines.length > 0 ? engines : [{ id: 'engines', system: '' }];
  const body = input.rows.map((r) => ({
    lead: [
      `${r.q}${r.comparable === 'no' ? '*' : r.comparable === 'differs' ? '°' : ''}`,
      r.events !== null ? r.events.toLocaleString('en-US') : '–',
      r.accepted !== null && r.events ? `${num((100 * r.accepted) / r.events, 1)} %` : '–',
      r.flinkKPerCore !== null ? String(r.flinkKPerCore) : '–',
    ],
    groups: groups.map((g) =>
      cells(
        r.engines.find((e) => e.id === g.id),
        r,
        real,
      ),
    ),
  }));
  const leadW = LEAD.map((h, i) => Math.max(h.length, LEAD2[i]!.length, ...body.map((b) => b.lead[i]!.length)));
  const subW = groups.map((_, gi) =>
    SUB.map((h, k) => Math.max(h.length, ...body.map((b) => (Array.isArray(b.groups[gi]) ? (b.groups[gi] as string[])[k]!.length : 0)))),
  );
  const titles = groups.map((g) => g.id);
  // A group is as wide as its columns with their separators; widen its last column for a longer title or span.
  groups.forEach((_, gi) => {
    const w = subW[gi]!;
    const spans = body.map((b) => b.groups[gi]).filter((c): c is { span: string } => !Array.isArray(c));
    const need = Math.max(titles[gi]!.length, ...spans.map((s) => s.span.length));
    const have = w.reduce((a, b) => a + b, 0) + 3 * (w.length - 1);
    if (need > have) w[w.length - 1]! += need - have;
  });
  const groupW = subW.map((w) => w.reduce((a, b) => a + b, 0) + 3 * (w.length - 1));
  const rule = `+${[...leadW, ...groupW].map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (parts: string[]) => `| ${parts.join(' | ')} |`;
  const right = (s: string, w: number) => s.padStart(w);
  const out: string[] = [rule];
  out.push(line([...LEAD.map((h, i) => h.padEnd(leadW[i]!)), ...titles.map((t, gi) => t.padEnd(groupW[gi]!))]));
  out.push(line([...LEAD2.map((h, i) => right(h, leadW[i]!)), ...subW.map((w) => SUB.map((h, k) => right(h, w[k]!)).join(' | '))]));
  out.push(rule);
  for (const b of body) {
    const lead = b.lead.map((c, i) => (i === 0 ? c.padEnd(leadW[i]!) : right(c, leadW[i]!)));
    const gs = b.groups.map((c, gi) =>
      Array.isArray(c) ? c.map((x, k) => right(x, subW[gi]![k]!)).join(' | ') : c.span.padEnd(groupW[gi]!),
    );
    out.push(line([...lead, ...gs]));
  }
  out.push(rule);
  if (engines.length > 0) out.push(`engines: ${engines.map((g) => `${g.id} = ${g.system}`).join(', ')}.`);
  return [...out, ...notes(input)];
}

function notes(input: TableInput): string[] {
  const out: string[] = [];
  const real = input.mode === 'real';
  out.push(
    real
      ? 'in K/s: events/s over the arrival span (warm-up excluded); cores: process CPU time / wall time over that span, measured; K/s/core: events per CPU-second, the CPU the engine used after the last arrival until quiet included.'
      : 'simulated mode: in K/s is on the virtual clock (the scenario rate) and there is no CPU time, so no per-core figure and no ratio to Flink: run --mode real for those.',
  );
  out.push(
    'to engines: share of the events that passed the filters, which run once before the engines, outside the measured span; the rest only move their clocks (Nexmark counts every event through its filter). A stateless query (q0–q2, q10, q13, q14, q21, q22) filters inside the engines, within the span.',
  );
  out.push(
    'correct: oracle windows the engine got exactly right / oracle windows (joins: oracle pairs matched / oracle pairs; dedup, top-N and chained: oracle rows the output ended with / oracle rows); ! = it also emitted wrong, extra or duplicate results; causes in nexmark.json and each report.',
  );
  if (input.rows.some((r) => r.engines.some((e) => e.afterArrival))) {
    out.push(
      '† the engine ran longer after the last arrival than the arrivals took (timers, last windows; Spark fires its batches on the trigger, B1): K/s/core counts the CPU it used then, in K/s (over the arrival span) does not.',
    );
  }
  for (const r of input.rows) {
    if (r.comparable === 'no') out.push(`${r.q}*: not the published query (${r.note}): n/c, no ratio.`);
    else if (r.comparable === 'differs') out.push(`${r.q}°: ${r.note}; the ratio compares the same query with that difference.`);
  }
  for (const r of input.rows) for (const e of r.engines) if (e.status !== 'ok') out.push(`${r.q} ${e.id}: ${e.status}`);
  // Why a result is not exact, by the causes result.json names (each report explains them in words).
  for (const r of input.rows) {
    for (const e of r.engines) {
      const c = e.correctness;
      if (!c || (c.exact === c.total && c.wrong === 0)) continue;
      const causes = Object.entries(c.causes)
        .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
        .join(', ');
      const n = (x: number) => x.toLocaleString('en-US');
      out.push(`${r.q} ${e.id}: ${n(c.missing)} ${c.unit} missing, ${n(c.wrong)} wrong or extra${causes ? ` (${causes})` : ''}`);
    }
  }
  for (const r of input.rows) if (r.exit !== 0) out.push(`${r.q}: the run failed with exit ${r.exit}: ${r.error ?? '(no message)'}`);
  out.push(`Not in the catalog (of Nexmark q0–q22): ${input.notInCatalog.join(', ')}; what each needs:`);
  for (const q of input.notInCatalog) out.push(`  ${q}: ${queryOf(q)?.needs ?? 'not a Nexmark query'}.`);
  out.push(`${FLINK_SOURCE}.`);
  if (real) {
    out.push(
      '×Flink sets one Node.js process (in memory, no checkpoints, its input generated and filtered before the measured span) beside a Flink cluster whose source generates the events inside the job: a scale, not a like-for-like benchmark.',
    );
  }
  if (input.machine) out.push(input.machine);
  return out;
}

/** For tests: the cells of one engine as the table prints them. */
export function printedCells(e: EngineCell | undefined, row: QueryRow, real: boolean): string[] {
  const c = cells(e, row, real);
  return Array.isArray(c) ? c : [c.span];
}
