// The output directory, checked before anything runs: it is a directory or can be made one, and a file
// can be created in it (a real probe: as root, permission bits say nothing). Leftovers of a writer that
// was killed mid-commit are repaired first (run-output.ts), so the run starts from a consistent pair.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { OutputError } from './errors.ts';
import { recoverDir } from './run-output.ts';

export interface OutDir {
  dir: string;
  /** This run made the directory (removed again if the run fails before writing into it). */
  created: boolean;
}

/** `where` is the flag that named the directory (`--out`), or the path itself for the default. */
export function prepareOutDir(path: string, where: string | null): OutDir {
  const dir = resolve(path);
  const at = where ?? path;
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new OutputError(at, `${dir} is a file, not a directory`);
  let created = false;
  if (!existsSync(dir)) {
    try {
      makeDirs(dir);
      created = true;
    } catch (e) {
      throw new OutputError(at, `cannot create directory ${dir} (${code(e)}${blocker(dir)})`);
    }
  }
  // Named like the writer's temporary files, so a probe left by a killed process is swept as theirs are.
  const probe = join(dir, `.streamlab-probe.${process.pid}.0.tmp`);
  try {
    const fd = openSync(probe, 'wx');
    try {
      writeSync(fd, 'ok');
    } finally {
      closeSync(fd);
      unlinkSync(probe);
    }
  } catch (e) {
    if (created) removeIfEmpty(dir);
    throw new OutputError(at, `cannot write in ${dir} (${code(e)})`);
  }
  recoverDir(dir);
  return { dir, created };
}

/**
 * `mkdir -p`, one level at a time from the nearest existing ancestor. Node's own recursive mkdir never returns
 * under /proc (mkdirSync('/proc/x', {recursive: true}) spins: it retries the parent it cannot create); this one
 * fails on the first level that cannot be made, with that level's error (ENOENT, EACCES, ENOTDIR, …).
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let p = resolve(dir); !existsSync(p); p = dirname(p)) {
    missing.push(p);
    if (dirname(p) === p) break;
  }
  for (const p of missing.reverse()) {
    try {
      mkdirSync(p);
    } catch (e) {
      // Another process may have made it meanwhile: only a directory that still is not there is an error.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(p).isDirectory()) throw e;
    }
  }
}

/** Remove a directory this run made if nothing was written into it. */
export function removeIfEmpty(dir: string): void {
  try {
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  } catch {
    // Not empty or already gone: leave it.
  }
}

function code(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ?? err.message;
}

/** Name the file that stands where a parent directory should be (`mkdir -p a/file/b` fails with ENOTDIR). */
function blocker(dir: string): string {
  for (let p = dirname(dir); p !== dirname(p); p = dirname(p)) {
    if (existsSync(p)) return statSync(p).isDirectory() ? '' : `: ${p} is a file`;
  }
  return '';
}
