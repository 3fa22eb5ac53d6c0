// An engine run's emissions as compact columns: time, output, window bounds, event-time stamp, key and
// value (ValueColumn: numbers in typed arrays, other values by reference), late and dropped records as
// RecordColumns. About 45 bytes a result instead of three objects, so a run of millions of results stays
// small, and the columns move between threads without a copy. Watermark emissions are not kept: the
// runner records the watermark itself (EngineRun.watermarks). Iterating yields equal StampedEmission objects.
import type { Rec } from '../engines/core/aggregates.ts';
import type { Emission } from '../engines/core/emission.ts';
import type { StampedEmission } from './runner.ts';
import { RecordColumns, type SealedRecords, unseal } from './workloads/record-columns.ts';
import { type ColumnData, ValueColumn } from './workloads/value-column.ts';

export const MAIN = 0;
export const LATE = 1;
export const DROPPED = 2;

/** The transferable form of an EmissionLog. */
export interface SealedEmissions {
  length: number;
  kinds: Uint8Array;
  ats: Float64Array;
  starts: Float64Array;
  ends: Float64Array;
  stamps: Float64Array;
  keys: ColumnData;
  values: ColumnData;
  records: SealedRecords;
}

export class EmissionLog implements Iterable<StampedEmission> {
  private n = 0;
  private cap = 1024;
  private kinds: Uint8Array = new Uint8Array(this.cap);
  private ats: Float64Array = new Float64Array(this.cap);
  /** Window start and end (NaN: no time window), the model's event-time stamp (NaN: none). */
  private starts: Float64Array = new Float64Array(this.cap);
  private ends: Float64Array = new Float64Array(this.cap);
  private stamps: Float64Array = new Float64Array(this.cap);
  /** Main: the key; late and dropped: nothing. */
  private readonly keys: ValueColumn;
  /** Main: the value; late and dropped: the record's row in `records`. */
  private readonly values: ValueColumn;
  private readonly records: RecordColumns;
  /** Main emissions kept. */
  mains = 0;

  constructor(sealed?: SealedEmissions) {
    if (sealed === undefined) {
      this.keys = new ValueColumn();
      this.values = new ValueColumn();
      this.records = new RecordColumns();
      return;
    }
    this.n = this.cap = sealed.length;
    this.kinds = sealed.kinds;
    this.ats = sealed.ats;
    this.starts = sealed.starts;
    this.ends = sealed.ends;
    this.stamps = sealed.stamps;
    this.keys = ValueColumn.from(sealed.keys);
    this.values = ValueColumn.from(sealed.values);
    this.records = unseal(sealed.records) as RecordColumns;
    for (let i = 0; i < this.n; i++) if (this.kinds[i] === MAIN) this.mains++;
  }

  get length(): number {
    return this.n;
  }

  push(at: number, e: Emission): void {
    if (e.output === 'watermark') return;
    const i = this.n;
    if (i === this.cap) this.grow();
    this.n++;
    this.ats[i] = at;
    if (e.output === 'main') {
      this.mains++;
      this.kinds[i] = MAIN;
      this.starts[i] = e.window === null ? Number.NaN : e.window.start;
      this.ends[i] = e.window === null ? Number.NaN : e.window.end;
      this.stamps[i] = e.timestamp === null ? Number.NaN : e.timestamp;
      this.keys.set(i, e.key);
      this.values.set(i, e.value);
      return;
    }
    this.kinds[i] = e.output === 'late' ? LATE : DROPPED;
    this.values.set(i, this.records.length);
    this.records.push(e.record);
  }

  kind(i: number): number {
    return this.kinds[i]!;
  }

  at(i: number): number {
    return this.ats[i]!;
  }

  /** Window start, or NaN for a result without a time window. */
  start(i: number): number {
    return this.starts[i]!;
  }

  end(i: number): number {
    return this.ends[i]!;
  }

  key(i: number): unknown {
    return this.keys.get(i);
  }

  value(i: number): unknown {
    return this.values.get(i);
  }

  /** The record of a late or dropped emission. */
  record(i: number): Rec {
    return this.records.record(this.values.get(i) as number);
  }

  emission(i: number): Emission {
    const kind = this.kinds[i]!;
    if (kind !== MAIN) return { output: kind === LATE ? 'late' : 'dropped', record: this.record(i) };
    const start = this.starts[i]!;
    const stamp = this.stamps[i]!;
    return {
      output: 'main',
      key: this.keys.get(i),
      window: Number.isNaN(start) ? null : { start, end: this.ends[i]! },
      value: this.values.get(i),
      timestamp: Number.isNaN(stamp) ? null : stamp,
    };
  }

  *[Symbol.iterator](): Iterator<StampedEmission> {
    for (let i = 0; i < this.n; i++) yield { at: this.ats[i]!, emission: this.emission(i) };
  }

  toArray(): StampedEmission[] {
    return [...this];
  }

  /** The transferable form (the typed arrays trimmed to length). */
  seal(): SealedEmissions {
    const n = this.n;
    return {
      length: n,
      kinds: this.kinds.slice(0, n),
      ats: this.ats.slice(0, n),
      starts: this.starts.slice(0, n),
      ends: this.ends.slice(0, n),
      stamps: this.stamps.slice(0, n),
      keys: this.keys.seal(n),
      values: this.values.seal(n),
      records: this.records.seal(),
    };
  }

  private grow(): void {
    const cap = Math.max(1024, this.cap * 2);
    const up = <A extends Uint8Array | Float64Array>(a: A, b: A): A => {
      b.set(a);
      return b;
    };
    this.kinds = up(this.kinds, new Uint8Array(cap));
    this.ats = up(this.ats, new Float64Array(cap));
    this.starts = up(this.starts, new Float64Array(cap));
    this.ends = up(this.ends, new Float64Array(cap));
    this.stamps = up(this.stamps, new Float64Array(cap));
    this.cap = cap;
  }
}
