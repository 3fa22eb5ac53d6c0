// Grouping keys interned to dense ids, so state and partial aggregates are indexed by integers.
// Ids are stable for one query process; state snapshots store key values, so a restarted process re-interns them.
import { InputError } from '../core/errors.ts';

/** A grouping key as records carry it: JSON scalars only (objects would compare by reference). */
export type KeyValue = string | number | boolean | null;

export class KeyDictionary {
  private readonly ids = new Map<KeyValue, number>();
  private readonly values: KeyValue[] = [];

  get size(): number {
    return this.values.length;
  }

  /** The id of `value`, assigning the next id on first sight. */
  idOf(value: KeyValue): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }

  valueOf(id: number): KeyValue {
    return this.values[id]!;
  }
}

/** Validate a record's key field: a missing field is an input error, null is a key like any other (SQL groups nulls). */
export function keyValue(record: Record<string, unknown>, field: string): KeyValue {
  const v = record[field];
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  throw new InputError(
    field,
    `expected a string, number, boolean or null key, got ${JSON.stringify(v)} in record ${JSON.stringify(record)}`,
  );
}

/** A grouping key as a state snapshot stores it: its value (ids are per process), null for an un-keyed query (id 0). */
export function keyCodec(keyed: boolean, keys: KeyDictionary): { value(id: number): KeyValue; id(value: KeyValue): number } {
  return keyed ? { value: (id) => keys.valueOf(id), id: (value) => keys.idOf(value) } : { value: () => null, id: () => 0 };
}
