import { createRng } from './random.ts';

test('the same seed gives the same sequence', () => {
  const a = createRng(7);
  const b = createRng(7);
  const xs = Array.from({ length: 5 }, () => a.int(0, 1000));
  expect(Array.from({ length: 5 }, () => b.int(0, 1000))).toEqual(xs);
  expect(createRng(8).int(0, 1_000_000)).not.toBe(createRng(7).int(0, 1_000_000));
});

test('float is in [0, 1) and id64 is a non-zero 64-bit bigint', () => {
  const r = createRng(1);
  for (let i = 0; i < 1000; i++) {
    const f = r.float();
    expect(f >= 0 && f < 1).toBe(true);
    const id = r.id64();
    expect(id > 0n && id < 1n << 64n).toBe(true);
  }
});
