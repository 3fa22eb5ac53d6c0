// Grouping keys interned to dense ids, so state and partial aggregates are indexed by integers.
// Ids are stable for one query process; state snapshots store key values, so a restarted process re-interns them.
import { InputError } from '../core/errors.ts';
import { MESSAGES } from './messages.ts';

const UTF8 = new TextEncoder();

/** A grouping key as records carry it: JSON scalars only (objects would compare by reference). */
export type KeyValue = string | number | boolean | null;

export class KeyDictionary {
  /** Ids of string keys: a null-prototype object, whose lookups cost about half a Map's (bench/, 1,000 keys). */
  private readonly stringIds: Record<string, number> = Object.create(null) as Record<string, number>;
  /** Ids of the other scalars (numbers, booleans, null), kept apart so that 1 and "1" stay different keys. */
  private readonly ids = new Map<KeyValue, number>();
  private readonly values: KeyValue[] = [];
  /** Each key's JSON text, filled on first use by a state snapshot (keys repeat in every window of it). */
  private readonly json: Array<string | undefined> = [];
  /** Each key's text as UTF-8, filled on first use by a batch's Arrow dictionary. */
  private readonly utf8: Array<Uint8Array | undefined> = [];

  get size(): number {
    return this.values.length;
  }

  /** The id of `value`, assigning the next id on first sight. */
  idOf(value: KeyValue): number {
    let id = this.lookup(value);
    if (id === undefined) {
      id = this.values.length;
      if (typeof value === 'string') this.stringIds[value] = id;
      else this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }

  /** The id of `value`, or undefined when it has none yet (the ingest loop's one hash lookup per row). */
  lookup(value: KeyValue): number | undefined {
    return typeof value === 'string' ? this.stringIds[value] : this.ids.get(value);
  }

  /** `lookup` for a key known to be a string (the ingest loop's fast path). */
  lookupString(value: string): number | undefined {
    return this.stringIds[value];
  }

  valueOf(id: number): KeyValue {
    return this.values[id]!;
  }

  /** `String(valueOf(id))` as UTF-8 bytes (an Arrow Utf8 dictionary entry), encoded once per key. */
  utf8Of(id: number): Uint8Array {
    let b = this.utf8[id];
    if (b === undefined) this.utf8[id] = b = UTF8.encode(String(this.values[id]!));
    return b;
  }

  /** `JSON.stringify(valueOf(id))`, computed once per key. */
  jsonOf(id: number): string {
    let j = this.json[id];
    if (j === undefined) this.json[id] = j = JSON.stringify(this.values[id]!);
    return j;
  }
}

/** Validate a record's key field: a missing field is an input error, null is a key like any other (SQL groups nulls). */
export function keyValue(record: Record<string, unknown>, field: string): KeyValue {
  const v = record[field];
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  throw new InputError(field, MESSAGES.badKey(v, record));
}

/** A grouping key as a state snapshot stores it: its value (ids are per process), null for an un-keyed query (id 0). */
export function keyCodec(
  keyed: boolean,
  keys: KeyDictionary,
): { value(id: number): KeyValue; json(id: number): string; id(value: KeyValue): number } {
  return keyed
    ? { value: (id) => keys.valueOf(id), json: (id) => keys.jsonOf(id), id: (value) => keys.idOf(value) }
    : { value: () => null, json: () => 'null', id: () => 0 };
}

/** A number as JSON writes it (non-finite numbers become null). */
export function jsonNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}
