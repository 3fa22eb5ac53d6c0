// An in-memory file system behind the `FileIO` interface: the default home of a query's checkpoint
// directory and file sink when no disk is injected (traces, scenarios). Directories are implicit in paths.
import type { FileIO } from './checkpoint-storage.ts';

export class MemoryFileIO implements FileIO {
  private readonly files = new Map<string, string>();

  mkdirp(): void {}

  writeFile(path: string, text: string): void {
    this.files.set(path, text);
  }

  /** Atomic, as rename(2) is within one file system: the target is replaced whole. */
  rename(from: string, to: string): void {
    const text = this.files.get(from);
    if (text === undefined) throw new Error(`rename: no such file ${from}`);
    this.files.delete(from);
    this.files.set(to, text);
  }

  readFile(path: string): string | undefined {
    return this.files.get(path);
  }

  /** Names of the direct children of `dir` (files and implicit subdirectories), sorted. */
  list(dir: string): string[] {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    const names = new Set<string>();
    for (const p of this.files.keys()) if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]!);
    return [...names].sort();
  }

  /** Every file under `dir` (paths relative to it, sorted): what a run writes out to disk. */
  filesUnder(dir: string): Array<{ path: string; text: string }> {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    return [...this.files.entries()]
      .filter(([p]) => p.startsWith(prefix))
      .map(([p, text]) => ({ path: p.slice(prefix.length), text }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  remove(path: string): void {
    this.files.delete(path);
  }
}
