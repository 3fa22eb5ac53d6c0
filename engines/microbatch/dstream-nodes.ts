// The stateless DStream nodes: input queue, map/filter/flatMap/transform, window (the union of the
// parent's RDDs in (t - length, t]), and reduceByKey within one RDD (B8, S-T-WOS).
import { DStreamNode, type GraphContext, type Rdd, requireMultiple } from './dstream-node.ts';

export type Pair<K, V> = readonly [K, V];

/** A queue of pushed elements; at each batch time everything pushed since the last batch becomes its RDD. */
export class QueueInputNode<T> extends DStreamNode<T> {
  private pending: T[] = [];
  private readonly blocks = new Map<number, Rdd<T>>();
  /** The newest batch time whose block had records (known when the block is sealed, computed or not). */
  lastDataBlock: number | null = null;

  constructor(ctx: GraphContext) {
    super(ctx, ctx.interval);
  }

  push(items: Iterable<T>): void {
    for (const x of items) this.pending.push(x);
  }

  /** Records received and not yet allocated to a batch. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** The receiver's block for batch `time` (ReceivedBlockTracker.allocateBlocksToBatch). */
  seal(time: number): void {
    if (this.pending.length > 0) this.lastDataBlock = time;
    this.blocks.set(time, this.pending);
    this.pending = [];
  }

  override forgetUpTo(time: number): void {
    super.forgetUpTo(time);
    for (const t of this.blocks.keys()) if (t <= time) this.blocks.delete(t);
  }

  /**
   * A driver failure. With the receiver write-ahead log the received blocks, and what was received since
   * the last batch, are read back from it (no data loss). Without it (Spark's default) both are gone: the
   * buffered records, and the blocks a recomputation of earlier batches would need. Returns the records lost.
   */
  crashReceiver(writeAheadLog: boolean): number {
    this.crash();
    if (writeAheadLog) return 0;
    let lost = this.pending.length;
    for (const b of this.blocks.values()) lost += b.length;
    this.pending = [];
    this.blocks.clear();
    return lost;
  }

  protected compute(time: number): Rdd<T> {
    return this.blocks.get(time) ?? [];
  }
}

/** map / filter / flatMap / transform: one function from the parent's RDD to this one's. */
export class TransformedNode<T, U> extends DStreamNode<U> {
  constructor(
    private readonly parent: DStreamNode<T>,
    private readonly f: (rdd: Rdd<T>, time: number) => Rdd<U>,
  ) {
    super(parent.ctx, parent.slideDuration);
  }

  protected compute(time: number): Rdd<U> | undefined {
    const rdd = this.parent.getOrCompute(time);
    return rdd === undefined ? undefined : this.f(rdd, time);
  }
}

/**
 * WindowedDStream: at each multiple of `slide` the union of the parent's RDDs with time in (t - length, t].
 * The first windows are partial, and with slide > length the batches in between belong to no window (B8).
 */
export class WindowedNode<T> extends DStreamNode<T> {
  constructor(
    private readonly parent: DStreamNode<T>,
    readonly length: number,
    slide: number,
  ) {
    requireMultiple('window duration', length, parent.slideDuration);
    requireMultiple('slide duration', slide, parent.slideDuration);
    super(parent.ctx, slide);
    this.history = length;
  }

  protected compute(time: number): Rdd<T> {
    return this.parent.slice(time - this.length + this.parent.slideDuration, time).flat();
  }
}

/** reduceByKey within one RDD; keys keep their first-appearance order. */
export class ReducedNode<K, V> extends DStreamNode<Pair<K, V>> {
  constructor(
    private readonly parent: DStreamNode<Pair<K, V>>,
    private readonly reduce: (a: V, b: V) => V,
  ) {
    super(parent.ctx, parent.slideDuration);
  }

  protected compute(time: number): Rdd<Pair<K, V>> | undefined {
    const rdd = this.parent.getOrCompute(time);
    return rdd === undefined ? undefined : reduceByKey(rdd, this.reduce);
  }
}

export function reduceByKey<K, V>(rdd: Rdd<Pair<K, V>>, reduce: (a: V, b: V) => V): Rdd<Pair<K, V>> {
  const acc = new Map<K, V>();
  for (const [k, v] of rdd) {
    const prev = acc.get(k);
    acc.set(k, prev === undefined && !acc.has(k) ? v : reduce(prev as V, v));
  }
  return [...acc];
}

/** Group values by key, keys in first-appearance order. */
export function groupByKey<K, V>(rdd: Rdd<Pair<K, V>>): Map<K, V[]> {
  const out = new Map<K, V[]>();
  for (const [k, v] of rdd) {
    const list = out.get(k);
    if (list) list.push(v);
    else out.set(k, [v]);
  }
  return out;
}
