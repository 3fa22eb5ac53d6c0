import { createRng } from '../../engines/core/random.ts';
import { disorder } from './disorder.ts';

const delays = (spec: Parameters<typeof disorder>[0], n: number) => {
  const next = disorder(spec, createRng(9));
  return Array.from({ length: n }, () => next());
};

test('without disorder, or with fraction 0 or maxDelay 0, every delay is 0', () => {
  for (const spec of [undefined, { fraction: 0, maxDelay: 3000 }, { fraction: 0.5, maxDelay: 0 }]) {
    expect(delays(spec, 1000).every((d) => d === 0)).toBe(true);
  }
});

test('fraction 0.1, maxDelay 3000: 10 % of events are late (±1 %), by whole ms in [1, 3000]', () => {
  const ds = delays({ fraction: 0.1, maxDelay: 3000 }, 100_000);
  const late = ds.filter((d) => d > 0);
  expect(Math.abs(late.length / ds.length - 0.1)).toBeLessThan(0.01);
  expect(late.every((d) => Number.isInteger(d) && d >= 1 && d <= 3000)).toBe(true);
  expect(Math.max(...late)).toBeGreaterThan(2900);
  expect(Math.abs(late.reduce((a, b) => a + b, 0) / late.length - 1500.5)).toBeLessThan(50);
});

test('fraction 1 delays every event; maxDelay 1 delays each by exactly 1 ms', () => {
  expect(delays({ fraction: 1, maxDelay: 1 }, 1000).every((d) => d === 1)).toBe(true);
});
