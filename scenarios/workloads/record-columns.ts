// Records as columns: each distinct field list (a shape: Nexmark's person, auction and bid) has one
// ValueColumn per field, and record i is rebuilt on demand with its fields in their original order and
// values. A run's input lives here once — generated or read record by record, never held as objects —
// and every engine, the oracle and the correctness index read it by index (SourceLog keeps ranges of it).
// A selection (filter, arrival order) is a view: the base and an Int32Array of indices.
import type { Rec } from '../../engines/core/aggregates.ts';
import type { RecordSource } from '../../engines/core/record-source.ts';
import { alloc, type ColumnData, ValueColumn } from './value-column.ts';

/** Columnar records: build one on demand, or read one field of it without building it. */
export interface ColumnarRecords extends RecordSource {
  /** A reader of field `name` by record index (undefined where a record has no such field). */
  field(name: string): (i: number) => unknown;
  /** The transferable form (shared typed arrays plus the value tables), for a worker thread. */
  seal(): SealedRecords;
}

export type SealedRecords =
  | {
      kind: 'columns';
      length: number;
      shapes: Array<{ names: string[]; columns: ColumnData[] }>;
      shapeOf: Uint16Array | null;
      rowOf: Int32Array | null;
    }
  | { kind: 'view'; base: SealedRecords; indices: Int32Array };

interface Shape {
  readonly names: string[];
  readonly columns: ValueColumn[];
  rows: number;
}

export class RecordColumns implements ColumnarRecords {
  private readonly shapes: Shape[] = [];
  private readonly byNames = new Map<string, number>();
  /** Shape and row of each record, once there is more than one shape (before: shape 0, row = index). */
  private shapeOf: Uint16Array | null = null;
  private rowOf: Int32Array | null = null;
  private n = 0;
  private last = -1;
  private sealed: SealedRecords | null = null;

  get length(): number {
    return this.n;
  }

  static from(d: Extract<SealedRecords, { kind: 'columns' }>): RecordColumns {
    const r = new RecordColumns();
    for (const s of d.shapes) {
      r.byNames.set(s.names.join('\u0000'), r.shapes.length);
      r.shapes.push({ names: s.names, columns: s.columns.map((c) => ValueColumn.from(c)), rows: 0 });
    }
    r.shapeOf = d.shapeOf;
    r.rowOf = d.rowOf;
    r.n = d.length;
    r.sealed = d;
    return r;
  }

  push(r: Rec): void {
    if (this.sealed !== null) throw new Error('a sealed RecordColumns takes no more records');
    const s = this.shapeFor(r);
    const shape = this.shapes[s]!;
    const row = shape.rows++;
    const i = this.n++;
    if (this.shapeOf !== null) {
      if (i >= this.shapeOf.length) this.growIndex(i + 1);
      this.shapeOf[i] = s;
      this.rowOf![i] = row;
    }
    const cols = shape.columns;
    let j = 0;
    for (const k in r) cols[j++]!.set(row, r[k]);
  }

  record(i: number): Rec {
    const shape = this.shapes[this.shapeOf === null ? 0 : this.shapeOf[i]!]!;
    const row = this.rowOf === null ? i : this.rowOf[i]!;
    const o: Rec = {};
    const { names, columns } = shape;
    for (let j = 0; j < names.length; j++) {
      const name = names[j]!;
      if (name === '__proto__')
        Object.defineProperty(o, name, { value: columns[j]!.get(row), enumerable: true, writable: true, configurable: true });
      else o[name] = columns[j]!.get(row);
    }
    return o;
  }

  field(name: string): (i: number) => unknown {
    const at = this.shapes.map((s) => s.names.indexOf(name));
    if (this.shapeOf === null) {
      const c = at[0] === undefined || at[0] < 0 ? null : this.shapes[0]!.columns[at[0]]!;
      return c === null ? () => undefined : (i) => c.get(i);
    }
    const cols = this.shapes.map((s, k) => (at[k]! < 0 ? null : s.columns[at[k]!]!));
    const shapeOf = this.shapeOf;
    const rowOf = this.rowOf!;
    return (i) => cols[shapeOf[i]!]?.get(rowOf[i]!);
  }

  /** Seal: no more pushes; the transferable form is views of the shared arrays (no copy). */
  seal(): SealedRecords {
    const n = this.n;
    this.sealed ??= {
      kind: 'columns',
      length: n,
      shapes: this.shapes.map((s) => ({ names: s.names, columns: s.columns.map((c) => c.seal(s.rows)) })),
      shapeOf: this.shapeOf?.subarray(0, n) ?? null,
      rowOf: this.rowOf?.subarray(0, n) ?? null,
    };
    return this.sealed;
  }

  /** The shape of `r`: the last one used when its fields match in order, else found or made. */
  private shapeFor(r: Rec): number {
    if (this.last >= 0) {
      const names = this.shapes[this.last]!.names;
      let j = 0;
      let same = true;
      for (const k in r) {
        if (names[j] !== k) {
          same = false;
          break;
        }
        j++;
      }
      if (same && j === names.length) return this.last;
    }
    const names = Object.keys(r);
    const id = names.join('\u0000');
    let s = this.byNames.get(id);
    if (s === undefined) {
      s = this.shapes.length;
      if (s >= 0xffff) throw new Error('more than 65,535 distinct record shapes');
      this.byNames.set(id, s);
      this.shapes.push({ names, columns: names.map(() => new ValueColumn()), rows: 0 });
      if (s === 1) this.startIndex();
    }
    this.last = s;
    return s;
  }

  /** A second shape: from now on each record's shape and row are kept (so far: shape 0, row = index). */
  private startIndex(): void {
    const cap = Math.max(1024, this.n * 2);
    this.shapeOf = alloc(Uint16Array, cap);
    this.rowOf = alloc(Int32Array, cap);
    for (let i = 0; i < this.n; i++) this.rowOf[i] = i;
  }

  private growIndex(need: number): void {
    let cap = this.shapeOf!.length * 2;
    while (cap < need) cap *= 2;
    const s = alloc(Uint16Array, cap);
    s.set(this.shapeOf!);
    const r = alloc(Int32Array, cap);
    r.set(this.rowOf!);
    this.shapeOf = s;
    this.rowOf = r;
  }
}

/** Records `indices[0]`, `indices[1]`, … of `base`: a filter's survivors, or a log sorted by arrival. */
export class RecordView implements ColumnarRecords {
  constructor(
    readonly base: ColumnarRecords,
    readonly indices: Int32Array,
  ) {}

  get length(): number {
    return this.indices.length;
  }

  record(i: number): Rec {
    return this.base.record(this.indices[i]!);
  }

  field(name: string): (i: number) => unknown {
    const f = this.base.field(name);
    const idx = this.indices;
    return (i) => f(idx[i]!);
  }

  /** The base's shapes no index refers to go without their value tables (a filter's view clones only what it reads). */
  seal(): SealedRecords {
    const base = this.base.seal();
    if (base.kind !== 'columns' || base.shapeOf === null) return { kind: 'view', base, indices: this.indices };
    const used = new Uint8Array(base.shapes.length);
    for (let i = 0; i < this.indices.length; i++) used[base.shapeOf[this.indices[i]!]!] = 1;
    const shapes = base.shapes.map((s, k) => (used[k] ? s : { names: s.names, columns: s.columns.map((c) => ({ ...c, values: [] })) }));
    return { kind: 'view', base: { ...base, shapes }, indices: this.indices };
  }
}

/** Records from their sealed form (a worker thread's view of the run's input). */
export function unseal(d: SealedRecords): ColumnarRecords {
  return d.kind === 'columns' ? RecordColumns.from(d) : new RecordView(unseal(d.base), d.indices);
}

/** An Int32Array over shared memory holding `values` (a view's indices, for workers). */
export function sharedInt32(values: ArrayLike<number>, n = values.length): Int32Array {
  const out = alloc(Int32Array, n);
  for (let i = 0; i < n; i++) out[i] = values[i]!;
  return out;
}
