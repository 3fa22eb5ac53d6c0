// The `offsets/` WAL and `commits/` log of a Structured Streaming checkpoint directory (B7). They outlive
// a crash; `recover` is MicroBatchExecution.populateStartOffsets: where to resume and with which watermark.

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
}

export class CheckpointLog {
  private readonly offsets = new Map<number, OffsetEntry>();
  private readonly commits = new Map<number, CommitEntry>();
  private lastOffsets: OffsetEntry | null = null;
  private lastCommit: CommitEntry | null = null;

  writeOffsets(e: OffsetEntry): void {
    this.offsets.set(e.batchId, e);
    this.lastOffsets = e;
  }

  writeCommit(e: CommitEntry): void {
    this.commits.set(e.batchId, e);
    this.lastCommit = e;
  }

  offsetsOf(batchId: number): OffsetEntry | undefined {
    return this.offsets.get(batchId);
  }

  isCommitted(batchId: number): boolean {
    return this.commits.has(batchId);
  }

  /** Number of committed batches (every committed batch is a checkpoint). */
  get committedBatches(): number {
    return this.commits.size;
  }

  recover(): Recovery {
    const l = this.lastOffsets;
    if (l === null) return { nextBatchId: 0, watermark: 0, rerun: null, committedEnd: 0 };
    const c = this.lastCommit;
    if (c !== null && c.batchId === l.batchId) {
      return { nextBatchId: l.batchId + 1, watermark: Math.max(l.watermark, c.nextWatermark), rerun: null, committedEnd: l.end };
    }
    return { nextBatchId: l.batchId, watermark: l.watermark, rerun: l, committedEnd: l.start };
  }
}
