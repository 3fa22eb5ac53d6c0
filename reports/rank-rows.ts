// The report's words for a dedup, top-N or chained job (issue 18): which of the ground truth's rows each
// model's output ended with, which it missed and why, what it had beyond them, how many changelog rows it
// retracted on the way — paragraphs for the verdict — and the first differing rows with their records.
import type { RankCause } from '../scenarios/rank-result.ts';
import type { EngineView, SupportedEngine } from './engines.ts';
import { cell, fmtInt, fmtMs, fmtWindow, table } from './html.ts';
import { brief } from './join-pairs.ts';

type RankBlock = NonNullable<SupportedEngine['rank']>;

/** What each cause means, in words (scenarios/rank-result.ts rankCauses). */
export const RANK_CAUSES: Record<RankCause, string> = {
  'late-dropped': 'a record of its key, partition or window arrived behind the watermark and was dropped as late',
  'window-closure': 'Storm’s windows are (start, end], so a record at a window’s start is ranked in the window before (C3)',
  'not-flushed': 'its window (or its event time) was not behind the watermark when the input ended (the run’s end, not the model)',
  'arrival-order': 'the model keeps a key’s first arrival, not its earliest event time (Spark dropDuplicates)',
  'watermark-expiry':
    'Spark forgets a kept key only when the watermark passes its event time + within, so a later row inside that wait is still a duplicate (dropDuplicatesWithinWatermark)',
  'replayed-duplicate':
    'a restart replayed its records into a sink that is not exactly-once: the output holds the row twice, or still holds a row the replayed changelog left behind',
  'lost-on-crash': 'its record was in the job when it crashed, and an at-most-once model does not replay it (C2)',
  unexplained: 'no cause the lab can name',
};

const CONSTRUCT: Record<RankBlock['construct'], string> = {
  dedup: 'dedup',
  topN: 'top-N',
  perWindow: 'chained aggregation',
  groupBy: 'GROUP BY over a join',
  joinRecords: 'window result joined back to its records',
};

const causeWords = (causes: RankBlock['causes']): string =>
  (Object.entries(causes) as Array<[RankCause, number]>).map(([c, n]) => `${fmtInt(n)} because ${RANK_CAUSES[c]}`).join('; ');

/** One paragraph per engine: the rows its output ended with, missed, extra and why, retractions, latency. */
export function rankParagraphs(views: readonly EngineView[]): string[] {
  const out: string[] = [];
  for (const v of views) {
    if (!v.ok) {
      out.push(`${v.name} cannot run this job: ${v.reason ?? 'not supported'}.`);
      continue;
    }
    const k = v.ok.rank;
    if (!k) continue;
    const what = k.construct === 'perWindow' ? 'results' : 'rows';
    let s = `${v.name}’s ${CONSTRUCT[k.construct]} ended with ${fmtInt(k.final)} ${what}: ${fmtInt(k.exact)} of the ground truth’s ${fmtInt(k.rows)}`;
    s +=
      k.retracted > 0
        ? `, after ${fmtInt(k.emitted)} changelog rows, ${fmtInt(k.retracted)} of them retracting a row it had emitted.`
        : '.';
    if (k.strayRetractions)
      s += ` After a restart its replayed changelog retracted ${fmtInt(k.strayRetractions)} rows the output no longer held (an upsert sink would ignore them).`;
    if (k.missing > 0) s += ` It missed ${fmtInt(k.missing)}.`;
    if (k.extra > 0) s += ` It ended with ${fmtInt(k.extra)} the ground truth does not have.`;
    if (k.missing + k.extra > 0) s += ` Causes: ${causeWords(k.causes)}.`;
    if (k.latency.count > 0) {
      const [which, from] = k.construct === 'perWindow' ? ['A result', 'its window’s end'] : ['A final row', 'its record arrived'];
      s += ` ${which} came out a median ${fmtMs(k.latency.p50)} after ${from} (p99 ${fmtMs(k.latency.p99)}).`;
    }
    out.push(s);
  }
  return out;
}

/** The section: the first differing rows of every engine (the words are in the verdict, "The figures in words"). */
export function rankRowsSection(views: readonly EngineView[]): string {
  const rows = views.flatMap((v) =>
    (v.ok?.rank?.differences ?? []).slice(0, 50).map((d) => ({
      cells: [
        cell(v.name),
        cell(d.kind),
        cell(d.key === null || d.key === undefined ? '–' : JSON.stringify(d.key)),
        cell(fmtWindow(d.window, v.ok!.model?.closure)),
        cell(d.rank === null ? '–' : String(d.rank)),
        cell(d.row ? brief(d.row) : JSON.stringify(d.value)),
        cell(RANK_CAUSES[d.cause]),
      ],
    })),
  );
  const list =
    rows.length === 0
      ? '<p>The output of every model that ran ended with exactly the ground truth’s rows.</p>'
      : `<div class="scroll">${table({
          caption: 'The first differing rows of each model (up to 50 each; result.json lists up to 200)',
          head: ['model', 'difference', 'key', 'window', 'rank', 'row or value', 'cause'].map((h) => cell(h)),
          rows,
          id: 'rank-differences',
        })}</div>`;
  return `<p id="rank-rows">The rows each model’s output ended with against the ground truth’s, compared as multisets: a changelog (Flink’s keep-last dedup and updating Top-N emit +I, then −U/+U as a row is replaced) by the final state it leaves per window, as a sink applying it would hold it. What each emitted and missed is told in “The figures in words”.</p>\n${list}`;
}
