// Zipf key skew: key k (0-based, rank k+1) is drawn with probability ∝ 1/(k+1)^skew.
// skew 0 is uniform; sampling is a binary search in a precomputed CDF, O(log n) per draw.
import type { Rng } from '../../engines/core/random.ts';

export interface KeySampler {
  /** The keys this sampler draws from, most frequent first when skew > 0. */
  readonly keys: readonly number[];
  /** Draw one key. */
  sample(rng: Rng): number;
  /** The exact probability of drawing `key` (0 when it is not among `keys`). */
  probability(key: number): number;
}

/** Zipf over keys 0..count-1. */
export function zipf(count: number, skew: number): KeySampler {
  return zipfOver(
    Array.from({ length: count }, (_, k) => k),
    skew,
  );
}

/** Zipf restricted to a subset of keys; each keeps its weight 1/(key+1)^skew (used for idle sensors). */
export function zipfOver(keys: readonly number[], skew: number): KeySampler {
  const n = keys.length;
  if (n === 0) throw new RangeError('zipf needs at least one key');
  // Uniform (skew 0): every weight is 1 and sampling needs no CDF (a million keys would cost it up front).
  const weights = skew === 0 ? null : keys.map((k) => (k + 1) ** -skew);
  const total = weights === null ? n : weights.reduce((a, b) => a + b, 0);
  const cdf = new Float64Array(weights === null ? 0 : n);
  if (weights !== null) {
    let acc = 0;
    for (let i = 0; i < n; i++) cdf[i] = (acc += weights[i]!) / total;
    cdf[n - 1] = 1;
  }
  // Only `probability` looks keys up: the index is built on its first call.
  let index: Map<number, number> | null = null;
  const sample =
    weights === null
      ? (rng: Rng) => keys[rng.int(0, n - 1)]!
      : (rng: Rng) => {
          const u = rng.float();
          let lo = 0;
          let hi = n - 1;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (cdf[mid]! > u) hi = mid;
            else lo = mid + 1;
          }
          return keys[lo]!;
        };
  return {
    keys,
    sample,
    probability: (key) => {
      index ??= new Map(keys.map((k, j) => [k, j]));
      const i = index.get(key);
      return i === undefined ? 0 : (weights === null ? 1 : weights[i]!) / total;
    },
  };
}
