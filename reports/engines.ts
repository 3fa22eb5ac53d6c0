// The engines of a result as the report sees them: supported or not, each named by the system it models
// (result.json `model.system`; never by an engine kind) and with one colour used by every chart and table,
// assigned by position so a scenario's engines always get the same hues.
import { type Job, updatesInPlace } from '../engines/core/job.ts';
import type { EngineResult, Result } from '../scenarios/result.ts';

export type SupportedEngine = Extract<EngineResult, { status: 'ok' }>;

/** Tableau 10, minus grey (reserved for input and ground truth). */
export const PALETTE = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2', '#eeca3b', '#9d755d', '#ff9da6'] as const;
/** Colour of the input events and of the oracle (ground truth). */
export const NEUTRAL = '#8c8c8c';

export interface EngineView {
  /** The entry's id in result.json (unique within a result). */
  id: string;
  /** The system modelled ('Apache Flink', 'Spark Structured Streaming', …); the id for a result without a model. */
  system: string;
  /** How the report names the entry: its system, with the id in parentheses where several entries share one. */
  name: string;
  colour: string;
  /** Undefined for an engine marked "not supported: reason". */
  ok: SupportedEngine | undefined;
  /** The reason, for an unsupported engine. */
  reason: string | undefined;
  /** What its results are called (singular, plural): see resultNoun. */
  noun: readonly [string, string];
}

export function isSupported(e: EngineResult): e is SupportedEngine {
  return e.status === 'ok' && 'throughput' in e;
}

export function engineViews(result: Result): EngineView[] {
  const systems = result.engines.map((e) => e.model?.system ?? e.id);
  // The id says something only when the scenario gave one (the default is the kind, plus a flavor given).
  const named = (e: EngineResult) => e.id !== e.kind && e.id !== `${e.kind}-${String(e.config.flavor)}`;
  return result.engines.map((e, i) => ({
    id: e.id,
    system: systems[i]!,
    name:
      e.model !== undefined && (named(e) || systems.filter((s) => s === systems[i]).length > 1) ? `${systems[i]} (${e.id})` : systems[i]!,
    colour: PALETTE[i % PALETTE.length]!,
    ok: isSupported(e) ? e : undefined,
    reason: isSupported(e) ? undefined : e.status.replace(/^not supported:\s*/, ''),
    noun: resultNoun(e, jobOf(result, e)),
  }));
}

export function supported(views: readonly EngineView[]): Array<EngineView & { ok: SupportedEngine }> {
  return views.filter((v): v is EngineView & { ok: SupportedEngine } => v.ok !== undefined);
}

/** The colour scale every chart shares: engine names in result order. */
export function colourScale(views: readonly EngineView[]): { domain: string[]; range: string[] } {
  return { domain: views.map((v) => v.name), range: views.map((v) => v.colour) };
}

/** The micro-batch interval of an engine (ms): its configured `interval`, else the median gap between batches. */
export function batchInterval(e: SupportedEngine): number | undefined {
  const configured = e.config.interval;
  if (typeof configured === 'number' && configured > 0) return configured;
  const b = e.series?.batches ?? [];
  if (e.model?.processing !== 'micro-batch' || b.length < 2) return undefined;
  const gaps = b
    .slice(1)
    .map((t, i) => t - b[i]!)
    .sort((x, y) => x - y);
  return gaps[Math.floor(gaps.length / 2)];
}

/**
 * What an engine's results are called (singular, plural): a join's pairs, a rank job's rows, a stateless job's
 * records, an updating GROUP BY's keys (one row per key, no window), else windows.
 */
export function resultNoun(e: EngineResult, job: unknown): [string, string] {
  if ('join' in e && e.join) return ['pair', 'pairs'];
  if ('rank' in e && e.rank) return ['row', 'rows'];
  if ('stateless' in e && e.stateless) return ['record', 'records'];
  if (groupsByKey(job)) return ['key', 'keys'];
  return ['window', 'windows'];
}

/** The job an engine ran: the scenario's, with the entry's own `window` and `outputMode` where it overrides them. */
function jobOf(result: Result, e: EngineResult): unknown {
  const own = Object.fromEntries(['window', 'outputMode'].filter((k) => e.config[k] !== undefined).map((k) => [k, e.config[k]]));
  return { ...(result.scenario.job as object), ...own };
}

/** A keyed aggregation without a window in update or complete output: SQL's GROUP BY key (core/job.ts updatesInPlace). */
function groupsByKey(job: unknown): boolean {
  const j = job as Partial<Job> | undefined;
  return j?.window !== undefined && j.outputMode !== undefined && updatesInPlace(j as Job);
}
