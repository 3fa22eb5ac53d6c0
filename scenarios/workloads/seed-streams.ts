// Independent random streams from one seed: records, disorder and id tables each get their own
// generator, so turning disorder on or off changes arrival times only, never the records.
import { createRng, type Rng } from '../../engines/core/random.ts';

export type SeedStream = 'records' | 'disorder' | 'tables' | 'bid-channels' | 'bid-extra';

/** A generator for one named stream of `seed` (a 32-bit murmur-style mix of seed and name). */
export function streamRng(seed: number, stream: SeedStream): Rng {
  let h = seed | 0;
  for (let i = 0; i < stream.length; i++) {
    h = Math.imul(h ^ stream.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 13;
  }
  h = Math.imul(h ^ (h >>> 15), 0x27d4eb2d);
  return createRng((h ^ (h >>> 16)) | 0);
}
