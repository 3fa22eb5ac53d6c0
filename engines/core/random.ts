// Seeded randomness for engines and generators (never Math.random): a mutable wrapper over
// pure-rand's xoroshiro128+, so the same seed gives the same sequence on every run and machine.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface Rng {
  /** Uniform integer in [from, to], both included. */
  int(from: number, to: number): number;
  /** Uniform float in [0, 1). */
  float(): number;
  /** A random 64-bit id as a bigint (Storm tuple ids), never 0. */
  id64(): bigint;
}

export function createRng(seed: number): Rng {
  const g = xoroshiro128plus(seed | 0);
  return {
    int: (from, to) => uniformInt(g, from, to),
    float: () => uniformFloat64(g),
    id64: () => {
      for (;;) {
        const hi = BigInt(uniformInt(g, 0, 0xffffffff));
        const lo = BigInt(uniformInt(g, 0, 0xffffffff));
        const v = (hi << 32n) | lo;
        if (v !== 0n) return v;
      }
    },
  };
}
