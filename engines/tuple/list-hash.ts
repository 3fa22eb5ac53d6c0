// Java `hashCode` for the values a tuple field can hold, and Storm's list hash for fields grouping
// (ST-TU `listHashCode` = `Arrays.deepHashCode`: h = 31*h + hash(e), from 1, in int32).
// The lead's engines/core/java-hash.ts will hold the scalar hashes for Flink key groups; merge then.

/** Java `String.hashCode`: s[0]*31^(n-1) + ... + s[n-1] over UTF-16 code units, in int32. */
export function stringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Java `Long.hashCode` of an integral value (numbers are exact below 2^53): `(int)(v ^ (v >>> 32))`. */
export function longHashCode(v: number | bigint): number {
  const b = BigInt.asUintN(64, BigInt(v));
  return Number((b ^ (b >> 32n)) & 0xffffffffn) | 0;
}

/** Java `Double.hashCode`: the XOR of the halves of `doubleToLongBits` (NaN canonical). */
export function doubleHashCode(v: number): number {
  f64[0] = Number.isNaN(v) ? Number.NaN : v;
  const lo = u32[LITTLE_ENDIAN ? 0 : 1]!;
  const hi = u32[LITTLE_ENDIAN ? 1 : 0]!;
  return (hi ^ lo) | 0;
}

/**
 * The hash the JVM would compute for a JSON value as a Storm field: a string is a String, an int32
 * an Integer, another whole number a Long, any other number a Double, a boolean a Boolean, null 0,
 * an array a List. Objects have no Java counterpart here and are hashed through their JSON text.
 */
export function javaHashCode(v: unknown): number {
  switch (typeof v) {
    case 'string':
      return stringHashCode(v);
    case 'number':
      if (Number.isInteger(v)) return v === (v | 0) ? v : longHashCode(v);
      return doubleHashCode(v);
    case 'boolean':
      return v ? 1231 : 1237;
    case 'bigint':
      return longHashCode(v);
    case 'undefined':
      return 0;
    default:
      if (v === null) return 0;
      if (Array.isArray(v)) return listHashCode(v);
      return stringHashCode(JSON.stringify(v));
  }
}

/** Storm's `TupleUtils.listHashCode` (`Arrays.deepHashCode`): 31*h + hash(e) over the list, from 1. */
export function listHashCode(values: readonly unknown[]): number {
  let h = 1;
  for (const v of values) h = (Math.imul(h, 31) + javaHashCode(v)) | 0;
  return h;
}
