import { createRng } from '../../engines/core/random.ts';
import { zipf, zipfOver } from './zipf.ts';

const shares = (draw: () => number, n: number, keys: number) => {
  const counts = new Array<number>(keys).fill(0);
  for (let i = 0; i < n; i++) counts[draw()]!++;
  return counts.map((c) => c / n);
};

test('zipf(100, 1.0) draws key 0 with share 1/H(100) ≈ 0.1928 (±0.005 over 200,000 draws)', () => {
  const rng = createRng(1);
  const z = zipf(100, 1.0);
  const h100 = Array.from({ length: 100 }, (_, k) => 1 / (k + 1)).reduce((a, b) => a + b, 0);
  const s = shares(() => z.sample(rng), 200_000, 100);
  expect(Math.abs(s[0]! - 1 / h100)).toBeLessThan(0.005);
  expect(Math.abs(s[1]! - 1 / (2 * h100))).toBeLessThan(0.005);
  expect(Math.max(...s)).toBe(s[0]);
});

test('zipf(10, 0) is uniform: every key within ±0.01 of 1/10 over 100,000 draws', () => {
  const rng = createRng(2);
  const z = zipf(10, 0);
  for (const s of shares(() => z.sample(rng), 100_000, 10)) expect(Math.abs(s - 0.1)).toBeLessThan(0.01);
  expect(z.probability(3)).toBeCloseTo(0.1, 12);
});

test('probability(k) is (k+1)^-s / Σ (j+1)^-s and the probabilities sum to 1', () => {
  const z = zipf(5, 2);
  const total = 1 + 1 / 4 + 1 / 9 + 1 / 16 + 1 / 25;
  expect(z.probability(0)).toBeCloseTo(1 / total, 12);
  expect(z.probability(4)).toBeCloseTo(1 / 25 / total, 12);
  expect([0, 1, 2, 3, 4].reduce((a, k) => a + z.probability(k), 0)).toBeCloseTo(1, 12);
  expect(z.probability(5)).toBe(0);
});

test('zipfOver draws only the given keys, each keeping its zipf weight', () => {
  const rng = createRng(3);
  const z = zipfOver([0, 2, 3], 1);
  const s = shares(() => z.sample(rng), 60_000, 4);
  expect(s[1]).toBe(0);
  const total = 1 + 1 / 3 + 1 / 4;
  expect(Math.abs(s[0]! - 1 / total)).toBeLessThan(0.01);
  expect(Math.abs(s[3]! - 1 / 4 / total)).toBeLessThan(0.01);
});

test('a single key is always drawn; no keys at all is refused', () => {
  const rng = createRng(4);
  const z = zipf(1, 1.5);
  expect(Array.from({ length: 100 }, () => z.sample(rng)).every((k) => k === 0)).toBe(true);
  expect(() => zipfOver([], 1)).toThrow(RangeError);
});
