// The report's words for a stream join (issue 18): which of the ground truth's pairs each model emitted,
// which it missed and why, what it emitted beyond them (NULL-padded rows, a pair again in another
// window) — paragraphs for the verdict — and the first differing pairs with their records.
import type { JoinCause } from '../scenarios/join-result.ts';
import type { EngineView, SupportedEngine } from './engines.ts';
import { cell, fmtInt, fmtMs, fmtWindow, table } from './html.ts';

type JoinBlock = NonNullable<SupportedEngine['join']>;

/** What each cause means, in words (scenarios/join-result.ts joinCauses). */
export const JOIN_CAUSES: Record<JoinCause, string> = {
  'late-dropped': 'a side arrived after the watermark had passed it and was dropped as late',
  'window-closure': 'Storm’s windows are (start, end], so a record at a window’s start pairs in the window before (C3, E6)',
  'not-flushed': 'the window had not closed when the input ended (the run’s end, not the model)',
  'batch-time': 'DStreams pair the records that arrive in the same batch window, not those of the same event-time window (E5)',
  'outer-row-pending': 'the NULL-padded row of an unmatched record waits for a state eviction that never came (E4)',
  'outer-row-early': 'a NULL-padded row came out although the record has a partner (it arrived late, or after the row left state)',
  'evicted-before-partner': 'one side had left the join state before its partner arrived',
  'replayed-duplicate': 'the pair was emitted again after a restart replayed its records (an extra row downstream)',
  'lost-on-crash': 'a side was in the job when it crashed, and an at-most-once model does not replay it (C2)',
  unexplained: 'no cause the lab can name',
};

const causeWords = (causes: JoinBlock['causes']): string =>
  (Object.entries(causes) as Array<[JoinCause, number]>).map(([c, n]) => `${fmtInt(n)} because ${JOIN_CAUSES[c]}`).join('; ');

/** One paragraph per engine: emitted, missed, extra, repeats, NULL rows, latency per pair. */
export function joinParagraphs(views: readonly EngineView[]): string[] {
  const out: string[] = [];
  for (const v of views) {
    if (!v.ok) {
      out.push(`${v.name} cannot run this join: ${v.reason ?? 'not supported'}.`);
      continue;
    }
    const j = v.ok.join;
    if (!j) continue;
    const parts = [`${v.name} emitted ${fmtInt(j.emitted)} pairs: ${fmtInt(j.matched)} of the ground truth’s ${fmtInt(j.pairs)}`];
    if (j.repeats > 0) parts.push(`${fmtInt(j.repeats)} of them a pair it had already emitted in another window`);
    if (j.outerRows > 0) parts.push(`${fmtInt(j.outerRows)} NULL-padded rows`);
    let s = `${parts.join(', ')}.`;
    if (j.missing > 0) s += ` It missed ${fmtInt(j.missing)}.`;
    if (j.extra > 0) s += ` It emitted ${fmtInt(j.extra)} the ground truth does not have.`;
    if (j.missing + j.extra > 0) s += ` Causes: ${causeWords(j.causes)}.`;
    if (j.latency.count > 0)
      s += ` A pair came out a median ${fmtMs(j.latency.p50)} after the later of its two records arrived (p99 ${fmtMs(j.latency.p99)}).`;
    if (j.outerLatency.count > 0) {
      s += ` Its NULL-padded rows came out a median ${fmtMs(j.outerLatency.p50)} after their record arrived (p99 ${fmtMs(j.outerLatency.p99)}).`;
    }
    out.push(s);
  }
  return out;
}

/** A record in a table cell: its fields without long texts (Nexmark's descriptions), cut short. */
export function brief(r: Record<string, unknown> | null): string {
  if (r === null) return 'NULL';
  const text = JSON.stringify(Object.fromEntries(Object.entries(r).filter(([, v]) => typeof v !== 'string' || v.length <= 16)));
  return text.length > 90 ? `${text.slice(0, 89)}…` : text;
}

/** The section: the first differing pairs of every engine (the words are in the verdict, "The figures in words"). */
export function joinPairsSection(views: readonly EngineView[]): string {
  const rows = views.flatMap((v) =>
    (v.ok?.join?.differences ?? []).slice(0, 50).map((d) => ({
      cells: [
        cell(v.name),
        cell(d.kind),
        cell(d.key === undefined ? '–' : JSON.stringify(d.key)),
        cell(fmtWindow(d.window, v.ok!.model?.closure)),
        cell(brief(d.left)),
        cell(brief(d.right)),
        cell(JOIN_CAUSES[d.cause]),
      ],
    })),
  );
  const list =
    rows.length === 0
      ? '<p>Every model that ran emitted exactly the ground truth’s pairs.</p>'
      : `<div class="scroll">${table({
          caption: 'The first differing pairs of each model (up to 50 each; result.json lists up to 200)',
          head: ['model', 'difference', 'key', 'window', 'left', 'right', 'cause'].map((h) => cell(h)),
          rows,
          id: 'join-differences',
        })}</div>`;
  return `<p id="join-pairs">Each model’s pairs against the ground truth’s, compared as multisets — with the window where the model assigns event-time windows, without it for DStreams, whose windows are batch time (E5). What each emitted and missed is told in “The figures in words”.</p>\n${list}`;
}
