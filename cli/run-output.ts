// A run's files in its output directory: result.json and the report.html rendered from it, written as
// one commit. The report carries the SHA-256 of its result; it is renamed into place first and the
// result last (the commit point), with the old report kept as a backup until the result is in place.
// So the directory holds the old pair or the new pair: a failure puts the old report back at once, and
// a kill between the two renames is repaired by `recoverDir` on the next write to the directory.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { AtomicWrite, type StepHook, sweepTemps, type WriteFs } from './atomic-write.ts';

export interface PairNames {
  result: string;
  report: string;
}

/**
 * File names of a run: `result.json` + `report.html`; the real half of `--mode both` adds `-real`; an
 * interrupted run adds `.interrupted`, so it lands beside a complete result, never over it.
 */
export function pairNames(real: boolean, interrupted: boolean): PairNames {
  const tag = `${real ? '-real' : ''}${interrupted ? '.interrupted' : ''}`;
  return { result: `result${tag}.json`, report: `report${tag}.html` };
}

const ALL_PAIRS = [pairNames(false, false), pairNames(true, false), pairNames(false, true), pairNames(true, true)];

export function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const DIGEST = /<meta name="streamlab-result-sha256" content="([0-9a-f]{64})">/;

/** The digest of the result a report was rendered from (null: not ours, or rendered without one). */
export function reportDigest(html: string): string | null {
  return DIGEST.exec(html.slice(0, 4096))?.[1] ?? null;
}

export interface WriteOptions {
  fs?: WriteFs;
  hook?: StepHook;
}

/** Write the pair: both staged and flushed, the report renamed first, the result last. */
export function writePair(dir: string, names: PairNames, resultText: string, reportHtml: string, options: WriteOptions = {}): void {
  const result = join(dir, names.result);
  const report = join(dir, names.report);
  const w = options.hook ? new AtomicWrite(options.fs, options.hook) : new AtomicWrite(options.fs);
  w.stage(report, reportHtml);
  w.stage(result, resultText);
  const backup = w.backup(report);
  try {
    w.commit();
  } catch (e) {
    // The report may already be the new one: the result is not, so put the old report back.
    if (backup) renameSync(backup, report);
    throw e;
  }
  if (backup) unlinkSync(backup);
}

/** Remove a pair (an interrupted run superseded by a complete one). */
export function removePair(dir: string, names: PairNames): void {
  for (const f of [names.report, names.result]) {
    const p = join(dir, f);
    if (existsSync(p)) unlinkSync(p);
  }
}

/**
 * Repair what a writer killed between the two renames leaves: a new report beside the old result (or
 * beside none). Both temporary files were complete and flushed before the first rename, so the commit
 * is finished: the result's temporary file whose digest the report names is renamed into place. Failing
 * that, the old report comes back from its backup. Then temporary files of dead writers go.
 */
export function recoverDir(dir: string): void {
  if (!existsSync(dir)) return;
  const names = readdirSync(dir);
  const hidden = (file: string, ext: string) => names.filter((n) => n.startsWith(`.${file}.`) && n.endsWith(ext)).map((n) => join(dir, n));
  for (const pair of ALL_PAIRS) {
    const result = join(dir, pair.result);
    const report = join(dir, pair.report);
    if (!existsSync(report)) continue;
    const have = existsSync(result) ? digest(readFileSync(result, 'utf8')) : null;
    const named = reportDigest(readFileSync(report, 'utf8'));
    if (named === null || named === have) continue;
    const forward = hidden(pair.result, '.tmp').find((t) => digest(readFileSync(t, 'utf8')) === named);
    if (forward) {
      renameSync(forward, result);
      continue;
    }
    const back = hidden(pair.report, '.bak').find((b) => reportDigest(readFileSync(b, 'utf8')) === have);
    if (back) renameSync(back, report);
  }
  sweepTemps(dir);
}
