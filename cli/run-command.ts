// `streamlab list` and `streamlab run NAME|FILE [--engines a,b] [--events N] [--seed S] [--mode M] [--pace P] [--out DIR]`
// (SCENARIOS.md "Command line"; FILE is JSON or a `.ts` module with user functions): validate, run (simulated, real, or both), write DIR/result.json
// (default out/<name>/; with `both`, the real run goes to DIR/result-real.json), print a summary table
// on stdout. Progress on stderr only when it is a terminal. Ctrl-C stops after the current chunk and
// writes what finished (marked `interrupted`). Files are written to a temporary name and renamed, so a
// result.json on disk is always complete. Bad input → `path: reason` on stderr, exit 2.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { InputError } from '../engines/core/errors.ts';
import { catalogNames, loadScenarioAsync, resolveScenarioFile } from '../scenarios/catalog.ts';
import { readJsonFile } from '../scenarios/json-file.ts';
import { buildResult, type Environment, type Result, serializeResult } from '../scenarios/result.ts';
import { type RunMode, runScenarioAsync } from '../scenarios/runner.ts';
import type { Scenario, ScenarioOverrides } from '../scenarios/scenario.ts';
import type { ModuleImporter } from '../scenarios/scenario-module.ts';
import { writeReport } from './report-command.ts';
import type { Io } from './trace-command.ts';

export interface RunFlags {
  engines?: string;
  events?: string;
  seed?: string;
  mode?: string;
  pace?: string;
  out?: string;
}

export interface RunCommandOptions {
  /** Show a progress bar on stderr (default: when stderr is a terminal). */
  progress?: boolean;
  /** How a `.ts` scenario module is imported (default: tsx's tsImport; tests pass Jest's import()). */
  importModule?: ModuleImporter;
}

/** Exit code of a run stopped with Ctrl-C (128 + SIGINT). */
export const INTERRUPTED = 130;

export function listCommand(io: Io): number {
  const names = catalogNames();
  const width = Math.max(...names.map((n) => n.length));
  for (const name of names) {
    const raw = readJsonFile(resolveScenarioFile(name)) as {
      question?: string;
      default?: boolean;
      engines?: Array<{ id?: string; kind?: string; flavor?: string }>;
    };
    // An entry's id, or its default: kind plus flavor (SCENARIOS.md).
    const engines = (raw.engines ?? []).map((e) => e.id ?? (e.flavor ? `${e.kind}-${e.flavor}` : e.kind)).join(',');
    const lab = raw.default === false ? ' (not in lab)' : '';
    // SCENARIOS.md: one line each — name, question, engines.
    io.out(`${name.padEnd(width)}  ${raw.question ?? ''} [${engines}]${lab}`);
  }
  return 0;
}

/** Catalog scenarios of the default `npm run lab` suite (those without `"default": false`). */
export function labNames(): string[] {
  return catalogNames().filter((name) => {
    const raw = readJsonFile(resolveScenarioFile(name)) as { default?: boolean };
    return raw.default !== false;
  });
}

export async function runCommand(nameOrFile: string, flags: RunFlags, io: Io, options: RunCommandOptions = {}): Promise<number> {
  let stop = false;
  const onSigint = () => {
    stop = true;
  };
  process.once('SIGINT', onSigint);
  try {
    const overrides = parseFlags(flags);
    const { scenario, file } = await loadScenarioAsync(nameOrFile, overrides, options.importModule);
    const dir = resolve(flags.out ?? join('out', scenario.name));
    mkdirSync(dir, { recursive: true });
    const modes: RunMode[] = scenario.run.mode === 'both' ? ['simulated', 'real'] : [scenario.run.mode];
    const commit = gitCommit();
    for (const mode of modes) {
      const out = join(dir, mode === 'real' && modes.length > 1 ? 'result-real.json' : 'result.json');
      const startedAt = new Date().toISOString();
      const bar = (options.progress ?? process.stderr.isTTY === true) ? progressBar(scenario, mode) : null;
      let run: Awaited<ReturnType<typeof runScenarioAsync>>;
      try {
        run = await runScenarioAsync(scenario, {
          baseDir: dirname(file),
          mode,
          shouldStop: () => stop,
          ...(bar ? { onProgress: bar.update } : {}),
        });
      } finally {
        bar?.stop();
      }
      const environment: Environment = { node: process.version, commit, startedAt, mode };
      const result = buildResult(scenario, run, environment);
      writeAtomically(out, serializeResult(result));
      writeReport(result, out.replace(/result(-real)?\.json$/, 'report$1.html'));
      for (const line of summary(result)) io.out(line);
      io.out(`wrote ${out}`);
      if (run.interrupted) {
        io.err(`interrupted: wrote the ${run.engines.length} finished engine entries to ${out}`);
        return INTERRUPTED;
      }
    }
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      io.err(e.message);
      return 2;
    }
    throw e;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** Write `text` to `file` through a temporary sibling and a rename: readers never see half a file. */
export function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** One cli-progress bar per engine entry: events done, rate (events per wall second) and ETA. */
function progressBar(
  scenario: Scenario,
  mode: RunMode,
): { update: (entry: { id: string }, done: number, total: number) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${scenario.name} ${mode} {engine} [{bar}] {value}/{total} events | {rate} ev/s | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let current = '';
  let since = 0;
  return {
    update: (entry, done, total) => {
      if (entry.id !== current) {
        if (current !== '') bar.stop();
        current = entry.id;
        since = performance.now();
        bar.start(total, 0, { engine: entry.id, rate: 0 });
      }
      const secs = (performance.now() - since) / 1000;
      bar.update(done, { engine: entry.id, rate: secs > 0 ? Math.round(done / secs) : 0 });
    },
    stop: () => {
      if (current !== '') bar.stop();
    },
  };
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
  if (f.pace !== undefined) {
    if (f.pace !== 'rate' && f.pace !== 'max') throw new InputError('--pace', `must be rate or max, got "${f.pace}"`);
    o.pace = f.pace;
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
  const mode = r.environment.mode;
  const lines = [`${name} (${mode}): ${r.input.events} events, ${r.oracle.results} oracle results${r.interrupted ? ' [interrupted]' : ''}`];
  const header = [
    'engine',
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
  ];
  const rows: string[][] = [];
  const notes: string[] = [];
  const recovery: string[] = [];
  for (const e of r.engines) {
    for (const n of e.notes ?? []) notes.push(`${e.id}: ${n}`);
    if (e.status !== 'ok' || !('correctness' in e)) {
      notes.push(`${e.id}: ${e.status}`);
      continue;
    }
    const rec = e.recovery;
    const parts: string[] = [];
    if (rec.faults > 0) {
      parts.push(
        `${rec.faults} fault(s): no output for ${rec.downtimeMs} ms, latency back after ${rec.recoveryMs} ms, ` +
          `replayed ${rec.replayed}, lost ${rec.lost}, duplicated ${rec.duplicated}, windows wrong ${rec.windowsWrong ?? 0}`,
      );
    }
    if (rec.checkpoints) {
      const cp = rec.checkpoints;
      parts.push(`${cp.count} checkpoints, mean ${cp.meanDurationMs} ms, ${Math.round(cp.meanBytes)} bytes`);
    }
    if (parts.length > 0) recovery.push(`${e.id}: ${parts.join('; ')}`);
    const c = e.correctness;
    const l = e.latency.eventTime;
    rows.push([
      e.id,
      String(e.throughput.inputPerSec),
      String(e.throughput.outputPerSec),
      e.throughput.perCpuSec === null ? '-' : String(Math.round(e.throughput.perCpuSec)),
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
  lines.push(
    mode === 'real'
      ? '(latency: emit time - max event time in the window, wall ms; warm-up excluded)'
      : '(latency: emit time - max event time in the window, ms of simulated time)',
  );
  if (recovery.length > 0) lines.push('recovery:', ...recovery.map((l) => `  ${l}`));
  return [...lines, ...notes];
}
