// One window's state in the store: an accumulator per key id, held column-wise (a typed array per
// accumulator component, indexed by key id), so merging a batch's partials is a loop over typed arrays.
// Copy-on-write: a committed state version is never mutated; a batch clones the windows it touches.
import type { AggregateFn } from '../core/job.ts';
import type { Partials } from './partial-aggregate.ts';

export class KeyColumns {
  private constructor(
    readonly fn: AggregateFn,
    /** 1 where the key has an accumulator in this window. */
    readonly present: Uint8Array,
    readonly a: Float64Array,
    readonly b: Float64Array | null,
    readonly lists: Array<readonly unknown[] | undefined> | null,
    /** multi: each key's accumulator as an object, merged by `mergeBoxed` (`aggregateFor(spec).merge`, which never mutates). */
    readonly boxed: unknown[] | null,
    private readonly mergeBoxed: ((a: unknown, b: unknown) => unknown) | null,
    private count: number,
  ) {}

  /** `mergeBoxed` is required for multi. */
  static empty(fn: AggregateFn, capacity: number, mergeBoxed: ((a: unknown, b: unknown) => unknown) | null = null): KeyColumns {
    const c = Math.max(capacity, 16);
    if (fn === 'multi' && mergeBoxed === null) throw new Error('multi needs its merge function');
    return new KeyColumns(
      fn,
      new Uint8Array(c),
      new Float64Array(c),
      fn === 'avg' ? new Float64Array(c) : null,
      fn === 'collect' ? new Array(c) : null,
      fn === 'multi' ? new Array(c) : null,
      mergeBoxed,
      0,
    );
  }

  /** Number of keys with an accumulator. */
  get size(): number {
    return this.count;
  }

  /** Upper bound of key ids held (iterate `0..capacity-1` and test `present`). */
  get capacity(): number {
    return this.present.length;
  }

  /** A writable copy with room for key ids below `capacity`. */
  clone(capacity: number): KeyColumns {
    const c = Math.max(capacity, this.present.length);
    const grow = <T extends Uint8Array | Float64Array>(x: T, make: (n: number) => T): T => {
      const y = make(c);
      y.set(x);
      return y;
    };
    return new KeyColumns(
      this.fn,
      grow(this.present, (n) => new Uint8Array(n)),
      grow(this.a, (n) => new Float64Array(n)),
      this.b ? grow(this.b, (n) => new Float64Array(n)) : null,
      this.lists ? Object.assign(new Array<readonly unknown[] | undefined>(c), this.lists) : null,
      this.boxed ? Object.assign(new Array<unknown>(c), this.boxed) : null,
      this.mergeBoxed,
      this.count,
    );
  }

  /** Fold partial group `g` into key `k`: `aggregateFor(fn).merge`, column-wise. */
  merge(k: number, p: Partials, g: number): void {
    const had = this.present[k] === 1;
    const a = this.a;
    const x = p.a[g]!;
    switch (this.fn) {
      case 'count':
      case 'sum':
        a[k] = had ? a[k]! + x : x;
        break;
      case 'min':
        a[k] = had && a[k]! <= x ? a[k]! : x;
        break;
      case 'max':
        a[k] = had && a[k]! >= x ? a[k]! : x;
        break;
      case 'avg':
        a[k] = had ? a[k]! + x : x;
        this.b![k] = had ? this.b![k]! + p.b![g]! : p.b![g]!;
        break;
      case 'collect':
        // A new array, never a push: the previous version may share the old one.
        this.lists![k] = had ? [...this.lists![k]!, ...p.lists![g]!] : p.lists![g]!;
        break;
      case 'multi':
        // merge returns a new accumulator (copy-on-write, as for collect); a batch's own partial is not shared.
        this.boxed![k] = had ? this.mergeBoxed!(this.boxed![k], p.boxed![g]) : p.boxed![g];
        break;
    }
    if (!had) {
      this.present[k] = 1;
      this.count++;
    }
  }

  /** Set key k's accumulator from `acc(k)`'s format (restoring a state snapshot). */
  put(k: number, acc: unknown): void {
    switch (this.fn) {
      case 'avg': {
        const [sum, n] = acc as [number, number];
        this.a[k] = sum;
        this.b![k] = n;
        break;
      }
      case 'collect':
        this.lists![k] = acc as readonly unknown[];
        break;
      case 'multi':
        this.boxed![k] = acc;
        break;
      default:
        this.a[k] = acc as number;
    }
    if (this.present[k] !== 1) {
      this.present[k] = 1;
      this.count++;
    }
  }

  /** Key k's accumulator in `aggregateFor(fn)`'s format, for `result`. */
  acc(k: number): unknown {
    switch (this.fn) {
      case 'avg':
        return [this.a[k], this.b![k]];
      case 'collect':
        return this.lists![k];
      case 'multi':
        return this.boxed![k];
      default:
        return this.a[k];
    }
  }
}
