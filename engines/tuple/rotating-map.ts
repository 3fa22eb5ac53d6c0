// Storm's RotatingMap (ST-SE, ST-ACK): N buckets rotated every timeout T, so an entry expires between
// (N-1)T and NT after its put — spout (2 buckets): (T, 2T] (C2); acker (3): (2T, 3T]. Shortcut: one map
// whose entries carry their put generation (bucket = generations since), so a lookup probes once.
import { LongMap } from './long-map.ts';

export type ExpiredCallback<V> = (value: V, hi: number, lo: number) => void;

export class RotatingMap<V> {
  private readonly map = new LongMap<V>();
  private generation = 0;

  constructor(
    private readonly numBuckets: number,
    private readonly onExpire?: ExpiredCallback<V>,
  ) {
    if (numBuckets < 2) throw new RangeError(`a RotatingMap needs at least 2 buckets, got ${numBuckets}`);
  }

  get size(): number {
    return this.map.size;
  }

  get(hi: number, lo: number): V | undefined {
    return this.map.get(hi, lo);
  }

  /** Put into the newest bucket, taking it out of any older one (Storm's `put` resets the clock). */
  put(hi: number, lo: number, value: V): void {
    this.map.set(hi, lo, value, this.generation);
  }

  /** Put a key known to be in no bucket (a freshly drawn random id). */
  putNew(hi: number, lo: number, value: V): void {
    this.map.set(hi, lo, value, this.generation);
  }

  remove(hi: number, lo: number): V | undefined {
    return this.map.delete(hi, lo);
  }

  /** Drop the oldest bucket, calling the expiry callback for each entry in it; returns how many expired. */
  rotate(): number {
    this.generation++;
    // An entry put in generation g sits in bucket (generation - g); it falls off past the last bucket.
    const oldest = this.generation - this.numBuckets;
    const expired: Array<[V, number, number]> = [];
    this.map.forEach((v, hi, lo, g) => {
      if (g <= oldest) expired.push([v, hi, lo]);
    });
    for (const [, hi, lo] of expired) this.map.delete(hi, lo);
    // Callbacks run after the rotation so that they may put or remove freely.
    if (this.onExpire) for (const [v, hi, lo] of expired) this.onExpire(v, hi, lo);
    return expired.length;
  }

  /** Every entry, in no particular order (the callback must not put or remove). */
  forEach(fn: (value: V, hi: number, lo: number) => void): void {
    this.map.forEach((v, hi, lo) => {
      fn(v, hi, lo);
    });
  }

  clear(): void {
    this.map.clear();
  }
}
