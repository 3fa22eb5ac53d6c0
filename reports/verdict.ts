// The figures in words: paragraphs generated from a result (never written by hand) that follow the
// decision box and say when each model emitted, what it got right, why not — the model's causes apart
// from windows the input's end left open — and what faults did. Pure; every number comes from the result.
import type { Result } from '../scenarios/result.ts';
import { causeCounts, causeText, differingByOrigin } from './causes.ts';
import { batchInterval, type EngineView, engineViews, type SupportedEngine, supported } from './engines.ts';
import { fmtInt, fmtMs, fmtPct, fmtSetting } from './html.ts';
import { joinParagraphs } from './join-pairs.ts';
import { modelSentences } from './model-verdict.ts';
import { rankParagraphs } from './rank-rows.ts';
import { recoverySentences } from './recovery-verdict.ts';
import { statelessParagraphs } from './stateless-records.ts';

/** The engine that emitted soonest (lowest median event-time latency); the reference for "later than". */
function fastest(ok: ReadonlyArray<EngineView & { ok: SupportedEngine }>): (EngineView & { ok: SupportedEngine }) | undefined {
  const timed = ok.filter((v) => v.ok.latency.eventTime.count > 0);
  return timed.reduce<(EngineView & { ok: SupportedEngine }) | undefined>(
    (best, v) => (best === undefined || v.ok.latency.eventTime.p50 < best.ok.latency.eventTime.p50 ? v : best),
    undefined,
  );
}

/** `updating`: a GROUP BY without a window (one row per key, updated in place), whose unit is the key. */
function correctnessSentence(v: EngineView & { ok: SupportedEngine }, updating = false): string {
  const c = v.ok.correctness;
  const { model, inputEnd, total } = differingByOrigin(v.ok);
  const windows = updating ? 'keys' : 'windows';
  if (c.windows === 0 && total === 0) return `${v.name} emitted no ${windows}, and the ground truth has none.`;
  const notes = [
    c.updates > 0 ? `after ${fmtInt(c.updates)} ${updating ? 'updates of their rows' : 'updates (late firings)'}` : '',
    c.duplicates > 0 ? `plus ${fmtInt(c.duplicates)} duplicate emissions` : '',
  ].filter((x) => x !== '');
  const extra = notes.length > 0 ? ` (${notes.join(', ')})` : '';
  const open =
    inputEnd > 0
      ? `${fmtInt(inputEnd)} ${inputEnd === 1 ? 'window was' : 'windows were'} still open when the input ended (not flushed: the run’s end, not the model)`
      : '';
  if (model === 0) {
    const due = c.windows - inputEnd;
    if (inputEnd === 0) return `${v.name} counted all ${fmtInt(c.windows)} ${windows} exactly${extra}.`;
    return `${v.name} counted all ${fmtInt(due)} ${windows} it was due to emit exactly${extra}; ${open}.`;
  }
  const kinds = [
    c.wrong > 0 ? `${fmtInt(c.wrong)} wrong` : '',
    c.missing > 0 ? `${fmtInt(c.missing)} missing` : '',
    c.extra > 0 ? `${fmtInt(c.extra)} extra` : '',
  ].filter((s) => s !== '');
  const causes = causeCounts(v.ok)
    .filter(([cause]) => cause !== 'not-flushed')
    .map(([cause, k]) => {
      const dropped = cause === 'late-dropped' && c.lateDropped > 0 ? ` (${fmtInt(c.lateDropped)} records dropped)` : '';
      return `${fmtInt(k)} because ${causeText(cause)}${dropped}`;
    });
  // Extra windows count in the whole too, so the share never passes 100 %.
  const all = c.windows + c.extra;
  const whole =
    c.extra > 0
      ? `${fmtInt(all)} windows (the ground truth’s ${fmtInt(c.windows)} and ${fmtInt(c.extra)} it lacks)`
      : `${fmtInt(c.windows)} windows`;
  return `${v.name} got ${fmtPct(model, Math.max(all, 1))} of ${whole} wrong because of its model (${kinds.join(', ')} in all)${
    causes.length > 0 ? `: ${causes.join('; ')}` : ''
  }${open ? `; besides, ${open}` : ''}.`;
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
  // What the per-second series measures from (join-result.ts, stateless-result.ts, rank-result.ts, engine-result.ts).
  const from = v.ok.join
    ? 'the later of their two records arrived'
    : v.ok.stateless
      ? 'their record arrived'
      : v.ok.rank && v.ok.rank.construct !== 'perWindow'
        ? 'their record’s event time'
        : 'their last event';
  return ` Its slowest results came in second ${fmtInt(Math.floor(peak.t / 1000))} of the run, ${fmtMs(peak.max)} after ${from} (p99 ${fmtMs(l.p99)}).`;
}

function medianSentence(v: EngineView & { ok: SupportedEngine }, ref: EngineView & { ok: SupportedEngine }): string {
  const l = v.ok.latency.eventTime;
  // A stream join emits pairs (issue 18), each measured from the later of its two records.
  const [one, many, last] = v.ok.join
    ? ['pair', 'pairs', 'the later event time of its two records']
    : v.ok.stateless
      ? ['record', 'records', 'its input record’s event time']
      : v.ok.rank
        ? ['row', 'rows', v.ok.rank.construct === 'perWindow' ? 'the last event of its window' : 'its record’s event time']
        : ['window', 'windows', 'its last event'];
  if (v.id === ref.id) return `${v.name} emitted each ${one} a median ${fmtMs(l.p50)} after ${last} (p99 ${fmtMs(l.p99)}).`;
  const diff = l.p50 - ref.ok.latency.eventTime.p50;
  const interval = batchInterval(v.ok);
  if (interval !== undefined && diff >= interval / 2) {
    const batches = Math.round(diff / interval);
    return `${v.name} emitted every ${one} about ${batches === 1 ? 'one batch' : `${batches} batches`} (${fmtMs(diff)}) later than ${ref.name} (batch interval ${fmtSetting(interval)}).`;
  }
  if (Math.abs(diff) < 1) return `${v.name} emitted ${many} as soon as ${ref.name}.`;
  return `${v.name} emitted ${many} about ${fmtMs(diff)} later than ${ref.name} (median ${fmtMs(l.p50)}).`;
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
  // A keyed aggregation without a window, in update or complete output (core/job.ts updatesInPlace).
  const silent = ok
    .filter((v) => v.ok.latency.eventTime.count === 0)
    .map((v) =>
      // A GROUP BY row over a join (q4) aggregates many records: it has no arrival of its own to measure from.
      v.ok.rank?.construct === 'groupBy'
        ? `${v.name}’s GROUP BY rows aggregate many records and have no arrival of their own, so their latency is not measured.`
        : v.noun[0] === 'key'
          ? `${v.name} updated each key’s row in place (a GROUP BY without a window): a row has no window to close, so its latency is not measured.`
          : `${v.name} emitted no ${v.ok.join ? 'pair' : v.ok.stateless ? 'record' : v.ok.rank ? 'row' : 'window result'} before the input ended.`,
    );
  const paragraphs = [
    result.interrupted ? ['The run was interrupted; only the engines that finished are shown.'] : [],
    ok.length === 0 ? ['No engine could run this job.'] : [],
    [...timing, ...silent],
    // A join's pairs are told by join-pairs.ts: emitted, missed and why.
    ok.some((v) => v.ok.join)
      ? joinParagraphs(ok)
      : ok.some((v) => v.ok.stateless)
        ? statelessParagraphs(ok)
        : ok.some((v) => v.ok.rank)
          ? rankParagraphs(ok)
          : ok.map((v) => correctnessSentence(v, v.noun[0] === 'key')),
    // A stateless job has no windows for the model sentences to compare: its timing is said above.
    ok.some((v) => v.ok.stateless) ? [] : modelSentences(result, views),
    recoverySentences(views, ref),
    views.filter((v) => v.ok === undefined).map((v) => `${v.name} does not support this job: ${v.reason}.`),
  ];
  return paragraphs.filter((p) => p.length > 0).map((p) => p.join(' '));
}
