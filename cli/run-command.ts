// `streamlab list` and `streamlab run NAME|FILE [--engines a,b] [--events N] [--seed S] [--mode M] [--pace P] [--out DIR]`
// (SCENARIOS.md "Command line"): validate, check the output directory, run (simulated, real or both),
// write DIR/report.html and DIR/result.json as one commit (run-output.ts; `both` adds -real), print a
// summary. Ctrl-C finishes the engine running and writes what finished as result.interrupted.json
// beside, never over, a complete result. Every failure is one line `where: reason` (errors.ts).

import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { InputError } from '../engines/core/errors.ts';
import { isStatelessJob } from '../engines/core/stateless-job.ts';
import { renderReport } from '../reports/render.ts';
import { catalogNames, loadScenarioAsync, resolveScenarioFile } from '../scenarios/catalog.ts';
import { readJsonFile } from '../scenarios/json-file.ts';
import { buildResult, serializeResult } from '../scenarios/result.ts';
import { type RunMode, runScenarioAsync } from '../scenarios/runner.ts';
import type { ScenarioOverrides } from '../scenarios/scenario.ts';
import type { ModuleImporter } from '../scenarios/scenario-module.ts';
import type { StepHook, WriteFs } from './atomic-write.ts';
import { AbortedError, EXIT, reportError } from './errors.ts';
import { checkFilesDir, writeFileTables } from './files-output.ts';
import { type Interrupts, processInterrupts, StopSwitch } from './interrupt.ts';
import { prepareOutDir, removeIfEmpty } from './out-dir.ts';
import { Progress } from './progress.ts';
import { digest, pairNames, removePair, writePair } from './run-output.ts';
import { summary, summaryJson } from './summary.ts';
import type { Io } from './trace-command.ts';

export interface RunFlags {
  engines?: string;
  events?: string;
  seed?: string;
  mode?: string;
  pace?: string;
  out?: string;
  /** Worker threads for engine entries in simulated mode (0: one thread). */
  workers?: string;
  /** The summary as one JSON object on stdout (nothing else there). */
  json?: boolean;
  /** No summary, no progress; warnings and errors still go to stderr. */
  quiet?: boolean;
  /** Internal errors show their stack. */
  debug?: boolean;
}

export interface RunCommandOptions {
  /** Progress as a terminal line (true), or none at all (false); default: in place on a terminal, else a line every 10 s. */
  progress?: boolean;
  /** How a `.ts` scenario module is imported (default: tsx's tsImport; tests pass Jest's import()). */
  importModule?: ModuleImporter;
  /** Where Ctrl-C comes from (default: SIGINT; tests press it themselves). */
  interrupts?: Interrupts;
  /** Called after each progress callback with its count (tests: press Ctrl-C after the k-th). */
  onProgressTick?: (n: number) => void;
  /** Wall clock for progress, ms (tests drive it). */
  now?: () => number;
  /** Raw writes to stderr for the terminal progress line. */
  writeRaw?: (s: string) => void;
  /** File-system calls and step hook of the writer (tests inject ENOSPC or a crash at step k). */
  writeFs?: WriteFs;
  writeHook?: StepHook;
}

/** Exit code of a run stopped with Ctrl-C (128 + SIGINT). */
export const INTERRUPTED = EXIT.interrupted;

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
  const debug = flags.debug === true;
  const quiet = flags.quiet === true || flags.json === true;
  let progress: Progress | null = null;
  const stage = () => progress?.current ?? 'loading the scenario';
  const stop = new StopSwitch(options.interrupts ?? processInterrupts, io, stage, () => progress?.done());
  let created: string | null = null;
  try {
    const overrides = parseFlags(flags);
    const workers = flags.workers === undefined ? undefined : wholeNumber('--workers', flags.workers, 0);
    const { scenario, file } = await loadScenarioAsync(nameOrFile, overrides, options.importModule);
    // Before anything runs: the output directory exists (or is made) and takes files.
    const out = prepareOutDir(flags.out ?? join('out', scenario.name), flags.out !== undefined ? '--out' : null);
    const dir = out.dir;
    if (out.created) created = dir;
    const outWhere = flags.out !== undefined ? '--out' : dir;
    const tables = isStatelessJob(scenario.job) && scenario.job.files !== undefined;
    if (tables) checkFilesDir(dir, outWhere);
    const modes: RunMode[] = scenario.run.mode === 'both' ? ['simulated', 'real'] : [scenario.run.mode];
    const commit = gitCommit();
    for (const mode of modes) {
      const startedAt = new Date().toISOString();
      const p = new Progress({
        tty: options.progress ?? process.stderr.isTTY === true,
        quiet: quiet || options.progress === false,
        mode,
        now: options.now ?? (() => performance.now()),
        write: options.writeRaw ?? ((t) => void process.stderr.write(t)),
        line: (l) => io.err(l),
        engines: scenario.engines.length,
      });
      progress = p;
      let ticks = 0;
      const run = await runScenarioAsync(scenario, {
        baseDir: dirname(file),
        mode,
        ...(workers !== undefined ? { workers } : {}),
        shouldStop: () => stop.stopping,
        checkAbort: () => {
          if (stop.aborted) throw new AbortedError(stage());
        },
        onStage: (name) => p.stage(name),
        onEngineStart: (entry) => p.engine(entry.id, 0, 0),
        onProgress: (entry, done, total) => {
          p.engine(entry.id, done, total);
          options.onProgressTick?.(++ticks);
        },
      });
      if (run.interrupted && run.engines.length === 0) {
        p.done();
        io.err(`interrupted before any engine finished: nothing written`);
        return INTERRUPTED;
      }
      if (!run.interrupted && run.engines.every((e) => !e.supported)) {
        const reasons = run.engines.map((e) => `${e.entry.id}: ${e.supported ? '' : e.reason}`).join('; ');
        throw new InputError('engines', `no engine can run this scenario, nothing written — ${reasons}`);
      }
      p.stage('comparing');
      const result = buildResult(scenario, run, { node: process.version, commit, startedAt, mode });
      p.stage('rendering');
      const resultText = serializeResult(result);
      const html = renderReport(result, { resultDigest: digest(resultText) });
      if (stop.aborted) throw new AbortedError('rendering');
      p.stage('writing');
      // The file sink's tables first: the result that describes them never points at a tree not written.
      const tableDirs = tables ? writeFileTables(dir, run, outWhere) : [];
      const real = mode === 'real' && modes.length > 1;
      const names = pairNames(real, run.interrupted === true);
      writePair(dir, names, resultText, html, {
        ...(options.writeFs ? { fs: options.writeFs } : {}),
        ...(options.writeHook ? { hook: options.writeHook } : {}),
      });
      // A complete result supersedes an interrupted one of the same run mode.
      if (!run.interrupted) removePair(dir, pairNames(real, true));
      p.done();
      const files = { result: join(dir, names.result), report: join(dir, names.report) };
      for (const w of result.warnings ?? []) io.err(`warning: ${w}`);
      if (flags.json === true) io.out(JSON.stringify(summaryJson(result, files)));
      else if (!quiet) {
        for (const line of summary(result)) io.out(line);
        io.out(`wrote ${files.report} (result: ${files.result})`);
        for (const t of tableDirs) io.out(`wrote ${join(dir, t)}/ (the file sink's table)`);
      }
      if (run.interrupted) {
        io.err(
          `interrupted: wrote the ${run.engines.length} finished engine(s) to ${files.result} (a complete result.json is never replaced by it)`,
        );
        return INTERRUPTED;
      }
    }
    return 0;
  } catch (e) {
    progress?.done();
    if (created) removeIfEmpty(created);
    return reportError(e, io, debug);
  } finally {
    stop.release();
  }
}

function wholeNumber(flag: string, v: string, min: number): number {
  if (!/^-?\d+$/.test(v) || Number(v) < min) throw new InputError(flag, `must be a whole number >= ${min}, got "${v}"`);
  return Number(v);
}

function parseFlags(f: RunFlags): ScenarioOverrides {
  const o: ScenarioOverrides = {};
  const int = wholeNumber;
  if (f.events !== undefined) o.events = int('--events', f.events, 1);
  if (f.seed !== undefined) o.seed = int('--seed', f.seed, Number.MIN_SAFE_INTEGER);
  if (f.engines !== undefined) {
    o.engines = f.engines
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    if (o.engines.length === 0) throw new InputError('--engines', 'names no engine (give ids or kinds, e.g. event,tuple)');
  }
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
