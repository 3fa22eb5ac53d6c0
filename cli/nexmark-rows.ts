// One row of the `nexmark` suite per catalog query, read from that scenario's result.json: per engine its
// status, input throughput over the arrival span, the CPU cores the process used over that span, throughput
// per core, correctness, and the ratio to Flink's published per-core figure (nexmark-figures.ts).
import { DIFFERS, NOT_COMPARABLE, queryOf } from './nexmark-figures.ts';

export interface EngineCell {
  id: string;
  system: string;
  /** `ok`, or `not supported: reason` (the scenario's own refusal, with its SEMANTICS key). */
  status: string;
  /** Events/s over the arrival span (result.json throughput.inputPerSec). */
  inputPerSec: number | null;
  /**
   * Events per CPU-second of this process, counting the CPU of the drain after the last arrival too
   * (result.json throughput.perCpuSecWithDrain, else perCpuSec): null in simulated mode.
   */
  perCpuSec: number | null;
  /** CPU cores the process used over the arrival span: CPU time / wall time (result.json's perCpuSec, arrivals only). */
  cores: number | null;
  /** Throughput per core, K events/s: perCpuSec / 1000, the drain's CPU included. */
  kPerCore: number | null;
  /** kPerCore / Flink's K/s/core; null when not measured, not comparable, or Flink has no figure. */
  ratio: number | null;
  /** Wall ms the engine ran after the last arrival until quiet (result.json ended). */
  drainMs: number | null;
  /**
   * The drain took longer than the arrivals: much of the work came after the last arrival (Spark's batches
   * fire on their trigger, B1). K/s/core counts its CPU; `in K/s`, over the arrival span, does not.
   */
  afterArrival: boolean;
  correctness: Correctness | null;
}

export interface Correctness {
  /** What is counted: oracle windows (aggregations), oracle pairs (joins, SEMANTICS E) or oracle rows (dedup, top-N, chained). */
  unit: 'windows' | 'pairs' | 'rows' | 'records';
  exact: number;
  total: number;
  /** Results that are not the oracle's: wrong values, extra or duplicate results (joins: extra pairs). */
  wrong: number;
  missing: number;
  /** Why results differ from the oracle's, counted by cause (result.json). */
  causes: Record<string, number>;
}

export interface QueryRow {
  q: string;
  scenario: string;
  title: string;
  /** Events generated for the run (all three Nexmark streams). */
  events: number | null;
  /**
   * Events that passed the stateless stages (filters, the split into join inputs), which run once before the
   * engines and outside the measured span (scenarios/run-input.ts): the rest only move the engines' clocks.
   */
  accepted: number | null;
  flinkKPerCore: number | null;
  /** `yes`; `differs` (the published query with a named difference — a parameter, or q7's plan: ratio with a note); `no` (simplified: no ratio). */
  comparable: 'yes' | 'differs' | 'no';
  note: string | null;
  /** Exit code of the scenario's run (0 ok; anything else: no result). */
  exit: number;
  /** The failed run's error line (`where: reason`, as on stderr), or null. */
  error: string | null;
  warnings: string[];
  engines: EngineCell[];
}

/** `nexmark-q11` → `q11`. */
export function queryName(scenario: string): string {
  return scenario.replace(/^nexmark-/, '');
}

export function comparability(q: string): { comparable: QueryRow['comparable']; note: string | null } {
  if (NOT_COMPARABLE[q]) return { comparable: 'no', note: NOT_COMPARABLE[q] };
  if (DIFFERS[q]) return { comparable: 'differs', note: DIFFERS[q] };
  return { comparable: 'yes', note: null };
}

/** A row with no engines: the scenario's run failed (its one error line went to stderr). */
export function failedRow(scenario: string, exit: number, error: string | null, warnings: string[]): QueryRow {
  const q = queryName(scenario);
  return {
    q,
    scenario,
    title: '',
    events: null,
    accepted: null,
    flinkKPerCore: queryOf(q)?.flinkKPerCore ?? null,
    ...comparability(q),
    exit,
    error,
    warnings,
    engines: [],
  };
}

interface ResultJson {
  scenario: { name: string; title: string };
  input: { events: number; accepted: number };
  engines: Array<{
    id: string;
    status: string;
    model?: { system: string };
    throughput?: { inputPerSec: number; perCpuSec: number | null; perCpuSecWithDrain?: number | null; spanMs: number };
    correctness?: {
      windows: number;
      exact: number;
      wrong: number;
      missing: number;
      extra: number;
      duplicates: number;
      causes: Record<string, number>;
    };
    join?: { pairs: number; matched: number; missing: number; extra: number; causes: Record<string, number> };
    rank?: { rows: number; exact: number; missing: number; extra: number; causes: Record<string, number> };
    stateless?: unknown;
    ended?: { lastArrival: number; quietAt: number | null };
  }>;
}

export function rowOf(resultText: string, warnings: string[]): QueryRow {
  const r = JSON.parse(resultText) as ResultJson;
  const q = queryName(r.scenario.name);
  const flink = queryOf(q)?.flinkKPerCore ?? null;
  const comp = comparability(q);
  const engines = r.engines.map((e): EngineCell => {
    const t = e.throughput;
    const arrivalsOnly = t?.perCpuSec ?? null;
    const perCpuSec = t?.perCpuSecWithDrain ?? arrivalsOnly;
    const cores = t && arrivalsOnly !== null && arrivalsOnly > 0 ? t.inputPerSec / arrivalsOnly : null;
    const kPerCore = perCpuSec !== null ? perCpuSec / 1000 : null;
    const drainMs = e.ended && e.ended.quietAt !== null ? e.ended.quietAt - e.ended.lastArrival : null;
    return {
      id: e.id,
      system: e.model?.system ?? e.id,
      status: e.status,
      inputPerSec: t?.inputPerSec ?? null,
      perCpuSec,
      cores,
      kPerCore,
      ratio: kPerCore !== null && flink !== null && comp.comparable !== 'no' ? kPerCore / flink : null,
      drainMs,
      // Real mode only (perCpuSec measured): in simulated mode the drain is on the virtual clock.
      afterArrival: t !== undefined && perCpuSec !== null && drainMs !== null && drainMs > t.spanMs,
      correctness: correctnessOf(e),
    };
  });
  return {
    q,
    scenario: r.scenario.name,
    title: r.scenario.title,
    events: r.input.events,
    accepted: r.input.accepted,
    flinkKPerCore: flink,
    ...comp,
    exit: 0,
    error: null,
    warnings,
    engines,
  };
}

function correctnessOf(e: ResultJson['engines'][number]): Correctness | null {
  // A join's correctness is its pairs as a multiset (SEMANTICS E): matched of the oracle's pairs.
  if (e.join) {
    const j = e.join;
    // Repeats of a pair in several windows are the model's own pairs (E1, E6) and match the oracle's: not wrong.
    return { unit: 'pairs', exact: j.matched, total: j.pairs, wrong: j.extra, missing: j.missing, causes: j.causes };
  }
  // A dedup, top-N or chained job: the rows its output ends with (a changelog by its final state), as a multiset.
  if (e.rank) {
    const k = e.rank;
    return { unit: 'rows', exact: k.exact, total: k.rows, wrong: k.extra, missing: k.missing, causes: k.causes };
  }
  if (e.correctness) {
    const c = e.correctness;
    const wrong = c.wrong + c.extra + c.duplicates;
    // A stateless job's correctness counts its output records (stateless-result.ts), an aggregation's its windows.
    const unit = e.stateless !== undefined ? 'records' : 'windows';
    return { unit, exact: c.exact, total: c.windows, wrong, missing: c.missing, causes: c.causes };
  }
  return null;
}
