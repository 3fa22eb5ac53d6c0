// The table of windows that differ from the ground truth, merged across engines: one row per
// (key, window), the true value, each engine's value and the cause. A small inline script filters it
// (see runtime.ts); without JavaScript every row shows.

import { causeLabel } from './causes.ts';
import type { EngineView, SupportedEngine } from './engines.ts';
import { type Cell, cell, esc, fmtInt, fmtWindow, num, table } from './html.ts';

type Difference = SupportedEngine['correctness']['differences'][number];

interface Row {
  key: unknown;
  window: Difference['window'];
  truth: unknown;
  byEngine: Map<string, Difference>;
}

const show = (v: unknown): string => (v === null || v === undefined ? '–' : typeof v === 'string' ? v : JSON.stringify(v));
const rowKey = (d: Difference): string => `${JSON.stringify(d.key)}|${d.window ? `${d.window.start},${d.window.end}` : 'global'}`;

export function differencesSection(views: readonly EngineView[]): string {
  const ok = views.filter((v): v is EngineView & { ok: SupportedEngine } => v.ok !== undefined);
  const rows = new Map<string, Row>();
  const nameOf = new Map(ok.map((v) => [v.id, v.name]));
  for (const v of ok) {
    for (const d of v.ok.correctness.differences ?? []) {
      const k = rowKey(d);
      let r = rows.get(k);
      if (!r) rows.set(k, (r = { key: d.key, window: d.window, truth: undefined, byEngine: new Map() }));
      if (d.kind !== 'extra' && r.truth === undefined) r.truth = d.expected;
      r.byEngine.set(v.id, d);
    }
  }
  // An engine whose list holds every difference is exact wherever it is absent; otherwise we cannot tell.
  const complete = new Map(
    ok.map((v) => [
      v.id,
      v.ok.correctness.differences.length >= v.ok.correctness.wrong + v.ok.correctness.missing + v.ok.correctness.extra,
    ]),
  );
  const total = ok.reduce((n, v) => n + v.ok.correctness.wrong + v.ok.correctness.missing + v.ok.correctness.extra, 0);
  if (rows.size === 0) return `<p class="empty">No window differs from the ground truth on any engine.</p>`;
  const causes = [...new Set([...rows.values()].flatMap((r) => [...r.byEngine.values()].map((d) => d.cause)))];
  const truncated = ok.filter((v) => !complete.get(v.id)).map((v) => v.name);
  const sorted = [...rows.values()].sort(
    (a, b) => (a.window?.start ?? 0) - (b.window?.start ?? 0) || show(a.key).localeCompare(show(b.key), 'en', { numeric: true }),
  );
  const body = sorted.map((r) => {
    const engineCells: Cell[] = ok.map((v) => {
      const d = r.byEngine.get(v.id);
      if (d === undefined)
        return complete.get(v.id)
          ? { html: esc(show(r.truth)), cls: 'num same', attrs: ' title="matches the ground truth"' }
          : num('not listed');
      const text = d.kind === 'missing' ? 'missing' : show(d.actual);
      const closure = v.ok.model?.closure ?? 'start-inclusive';
      return {
        html: esc(text),
        cls: `num differs ${d.kind}`,
        attrs: ` title="${esc(`${d.kind}, window ${fmtWindow(d.window, closure)}: ${causeLabel(d.cause)}`)}"`,
      };
    });
    // Group engines by cause: "late, dropped (event, tuple)".
    const byCause = new Map<string, string[]>();
    for (const [id, d] of r.byEngine) byCause.set(d.cause, [...(byCause.get(d.cause) ?? []), nameOf.get(id) ?? id]);
    const why = [...byCause].map(([c, ids]) => `${causeLabel(c)} (${ids.join(', ')})`).join('; ');
    const attrs =
      ` data-causes="${esc([...new Set([...r.byEngine.values()].map((d) => d.cause))].join(' '))}"` +
      ` data-engines="${esc([...r.byEngine.keys()].join(' '))}"` +
      ` data-text="${esc(`${show(r.key)} ${fmtWindow(r.window)}`.toLowerCase())}"`;
    return { attrs, cells: [cell(show(r.key)), cell(fmtWindow(r.window), 'nowrap'), num(show(r.truth)), ...engineCells, cell(why, 'why')] };
  });
  const note =
    truncated.length > 0 ? ` Lists hold the first differences only for ${truncated.join(', ')}; the counts above are complete.` : '';
  return `<p class="description">${fmtInt(rows.size)} windows differ from the ground truth on at least one engine (${fmtInt(total)} differences in all).${note} Windows are shown as [start, end); a highlighted value differs, a grey one matches the truth.</p>
<form class="filters" id="diff-filters" aria-controls="differences" onsubmit="return false">
<label>Key or window <input type="search" id="diff-text" placeholder="e.g. 3 or [18 s"></label>
<label>Cause <select id="diff-cause"><option value="">any</option>${causes.map((c) => `<option value="${esc(c)}">${esc(causeLabel(c))}</option>`).join('')}</select></label>
<label>Engine <select id="diff-engine"><option value="">any</option>${ok.map((v) => `<option value="${esc(v.id)}">${esc(v.name)}</option>`).join('')}</select></label>
<output id="diff-count" for="diff-text diff-cause diff-engine">${fmtInt(rows.size)} windows</output>
</form>
<div class="scroll tall">${table({
    id: 'differences',
    cls: 'differences',
    caption: 'Differing windows: key, window, true value, each engine’s value and the cause.',
    head: [
      cell('key'),
      cell('window'),
      num('truth'),
      ...ok.map((v) => ({ html: `<span class="swatch" style="background:${v.colour}"></span>${esc(v.name)}`, cls: 'num' })),
      cell('cause'),
    ],
    rows: body,
  })}</div>`;
}
