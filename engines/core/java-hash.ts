// Java's hashCode for the key types streamlab supports, bit-exact in int32 (Math.imul, |0):
// String s[0]*31^(n-1)+…, Integer the value, Long (int)(v ^ v>>>32), Double from its IEEE bits,
// Boolean 1231/1237, List (Arrays.hashCode: 31*h + e starting at 1). Flink key groups and Storm's
// fields grouping both start from these.

export function stringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Long.hashCode for a safe integer: (int)(v ^ (v >>> 32)). */
export function longHashCode(v: number): number {
  const big = BigInt.asUintN(64, BigInt(v));
  const hi = Number(big >> 32n) | 0;
  const lo = Number(big & 0xffffffffn) | 0;
  return (hi ^ lo) | 0;
}

/** Double.hashCode: bits = doubleToLongBits(v); (int)(bits ^ (bits >>> 32)). */
export function doubleHashCode(v: number): number {
  f64[0] = Number.isNaN(v) ? Number.NaN : v; // canonical NaN, as doubleToLongBits
  const lo = u32[LE ? 0 : 1]!;
  const hi = u32[LE ? 1 : 0]!;
  return (hi ^ lo) | 0;
}

/**
 * The hashCode a Java job would see for this key: whole numbers in int range are Integers, other
 * safe integers Longs, other numbers Doubles; arrays are Lists.
 */
export function javaHashCode(key: unknown): number {
  switch (typeof key) {
    case 'string':
      return stringHashCode(key);
    case 'number':
      if (Number.isInteger(key) && key >= -2147483648 && key <= 2147483647) return key | 0;
      if (Number.isSafeInteger(key)) return longHashCode(key);
      return doubleHashCode(key);
    case 'boolean':
      return key ? 1231 : 1237;
    case 'bigint':
      return longHashCode(Number(BigInt.asIntN(64, key)));
    case 'object':
      if (key === null) return 0;
      if (Array.isArray(key)) return listHashCode(key);
      return stringHashCode(JSON.stringify(key));
    default:
      return 0;
  }
}

/** java.util.List.hashCode / Arrays.hashCode: h = 31*h + hash(e), starting at 1; null hashes to 0. */
export function listHashCode(values: readonly unknown[]): number {
  let h = 1;
  for (const v of values) h = (Math.imul(31, h) + (v === null || v === undefined ? 0 : javaHashCode(v))) | 0;
  return h;
}
