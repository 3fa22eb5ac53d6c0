// The fluent DStream API (Spark Streaming, B8) over the graph nodes: map/filter/flatMap/transform, window,
// reduceByKey, reduceByKeyAndWindow with and without an inverse, updateStateByKey, mapWithState, foreachRDD.
// Windows are over batch time only; durations must be multiples of the parent's slide, as in Spark.
import type { StreamingContext } from './dstream-context.ts';
import type { DStreamNode, Rdd } from './dstream-node.ts';
import { type Pair, type QueueInputNode, ReducedNode, TransformedNode, WindowedNode } from './dstream-nodes.ts';
import { ReducedWindowedNode } from './reduced-windowed-node.ts';
import { MapWithStateNode, type MapWithStateRecord, StateNode, type StateSpec } from './state-nodes.ts';

export type { Pair } from './dstream-nodes.ts';
export type { State, StateSpec } from './state-nodes.ts';

export class DStream<T> {
  constructor(readonly node: DStreamNode<T>) {}

  get ssc(): StreamingContext {
    return this.node.ctx as StreamingContext;
  }

  /** Batch time between two RDDs of this stream, ms. */
  get slideDuration(): number {
    return this.node.slideDuration;
  }

  map<U>(f: (x: T) => U): DStream<U> {
    return new DStream(new TransformedNode(this.node, (rdd: Rdd<T>) => rdd.map(f)));
  }

  filter(p: (x: T) => boolean): DStream<T> {
    return new DStream(new TransformedNode(this.node, (rdd: Rdd<T>) => rdd.filter(p)));
  }

  flatMap<U>(f: (x: T) => Iterable<U>): DStream<U> {
    return new DStream(new TransformedNode(this.node, (rdd: Rdd<T>) => rdd.flatMap((x) => [...f(x)])));
  }

  /** A whole-RDD function (Spark's transform), e.g. a column-wise pass over an Arrow batch. */
  transform<U>(f: (rdd: Rdd<T>, time: number) => Rdd<U>): DStream<U> {
    return new DStream(new TransformedNode(this.node, f));
  }

  /** window(length, slide): every `slide`, the batches with time in (t - length, t]. */
  window(length: number, slide: number = this.slideDuration): DStream<T> {
    return new DStream(new WindowedNode(this.node, length, slide));
  }

  reduceByKey<K, V>(this: DStream<Pair<K, V>>, reduce: (a: V, b: V) => V): DStream<Pair<K, V>> {
    return new DStream(new ReducedNode(this.node, reduce));
  }

  /** Without an inverse: `reduceByKey(f).window(length, slide).reduceByKey(f)`; keys without data in the window disappear. */
  reduceByKeyAndWindow<K, V>(this: DStream<Pair<K, V>>, reduce: (a: V, b: V) => V, length: number, slide?: number): DStream<Pair<K, V>>;
  /** With an inverse: incremental from the previous window; keys stay (e.g. `(key, 0)`) unless `filter` drops them. */
  reduceByKeyAndWindow<K, V>(
    this: DStream<Pair<K, V>>,
    reduce: (a: V, b: V) => V,
    invReduce: (a: V, b: V) => V,
    length: number,
    slide?: number,
    filter?: (p: Pair<K, V>) => boolean,
  ): DStream<Pair<K, V>>;
  reduceByKeyAndWindow<K, V>(
    this: DStream<Pair<K, V>>,
    reduce: (a: V, b: V) => V,
    second: ((a: V, b: V) => V) | number,
    third?: number,
    fourth?: number,
    filter?: (p: Pair<K, V>) => boolean,
  ): DStream<Pair<K, V>> {
    if (typeof second === 'number') {
      const slide = third ?? this.slideDuration;
      return this.reduceByKey(reduce).window(second, slide).reduceByKey(reduce);
    }
    if (third === undefined) throw new TypeError('reduceByKeyAndWindow(f, invF, length, slide?) needs a window length');
    return new DStream(new ReducedWindowedNode(this.node, reduce, second, third, fourth ?? this.slideDuration, filter));
  }

  /** updateStateByKey: `update` runs for every key with state in every batch, with `[]` when it has no new values. */
  updateStateByKey<K, V, S>(
    this: DStream<Pair<K, V>>,
    update: (values: readonly V[], state: S | undefined) => S | undefined,
  ): DStream<Pair<K, S>> {
    return new DStream(new StateNode(this.node, update));
  }

  /** mapWithState: the function runs per record of a key with data, and once for each timed-out key. */
  mapWithState<K, V, S, R>(this: DStream<Pair<K, V>>, spec: StateSpec<K, V, S, R>): MapWithStateDStream<K, V, S, R> {
    return new MapWithStateDStream(new MapWithStateNode(this.node, spec));
  }

  /** An output operation: `fn` runs at every batch time valid for this stream. */
  foreachRDD(fn: (rdd: Rdd<T>, time: number) => void): void {
    this.ssc.addOutput(this, fn);
  }
}

/** The input of a StreamingContext: what is pushed before a batch time forms that batch's RDD. */
export class InputDStream<T> extends DStream<T> {
  constructor(private readonly input: QueueInputNode<T>) {
    super(input);
  }

  push(...items: T[]): void {
    this.input.push(items);
  }

  pushAll(items: Iterable<T>): void {
    this.input.push(items);
  }

  /** Records received and not yet allocated to a batch. */
  get pending(): number {
    return this.input.pendingCount;
  }

  /** The newest batch time that received records, whether or not a window has read that batch yet. */
  get lastDataBatch(): number | null {
    return this.input.lastDataBlock;
  }
}

/** The mapped output of mapWithState, with `stateSnapshots()` for the full (key, state) table. */
export class MapWithStateDStream<K, V, S, R> extends DStream<R> {
  constructor(private readonly records: MapWithStateNode<K, V, S, R>) {
    super(new TransformedNode(records, (rdd: Rdd<MapWithStateRecord<K, S, R>>) => rdd.flatMap((r) => r.mapped)));
  }

  stateSnapshots(): DStream<Pair<K, S>> {
    return new DStream(
      new TransformedNode(this.records, (rdd: Rdd<MapWithStateRecord<K, S, R>>) =>
        rdd.flatMap((r) => [...r.state].map(([k, e]): Pair<K, S> => [k, e.value])),
      ),
    );
  }
}
