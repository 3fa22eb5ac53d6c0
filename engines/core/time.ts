// Time in streamlab: epoch milliseconds as JS numbers (exact integers below 2^53).
// Flink's Long.MIN_VALUE / Long.MAX_VALUE sentinels map to the safe-integer bounds.

/** "No watermark yet" / "no timestamp": Flink's Long.MIN_VALUE. */
export const MIN_TIME = Number.MIN_SAFE_INTEGER;
/** End of input watermark, global-window end: Flink's Long.MAX_VALUE. */
export const MAX_TIME = Number.MAX_SAFE_INTEGER;

/** a + b, saturating at MAX_TIME / MIN_TIME as Flink's overflow checks do (F-WO cleanupTime). */
export function addTime(a: number, b: number): number {
  const s = a + b;
  if (s >= MAX_TIME) return MAX_TIME;
  if (s <= MIN_TIME) return MIN_TIME;
  return s;
}

/** Java's `Math.floorMod` for numbers: the result has the sign of the divisor. */
export function floorMod(a: number, n: number): number {
  const r = a % n;
  return r !== 0 && r < 0 !== n < 0 ? r + n : r;
}
