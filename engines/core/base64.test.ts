import { base64ToFloat64, base64ToInt32, decodeBase64, encodeBase64, float64ToBase64, int32ToBase64 } from './base64.ts';
import { createRng } from './random.ts';

describe('base64 (RFC 4648)', () => {
  test('matches Node’s encoder on every length from 0 to 70 and on 100,000 bytes, and decodes back', () => {
    const rng = createRng(7);
    for (const n of [...Array.from({ length: 71 }, (_, i) => i), 100_000]) {
      const bytes = Uint8Array.from({ length: n }, () => rng.int(0, 255));
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(text)).toEqual(bytes);
    }
  });

  test('RFC 4648 test vectors', () => {
    const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
    const vectors: Array<[string, string]> = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, coded] of vectors) {
      expect(encodeBase64(ascii(plain))).toBe(coded);
      expect(decodeBase64(coded)).toEqual(ascii(plain));
    }
  });

  test('Float64 and Int32 columns round-trip bit for bit, views at an offset included', () => {
    const f = new Float64Array([0, -0, 1.5, -3, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 53 + 2, 5e-324]);
    const back = base64ToFloat64(float64ToBase64(f.subarray(1)));
    expect(Array.from(back)).toEqual(Array.from(f.subarray(1)));
    expect(Object.is(back[0], -0)).toBe(true);
    const i = new Int32Array([7, -1, 2 ** 31 - 1, -(2 ** 31), 0]);
    expect(Array.from(base64ToInt32(int32ToBase64(i.subarray(2))))).toEqual([2 ** 31 - 1, -(2 ** 31), 0]);
    expect(base64ToFloat64('').length).toBe(0);
  });

  test('malformed text is refused with the reason', () => {
    expect(() => decodeBase64('Zm9')).toThrow(/multiple of 4/);
    expect(() => decodeBase64('Zm9*')).toThrow(/invalid character "\*" at 3/);
    expect(() => decodeBase64('Zm9é')).toThrow(/invalid character/);
    expect(() => base64ToFloat64('Zm9v')).toThrow(/multiple of 8 bytes, got 3/);
    expect(() => base64ToInt32('Zm8=')).toThrow(/multiple of 4 bytes, got 2/);
  });
});
