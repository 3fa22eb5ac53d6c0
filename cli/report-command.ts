// `streamlab report RESULT.json [--out FILE]` (SCENARIOS.md "Command line"): re-render one report;
// plus the two hooks other commands call: `writeReport` (run writes report.html beside result.json)
// and `writeLabIndex` (lab writes reports/out/ with every scenario's report and the index).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../engines/core/errors.ts';
import { type IndexEntry, renderIndex } from '../reports/index-page.ts';
import { renderReport } from '../reports/render.ts';
import { type Result, readResult } from '../scenarios/result.ts';
import type { Io } from './trace-command.ts';

export const LAB_REPORTS_DIR = join('reports', 'out');

/** Render `result` to `file` (directories created); returns the absolute path. */
export function writeReport(result: Result, file: string): string {
  const out = resolve(file);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, renderReport(result));
  return out;
}

function readResultFile(file: string): Result {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, `cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return readResult(text, file);
}

export function reportCommand(file: string, flags: { out?: string }, io: Io): number {
  try {
    const result = readResultFile(file);
    const started = performance.now();
    const out = writeReport(result, flags.out ?? join(dirname(file), 'report.html'));
    io.out(`wrote ${out} (${Math.round(performance.now() - started)} ms)`);
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      io.err(e.message);
      return 2;
    }
    throw e;
  }
}

/**
 * For `npm run lab`: copy each scenario's report into reports/out/<name>.html (re-rendered from
 * `<resultsDir>/<name>/result.json`) and write reports/out/index.html linking them all.
 */
export function writeLabIndex(names: readonly string[], io: Io, resultsDir = 'out', outDir = LAB_REPORTS_DIR): string {
  mkdirSync(outDir, { recursive: true });
  const entries: IndexEntry[] = names.map((name) => {
    const file = join(resultsDir, name, 'result.json');
    if (!existsSync(file)) return { name, href: '', result: { error: `${file} was not written` } };
    try {
      const result = readResultFile(file);
      writeReport(result, join(outDir, `${name}.html`));
      return { name, href: `${name}.html`, result };
    } catch (e) {
      if (e instanceof InputError) return { name, href: '', result: { error: e.message } };
      throw e;
    }
  });
  const index = resolve(outDir, 'index.html');
  writeFileSync(index, renderIndex(entries));
  io.out(`wrote ${index}`);
  return index;
}
