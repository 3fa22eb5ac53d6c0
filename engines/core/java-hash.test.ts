import { doubleHashCode, javaHashCode, listHashCode, longHashCode, stringHashCode } from './java-hash.ts';

test('String.hashCode matches the JVM, int32 overflow included', () => {
  expect(stringHashCode('')).toBe(0);
  expect(stringHashCode('hello')).toBe(99162322);
  expect(stringHashCode('polygenelubricants')).toBe(-2147483648); // Integer.MIN_VALUE
  expect(stringHashCode('k999')).toBe(((107 * 31 + 57) * 31 + 57) * 31 + 57);
});

test('Integer, Long, Double and Boolean hash as on the JVM', () => {
  expect(javaHashCode(42)).toBe(42);
  expect(javaHashCode(-7)).toBe(-7);
  expect(longHashCode(2 ** 40)).toBe(256); // (int)(v ^ v >>> 32)
  expect(javaHashCode(2 ** 40)).toBe(256);
  expect(javaHashCode(-1n)).toBe(0);
  expect(doubleHashCode(1.5)).toBe(1073217536); // doubleToLongBits 0x3FF8000000000000
  expect(javaHashCode(true)).toBe(1231);
  expect(javaHashCode(false)).toBe(1237);
  expect(javaHashCode(null)).toBe(0);
});

test("Storm's list hash is Arrays.hashCode: 31*h + hash(e) from 1", () => {
  expect(listHashCode([])).toBe(1);
  expect(listHashCode(['a', 1])).toBe(31 * (31 + 97) + 1);
  expect(listHashCode(['hello'])).toBe(31 + 99162322);
  expect(listHashCode(['polygenelubricants'])).toBe((31 - 2147483648) | 0);
});
