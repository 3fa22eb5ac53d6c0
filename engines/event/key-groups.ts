// Flink's key-group assignment, bit-exact (A8; F-KGRA, F-MU): keyGroup = murmur(hashCode) % maxP,
// subtask = kg * p / maxP. Subtask i owns a contiguous range, so rescaling moves whole key groups.
import { InputError, RefusedError } from '../core/errors.ts';
import { javaHashCode } from '../core/java-hash.ts';
import { MESSAGES } from './messages.ts';

/** MathUtils.murmurHash(int): one murmur3 round on `code`, fmix32, then made non-negative. */
export function murmurHash(code: number): number {
  code = Math.imul(code, 0xcc9e2d51);
  code = (code << 15) | (code >>> 17);
  code = Math.imul(code, 0x1b873593);
  code = (code << 13) | (code >>> 19);
  code = (Math.imul(code, 5) + 0xe6546b64) | 0;
  code ^= 4;
  code ^= code >>> 16;
  code = Math.imul(code, 0x85ebca6b);
  code ^= code >>> 13;
  code = Math.imul(code, 0xc2b2ae35);
  code ^= code >>> 16;
  if (code >= 0) return code;
  if (code !== -2147483648) return -code;
  return 0;
}

export function keyGroupFor(key: unknown, maxParallelism: number): number {
  return murmurHash(javaHashCode(key)) % maxParallelism;
}

export function subtaskForKeyGroup(keyGroup: number, parallelism: number, maxParallelism: number): number {
  return Math.floor((keyGroup * parallelism) / maxParallelism);
}

export function subtaskForKey(key: unknown, parallelism: number, maxParallelism: number): number {
  return subtaskForKeyGroup(keyGroupFor(key, maxParallelism), parallelism, maxParallelism);
}

export interface KeyGroupRange {
  readonly first: number;
  /** Inclusive. */
  readonly last: number;
}

/** The contiguous key groups subtask `i` of `p` owns: [ceil(i*maxP/p), floor(((i+1)*maxP-1)/p)]. */
export function keyGroupRange(i: number, parallelism: number, maxParallelism: number): KeyGroupRange {
  return { first: Math.ceil((i * maxParallelism) / parallelism), last: Math.floor(((i + 1) * maxParallelism - 1) / parallelism) };
}

/** Flink's default: min(max(roundUpPow2(p + p/2), 128), 32768). */
export function defaultMaxParallelism(parallelism: number): number {
  const want = parallelism + Math.floor(parallelism / 2);
  let pow = 1;
  while (pow < want) pow *= 2;
  return Math.min(Math.max(pow, 128), 32768);
}

export function checkParallelism(parallelism: number, maxParallelism: number, path = 'engine'): void {
  if (!Number.isInteger(parallelism) || parallelism < 1) throw new InputError(`${path}.parallelism`, MESSAGES.parallelism(parallelism));
  if (!Number.isInteger(maxParallelism) || maxParallelism < 1 || maxParallelism > 32768) {
    throw new InputError(`${path}.maxParallelism`, MESSAGES.maxParallelism(maxParallelism));
  }
  if (parallelism > maxParallelism) {
    throw new RefusedError(`${path}.parallelism`, MESSAGES.parallelismAboveMax(parallelism, maxParallelism));
  }
}
