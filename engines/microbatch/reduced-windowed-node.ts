// ReducedWindowedDStream: reduceByKeyAndWindow(f, invF) computes each window from the previous one,
// minus the batches that left (invF) plus the batches that entered (f). Keys are never dropped, so a key
// whose value falls back to zero stays as (key, 0) unless a filter is given (B8, S-T-WOS "big test").
import { DStreamNode, type Rdd, requireMultiple } from './dstream-node.ts';
import { type Pair, ReducedNode } from './dstream-nodes.ts';

export class ReducedWindowedNode<K, V> extends DStreamNode<Pair<K, V>> {
  private readonly reduced: ReducedNode<K, V>;

  constructor(
    parent: DStreamNode<Pair<K, V>>,
    private readonly reduce: (a: V, b: V) => V,
    private readonly invReduce: (a: V, b: V) => V,
    private readonly length: number,
    slide: number,
    private readonly filter: ((p: Pair<K, V>) => boolean) | undefined,
  ) {
    requireMultiple('window duration', length, parent.slideDuration);
    requireMultiple('slide duration', slide, parent.slideDuration);
    super(parent.ctx, slide);
    this.reduced = new ReducedNode(parent, reduce);
    this.history = length + slide;
    this.mustCheckpoint = true;
  }

  protected compute(time: number): Rdd<Pair<K, V>> {
    const step = this.reduced.slideDuration;
    const slide = this.slideDuration;
    // currentWindow = (time - length, time]; previousWindow = currentWindow - slide, both as batch-time intervals.
    const curBegin = time - this.length + step;
    const prevBegin = curBegin - slide;
    const prevEnd = time - slide;
    const oldRdds = this.reduced.slice(prevBegin, curBegin - step);
    const newRdds = this.reduced.slice(prevEnd + step, time);
    const previous = this.getOrCompute(prevEnd) ?? [];

    const prevValues = new Map<K, V>(previous);
    const oldValues = reduceAll(oldRdds, this.reduce);
    const newValues = reduceAll(newRdds, this.reduce);
    const keys = new Set<K>([...prevValues.keys(), ...oldValues.keys(), ...newValues.keys()]);
    const out: Array<Pair<K, V>> = [];
    for (const k of keys) {
      const n = newValues.get(k);
      let v: V;
      if (!prevValues.has(k)) {
        if (!newValues.has(k)) throw new Error('Neither previous window has value for key, nor new values found');
        v = n as V;
      } else {
        v = prevValues.get(k) as V;
        if (oldValues.has(k)) v = this.invReduce(v, oldValues.get(k) as V);
        if (newValues.has(k)) v = this.reduce(v, n as V);
      }
      const pair: Pair<K, V> = [k, v];
      if (this.filter === undefined || this.filter(pair)) out.push(pair);
    }
    return out;
  }
}

function reduceAll<K, V>(rdds: Array<Rdd<Pair<K, V>>>, reduce: (a: V, b: V) => V): Map<K, V> {
  const out = new Map<K, V>();
  for (const rdd of rdds) {
    for (const [k, v] of rdd) out.set(k, out.has(k) ? reduce(out.get(k) as V, v) : v);
  }
  return out;
}
