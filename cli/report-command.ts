// `streamlab report RESULT.json [--out FILE]` (SCENARIOS.md "Command line"): re-render one report;
// plus the two hooks other commands call: `writeReport` (a report beside a result) and `writeLabIndex`
// (lab writes reports/out/ with every scenario's report and the index). Every file is written
// atomically (atomic-write.ts); the index marks scenarios whose last run was interrupted or whose
// result no longer matches the scenario as it is now.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../engines/core/errors.ts';
import { type IndexEntry, renderIndex } from '../reports/index-page.ts';
import { renderReport } from '../reports/render.ts';
import { loadScenario } from '../scenarios/catalog.ts';
import { type Result, readResult, scenarioAsRun } from '../scenarios/result.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { OutputError, reportError } from './errors.ts';
import { makeDirs } from './out-dir.ts';
import { digest, pairNames } from './run-output.ts';
import type { Io } from './trace-command.ts';

export const LAB_REPORTS_DIR = join('reports', 'out');

/** Render `result` to `file` (directories created); returns the absolute path. */
export function writeReport(result: Result, file: string, resultText?: string): string {
  const out = resolve(file);
  if (existsSync(out) && statSync(out).isDirectory()) throw new OutputError(file, 'is a directory: give a file name for the report');
  try {
    makeDirs(dirname(out));
  } catch (e) {
    throw new OutputError(file, `cannot create directory ${dirname(out)} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  writeFileAtomic(out, renderReport(result, resultText === undefined ? {} : { resultDigest: digest(resultText) }));
  return out;
}

function readResultFile(file: string): { result: Result; text: string } {
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw new InputError(file, 'is a directory: give the result.json inside it');
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(file, `cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return { result: readResult(text, file), text };
}

/**
 * The report that belongs beside a result file: result.json → report.html, result-real.json →
 * report-real.html, result.interrupted.json → report.interrupted.html; any other NAME.json → NAME.html.
 */
export function reportNameFor(file: string): string {
  const name = basename(file);
  const m = /^result((?:-real)?(?:\.interrupted)?)\.json$/.exec(name);
  return join(dirname(file), m ? `report${m[1]}.html` : `${name.replace(/\.json$/i, '')}.html`);
}

export function reportCommand(file: string, flags: { out?: string; debug?: boolean }, io: Io): number {
  try {
    const { result, text } = readResultFile(file);
    const started = performance.now();
    // Beside its result the report carries the result's digest, as `run` writes it.
    const out = writeReport(result, flags.out ?? reportNameFor(file), flags.out === undefined ? text : undefined);
    io.out(`wrote ${out} (${Math.round(performance.now() - started)} ms)`);
    return 0;
  } catch (e) {
    return reportError(e, io, flags.debug === true);
  }
}

/** Why a scenario's result in the lab index needs a second look (interrupted run, stale result). */
function statusOf(name: string, dir: string, result: Result | null): IndexEntry['status'] {
  const status: NonNullable<IndexEntry['status']> = {};
  const partial = join(dir, pairNames(false, true).result);
  const complete = join(dir, 'result.json');
  if (existsSync(partial) && (!existsSync(complete) || statSync(partial).mtimeMs >= statSync(complete).mtimeMs)) {
    status.interrupted = result
      ? 'the last run was interrupted (Ctrl-C); these figures are from the last complete run'
      : 'the last run was interrupted (Ctrl-C) before it finished';
  }
  if (result) {
    try {
      const now = JSON.parse(JSON.stringify(scenarioAsRun(loadScenario(name).scenario))) as Record<string, unknown>;
      const was = result.scenario;
      const differ = [...new Set([...Object.keys(now), ...Object.keys(was)])].filter(
        (k) => JSON.stringify(now[k]) !== JSON.stringify(was[k]),
      );
      if (differ.length > 0) {
        status.stale = `this result was run with a different ${differ.join(', ')} than the scenario has now: run it again`;
      }
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      status.stale = `the scenario cannot be loaded any more (${e.message})`;
    }
  }
  return status.interrupted || status.stale ? status : undefined;
}

/**
 * For `npm run lab`: copy each scenario's report into reports/out/<name>.html (re-rendered from
 * `<resultsDir>/<name>/result.json`) and write reports/out/index.html linking them all.
 */
export function writeLabIndex(names: readonly string[], io: Io, resultsDir = 'out', outDir = LAB_REPORTS_DIR): string {
  const dir = resolve(outDir);
  try {
    // A fresh checkout has no reports/out yet.
    makeDirs(dir);
  } catch (e) {
    throw new OutputError(outDir, `cannot create directory (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const entries: IndexEntry[] = names.map((name) => {
    const runDir = join(resultsDir, name);
    const file = join(runDir, 'result.json');
    if (!existsSync(file)) {
      const status = statusOf(name, runDir, null);
      return { name, href: '', result: { error: `${file} was not written` }, ...(status ? { status } : {}) };
    }
    try {
      const { result, text } = readResultFile(file);
      writeReport(result, join(dir, `${name}.html`), text);
      const status = statusOf(name, runDir, result);
      return { name, href: `${name}.html`, result, ...(status ? { status } : {}) };
    } catch (e) {
      if (e instanceof InputError) return { name, href: '', result: { error: e.message } };
      throw e;
    }
  });
  const index = join(dir, 'index.html');
  writeFileAtomic(index, renderIndex(entries));
  io.out(`wrote ${index}`);
  return index;
}
