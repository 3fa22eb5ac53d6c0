// `streamlab list` and `streamlab run NAME|FILE [--engines a,b] [--events N] [--seed S] [--mode M] [--out DIR]`
// (SCENARIOS.md "Command line"): validate, run in simulated mode, write DIR/result.json (default
// out/<name>/), print a summary table on stdout. Bad input → `path: reason` on stderr, exit 2.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../engines/core/errors.ts';
import { catalogNames, loadScenario, resolveScenarioFile } from '../scenarios/catalog.ts';
import { buildResult, type Environment, type Result, serializeResult } from '../scenarios/result.ts';
import { runScenario } from '../scenarios/runner.ts';
import type { ScenarioOverrides } from '../scenarios/scenario.ts';
import type { Io } from './trace-command.ts';

export interface RunFlags {
  engines?: string;
  events?: string;
  seed?: string;
  mode?: string;
  out?: string;
}

export function listCommand(io: Io): number {
  for (const name of catalogNames()) {
    const raw = JSON.parse(readFileSync(resolveScenarioFile(name), 'utf8')) as {
      question?: string;
      engines?: Array<{ id?: string; kind?: string }>;
    };
    const engines = (raw.engines ?? []).map((e) => e.id ?? e.kind).join(',');
    io.out(`${name.padEnd(24)} [${engines}] ${raw.question ?? ''}`);
  }
  return 0;
}

export function runCommand(nameOrFile: string, flags: RunFlags, io: Io): number {
  try {
    const overrides = parseFlags(flags);
    const { scenario, file } = loadScenario(nameOrFile, overrides);
    const startedAt = new Date().toISOString();
    const run = runScenario(scenario, {
      baseDir: dirname(file),
      onEngine: (r) => io.err(`${r.entry.id}: ${r.supported ? `${r.emissions.length} emissions` : `not supported: ${r.reason}`}`),
    });
    const environment: Environment = { node: process.version, commit: gitCommit(), startedAt, mode: 'simulated' };
    const result = buildResult(scenario, run, environment);
    const dir = resolve(flags.out ?? join('out', scenario.name));
    mkdirSync(dir, { recursive: true });
    const out = join(dir, 'result.json');
    writeFileSync(out, serializeResult(result));
    for (const line of summary(result)) io.out(line);
    io.out(`wrote ${out}`);
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      io.err(e.message);
      return 2;
    }
    throw e;
  }
}

function parseFlags(f: RunFlags): ScenarioOverrides {
  const o: ScenarioOverrides = {};
  const int = (flag: string, v: string, min: number) => {
    if (!/^-?\d+$/.test(v) || Number(v) < min) throw new InputError(flag, `must be a whole number >= ${min}, got "${v}"`);
    return Number(v);
  };
  if (f.events !== undefined) o.events = int('--events', f.events, 0);
  if (f.seed !== undefined) o.seed = int('--seed', f.seed, Number.MIN_SAFE_INTEGER);
  if (f.engines !== undefined)
    o.engines = f.engines
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  if (f.mode !== undefined) {
    if (f.mode !== 'simulated' && f.mode !== 'real' && f.mode !== 'both') {
      throw new InputError('--mode', `must be simulated, real or both, got "${f.mode}"`);
    }
    o.mode = f.mode;
  }
  return o;
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** One row per engine: throughput, event-time latency, correctness. */
export function summary(r: Result): string[] {
  const name = (r.scenario as { name?: string }).name ?? '';
  const lines = [`${name}: ${r.input.events} events, ${r.oracle.results} oracle results`];
  const header = ['engine', 'in/s', 'out/s', 'et p50', 'et p99', 'et max', 'exact', 'wrong', 'missing', 'extra', 'dup', 'upd', 'dropped'];
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const e of r.engines) {
    if (e.status !== 'ok' || !('correctness' in e)) {
      notes.push(`${e.id}: ${e.status}`);
      continue;
    }
    const c = e.correctness;
    const l = e.latency.eventTime;
    rows.push([
      e.id,
      String(e.throughput.inputPerSec),
      String(e.throughput.outputPerSec),
      `${l.p50}`,
      `${l.p99}`,
      `${l.max}`,
      `${c.exact}/${c.windows}`,
      String(c.wrong),
      String(c.missing),
      String(c.extra),
      String(c.duplicates),
      String(c.updates),
      String(c.lateDropped),
    ]);
    const causes = Object.entries(c.causes).map(([k, n]) => `${k} ${n}`);
    if (causes.length > 0) notes.push(`${e.id}: differences by cause: ${causes.join(', ')}`);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  lines.push(fmt(header));
  for (const row of rows) lines.push(fmt(row));
  lines.push('(latency: emit time - max event time in the window, ms of simulated time)');
  return [...lines, ...notes];
}
