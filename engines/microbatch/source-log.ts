// The replayable source of a query (a Kafka topic or a file source, B7): records get consecutive
// offsets and stay readable after a restart. Appended chunks are kept as given, never copied per record.
import type { Rec } from '../core/aggregates.ts';

export class SourceLog {
  private chunks: Array<readonly Rec[]> = [];
  /** Offset of the first record of each chunk. */
  private starts: number[] = [];
  /** Index of the first chunk still held (chunks before it were released by a commit). */
  private head = 0;
  private length = 0;

  /** The latest offset: one past the last record. */
  get end(): number {
    return this.length;
  }

  /** Append records (the caller must not mutate the array afterwards). */
  append(records: readonly Rec[]): void {
    if (records.length === 0) return;
    this.chunks.push(records);
    this.starts.push(this.length);
    this.length += records.length;
  }

  /**
   * The query committed everything before `offset` (Source.commit): whole chunks before it are released.
   * Offsets keep counting from the start; reading a released offset is an error.
   */
  discardBefore(offset: number): void {
    const c = this.chunks;
    while (this.head < c.length && this.starts[this.head]! + c[this.head]!.length <= offset) c[this.head++] = [];
    // Compact now and then, so a long run of one-record chunks does not keep a long array of empty slots.
    if (this.head > 1024 && this.head * 2 > c.length) {
      this.chunks = c.slice(this.head);
      this.starts = this.starts.slice(this.head);
      this.head = 0;
    }
  }

  /** Records with offsets in [start, end); a range that is exactly one chunk is returned without copying. */
  read(start: number, end: number): readonly Rec[] {
    if (end <= start) return [];
    if (this.head >= this.chunks.length || start < this.starts[this.head]!)
      throw new RangeError(`offset ${start} was released by a commit`);
    let i = this.chunkAt(start);
    if (this.starts[i] === start && start + this.chunks[i]!.length === end) return this.chunks[i]!;
    const out: Rec[] = [];
    for (; i < this.chunks.length && this.starts[i]! < end; i++) {
      const c = this.chunks[i]!;
      const from = Math.max(0, start - this.starts[i]!);
      const to = Math.min(c.length, end - this.starts[i]!);
      for (let j = from; j < to; j++) out.push(c[j]!);
    }
    return out;
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
