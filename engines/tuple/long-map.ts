// A hash map keyed by 64-bit ids given as int32 halves (see tuple-id.ts): open addressing with
// linear probing and backward-shift deletion, so the acker and the spout's pending map never box a key.
// Each entry carries a small integer tag (RotatingMap keeps its bucket generation there).

export class LongMap<V> {
  private keys: Int32Array;
  private tags: Int32Array;
  private vals: (V | undefined)[];
  private used: Uint8Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 16) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.keys = new Int32Array(cap * 2);
    this.tags = new Int32Array(cap);
    this.vals = new Array<V | undefined>(cap);
    this.used = new Uint8Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  get(hi: number, lo: number): V | undefined {
    const i = this.find(hi, lo);
    return i < 0 ? undefined : this.vals[i];
  }

  has(hi: number, lo: number): boolean {
    return this.find(hi, lo) >= 0;
  }

  set(hi: number, lo: number, value: V, tag = 0): void {
    let i = this.home(hi, lo);
    while (this.used[i] === 1) {
      if (this.keys[2 * i] === hi && this.keys[2 * i + 1] === lo) {
        this.vals[i] = value;
        this.tags[i] = tag;
        return;
      }
      i = (i + 1) & this.mask;
    }
    this.used[i] = 1;
    this.keys[2 * i] = hi;
    this.keys[2 * i + 1] = lo;
    this.vals[i] = value;
    this.tags[i] = tag;
    if (++this.count * 2 > this.used.length) this.grow();
  }

  /** Remove the key; returns its value, or undefined when absent. */
  delete(hi: number, lo: number): V | undefined {
    let i = this.find(hi, lo);
    if (i < 0) return undefined;
    const value = this.vals[i];
    // Backward-shift deletion: pull later members of the probe run into the hole.
    let j = i;
    for (;;) {
      j = (j + 1) & this.mask;
      if (this.used[j] === 0) break;
      const k = this.home(this.keys[2 * j]!, this.keys[2 * j + 1]!);
      const between = i <= j ? i < k && k <= j : i < k || k <= j;
      if (!between) {
        this.keys[2 * i] = this.keys[2 * j]!;
        this.keys[2 * i + 1] = this.keys[2 * j + 1]!;
        this.vals[i] = this.vals[j];
        this.tags[i] = this.tags[j]!;
        i = j;
      }
    }
    this.used[i] = 0;
    this.vals[i] = undefined;
    this.count--;
    return value;
  }

  forEach(fn: (value: V, hi: number, lo: number, tag: number) => void): void {
    for (let i = 0; i < this.used.length; i++) {
      if (this.used[i] === 1) fn(this.vals[i] as V, this.keys[2 * i]!, this.keys[2 * i + 1]!, this.tags[i]!);
    }
  }

  clear(): void {
    if (this.count === 0) return;
    this.used.fill(0);
    this.vals.fill(undefined);
    this.count = 0;
  }

  private find(hi: number, lo: number): number {
    let i = this.home(hi, lo);
    while (this.used[i] === 1) {
      if (this.keys[2 * i] === hi && this.keys[2 * i + 1] === lo) return i;
      i = (i + 1) & this.mask;
    }
    return -1;
  }

  private home(hi: number, lo: number): number {
    let h = lo ^ Math.imul(hi, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h ^= h >>> 13;
    return h & this.mask;
  }

  private grow(): void {
    const { keys, vals, used, tags } = this;
    const cap = used.length * 2;
    this.keys = new Int32Array(cap * 2);
    this.tags = new Int32Array(cap);
    this.vals = new Array<V | undefined>(cap);
    this.used = new Uint8Array(cap);
    this.mask = cap - 1;
    this.count = 0;
    for (let i = 0; i < used.length; i++) if (used[i] === 1) this.set(keys[2 * i]!, keys[2 * i + 1]!, vals[i] as V, tags[i]!);
  }
}
