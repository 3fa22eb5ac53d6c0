// A file sink's table on disk (Nexmark q10): each engine's table goes to `<out>/files/<engine id>/`, exactly
// the files its sink left (finished, in-progress and pending part files, _SUCCESS markers, _spark_metadata).
// Checked before anything runs (`files` must be a directory that takes files); each engine's tree is written
// to a temporary directory and swapped in whole, so a failed write leaves the previous tree and the rest of
// the output directory as they were (nothing already written is lost).
import { closeSync, existsSync, openSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { filesDir } from '../scenarios/files-result.ts';
import type { ScenarioRun } from '../scenarios/runner.ts';
import { OutputError } from './errors.ts';
import { makeDirs } from './out-dir.ts';

/** Before the run: `<out>/files` is (or can be made) a directory a file can be created in. */
export function checkFilesDir(out: string, where: string): void {
  const dir = join(out, 'files');
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new OutputError(where, `${dir} is a file, not a directory (the file sink's tables go there)`);
  const made = !existsSync(dir);
  try {
    makeDirs(dir);
    const probe = join(dir, `.streamlab-probe.${process.pid}.tmp`);
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (e) {
    throw new OutputError(where, `cannot write the file sink's tables in ${dir} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  } finally {
    if (made) rmSync(dir, { recursive: true, force: true });
  }
}

/** Write every engine's table; returns the directories written (relative to `out`). */
export function writeFileTables(out: string, run: ScenarioRun, where: string): string[] {
  const written: string[] = [];
  for (const r of run.engines) {
    if (!r.supported || !r.files) continue;
    const rel = filesDir(r.entry.id);
    const target = join(out, rel);
    const tmp = join(dirname(target), `.${r.entry.id}.${process.pid}.tmp`);
    const old = join(dirname(target), `.${r.entry.id}.${process.pid}.old`);
    try {
      rmSync(tmp, { recursive: true, force: true });
      makeDirs(tmp);
      for (const f of r.files.tree) {
        const p = join(tmp, f.path);
        makeDirs(dirname(p));
        writeFileSync(p, f.text);
      }
      if (existsSync(target)) renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      if (!existsSync(target) && existsSync(old)) renameSync(old, target);
      throw new OutputError(where, `cannot write ${target} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    written.push(rel);
  }
  return written;
}
