// The verdict: a plain-language paragraph generated from the figures of a result (never written by
// hand), and the one-line form the index page shows. Pure; every number comes from the result.
import type { Result } from '../scenarios/result.ts';
import { batchInterval, type EngineView, engineViews, type SupportedEngine, supported } from './engines.ts';
import { fmtInt, fmtMs, fmtPct } from './html.ts';
import { modelSentences } from './model-verdict.ts';
import { recoverySentences } from './recovery-verdict.ts';

/** Why a window differs, as a clause after "because". Unknown causes fall back to their name. */
export const CAUSE_TEXT: Record<string, string> = {
  'late-dropped': 'it dropped records that arrived after the watermark had passed their window',
  'window-closure': 'its windows are (start, end], so an event exactly on a boundary counts in the earlier window',
  'wrong-window': 'it windows by arrival (processing) time, not event time',
  'not-flushed': 'windows still open at the end of the input were never emitted',
  'replayed-duplicate': 'a replay emitted the result again',
  'lost-on-crash': 'the result was lost in a crash',
  'scan-stopped': 'a tuple that arrived in time was queued behind one beyond the watermark plus the lag, where Storm’s window scan stops',
  unexplained: 'of no cause the lab can name',
};

/** A short label for a cause, for tables and charts. */
export const CAUSE_LABEL: Record<string, string> = {
  'late-dropped': 'late, dropped',
  'window-closure': '(start, end] windows',
  'wrong-window': 'arrival-time window',
  'not-flushed': 'not flushed at end',
  'replayed-duplicate': 'replayed duplicate',
  'lost-on-crash': 'lost on crash',
  'scan-stopped': 'queued behind the scan stop',
  unexplained: 'unexplained',
};

export const causeText = (c: string): string => CAUSE_TEXT[c] ?? c;
export const causeLabel = (c: string): string => CAUSE_LABEL[c] ?? c;

const differing = (e: SupportedEngine): number => e.correctness.wrong + e.correctness.missing + e.correctness.extra;

/** The engine that emitted soonest (lowest median event-time latency); the reference for "later than". */
function fastest(ok: ReadonlyArray<EngineView & { ok: SupportedEngine }>): (EngineView & { ok: SupportedEngine }) | undefined {
  const timed = ok.filter((v) => v.ok.latency.eventTime.count > 0);
  return timed.reduce<(EngineView & { ok: SupportedEngine }) | undefined>(
    (best, v) => (best === undefined || v.ok.latency.eventTime.p50 < best.ok.latency.eventTime.p50 ? v : best),
    undefined,
  );
}

function correctnessSentence(v: EngineView & { ok: SupportedEngine }): string {
  const c = v.ok.correctness;
  const n = differing(v.ok);
  if (c.windows === 0 && n === 0) return `${v.id} emitted no windows, and the ground truth has none.`;
  if (n === 0) {
    const notes = [
      c.updates > 0 ? `after ${fmtInt(c.updates)} updates (late firings)` : '',
      c.duplicates > 0 ? `plus ${fmtInt(c.duplicates)} duplicate emissions` : '',
    ].filter((x) => x !== '');
    const extra = notes.length > 0 ? ` (${notes.join(', ')})` : '';
    return `${v.id} counted all ${fmtInt(c.windows)} windows exactly${extra}.`;
  }
  const kinds = [
    c.wrong > 0 ? `${fmtInt(c.wrong)} wrong` : '',
    c.missing > 0 ? `${fmtInt(c.missing)} missing` : '',
    c.extra > 0 ? `${fmtInt(c.extra)} extra` : '',
  ].filter((s) => s !== '');
  const causes = Object.entries(c.causes)
    .filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([cause, k]) => {
      const dropped = cause === 'late-dropped' && c.lateDropped > 0 ? ` (${fmtInt(c.lateDropped)} records dropped)` : '';
      return `${fmtInt(k)} because ${causeText(cause)}${dropped}`;
    });
  const share = fmtPct(n, Math.max(c.windows, 1));
  return `${v.id} got ${share} of ${fmtInt(c.windows)} windows wrong (${kinds.join(', ')})${causes.length > 0 ? `: ${causes.join('; ')}` : ''}.`;
}

function latencySentence(v: EngineView & { ok: SupportedEngine }, ref: EngineView & { ok: SupportedEngine }): string {
  return v.id === ref.id ? medianSentence(v, ref) : `${medianSentence(v, ref)}${tailSentence(v)}`;
}

/**
 * A tail far above the median (a burst, a stall, a crash) is what the median hides: when p99 is at least
 * three times the median and a second more, say when the slowest results came.
 */
function tailSentence(v: EngineView & { ok: SupportedEngine }): string {
  const l = v.ok.latency.eventTime;
  if (l.p99 < 3 * l.p50 || l.p99 - l.p50 < 1000) return '';
  const points = v.ok.series?.latency ?? [];
  if (points.length === 0) return '';
  const peak = points.reduce((a, b) => (b.max > a.max ? b : a));
  return ` Its slowest results came in second ${fmtInt(Math.floor(peak.t / 1000))} of the run, ${fmtMs(peak.max)} after their last event (p99 ${fmtMs(l.p99)}).`;
}

function medianSentence(v: EngineView & { ok: SupportedEngine }, ref: EngineView & { ok: SupportedEngine }): string {
  const l = v.ok.latency.eventTime;
  if (v.id === ref.id) return `${v.id} emitted each window a median ${fmtMs(l.p50)} after its last event (p99 ${fmtMs(l.p99)}).`;
  const diff = l.p50 - ref.ok.latency.eventTime.p50;
  const interval = batchInterval(v.ok);
  if (interval !== undefined && diff >= interval / 2) {
    const batches = Math.round(diff / interval);
    return `${v.id} emitted every window about ${batches === 1 ? 'one batch' : `${batches} batches`} (${fmtMs(diff)}) later than ${ref.id} (batch interval ${fmtMs(interval)}).`;
  }
  if (Math.abs(diff) < 1) return `${v.id} emitted windows as soon as ${ref.id}.`;
  return `${v.id} emitted windows about ${fmtMs(diff)} later than ${ref.id} (median ${fmtMs(l.p50)}).`;
}

/**
 * The verdict as paragraphs: when each engine emitted; what it got right and why not; where and why
 * the microbatch and tuple models differ from the event model; what faults and checkpoints did; what did not run.
 */
export function verdictParagraphs(result: Result): string[] {
  const views = engineViews(result);
  const ok = supported(views);
  const ref = fastest(ok);
  const timing =
    ref === undefined
      ? []
      : [ref, ...ok.filter((x) => x.id !== ref.id)].filter((v) => v.ok.latency.eventTime.count > 0).map((v) => latencySentence(v, ref));
  const silent = ok
    .filter((v) => v.ok.latency.eventTime.count === 0)
    .map((v) => `${v.id} emitted no window result before the input ended.`);
  const paragraphs = [
    result.interrupted ? ['The run was interrupted; only the engines that finished are shown.'] : [],
    ok.length === 0 ? ['No engine could run this job.'] : [],
    [...timing, ...silent],
    ok.map(correctnessSentence),
    modelSentences(result, views),
    recoverySentences(views, ref),
    views.filter((v) => v.ok === undefined).map((v) => `${v.id} does not support this job: ${v.reason}.`),
  ];
  return paragraphs.filter((p) => p.length > 0).map((p) => p.join(' '));
}

/** One line for the index: per engine, exact windows and median latency (or why it did not run). */
export function headline(result: Result): string {
  return engineViews(result)
    .map((v) => {
      if (v.ok === undefined) return `${v.id} not supported`;
      const c = v.ok.correctness;
      const causes = Object.entries(c.causes)
        .filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0)
        .map(([k, n]) => `${fmtInt(n)} ${causeLabel(k)}`);
      const lat = v.ok.latency.eventTime.count > 0 ? `, p50 ${fmtMs(v.ok.latency.eventTime.p50)}` : '';
      return `${v.id} ${fmtInt(c.exact)}/${fmtInt(c.windows)} exact${causes.length > 0 ? ` (${causes.join(', ')})` : ''}${lat}`;
    })
    .join(' · ');
}
