// Where and why the microbatch (Spark) and tuple (Storm) models differ from the event (Flink) model,
// from the causes and figures of a result: late records dropped by each, the watermark each judged
// lateness by, windows never flushed at the end of input, (end − length, end] closure and arrival-time
// windows. One sentence per non-event engine, against the first event engine of the result.
import type { Result } from '../scenarios/result.ts';
import { batchInterval, type EngineView, type SupportedEngine } from './engines.ts';
import { fmtInt, fmtMs, fmtSetting, fmtWindow } from './html.ts';

type Ok = EngineView & { ok: SupportedEngine };
type Watermark = SupportedEngine['series']['watermark'][number];

const cause = (e: SupportedEngine, c: string): number => (e.correctness.causes as Record<string, number | undefined>)[c] ?? 0;
/** What the correctness counts are of: pairs for a stream join (join-result.ts), windows otherwise. */
const units = (e: SupportedEngine, n: number): string =>
  e.join !== undefined ? (n === 1 ? 'pair' : 'pairs') : n === 1 ? 'window' : 'windows';
const complete = (e: SupportedEngine): boolean =>
  e.correctness.differences.length >= e.correctness.wrong + e.correctness.missing + e.correctness.extra;

/** The watermark `back` changes before the latest one at or before `t` (0: the latest). */
function watermarkAt(series: readonly Watermark[], t: number, back: number): number | undefined {
  let i = -1;
  for (let j = 0; j < series.length && series[j]!.t <= t; j++) i = j;
  const w = series[i - back];
  return w === undefined || !Number.isFinite(w.wm) ? undefined : w.wm;
}

/**
 * How far (ms, median over the reference's watermark updates) the watermark an engine drops late
 * records by trails the reference's. Spark (≥ 3.4) filters late rows with the previous batch's
 * watermark (eventTimeWatermarkForLateEvents), so `back` is 1 for microbatch.
 */
export function watermarkLag(ref: SupportedEngine, other: SupportedEngine, back: number): number | undefined {
  const lags = ref.series.watermark.flatMap((w) => {
    const o = watermarkAt(other.series.watermark, w.t, back);
    return o === undefined || !Number.isFinite(w.wm) ? [] : [w.wm - o];
  });
  if (lags.length === 0) return undefined;
  lags.sort((a, b) => a - b);
  return lags[Math.floor(lags.length / 2)];
}

/** "[18 s, 19 s) to [19 s, 20 s)": the span of the windows listed with a cause (only when the list is complete). */
function windowSpan(e: SupportedEngine, c: string, closure: 'start-inclusive' | 'end-inclusive'): string {
  if (!complete(e)) return '';
  const ws = e.correctness.differences.filter((d) => d.cause === c && d.window !== null).map((d) => d.window!);
  if (ws.length === 0) return '';
  const first = ws.reduce((a, b) => (b.start < a.start ? b : a));
  const last = ws.reduce((a, b) => (b.end > a.end ? b : a));
  return first.start === last.start ? ` (${fmtWindow(first, closure)})` : ` (${fmtWindow(first, closure)} to ${fmtWindow(last, closure)})`;
}

/** "tuple dropped 948 late tuples (189 windows short), event 784 records (177 windows short)": the engine that dropped more first. */
function lateClause(ref: Ok, v: Ok, noun: string): string {
  const side = (x: Ok, unit: string) => {
    const n = x.ok.correctness.lateDropped;
    const w = cause(x.ok, 'late-dropped');
    return n === 0 && w === 0 ? 'none' : `${fmtInt(n)} ${unit}${w > 0 ? ` (${fmtInt(w)} ${units(x.ok, w)} short)` : ''}`;
  };
  const [a, b, ua, ub] =
    v.ok.correctness.lateDropped > ref.ok.correctness.lateDropped ? [v, ref, noun, 'records'] : [ref, v, 'records', noun];
  return `${a.name} dropped ${side(a, `late ${ua}`)}, ${b.name} ${side(b, ub)}`;
}

function microbatchSentence(ref: Ok, v: Ok): string[] {
  const out: string[] = [];
  const lateDiffers =
    ref.ok.correctness.lateDropped !== v.ok.correctness.lateDropped || cause(ref.ok, 'late-dropped') !== cause(v.ok, 'late-dropped');
  if (lateDiffers) {
    const lag = watermarkLag(ref.ok, v.ok, 1);
    const behind =
      lag !== undefined && lag > 0 ? `, so the watermark ${v.name} judged lateness by was a median ${fmtMs(lag)} behind ${ref.name}’s` : '';
    out.push(
      `${lateClause(ref, v, 'rows')}: Spark computes its watermark at the end of a batch, applies it to the next, and filters late rows with the previous batch’s watermark${behind}; and a row is late only once its window’s end is behind that watermark`,
    );
  }
  const nf = cause(v.ok, 'not-flushed');
  if (nf > cause(ref.ok, 'not-flushed')) {
    out.push(
      `${fmtInt(nf)} windows${windowSpan(v.ok, 'not-flushed', 'start-inclusive')} were still open when the input ended and ${v.name} never emitted them: Spark moves its watermark only when new data arrives and flushes nothing at the end of input${cause(ref.ok, 'not-flushed') === 0 ? `, while ${ref.name}’s final watermark closes every window` : ''}`,
    );
  }
  const interval = batchInterval(v.ok);
  const diff = v.ok.latency.eventTime.p50 - ref.ok.latency.eventTime.p50;
  if (interval !== undefined && v.ok.latency.eventTime.count > 0 && ref.ok.latency.eventTime.count > 0 && diff >= interval / 2) {
    const batches = Math.round(diff / interval);
    out.push(
      `its results came ${batches === 1 ? 'one batch' : `${batches} batches`} after ${ref.name}’s because the watermark advances only at the end of a batch and the window closes in the next batch, which uses it`,
    );
  }
  return out;
}

function tupleSentence(ref: Ok, v: Ok, result: Result): string[] {
  const out: string[] = [];
  const job = (result.scenario as { job?: { time?: unknown; watermark?: { delay?: unknown } } }).job;
  const ww = cause(v.ok, 'wrong-window');
  if (job?.time === 'processing' || ww > 0) {
    out.push(
      `it windows by arrival (processing) time, so an out-of-order tuple counts in the window it arrived in, not the one its timestamp belongs to${ww > 0 ? ` (${fmtInt(ww)} ${units(v.ok, ww)} differ)` : ''}`,
    );
  } else {
    const wm = v.ok.config.watermark;
    const lag =
      typeof wm === 'object' && wm !== null && typeof (wm as Record<string, unknown>).lag === 'number'
        ? ((wm as Record<string, unknown>).lag as number)
        : typeof job?.watermark?.delay === 'number'
          ? job.watermark.delay
          : undefined;
    const minus = lag === undefined ? ' minus the lag' : lag > 0 ? ` minus a ${fmtSetting(lag)} lag` : ' seen (no lag)';
    out.push(`it windows by event time in Storm’s windowed bolt, with a watermark of the highest timestamp${minus}`);
  }
  const lateDiffers =
    ref.ok.correctness.lateDropped !== v.ok.correctness.lateDropped || cause(ref.ok, 'late-dropped') !== cause(v.ok, 'late-dropped');
  if (lateDiffers && v.ok.correctness.lateDropped > 0) {
    out.push(
      `${lateClause(ref, v, 'tuples')}: Storm drops a tuple as soon as its own timestamp is behind the last watermark, while ${ref.name} drops a record only once its window’s end is behind the watermark`,
    );
  }
  const wc = cause(v.ok, 'window-closure');
  if (wc > 0) {
    out.push(
      `${fmtInt(wc)} ${units(v.ok, wc)} ${wc === 1 ? 'differs' : 'differ'} because Storm’s windows are (end − length, end]: an event exactly on a boundary counts in the earlier window`,
    );
  }
  const nf = cause(v.ok, 'not-flushed');
  if (nf > cause(ref.ok, 'not-flushed')) {
    out.push(
      v.ok.join !== undefined
        ? `${fmtInt(nf)} ${units(v.ok, nf)} of windows still open when the input ended were never emitted: nothing moves its watermark past them`
        : `${fmtInt(nf)} windows${windowSpan(v.ok, 'not-flushed', 'end-inclusive')} still open when the input ended were never emitted: nothing moves its watermark past them`,
    );
  }
  return out;
}

/** "Where and why X differs from event: …" for each microbatch and tuple engine (empty without an event engine). */
export function modelSentences(result: Result, views: readonly EngineView[]): string[] {
  const ok = views.filter((v): v is Ok => v.ok !== undefined);
  // The reference: an event-at-a-time model with [start, end) windows (Flink's), the closest to the oracle's meaning.
  const ref = ok.find((v) => v.ok.model?.processing === 'record-at-a-time' && v.ok.model.closure === 'start-inclusive');
  if (ref === undefined) return [];
  return ok.flatMap((v) => {
    const m = v.ok.model;
    const clauses =
      m?.processing === 'micro-batch' ? microbatchSentence(ref, v) : m?.closure === 'end-inclusive' ? tupleSentence(ref, v, result) : [];
    if (clauses.length === 0) return [];
    const [first, ...rest] = clauses;
    const head = `Where and why ${v.name} differs from ${ref.name}: ${first}.`;
    // Follow-up sentences start with "it"/"its" (capitalized) or with a figure or an engine id (kept as is).
    return [head, ...rest.map((c) => (/^its?\b/.test(c) ? `I${c.slice(1)}.` : `${c}.`))];
  });
}
