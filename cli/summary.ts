// What `streamlab run` prints when a run is done: a table, one row per engine (its id and the system it
// models, throughput, event-time latency as durations, correctness), the replay's dates for a file,
// recovery and notes — numbers as the report prints them (reports/html.ts) — or, with --json, the same
// figures as one JSON object on stdout.
import { differingByOrigin } from '../reports/causes.ts';
import { fmtInt, fmtMs, fmtNum } from '../reports/html.ts';
import { fmtBytes } from '../reports/recovery.ts';
import { describeReplay } from '../reports/time-format.ts';
import type { Result } from '../scenarios/result.ts';

/** One row per engine: throughput, event-time latency, correctness. */
export function summary(r: Result): string[] {
  const name = (r.scenario as { name?: string }).name ?? '';
  const mode = r.environment.mode;
  // A stream join (issue 18): the oracle's results are pairs, and each engine's `join` block names the causes.
  const isJoin = r.engines.some((e) => 'join' in e && e.join !== undefined);
  // A dedup, top-N or chained job: results are the rows each output ends with, its `rank` block names the causes.
  const rank = r.engines.find((e) => 'rank' in e && e.rank !== undefined);
  const isRank = rank !== undefined;
  const lines = [
    `${name} (${mode}): ${fmtInt(r.input.events)} events, ${fmtInt(r.oracle.results)} oracle ${isJoin ? 'pairs' : isRank ? 'rows' : 'results'}${r.interrupted ? ' [interrupted]' : ''}`,
  ];
  const replay = describeReplay(r);
  if (replay) lines.push(`data: ${replay}`);
  const header = [
    'engine',
    'model',
    'in/s',
    'out/s',
    'ev/cpu-s',
    'et p50',
    'et p99',
    'et max',
    'exact',
    'wrong',
    'missing',
    'extra',
    'dup',
    'upd',
    'dropped',
    'open at end',
  ];
  const rows: string[][] = [];
  const notes: string[] = [];
  const recovery: string[] = [];
  for (const e of r.engines) {
    for (const n of e.notes ?? []) notes.push(`${e.id}: ${n}`);
    if (e.status !== 'ok' || !('correctness' in e)) {
      notes.push(`${e.id}${e.model ? ` (${e.model.system})` : ''}: ${e.status}`);
      continue;
    }
    const rec = e.recovery;
    const parts: string[] = [];
    if (rec.faults > 0) {
      parts.push(
        `${fmtInt(rec.faults)} fault(s): no output for ${fmtMs(rec.downtimeMs)}, latency back after ${fmtMs(rec.recoveryMs)}, ` +
          `replayed ${fmtInt(rec.replayed)}, lost ${fmtInt(rec.lost)}, duplicated ${fmtInt(rec.duplicated)}, windows wrong ${fmtInt(rec.windowsWrong ?? 0)}`,
      );
    }
    if (rec.checkpoints) {
      const cp = rec.checkpoints;
      parts.push(`${fmtInt(cp.count)} checkpoints, mean ${fmtMs(cp.meanDurationMs)}, ${fmtBytes(cp.meanBytes)}`);
    }
    if (parts.length > 0) recovery.push(`${e.id}: ${parts.join('; ')}`);
    const c = e.correctness;
    const l = e.latency.eventTime;
    const lat = (v: number) => (l.count > 0 ? fmtMs(v) : '-');
    rows.push([
      e.id,
      e.model?.system ?? '-',
      fmtNum(e.throughput.inputPerSec),
      fmtNum(e.throughput.outputPerSec),
      e.throughput.perCpuSec === null ? '-' : fmtNum(e.throughput.perCpuSec),
      lat(l.p50),
      lat(l.p99),
      lat(l.max),
      `${fmtInt(c.exact)}/${fmtInt(c.windows)}`,
      fmtInt(c.wrong),
      fmtInt(c.missing),
      fmtInt(c.extra),
      fmtInt(c.duplicates),
      fmtInt(c.updates),
      fmtInt(c.lateDropped),
      fmtInt(differingByOrigin(e).inputEnd),
    ]);
    const causes = Object.entries(e.join?.causes ?? e.stateless?.causes ?? e.rank?.causes ?? c.causes).map(
      ([k, n]) => `${k} ${fmtInt(n ?? 0)}`,
    );
    if (causes.length > 0) notes.push(`${e.id}: differences by cause: ${causes.join(', ')}`);
    if (e.join && e.join.repeats > 0) notes.push(`${e.id}: ${fmtInt(e.join.repeats)} pair(s) emitted again in another window`);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (row: string[]) => row.map((c, i) => (i <= 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  lines.push(fmt(header));
  for (const row of rows) lines.push(fmt(row));
  const isStateless = r.engines.some((e) => 'stateless' in e && e.stateless !== undefined);
  const perWindow = rank && 'rank' in rank && rank.rank?.construct === 'perWindow';
  const what = isJoin
    ? "emit time - the later side's event time of each pair; exact: pairs matched of the oracle's"
    : isStateless
      ? "emit time - the event time of each record's input; exact: records matched of the oracle's"
      : isRank && !perWindow
        ? "emit time - the event time of each final row's record; exact: final rows matched of the oracle's; upd: changelog rows retracted"
        : 'emit time - max event time in the window';
  lines.push(
    mode === 'real'
      ? `(latency: ${what}, wall time; warm-up excluded)`
      : `(latency: ${what}, simulated time; open at end: ${isJoin ? 'pairs' : isStateless ? 'records' : isRank ? 'rows' : 'windows'} the input ended before, not the model)`,
  );
  if (recovery.length > 0) lines.push('recovery:', ...recovery.map((l) => `  ${l}`));
  return [...lines, ...notes];
}

/** The summary as one JSON object (`--json`): what the table shows, plus the files written. */
export function summaryJson(r: Result, files: { result: string; report: string }): Record<string, unknown> {
  return {
    scenario: (r.scenario as { name?: string }).name ?? null,
    mode: r.environment.mode,
    events: r.input.events,
    accepted: r.input.accepted,
    oracleResults: r.oracle.results,
    interrupted: r.interrupted === true,
    ...(r.input.clock ? { clock: r.input.clock } : {}),
    engines: r.engines.map((e) =>
      e.status === 'ok' && 'correctness' in e
        ? {
            id: e.id,
            kind: e.kind,
            status: 'ok',
            throughput: {
              inputPerSec: e.throughput.inputPerSec,
              outputPerSec: e.throughput.outputPerSec,
              perCpuSec: e.throughput.perCpuSec,
            },
            latencyMs: {
              p50: e.latency.eventTime.p50,
              p99: e.latency.eventTime.p99,
              max: e.latency.eventTime.max,
              negative: e.latency.eventTime.negative,
            },
            correctness: {
              windows: e.correctness.windows,
              exact: e.correctness.exact,
              wrong: e.correctness.wrong,
              missing: e.correctness.missing,
              extra: e.correctness.extra,
              duplicates: e.correctness.duplicates,
              causes: e.correctness.causes,
            },
          }
        : { id: e.id, kind: e.kind, status: e.status },
    ),
    warnings: r.warnings ?? [],
    files,
  };
}
