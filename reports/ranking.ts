// The ranking of a result's engines by the criteria its scenario names (`rank`; default: correctness, then
// latency). Lower is better on every criterion; engines equal on all of them share a place; engines that
// could not run come last, unranked. Windows the input's end left open never count against a model.
import type { RankCriterion } from '../scenarios/scenario.ts';
import { differingByOrigin } from './causes.ts';
import type { EngineView, SupportedEngine } from './engines.ts';
import { fmtInt, fmtMs } from './html.ts';

export const DEFAULT_RANK: readonly RankCriterion[] = ['correctness', 'latency'];

const CRITERION: Record<RankCriterion, { text: string; scores: (e: SupportedEngine) => number[] }> = {
  correctness: {
    text: 'correctness (%s wrong because of the model, then duplicate results)',
    scores: (e) => [differingByOrigin(e).model, e.correctness.duplicates],
  },
  latency: { text: 'median event-time latency', scores: (e) => [latencyOf(e, 'p50')] },
  'tail-latency': { text: 'p99 event-time latency', scores: (e) => [latencyOf(e, 'p99')] },
  recovery: {
    text: 'recovery (results lost or repeated after the fault, then downtime)',
    scores: (e) => [e.recovery.lost + e.recovery.duplicated, e.recovery.downtimeMs],
  },
};

/** An engine that emitted nothing has no latency: it ranks behind every engine that did. */
const latencyOf = (e: SupportedEngine, p: 'p50' | 'p99'): number =>
  e.latency.eventTime.count > 0 ? e.latency.eventTime[p] : Number.POSITIVE_INFINITY;

export interface Ranked {
  view: EngineView;
  /** 1-based place (shared by equals); null for an engine that did not run. */
  place: number | null;
}

/** The criteria a result's scenario names (validated when the scenario was read), else the default. */
export function criteriaOf(scenario: Record<string, unknown>): { criteria: readonly RankCriterion[]; named: boolean } {
  const rank = scenario.rank;
  return Array.isArray(rank) && rank.length > 0
    ? { criteria: rank.filter((c): c is RankCriterion => c in CRITERION), named: true }
    : { criteria: DEFAULT_RANK, named: false };
}

/** "Ranked by correctness (…), then median event-time latency — the default order." */
export function criteriaSentence(criteria: readonly RankCriterion[], named: boolean, results = 'windows'): string {
  const list = criteria.map((c) => CRITERION[c].text.replace('%s', results));
  const joined = list.length === 1 ? list[0]! : `${list.slice(0, -1).join(', ')}, then ${list[list.length - 1]}`;
  return `Ranked by ${joined}${named ? ', as the scenario asks' : ' (the default order)'}.`;
}

export function rank(views: readonly EngineView[], criteria: readonly RankCriterion[]): Ranked[] {
  const scored = views
    .filter((v): v is EngineView & { ok: SupportedEngine } => v.ok !== undefined)
    .map((v) => ({ v, s: criteria.flatMap((c) => CRITERION[c].scores(v.ok)) }));
  const cmp = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
    return 0;
  };
  // Stable: equals keep the result's order.
  const sorted = scored.map((x, i) => ({ ...x, i })).sort((a, b) => cmp(a.s, b.s) || a.i - b.i);
  const out: Ranked[] = [];
  sorted.forEach((x, i) => {
    const prev = out[i - 1];
    const place = prev && cmp(sorted[i - 1]!.s, x.s) === 0 ? prev.place : i + 1;
    out.push({ view: x.v, place });
  });
  return [...out, ...views.filter((v) => v.ok === undefined).map((view) => ({ view, place: null }))];
}

/** "exact: all 200 windows" / "177 of 200 windows wrong" …: the model's own outcome, in a few words. */
export function outcomeWords(v: { ok: SupportedEngine; noun: readonly [string, string] }): string {
  const e = v.ok;
  const c = e.correctness;
  const { model, inputEnd } = differingByOrigin(e);
  // A stream join's results are pairs (issue 18: correctness counts them as its "windows").
  const [one, many] = v.noun;
  if (model === 0) {
    if (c.windows === 0) return `no ${many}, as in the ground truth`;
    return `exact: ${inputEnd > 0 ? `all ${fmtInt(c.windows - inputEnd)} ${many} due` : `all ${fmtInt(c.windows)} ${many}`}`;
  }
  // With extra windows the count can pass the oracle's: say "differ", never "1,216 of 608".
  return c.extra > 0
    ? `${fmtInt(model)} ${plural(model, `${one} differs`, `${many} differ`)} from the ground truth’s ${fmtInt(c.windows)}`
    : `${fmtInt(model)} of ${fmtInt(c.windows)} ${many} wrong`;
}

/** ", 20 results emitted twice" for an engine that repeated results after a replay ('' otherwise). */
export function duplicateWords(e: SupportedEngine): string {
  const n = e.correctness.duplicates;
  return n > 0 ? `; ${fmtInt(n)} ${plural(n, 'result', 'results')} emitted twice` : '';
}

export const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);

/** "p50 1.21 s, p99 2.2 s" or "no results". */
export function latencyWords(e: SupportedEngine): string {
  const l = e.latency.eventTime;
  return l.count > 0 ? `p50 ${fmtMs(l.p50)}, p99 ${fmtMs(l.p99)}` : 'no results';
}
