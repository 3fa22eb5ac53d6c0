// Concrete changes for the decision box, each with its effect where this run's data gives it: the
// watermark delay (or Storm lag) that would have admitted every late record — the most any record trailed
// the newest event time before it — and the latency it costs; Flink's allowed lateness; the micro-batch
// interval; the window closure; the delivery guarantee. Each says whether it is computed from this run's
// data (a figure of this run, or an entry of this run that measured it) or a suggestion. Pure.
import type { Result } from '../scenarios/result.ts';
import { batchInterval, type EngineView, type SupportedEngine } from './engines.ts';
import { fmtInt, fmtMs, fmtSetting } from './html.ts';
import { duplicateWords, latencyWords, outcomeWords, plural } from './ranking.ts';
import { guarantee } from './recovery.ts';

type Ok = EngineView & { ok: SupportedEngine };
export type Basis = 'computed' | 'suggestion';
export interface Change {
  id: string;
  basis: Basis;
  /** Plain text (escaped by the caller). */
  text: string;
}

/** Systems with allowed lateness, as data (SEMANTICS.md D: Flink yes; Spark's delay is its lateness; Storm has the lag only). */
const ALLOWED_LATENESS = new Set(['Apache Flink']);

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const cause = (e: SupportedEngine, c: string): number => (e.correctness.causes as Record<string, number | undefined>)[c] ?? 0;

/** The entry's watermark setting: its own (an entry's override replaces the job's), its name (`lag` for Storm's), its value. */
function delayOf(result: Result, e: SupportedEngine): { field: 'lag' | 'delay'; ms: number } {
  const wm = record(e.config.watermark ?? record(result.scenario.job).watermark);
  if (typeof wm.lag === 'number') return { field: 'lag', ms: wm.lag };
  return { field: 'delay', ms: typeof wm.delay === 'number' ? wm.delay : 0 };
}
function latenessOf(result: Result, e: SupportedEngine): number {
  const a = e.config.allowedLateness ?? record(result.scenario.job).allowedLateness;
  return typeof a === 'number' ? a : 0;
}

/** Up to what is shown: 2,994 ms shows as "3 s", never as 2.99 s, which would fall short. */
export function ceilShown(ms: number): number {
  const step = ms < 1000 ? 1 : ms < 10_000 ? 10 : ms < 60_000 ? 100 : 1000;
  return Math.ceil(ms / step) * step;
}

const measured = (v: Ok, setting: string): string =>
  `${v.name}, ${setting}: ${outcomeWords(v)}${duplicateWords(v.ok)}; ${latencyWords(v.ok)}`;

function watermarkChange(result: Result, ok: readonly Ok[]): Change | null {
  const d = result.input.disorder;
  const job = record(result.scenario.job);
  if (!d || d.maxLateness <= 0 || job.time !== 'event' || job.watermark === 'explicit') return null;
  const hurt = ok.filter((v) => cause(v.ok, 'late-dropped') + cause(v.ok, 'scan-stopped') > 0 && delayOf(result, v.ok).ms < d.maxLateness);
  if (hurt.length === 0) return null;
  const need = ceilShown(d.maxLateness);
  const speed = result.input.clock?.speed ?? 1;
  const costs = hurt.map((v) => {
    const { field, ms } = delayOf(result, v.ok);
    const more = (need - ms) / speed;
    const l = v.ok.latency.eventTime;
    const p50 = l.count > 0 ? `, p50 ${fmtMs(l.p50)} → about ${fmtMs(l.p50 + more)}` : '';
    return `${v.name}: ${field === 'lag' ? 'lag' : 'delay'} ${fmtSetting(ms)} → ${fmtSetting(need)}, every window ${fmtSetting(more)} later${p50}`;
  });
  const done = ok.filter(
    (v) =>
      !hurt.includes(v) &&
      delayOf(result, v.ok).ms >= d.maxLateness &&
      cause(v.ok, 'late-dropped') === 0 &&
      hurt.some((h) => h.system === v.system),
  );
  const seen =
    done.length > 0
      ? ` Measured in this run: ${done.map((v) => measured(v, `${delayOf(result, v.ok).field} ${fmtSetting(delayOf(result, v.ok).ms)}`)).join('; ')}.`
      : '';
  return {
    id: 'watermark-delay',
    basis: 'computed',
    text: `Watermark delay of at least ${fmtSetting(need)} would have admitted every late record: no record trailed the newest event time before it by more than ${fmtInt(d.maxLateness)} ms (${fmtInt(d.behind)} of ${fmtInt(result.input.accepted)} records arrived behind it). Cost — ${costs.join('; ')}.${seen}`,
  };
}

function latenessChange(result: Result, ok: readonly Ok[]): Change[] {
  const d = result.input.disorder;
  if (!d || d.maxLateness <= 0) return [];
  return ok
    .filter((v) => ALLOWED_LATENESS.has(v.system) && cause(v.ok, 'late-dropped') > 0)
    .flatMap((v) => {
      const delay = delayOf(result, v.ok).ms;
      const need = ceilShown(d.maxLateness - delay);
      if (need <= latenessOf(result, v.ok)) return [];
      const sibling = ok.filter(
        (s) =>
          s !== v &&
          s.system === v.system &&
          latenessOf(result, s.ok) > 0 &&
          delayOf(result, s.ok).ms + latenessOf(result, s.ok) >= d.maxLateness,
      );
      const seen =
        sibling.length > 0
          ? ` Measured in this run: ${sibling.map((s) => measured(s, `allowed lateness ${fmtSetting(latenessOf(result, s.ok))}, ${fmtInt(s.ok.correctness.updates)} updates`)).join('; ')}.`
          : '';
      const c = v.ok.correctness;
      return [
        {
          id: `allowed-lateness-${v.id}`,
          basis: 'computed' as const,
          text: `Allowed lateness of ${fmtSetting(need)} on ${v.name} (delay stays ${fmtSetting(delay)}) would count every late record: each window is still first emitted as now (${latencyWords(v.ok)}), then emitted again by a late firing for each late record (${fmtInt(c.lateDropped)} records in this run), and its state is kept ${fmtSetting(need)} past its end.${seen}`,
        },
      ];
    });
}

function intervalChange(ok: readonly Ok[]): Change[] {
  const batchy = ok.filter((v) => v.ok.model?.processing === 'micro-batch' && v.ok.latency.eventTime.count > 0);
  const bySystem = new Map<string, Ok[]>();
  for (const v of batchy) bySystem.set(v.system, [...(bySystem.get(v.system) ?? []), v]);
  return [...bySystem].flatMap(([system, vs]): Change[] => {
    // The configured interval (0: the default trigger, each batch when the last ends), else the median gap.
    const intervals = vs
      .map((v) => ({ v, i: typeof v.ok.config.interval === 'number' ? v.ok.config.interval : (batchInterval(v.ok) ?? 0) }))
      .sort((a, b) => a.i - b.i);
    if (new Set(intervals.map((x) => x.i)).size > 1) {
      const list = intervals.map(
        (x) =>
          `${x.i === 0 ? 'default trigger (0)' : fmtSetting(x.i)}: p50 ${fmtMs(x.v.ok.latency.eventTime.p50)}, ${fmtInt(new Set(x.v.ok.series.batches).size)} batches with results`,
      );
      return [
        {
          id: `interval-${system}`,
          basis: 'computed' as const,
          text: `Micro-batch interval on ${system}, measured in this run — ${list.join('; ')}.`,
        },
      ];
    }
    const { v, i } = intervals[0]!;
    if (i <= 0) return [];
    return [
      {
        id: `interval-${system}`,
        basis: 'suggestion' as const,
        text: `A shorter micro-batch interval on ${v.name} (now ${fmtSetting(i)}; p50 ${fmtMs(v.ok.latency.eventTime.p50)}): results become visible only at the end of a batch, and a window closes in the batch after the one whose watermark passed its end, so up to two intervals of that latency are the trigger’s. The default trigger (interval 0) starts each batch when the last ends; every batch then pays its fixed cost more often.`,
      },
    ];
  });
}

function closureChange(ok: readonly Ok[]): Change[] {
  return ok
    .filter((v) => v.ok.model?.closure === 'end-inclusive' && cause(v.ok, 'window-closure') > 0)
    .map((v) => ({
      id: `closure-${v.id}`,
      basis: 'suggestion' as const,
      text: `${v.name} counts windows as (end − length, end]: ${fmtInt(cause(v.ok, 'window-closure'))} ${plural(cause(v.ok, 'window-closure'), 'window differs', 'windows differ')} only for that. Subtracting 1 ms from each timestamp in its timestamp extractor gives [start, end) windows, as the ground truth has.`,
    }));
}

function deliveryChange(ok: readonly Ok[]): Change[] {
  const out: Change[] = [];
  for (const v of ok) {
    const lost = cause(v.ok, 'lost-on-crash');
    // replayed-duplicate counts identical re-emissions and windows counted too high after a replay.
    const dup = Math.max(v.ok.correctness.duplicates, cause(v.ok, 'replayed-duplicate'));
    const better = (d: string[]) => ok.filter((s) => s !== v && s.system === v.system && d.includes(s.ok.model?.delivery ?? ''));
    if (lost > 0) {
      const s = better(['at-least-once', 'exactly-once']);
      out.push({
        id: `delivery-${v.id}`,
        basis: s.length > 0 ? 'computed' : 'suggestion',
        text: `At-least-once delivery on ${v.name} (a replay of what the crash held) would have kept the ${fmtInt(lost)} results it lost.${s.length > 0 ? ` Measured in this run: ${s.map((x) => `${x.name} (${guarantee(x.ok)}): lost ${fmtInt(x.ok.recovery.lost)}, repeated ${fmtInt(x.ok.recovery.duplicated)}, ${latencyWords(x.ok)}`).join('; ')}.` : ''}`,
      });
    } else if (dup > 0 && v.ok.model?.delivery !== 'exactly-once') {
      const s = better(['exactly-once']);
      out.push({
        id: `delivery-${v.id}`,
        basis: s.length > 0 ? 'computed' : 'suggestion',
        text: `Exactly-once delivery on ${v.name} (${guarantee(v.ok) || 'as run'}) — replayed state with a transactional or idempotent sink — would keep the replay’s ${fmtInt(dup)} repeated or over-counted results out of the output.${s.length > 0 ? ` Measured in this run: ${s.map((x) => `${x.name} (${guarantee(x.ok)}): repeated ${fmtInt(x.ok.recovery.duplicated)}, ${latencyWords(x.ok)}`).join('; ')}.` : ''}`,
      });
    }
  }
  return out;
}

/** Every change the lab can compute or suggest for this result, most general first. */
export function changes(result: Result, views: readonly EngineView[]): Change[] {
  const ok = views.filter((v): v is Ok => v.ok !== undefined);
  const wm = watermarkChange(result, ok);
  return [...(wm ? [wm] : []), ...latenessChange(result, ok), ...intervalChange(ok), ...closureChange(ok), ...deliveryChange(ok)];
}
