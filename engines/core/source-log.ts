// The replayable source every engine reads (a Kafka partition or a file source: B7, A9, C2): records get
// consecutive offsets and stay readable after a restart until released. Appended chunks are kept as
// given, never copied per record; a chunk may also be a range of a RecordSource (the scenario runner's
// columns), read on demand, so a long run's log holds no record objects. A log may continue another's
// offsets (`base`: a job started from a savepoint).
import type { Rec } from './aggregates.ts';
import type { RecordSource } from './record-source.ts';

/** Records appended as an array, or the range [from, from + length) of a RecordSource. */
interface Chunk {
  readonly records: readonly Rec[] | null;
  readonly source: RecordSource | null;
  readonly from: number;
  length: number;
}

const RELEASED: Chunk = { records: [], source: null, from: 0, length: 0 };

export class SourceLog {
  private chunks: Chunk[] = [];
  /** Offset of the first record of each chunk. */
  private starts: number[] = [];
  /** Index of the first chunk still held (chunks before it were released by a commit). */
  private head = 0;
  private length: number;
  /** The chunk of the last `get` (0 after a compaction moves chunks). */
  private lastChunk = 0;

  /** `base`: the offset of the first record (a log that continues another's offsets). */
  constructor(readonly base = 0) {
    this.length = base;
  }

  /** The latest offset: one past the last record. */
  get end(): number {
    return this.length;
  }

  /** Records appended to this log (not counting `base`). */
  get size(): number {
    return this.length - this.base;
  }

  /** Append records (the caller must not mutate the array afterwards). */
  append(records: readonly Rec[]): void {
    if (records.length === 0) return;
    this.push({ records, source: null, from: 0, length: records.length });
  }

  /** Append `source`'s records [from, to): a range, extending the last chunk when it ends where this one starts. */
  appendFrom(source: RecordSource, from: number, to: number): void {
    if (to <= from) return;
    const last = this.chunks[this.chunks.length - 1];
    if (last !== undefined && last.source === source && last.from + last.length === from && this.chunks.length - 1 >= this.head) {
      last.length += to - from;
      this.length += to - from;
      return;
    }
    this.push({ records: null, source, from, length: to - from });
  }

  /** The record at `offset` (a spout reading its log in order, or replaying one offset). */
  get(offset: number): Rec {
    // Reads are mostly in order: try the chunk of the last read before searching.
    let i = this.lastChunk;
    if (!(i < this.chunks.length && i >= this.head && offset >= this.starts[i]! && offset < this.starts[i]! + this.chunks[i]!.length)) {
      if (offset < this.base || offset >= this.length)
        throw new RangeError(`no offset ${offset} (log holds [${this.base}, ${this.length}))`);
      if (this.head >= this.chunks.length || offset < this.starts[this.head]!)
        throw new RangeError(`offset ${offset} was released by a commit`);
      i = this.lastChunk = this.chunkAt(offset);
    }
    return recordOf(this.chunks[i]!, offset - this.starts[i]!);
  }

  /** The records from `offset` to the end, in order, as slices of the appended chunks with their first offset. */
  forEachChunkFrom(offset: number, fn: (records: readonly Rec[], offset: number) => void): void {
    if (offset >= this.length) return;
    if (offset < this.base) offset = this.base;
    for (let i = this.chunkAt(offset); i < this.chunks.length; i++) {
      const c = this.chunks[i]!;
      const start = this.starts[i]!;
      const skip = Math.max(0, offset - start);
      fn(c.records !== null && skip === 0 ? c.records : slice(c, skip, c.length), start + skip);
    }
  }

  /** Each record from `offset` to the end, in order, with its offset (a restart replaying its source). */
  forEachFrom(offset: number, fn: (r: Rec, offset: number) => void): void {
    if (offset >= this.length) return;
    if (offset < this.base) offset = this.base;
    for (let i = this.chunkAt(offset); i < this.chunks.length; i++) {
      const c = this.chunks[i]!;
      const start = this.starts[i]!;
      for (let j = Math.max(0, offset - start); j < c.length; j++) fn(recordOf(c, j), start + j);
    }
  }

  /**
   * The query committed everything before `offset` (Source.commit): whole chunks before it are released.
   * Offsets keep counting from the start; reading a released offset is an error.
   */
  discardBefore(offset: number): void {
    const c = this.chunks;
    while (this.head < c.length && this.starts[this.head]! + c[this.head]!.length <= offset) c[this.head++] = RELEASED;
    // Compact now and then, so a long run of one-record chunks does not keep a long array of empty slots.
    if (this.head > 1024 && this.head * 2 > c.length) {
      this.chunks = c.slice(this.head);
      this.starts = this.starts.slice(this.head);
      this.head = 0;
      this.lastChunk = 0;
    }
  }

  /** Records with offsets in [start, end); a range that is exactly one appended array is returned without copying. */
  read(start: number, end: number): readonly Rec[] {
    if (end <= start) return [];
    if (this.head >= this.chunks.length || start < this.starts[this.head]!)
      throw new RangeError(`offset ${start} was released by a commit`);
    let i = this.chunkAt(start);
    const first = this.chunks[i]!;
    if (first.records !== null && this.starts[i] === start && start + first.length === end) return first.records;
    const out: Rec[] = [];
    for (; i < this.chunks.length && this.starts[i]! < end; i++) {
      const c = this.chunks[i]!;
      const from = Math.max(0, start - this.starts[i]!);
      const to = Math.min(c.length, end - this.starts[i]!);
      for (let j = from; j < to; j++) out.push(recordOf(c, j));
    }
    return out;
  }

  private push(chunk: Chunk): void {
    this.chunks.push(chunk);
    this.starts.push(this.length);
    this.length += chunk.length;
  }

  /** Index of the held chunk containing `offset` (binary search). */
  private chunkAt(offset: number): number {
    let lo = this.head;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

function recordOf(c: Chunk, j: number): Rec {
  return c.records !== null ? c.records[j]! : c.source!.record(c.from + j);
}

function slice(c: Chunk, from: number, to: number): Rec[] {
  if (c.records !== null) return c.records.slice(from, to);
  const out: Rec[] = new Array(to - from);
  for (let j = from; j < to; j++) out[j - from] = c.source!.record(c.from + j);
  return out;
}
