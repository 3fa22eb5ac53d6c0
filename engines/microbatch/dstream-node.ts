// One node of a DStream graph (Spark's DStream class): an RDD per valid batch time, computed lazily from
// its parents and cached. Time is batch time: `zeroTime + k·slide`, k >= 1; there is no event time (B8).

/** An RDD of one batch: the elements, in order. */
export type Rdd<T> = readonly T[];

/** The context a node lives in (the StreamingContext, seen from the graph). */
export interface GraphContext {
  readonly zeroTime: number;
  readonly interval: number;
  register(node: DStreamNode<unknown>): void;
}

/** Spark: a DStream that must checkpoint does so every ceil(10 s / slide) slides (DStream.checkpointDuration). */
export const MIN_CHECKPOINT_DURATION = 10_000;

export abstract class DStreamNode<T> {
  private readonly generated = new Map<number, Rdd<T>>();
  /** RDDs written to the checkpoint directory (data checkpoints): they outlive a driver failure. */
  private readonly checkpointed = new Map<number, Rdd<T>>();
  /** Batch time a node needs to look back (window length, previous state); the context keeps RDDs that long. */
  history = 0;
  /** Spark refuses to start without ssc.checkpoint(dir) when a node must checkpoint (state, inverse windows). */
  mustCheckpoint = false;

  constructor(
    readonly ctx: GraphContext,
    readonly slideDuration: number,
  ) {
    ctx.register(this as DStreamNode<unknown>);
  }

  /** The RDD at a valid time (undefined when the node has none, e.g. an input without a batch). */
  protected abstract compute(time: number): Rdd<T> | undefined;

  isTimeValid(time: number): boolean {
    const d = time - this.ctx.zeroTime;
    return d > 0 && d % this.slideDuration === 0;
  }

  getOrCompute(time: number): Rdd<T> | undefined {
    if (!this.isTimeValid(time)) return undefined;
    const cached = this.generated.get(time);
    if (cached !== undefined) return cached;
    const rdd = this.compute(time);
    if (rdd !== undefined) {
      this.generated.set(time, rdd);
      const every = this.checkpointDuration;
      if (every > 0 && (time - this.ctx.zeroTime) % every === 0) {
        this.checkpointed.set(time, rdd);
        // Older checkpoint files are cleaned up once a newer one is written (the last two are kept).
        for (const t of this.checkpointed.keys()) if (t < time - every) this.checkpointed.delete(t);
      }
    }
    return rdd;
  }

  /** Batch time between data checkpoints of this node's RDDs; 0 = never (nodes that need not checkpoint). */
  get checkpointDuration(): number {
    return this.mustCheckpoint ? this.slideDuration * Math.ceil(MIN_CHECKPOINT_DURATION / this.slideDuration) : 0;
  }

  /** Batch time of the newest data checkpoint of this node, or null. */
  get lastCheckpoint(): number | null {
    let last: number | null = null;
    for (const t of this.checkpointed.keys()) if (last === null || t > last) last = t;
    return last;
  }

  /**
   * A driver failure: every RDD held in memory is gone and only the checkpointed ones are read back, so
   * later RDDs are recomputed from lineage: from the last checkpoint and whatever input is still there (B8).
   */
  crash(): void {
    this.generated.clear();
    for (const [t, rdd] of this.checkpointed) this.generated.set(t, rdd);
  }

  /** DStream.slice: the RDDs at valid times in [from, to], in time order; times at or before zeroTime have none. */
  slice(from: number, to: number): Array<Rdd<T>> {
    const out: Array<Rdd<T>> = [];
    const z = this.ctx.zeroTime;
    const s = this.slideDuration;
    const first = z + Math.ceil((from - z) / s) * s;
    for (let t = first; t <= to; t += s) {
      const rdd = this.getOrCompute(t);
      if (rdd !== undefined) out.push(rdd);
    }
    return out;
  }

  /** Forget RDDs at or before `time` (clearMetadata after a batch). */
  forgetUpTo(time: number): void {
    for (const t of this.generated.keys()) if (t <= time) this.generated.delete(t);
  }
}

/** Throw Spark's error when a duration is not a multiple of the parent's slide. */
export function requireMultiple(what: string, duration: number, of: number): void {
  if (duration <= 0 || duration % of !== 0) {
    throw new RangeError(`the ${what} (${duration} ms) must be a positive multiple of the parent's slide duration (${of} ms)`);
  }
}
