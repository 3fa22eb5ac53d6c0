// Checkpoint storage (A11): where completed snapshots go. In memory (Flink's JobManager storage) or as
// files through an injected FileIO (no `node:` imports in engines/): written under a temporary name
// and renamed, so a reader sees a complete checkpoint or none; the latest complete one wins.

export interface CheckpointStorage {
  /** Store a completed checkpoint; returns its id (1, 2, …) and its serialized size in bytes (UTF-16 units). */
  save(data: unknown): { id: number; bytes: number };
  /** The latest complete checkpoint, if any. */
  latest(): { id: number; data: unknown } | undefined;
}

export class InMemoryCheckpointStorage implements CheckpointStorage {
  private readonly checkpoints: Array<{ id: number; json: string }> = [];
  constructor(private readonly retain = 3) {}

  save(data: unknown): { id: number; bytes: number } {
    const id = (this.checkpoints.at(-1)?.id ?? 0) + 1;
    // Serialize on save: a completed checkpoint never changes, whatever happens to live state later.
    const json = encode(data);
    this.checkpoints.push({ id, json });
    while (this.checkpoints.length > this.retain) this.checkpoints.shift();
    return { id, bytes: json.length };
  }

  latest(): { id: number; data: unknown } | undefined {
    const c = this.checkpoints.at(-1);
    return c ? { id: c.id, data: decode(c.json) } : undefined;
  }
}

/** The file operations checkpoint storage needs; Node's implementation lives outside engines/. */
export interface FileIO {
  mkdirp(dir: string): void;
  writeFile(path: string, text: string): void;
  rename(from: string, to: string): void;
  /** undefined when the file does not exist. */
  readFile(path: string): string | undefined;
  list(dir: string): string[];
  remove(path: string): void;
}

/** Write `path` whole or not at all: to `<path>.tmp`, then renamed (a crash leaves the old file or a stray .tmp). */
export function writeAtomically(io: FileIO, path: string, text: string): void {
  io.writeFile(`${path}.tmp`, text);
  io.rename(`${path}.tmp`, path);
}

/**
 * Checkpoints as `chk-<id>.json` files in `dir`, each holding `{id, checksum, body}`, and a manifest
 * `_manifest.json` listing the complete ones `{id, file, checksum, bytes}`. Both are written under a
 * temporary name and renamed. A checkpoint is complete once the manifest lists it (a file written before
 * a crash but never listed does not count); a listed file that does not parse or whose checksum does not
 * match is skipped for the previous complete checkpoint. Without a readable manifest, the files alone are
 * scanned the same way. Only the last `retain` checkpoints are kept.
 */
export class FileCheckpointStorage implements CheckpointStorage {
  constructor(
    private readonly io: FileIO,
    private readonly dir: string,
    private readonly retain = 3,
  ) {
    io.mkdirp(dir);
  }

  private get manifestPath(): string {
    return `${this.dir}/_manifest.json`;
  }

  private fileIds(): number[] {
    return this.io
      .list(this.dir)
      .map((f) => /^chk-(\d+)\.json$/.exec(f)?.[1])
      .filter((x): x is string => x !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** The manifest's entries, or undefined when there is none or it is unreadable. */
  manifest(): ManifestEntry[] | undefined {
    const text = this.io.readFile(this.manifestPath);
    if (text === undefined) return undefined;
    try {
      const m = JSON.parse(text) as { checkpoints?: ManifestEntry[] };
      return Array.isArray(m.checkpoints) ? m.checkpoints : undefined;
    } catch {
      return undefined;
    }
  }

  save(data: unknown): { id: number; bytes: number } {
    const listed = this.manifest() ?? [];
    const id = Math.max(0, ...listed.map((e) => e.id), ...this.fileIds()) + 1;
    const body = encode(data);
    const sum = checksum(body);
    const text = JSON.stringify({ id, checksum: sum, body });
    const file = `chk-${id}.json`;
    writeAtomically(this.io, `${this.dir}/${file}`, text);
    const kept = [...listed, { id, file, checksum: sum, bytes: text.length }].slice(-this.retain);
    writeAtomically(this.io, this.manifestPath, JSON.stringify({ checkpoints: kept }));
    const keep = new Set(kept.map((e) => e.id));
    for (const old of this.fileIds()) if (!keep.has(old) && old < id) this.io.remove(`${this.dir}/chk-${old}.json`);
    return { id, bytes: text.length };
  }

  latest(): { id: number; data: unknown } | undefined {
    const listed = this.manifest();
    const candidates = listed
      ? listed.map((e) => ({ id: e.id, sum: e.checksum as string | undefined }))
      : this.fileIds().map((id) => ({ id, sum: undefined }));
    for (const { id, sum } of candidates.sort((a, b) => b.id - a.id)) {
      const text = this.io.readFile(`${this.dir}/chk-${id}.json`);
      if (text === undefined) continue;
      try {
        const f = JSON.parse(text) as { id: number; checksum: string; body: string };
        if (f.id !== id || typeof f.body !== 'string' || checksum(f.body) !== f.checksum) continue;
        if (sum !== undefined && sum !== f.checksum) continue;
        return { id, data: decode(f.body) };
      } catch {
        // corrupt or partial: fall back to the previous complete checkpoint
      }
    }
    return undefined;
  }
}

export interface ManifestEntry {
  id: number;
  file: string;
  checksum: string;
  bytes: number;
}

/** FNV-1a over UTF-16 code units, hex: enough to detect truncation and corruption. */
export function checksum(text: string): string {
  return checksumOf([text]);
}

/**
 * `checksum(pieces.join(''))` without joining: a large text written in pieces is never copied into one
 * flat string (which, past V8's large-object size, costs fresh pages on every write).
 */
export function checksumOf(pieces: readonly string[]): string {
  let h = 0x811c9dc5;
  for (const text of pieces) {
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * JSON that keeps Maps and bigints (map state, Storm-style ids) through a checkpoint. Maps and bigints are
 * rewritten first (`{$map: entries}`, `{$bigint: text}`) in a copy of only the parts that hold them, and
 * the result goes to JSON.stringify without a replacer: a replacer function is called back for every value
 * of the state, which made encoding four times slower (bench/, a 4.7 MB event-engine checkpoint).
 */
export function encode(data: unknown): string {
  return JSON.stringify(jsonSafe(data));
}

/** `v` with every Map and bigint below it rewritten; `v` itself (not a copy) when there are none. */
function jsonSafe(v: unknown): unknown {
  if (typeof v === 'bigint') return { $bigint: v.toString() };
  if (v === null || typeof v !== 'object') return v;
  // A Map from another realm (structuredClone under a vm context, as jest runs tests) fails instanceof.
  if (v instanceof Map || (!Array.isArray(v) && Object.prototype.toString.call(v) === '[object Map]'))
    return { $map: Array.from(v as Map<unknown, unknown>, ([k, x]) => [jsonSafe(k), jsonSafe(x)]) };
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i] as unknown;
      const y = jsonSafe(x);
      if (y !== x) (out ??= v.slice())[i] = y;
    }
    return out ?? v;
  }
  const json = (v as { toJSON?: unknown }).toJSON;
  if (typeof json === 'function') return jsonSafe((json as () => unknown).call(v));
  let out: Record<string, unknown> | undefined;
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    const y = jsonSafe(x);
    if (y !== x) (out ??= { ...(v as Record<string, unknown>) })[k] = y;
  }
  return out ?? v;
}

export function decode(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (Array.isArray(o.$map) && Object.keys(o).length === 1) return new Map(o.$map as [unknown, unknown][]);
      if (typeof o.$bigint === 'string' && Object.keys(o).length === 1) return BigInt(o.$bigint);
    }
    return v;
  });
}
