// One field of many records, stored by row in typed arrays: numbers in an Int32Array while every one is
// a 32-bit integer (a Float64Array after the first that is not), anything else as an id into the column's
// own table of values (strings deduplicated, objects kept by reference). Every value reads back exactly
// as it was written (−0, NaN and object identity included): records rebuilt from columns are the records.
// The arrays live in SharedArrayBuffers: sealed, they are exact-size views that worker threads map without a copy.

/** Distinct strings a column deduplicates; past this many (ids, text) new strings are stored as they come. */
const DEDUP_LIMIT = 1 << 16;

/** The transferable form of a sealed column (structured-clone safe: typed arrays over shared memory). */
export interface ColumnData {
  readonly ints: Int32Array | null;
  readonly floats: Float64Array | null;
  /** Row → id in `values` (≥ 0), or −1 where the row holds a number. */
  readonly refs: Int32Array | null;
  readonly values: unknown[];
}

export class ValueColumn {
  private ints: Int32Array | null = null;
  private floats: Float64Array | null = null;
  private refs: Int32Array | null = null;
  private values: unknown[] = [];
  private readonly ids = new Map<unknown, number>();
  private capacity: number;

  constructor(capacity = 1024) {
    this.capacity = capacity;
  }

  static from(d: ColumnData): ValueColumn {
    const c = new ValueColumn(0);
    c.ints = d.ints;
    c.floats = d.floats;
    c.refs = d.refs;
    c.values = d.values;
    c.capacity = Math.max(d.ints?.length ?? 0, d.floats?.length ?? 0, d.refs?.length ?? 0);
    return c;
  }

  set(row: number, v: unknown): void {
    if (row >= this.capacity) this.grow(row + 1);
    if (typeof v === 'number') {
      if (this.refs !== null) this.refs[row] = -1;
      if (this.floats !== null) this.floats[row] = v;
      else if ((v | 0) === v && !(v === 0 && 1 / v < 0)) (this.ints ??= alloc(Int32Array, this.capacity))[row] = v;
      else {
        this.floats = alloc(Float64Array, this.capacity);
        if (this.ints !== null) this.floats.set(this.ints);
        this.ints = null;
        this.floats[row] = v;
      }
      return;
    }
    if (this.refs === null) this.refs = alloc(Int32Array, this.capacity).fill(-1);
    this.refs[row] = this.idOf(v);
  }

  get(row: number): unknown {
    const refs = this.refs;
    if (refs !== null) {
      const id = refs[row]!;
      if (id >= 0) return this.values[id];
    }
    return this.floats !== null ? this.floats[row] : this.ints![row];
  }

  /** Exact-size views of the first `rows` rows, for reading only, here or in a worker (no copy). */
  seal(rows: number): ColumnData {
    return {
      ints: this.ints?.subarray(0, rows) ?? null,
      floats: this.floats?.subarray(0, rows) ?? null,
      refs: this.refs?.subarray(0, rows) ?? null,
      values: this.values,
    };
  }

  private idOf(v: unknown): number {
    // Objects keep their identity (never deduplicated); strings up to DEDUP_LIMIT and other primitives are.
    if (typeof v === 'object' && v !== null) return this.values.push(v) - 1;
    const id = this.ids.get(v);
    if (id !== undefined) return id;
    const n = this.values.push(v) - 1;
    if (this.ids.size < DEDUP_LIMIT) this.ids.set(v, n);
    return n;
  }

  private grow(need: number): void {
    let cap = Math.max(16, this.capacity * 2);
    while (cap < need) cap *= 2;
    const up = <A extends Int32Array | Float64Array>(a: A | null, make: (n: number) => A, fill?: number): A | null => {
      if (a === null) return null;
      const b = make(cap);
      if (fill !== undefined) b.fill(fill, a.length);
      b.set(a);
      return b;
    };
    this.ints = up(this.ints, (n) => alloc(Int32Array, n));
    this.floats = up(this.floats, (n) => alloc(Float64Array, n));
    this.refs = up(this.refs, (n) => alloc(Int32Array, n), -1);
    this.capacity = cap;
  }
}

/** A typed array of `n` zeros over a SharedArrayBuffer. */
export function alloc<A>(Type: { new (b: SharedArrayBuffer): A; BYTES_PER_ELEMENT: number }, n: number): A {
  return new Type(new SharedArrayBuffer(n * Type.BYTES_PER_ELEMENT));
}
