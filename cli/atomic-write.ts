// Writes that never lose a result: each file goes to a hidden temporary sibling (same directory, so the
// rename cannot cross file systems), is flushed to disk (fsync) and closed, and only then renamed over
// the real name; files of one commit are renamed in the order given, then the directory is flushed.
// A failure removes every temporary file and leaves the real names as they were. A process killed
// mid-way (no chance to clean up) leaves only hidden `.NAME.PID.N.tmp` files, which `sweepTemps` removes.
import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OutputError } from './errors.ts';

/** The file-system calls the writer makes: Node's, or a test's that fails on purpose (ENOSPC, EIO). */
export interface WriteFs {
  openSync(path: string, flags: string, mode?: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
}

export const nodeWriteFs: WriteFs = {
  openSync: (p, flags, mode) => fs.openSync(p, flags, mode),
  writeSync: (fd, b, off, len) => fs.writeSync(fd, b, off, len),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (a, b) => fs.renameSync(a, b),
  unlinkSync: (p) => fs.unlinkSync(p),
};

/** Called before every step of a write (open, each chunk, fsync, close, rename, directory sync). */
export type StepHook = (step: number, what: string) => void;

/**
 * The fault-injection hook of the kill tests: with STREAMLAB_KILL_AT_WRITE_STEP=k in the environment the
 * process kills itself (SIGKILL: no cleanup, as a power cut or `kill -9` would) just before step k.
 */
export function envStepHook(env: NodeJS.ProcessEnv = process.env): StepHook | undefined {
  const k = Number(env.STREAMLAB_KILL_AT_WRITE_STEP);
  if (!Number.isInteger(k) || k < 1) return undefined;
  return (step) => {
    if (step === k) process.kill(process.pid, 'SIGKILL');
  };
}

/** Bytes per write call: a large report is several steps, so a kill can land inside it. */
const CHUNK = 1 << 20;
let serial = 0;

/** The hidden temporary sibling of `file` for this process. */
export function tempName(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${++serial}.tmp`);
}

const TEMP = /^\..+\.(\d+)\.\d+\.(tmp|bak)$/;

/** Remove temporary and backup files left in `dir` by writers that are no longer running (killed mid-write). */
export function sweepTemps(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m || isAlive(Number(m[1]))) continue;
    try {
      fs.unlinkSync(join(dir, name));
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One commit of one or more files: `stage` each, then `commit` renames them in staging order. */
export class AtomicWrite {
  private readonly staged: Array<{ file: string; tmp: string }> = [];
  private step = 0;

  constructor(
    private readonly fsx: WriteFs = nodeWriteFs,
    private readonly hook: StepHook | undefined = envStepHook(),
  ) {}

  private next(what: string): void {
    this.step++;
    this.hook?.(this.step, what);
  }

  /** Write `text` to a flushed temporary sibling of `file`; the real name is untouched. */
  stage(file: string, text: string): void {
    const tmp = tempName(file);
    const bytes = Buffer.from(text, 'utf8');
    let fd: number | null = null;
    try {
      this.next(`open ${tmp}`);
      fd = this.fsx.openSync(tmp, 'wx', 0o644);
      this.staged.push({ file, tmp });
      for (let off = 0; off < bytes.length; ) {
        this.next(`write ${tmp} @${off}`);
        off += this.fsx.writeSync(fd, bytes, off, Math.min(CHUNK, bytes.length - off));
      }
      this.next(`fsync ${tmp}`);
      this.fsx.fsyncSync(fd);
      const closing = fd;
      fd = null;
      this.next(`close ${tmp}`);
      this.fsx.closeSync(closing);
    } catch (e) {
      if (fd !== null) {
        try {
          this.fsx.closeSync(fd);
        } catch {
          // Already failing: the first error is the one to report.
        }
      }
      this.abort();
      throw writeError(file, e);
    }
  }

  /** Rename every staged file into place, in staging order (the last one is the commit point). */
  commit(): void {
    let done = 0;
    try {
      for (const s of this.staged) {
        this.next(`rename ${s.tmp}`);
        this.fsx.renameSync(s.tmp, s.file);
        done++;
      }
    } catch (e) {
      const failed = this.staged[done]!;
      this.staged.splice(0, done);
      this.abort();
      throw writeError(failed.file, e);
    }
    const dirs = [...new Set(this.staged.map((s) => dirname(s.file)))];
    this.staged.length = 0;
    for (const d of dirs) this.syncDir(d);
  }

  /**
   * Keep the current `file` under a hidden backup name (a hard link: no copy, same file system) so a
   * commit that fails after replacing it can put it back. Null when there is no such file.
   */
  backup(file: string): string | null {
    if (!fs.existsSync(file)) return null;
    const bak = `${tempName(file).slice(0, -'.tmp'.length)}.bak`;
    this.next(`link ${bak}`);
    try {
      fs.linkSync(file, bak);
    } catch (e) {
      this.abort();
      throw writeError(file, e);
    }
    return bak;
  }

  /** Remove every temporary file of this commit (nothing was renamed into place). */
  abort(): void {
    for (const s of this.staged.splice(0)) {
      try {
        this.fsx.unlinkSync(s.tmp);
      } catch {
        // Never created, or already gone.
      }
    }
  }

  /** Flush the directory entry of the renames; some file systems cannot, and that is not an error. */
  private syncDir(dir: string): void {
    this.next(`fsync ${dir}`);
    let fd: number | null = null;
    try {
      fd = this.fsx.openSync(dir, 'r');
      this.fsx.fsyncSync(fd);
    } catch {
      // EISDIR / EINVAL / EPERM on platforms without directory fsync.
    } finally {
      if (fd !== null) this.fsx.closeSync(fd);
    }
  }
}

/** Write one file atomically (temporary sibling, fsync, rename). */
export function writeFileAtomic(file: string, text: string, fsx?: WriteFs, hook?: StepHook): void {
  const w = new AtomicWrite(fsx, hook ?? envStepHook());
  w.stage(file, text);
  w.commit();
}

/** A system error (ENOSPC, EACCES, EIO, …) of the file system is about the output: bad input. Anything else is a bug. */
function writeError(file: string, e: unknown): Error {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code !== 'string') return e instanceof Error ? e : new Error(String(e));
  return new OutputError(
    file,
    `cannot write (${err.code}${err.code === 'ENOSPC' ? ', no space left on the device' : ''}); nothing was replaced`,
  );
}
