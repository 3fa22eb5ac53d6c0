import { doubleHashCode, javaHashCode, listHashCode, stringHashCode } from '../core/java-hash.ts';
import { defaultMaxParallelism, keyGroupFor, keyGroupRange, murmurHash, subtaskForKey, subtaskForKeyGroup } from './key-groups.ts';

// Vectors computed on the JVM (OpenJDK 17) with Java's own hashCode and MathUtils.murmurHash's arithmetic:
// key, hashCode, murmurHash, keyGroup (maxP 128), subtask (p 3, maxP 128), keyGroup (maxP 32768).
const vectors: Array<[unknown, number, number, number, number, number]> = [
  ['key1', 3288498, 226217641, 41, 0, 20137],
  ['key2', 3288499, 452939803, 27, 0, 20507],
  ['k0', 3365, 1759188577, 97, 2, 5729],
  ['k999', 3244238, 425812844, 108, 2, 25452],
  ['user-42', -147182656, 1600933524, 20, 0, 20116],
  ['', 0, 593689054, 94, 2, 31198],
  [0, 0, 593689054, 94, 2, 31198],
  [1, 1, 68075478, 86, 2, 16342],
  [2, 2, 1085422463, 127, 2, 15231],
  [-7, -7, 206585249, 33, 0, 15777],
  [123456789, 123456789, 1088346449, 81, 1, 22865],
  [-2147483648, -2147483648, 1718298732, 108, 2, 10348],
  [5000000000, 705032705, 742106492, 124, 2, 9596],
  [1.5, 1073217536, 1684538177, 65, 1, 833],
  [-0.25, -1076887552, 820708682, 74, 1, 1354],
];

describe('Flink key groups are bit-exact with the JVM', () => {
  test.each(vectors)('key %p: hashCode %i, murmur %i, key group %i, subtask %i', (key, hash, murmur, kg, subtask, kgMax) => {
    expect(javaHashCode(key)).toBe(hash);
    expect(murmurHash(hash)).toBe(murmur);
    expect(keyGroupFor(key, 128)).toBe(kg);
    expect(subtaskForKey(key, 3, 128)).toBe(subtask);
    expect(keyGroupFor(key, 32768)).toBe(kgMax);
  });

  test('List.hashCode of ["a", 1, 2.5] is 1074127007 as on the JVM', () => {
    expect(listHashCode(['a', 1, 2.5])).toBe(1074127007);
  });

  test('String.hashCode wraps in int32 and Double.hashCode uses the IEEE bits', () => {
    expect(stringHashCode('polygenelubricants')).toBe(-2147483648);
    expect(doubleHashCode(0)).toBe(0);
    expect(doubleHashCode(-0)).toBe(-2147483648);
  });
});

describe('key-group ranges', () => {
  test('subtask i owns the contiguous range [ceil(i*maxP/p), floor(((i+1)*maxP-1)/p)] and every group once', () => {
    for (const [p, maxP] of [
      [1, 128],
      [2, 128],
      [3, 128],
      [4, 128],
      [7, 100],
    ] as const) {
      const owner = new Array<number>(maxP).fill(-1);
      for (let i = 0; i < p; i++) {
        const r = keyGroupRange(i, p, maxP);
        for (let kg = r.first; kg <= r.last; kg++) {
          expect(owner[kg]).toBe(-1);
          owner[kg] = i;
          expect(subtaskForKeyGroup(kg, p, maxP)).toBe(i);
        }
      }
      expect(owner.every((o) => o >= 0)).toBe(true);
    }
  });

  test('default maxParallelism is min(max(roundUpPow2(p + p/2), 128), 32768)', () => {
    expect(defaultMaxParallelism(1)).toBe(128);
    expect(defaultMaxParallelism(100)).toBe(256);
    expect(defaultMaxParallelism(30000)).toBe(32768);
  });
});
