// A Structured Streaming checkpoint directory (B7) through an injected FileIO: `metadata` (query id),
// `offsets/N` (the WAL, written before batch N runs), `commits/N` (after the sink has batch N) and
// `state/N` (the state store version of batch N). Every file is written to `<name>.tmp` and renamed, so a
// reader sees a whole entry or none; `recover` is MicroBatchExecution.populateStartOffsets.
import { checksum, checksumOf, decode, type FileIO, writeAtomically } from '../core/checkpoint-storage.ts';
import { VERSIONS_TO_RETAIN } from './state-store.ts';

/** offsets/N: written before batch N runs. */
export interface OffsetEntry {
  readonly batchId: number;
  /** Source offsets [start, end): the rows of the batch (start === end for a no-data batch). */
  readonly start: number;
  readonly end: number;
  /** batchWatermarkMs: the watermark batch N runs with (computed at the end of batch N-1). */
  readonly watermark: number;
  /** batchTimestampMs: processing time at which the batch was constructed (`current_timestamp()`). */
  readonly timestamp: number;
}

/** commits/N: written after the sink has the batch; carries the watermark for batch N+1. */
export interface CommitEntry {
  readonly batchId: number;
  readonly nextWatermark: number;
}

export interface Recovery {
  readonly nextBatchId: number;
  /** The global watermark to resume with. */
  readonly watermark: number;
  /** A batch with offsets but no commit: re-run with exactly these offsets, batch id and watermark (B7). */
  readonly rerun: OffsetEntry | null;
  /** Offset where the next new batch starts. */
  readonly committedEnd: number;
  /** The state version the next batch starts from (nextBatchId - 1; -1 = empty state). */
  readonly stateVersion: number;
}

/** Spark's spark.sql.streaming.minBatchesToRetain: offsets/ and commits/ entries kept behind the latest. */
export const LOG_ENTRIES_TO_RETAIN = 100;

/** The one source of the lab's queries: the replayable SourceLog (multi-stream jobs interleave in it). */
const SOURCE_NAME = 'log';

type Read = { kind: 'absent' } | { kind: 'corrupt' } | { kind: 'ok'; lines: string[] };

export class CheckpointLog {
  /** The query id from `metadata` (written on first start, read back on every later start). */
  readonly queryId: string;
  /** Offset entries written or read lately, so a batch finds its predecessor's without a read. */
  private readonly cache = new Map<number, OffsetEntry>();
  /** Sizes of the offsets/N and state/N files written for batches not committed yet (for the recovery log). */
  private readonly sizes = new Map<number, { offsets: number; state: number }>();

  constructor(
    private readonly io: FileIO,
    private readonly dir: string,
    queryId: string,
  ) {
    for (const d of ['', '/offsets', '/commits', '/state']) io.mkdirp(`${dir}${d}`);
    const meta = io.readFile(`${dir}/metadata`);
    const id = meta === undefined ? undefined : parseMetadata(meta);
    if (id === undefined) this.writeAtomically('metadata', JSON.stringify({ id: queryId }));
    this.queryId = id ?? queryId;
  }

  writeOffsets(e: OffsetEntry): void {
    const meta = JSON.stringify({ batchWatermarkMs: e.watermark, batchTimestampMs: e.timestamp });
    const offsets = JSON.stringify({ [SOURCE_NAME]: { start: e.start, end: e.end } });
    const bytes = this.writeEntry(`offsets/${e.batchId}`, [meta, offsets]);
    this.sizes.set(e.batchId, { offsets: bytes, state: 0 });
    this.remember(e);
  }

  /**
   * commits/N, then the purge of what recovery no longer needs. Returns the size (UTF-16 code units, as
   * CheckpointStorage counts) of the files that make checkpoint N: offsets/N, the last state/N and commits/N.
   */
  writeCommit(e: CommitEntry): number {
    const commit = this.writeEntry(`commits/${e.batchId}`, [JSON.stringify({ nextBatchWatermarkMs: e.nextWatermark })]);
    // offsets/N of a batch re-run by a new process was written by the old one: its size is read back once.
    const written = this.sizes.get(e.batchId) ?? { offsets: this.io.readFile(`${this.dir}/offsets/${e.batchId}`)?.length ?? 0, state: 0 };
    this.sizes.delete(e.batchId);
    // Purge what recovery can no longer need (MicroBatchExecution.purge, by batch id: no directory listing).
    this.io.remove(`${this.dir}/offsets/${e.batchId - LOG_ENTRIES_TO_RETAIN}`);
    this.io.remove(`${this.dir}/commits/${e.batchId - LOG_ENTRIES_TO_RETAIN}`);
    this.io.remove(`${this.dir}/state/${e.batchId - VERSIONS_TO_RETAIN}`);
    return written.offsets + written.state + commit;
  }

  /**
   * state/N: the operator's snapshot after batch N executed (before the sink; version N is used once
   * commits/N exists), as the pieces of its JSON text (never joined: see `writeEntry`).
   */
  writeState(version: number, json: readonly string[]): void {
    const bytes = this.writeEntry(`state/${version}`, [json]);
    const sizes = this.sizes.get(version);
    if (sizes !== undefined) sizes.state = bytes;
    else this.sizes.set(version, { offsets: this.io.readFile(`${this.dir}/offsets/${version}`)?.length ?? 0, state: bytes });
  }

  /** The snapshot of state version `version` (undefined for -1, the empty state before batch 0). */
  readState(version: number): unknown {
    if (version < 0) return undefined;
    const r = this.readEntry(`state/${version}`, 1);
    if (r.kind !== 'ok') throw new Error(`${this.dir}/state/${version} is ${r.kind}: the state batch ${version + 1} starts from is lost`);
    return decode(r.lines[0]!);
  }

  offsetsOf(batchId: number): OffsetEntry | undefined {
    const cached = this.cache.get(batchId);
    if (cached !== undefined || batchId < 0) return cached;
    const r = this.readOffsets(batchId);
    return r.kind === 'ok' ? r.entry : undefined;
  }

  /**
   * Where to resume (B7). The latest readable `offsets/L` wins; a torn or corrupt entry above it is treated
   * as absent (what a crash in the middle of a non-atomic write leaves), and `commits/L` that does not read
   * back counts as not written, so batch L re-runs. A readable `commits/M` above the latest readable offsets
   * is refused: batch M reached the sink and its offsets are unknown, so neither re-running nor skipping it is safe.
   */
  recover(): Recovery {
    let latest: OffsetEntry | null = null;
    for (const id of this.ids('offsets').reverse()) {
      const r = this.readOffsets(id);
      if (r.kind === 'ok') {
        latest = r.entry;
        break;
      }
    }
    const top = latest?.batchId ?? -1;
    for (const id of this.ids('commits').reverse()) {
      if (id <= top) break;
      if (this.readCommit(id) !== undefined) {
        throw new Error(`${this.dir}: commits/${id} is complete but offsets/${id} is missing or corrupt; the batch cannot be recovered`);
      }
    }
    if (latest === null) return { nextBatchId: 0, watermark: 0, rerun: null, committedEnd: 0, stateVersion: -1 };
    const commit = this.readCommit(latest.batchId);
    if (commit !== undefined) {
      return {
        nextBatchId: latest.batchId + 1,
        watermark: Math.max(latest.watermark, commit.nextWatermark),
        rerun: null,
        committedEnd: latest.end,
        stateVersion: latest.batchId,
      };
    }
    if (latest.batchId > 0 && this.offsetsOf(latest.batchId - 1) === undefined) {
      throw new Error(`${this.dir}: offsets/${latest.batchId - 1} is missing or corrupt; batch ${latest.batchId} cannot be re-run`);
    }
    return {
      nextBatchId: latest.batchId,
      watermark: latest.watermark,
      rerun: latest,
      committedEnd: latest.start,
      stateVersion: latest.batchId - 1,
    };
  }

  private remember(e: OffsetEntry): void {
    this.cache.set(e.batchId, e);
    this.cache.delete(e.batchId - 2);
  }

  private readOffsets(batchId: number): { kind: 'ok'; entry: OffsetEntry } | { kind: 'absent' | 'corrupt' } {
    const r = this.readEntry(`offsets/${batchId}`, 2);
    if (r.kind !== 'ok') return r;
    const meta = JSON.parse(r.lines[0]!) as { batchWatermarkMs?: unknown; batchTimestampMs?: unknown } | null;
    const src = (JSON.parse(r.lines[1]!) as Record<string, { start?: unknown; end?: unknown } | null> | null)?.[SOURCE_NAME];
    const nums = [meta?.batchWatermarkMs, meta?.batchTimestampMs, src?.start, src?.end];
    if (!nums.every((x): x is number => typeof x === 'number')) return { kind: 'corrupt' };
    const [watermark, timestamp, start, end] = nums as [number, number, number, number];
    const entry: OffsetEntry = { batchId, start, end, watermark, timestamp };
    this.remember(entry);
    return { kind: 'ok', entry };
  }

  private readCommit(batchId: number): CommitEntry | undefined {
    const r = this.readEntry(`commits/${batchId}`, 1);
    if (r.kind !== 'ok') return undefined;
    const w = (JSON.parse(r.lines[0]!) as { nextBatchWatermarkMs?: unknown } | null)?.nextBatchWatermarkMs;
    return typeof w === 'number' ? { batchId, nextWatermark: w } : undefined;
  }

  /** Batch ids present in a log directory, ascending (temporary files and strays ignored). */
  private ids(log: 'offsets' | 'commits'): number[] {
    return this.io
      .list(`${this.dir}/${log}`)
      .filter((f) => /^\d+$/.test(f))
      .map(Number)
      .sort((a, b) => a - b);
  }

  /**
   * Spark's layout (`v1`, then JSON lines) plus a last line with a checksum of the rest, to catch torn writes.
   * A line may come in pieces (a state snapshot of many windows): the text is concatenated, not joined, and
   * the checksum runs over the pieces, so a large entry is never copied into one flat string here.
   */
  private writeEntry(name: string, lines: ReadonlyArray<string | readonly string[]>): number {
    const pieces = ['v1'];
    for (const line of lines) {
      pieces.push('\n');
      if (typeof line === 'string') pieces.push(line);
      else for (const p of line) pieces.push(p);
    }
    let text = '';
    for (const p of pieces) text += p;
    text += `\n${checksumOf(pieces)}`;
    this.writeAtomically(name, text);
    return text.length;
  }

  private readEntry(name: string, lines: number): Read {
    const text = this.io.readFile(`${this.dir}/${name}`);
    if (text === undefined) return { kind: 'absent' };
    const cut = text.lastIndexOf('\n');
    const body = text.slice(0, cut);
    const parts = body.split('\n');
    if (cut < 0 || text.slice(cut + 1) !== checksum(body) || parts[0] !== 'v1' || parts.length !== lines + 1) return { kind: 'corrupt' };
    try {
      for (const l of parts.slice(1)) JSON.parse(l);
    } catch {
      return { kind: 'corrupt' };
    }
    return { kind: 'ok', lines: parts.slice(1) };
  }

  private writeAtomically(name: string, text: string): void {
    writeAtomically(this.io, `${this.dir}/${name}`, text);
  }
}

function parseMetadata(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
