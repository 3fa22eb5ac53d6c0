// The report's words for a stateless job (issue 18, Nexmark q0–q2, q13, q14, q21, q22): what a result is
// called (a record, not a window), a paragraph per engine — records emitted, matched, missed, emitted twice
// and why — and the first differing records.

import { causeText } from './causes.ts';
import type { EngineView } from './engines.ts';
import { cell, fmtInt, fmtMs, table } from './html.ts';

/** One paragraph per engine: records emitted against the ground truth's, differences with their causes, latency. */
export function statelessParagraphs(views: readonly EngineView[]): string[] {
  const out: string[] = [];
  for (const v of views) {
    const s = v.ok?.stateless;
    if (!s) continue;
    let p = `${v.name} emitted ${fmtInt(s.emitted)} records: ${fmtInt(s.matched)} of the ground truth’s ${fmtInt(s.records)} (the filtered, mapped input).`;
    if (s.missing > 0) p += ` It missed ${fmtInt(s.missing)}.`;
    if (s.extra > 0)
      p += ` It emitted ${fmtInt(s.extra)} more${s.duplicates > 0 ? `, ${fmtInt(s.duplicates)} of them a record it had already emitted` : ''}.`;
    const causes = Object.entries(s.causes).map(([c, n]) => `${fmtInt(n)} because ${causeText(c)}`);
    if (causes.length > 0) p += ` Causes: ${causes.join('; ')}.`;
    const l = v.ok!.latency.processingTime;
    if (l.count > 0) p += ` A record came out a median ${fmtMs(l.p50)} after its input arrived (p99 ${fmtMs(l.p99)}).`;
    out.push(p);
  }
  return out;
}

/** A record in a table cell, cut short. */
function brief(r: Record<string, unknown>): string {
  const text = JSON.stringify(r);
  return text.length > 110 ? `${text.slice(0, 109)}…` : text;
}

/** The section: the first differing records of every engine. */
export function statelessRecordsSection(views: readonly EngineView[]): string {
  const rows = views.flatMap((v) =>
    (v.ok?.stateless?.differences ?? []).slice(0, 50).map((d) => ({
      cells: [cell(v.name), cell(d.kind), cell(brief(d.record)), cell(causeText(d.cause))],
    })),
  );
  const list =
    rows.length === 0
      ? '<p>Every model that ran emitted exactly the ground truth’s records.</p>'
      : `<div class="scroll">${table({
          caption: 'The first differing records of each model (up to 50 each; result.json lists up to 200)',
          head: ['model', 'difference', 'record', 'cause'].map((h) => cell(h)),
          rows,
          id: 'stateless-differences',
        })}</div>`;
  return `<p id="stateless-records">Each model’s output records against the ground truth’s — the input through the job’s filter and map — compared as multisets: order does not count, a second copy of a record does. What each emitted and missed is told in “The figures in words”.</p>\n${list}`;
}
