// The replayable source of a query (a Kafka topic or a file source, B7): records get consecutive
// offsets and stay readable after a restart. Appended chunks are kept as given, never copied per record.
import type { Rec } from '../core/aggregates.ts';

export class SourceLog {
  private readonly chunks: Array<readonly Rec[]> = [];
  /** Offset of the first record of each chunk. */
  private readonly starts: number[] = [];
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
    while (this.chunks.length > 0 && this.starts[0]! + this.chunks[0]!.length <= offset) {
      this.chunks.shift();
      this.starts.shift();
    }
  }

  /** Records with offsets in [start, end); a batch that is exactly one chunk is returned without copying. */
  read(start: number, end: number): readonly Rec[] {
    if (end <= start) return [];
    if (this.starts.length === 0 || start < this.starts[0]!) throw new RangeError(`offset ${start} was released by a commit`);
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

  /** Index of the chunk holding `offset` (binary search). */
  private chunkAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
