import { boundReached, rateShape } from './rate-shape.ts';

const countIn = (times: number[], from: number, to: number) => times.filter((t) => t >= from && t < to).length;

test('rate 1000/s schedules event i at i ms; rate 10,000/s puts 10 events in each ms', () => {
  const a = rateShape(1000);
  expect([0, 1, 2, 999, 1000].map(a.timeOf)).toEqual([0, 1, 2, 999, 1000]);
  const b = rateShape(10_000);
  expect([0, 9, 10, 19, 20].map(b.timeOf)).toEqual([0, 0, 1, 1, 2]);
});

test('rate 3/s schedules event 3 at exactly 1000 ms, not one ms low', () => {
  const s = rateShape(3);
  expect([0, 1, 2, 3, 6, 3_000_000].map(s.timeOf)).toEqual([0, 333, 666, 1000, 2000, 1_000_000_000]);
});

test('a ×5 burst in [2000, 3000) schedules 5000 events there against 1000 in each neighbouring second', () => {
  const s = rateShape(1000, [{ at: 2000, duration: 1000, factor: 5 }]);
  const times = Array.from({ length: 10_000 }, (_, i) => s.timeOf(i));
  expect(countIn(times, 1000, 2000)).toBe(1000);
  expect(countIn(times, 2000, 3000)).toBe(5000);
  expect(countIn(times, 3000, 4000)).toBe(1000);
  expect([s.rateAt(1999), s.rateAt(2000), s.rateAt(2999), s.rateAt(3000)]).toEqual([1000, 5000, 5000, 1000]);
});

test('overlapping bursts multiply their factors; a factor below 1 is a lull', () => {
  const s = rateShape(100, [
    { at: 0, duration: 2000, factor: 2 },
    { at: 1000, duration: 2000, factor: 3 },
    { at: 5000, duration: 1000, factor: 0.5 },
  ]);
  expect([500, 1500, 2500, 4000, 5500].map(s.rateAt)).toEqual([200, 600, 300, 100, 50]);
  const times = Array.from({ length: 2000 }, (_, i) => s.timeOf(i));
  expect(countIn(times, 1000, 2000)).toBe(600);
  expect(countIn(times, 5000, 6000)).toBe(50);
});

test('times never decrease, and firstIndexAt(t) is the first event scheduled at or after t', () => {
  const s = rateShape(7, [{ at: 300, duration: 700, factor: 13 }]);
  const times = Array.from({ length: 500 }, (_, i) => s.timeOf(i));
  expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
  for (const t of [0, 1, 299, 300, 301, 999, 1000, 5000]) {
    const i = s.firstIndexAt(t);
    expect(s.timeOf(i)).toBeGreaterThanOrEqual(t);
    if (i > 0) expect(s.timeOf(i - 1)).toBeLessThan(t);
  }
});

test('boundReached: events N stops after N events; duration D stops at the first event at t ≥ D', () => {
  expect(boundReached({ events: 3 }, 2, 1e9)).toBe(false);
  expect(boundReached({ events: 3 }, 3, 0)).toBe(true);
  expect(boundReached({ events: 0 }, 0, 0)).toBe(true);
  expect(boundReached({ duration: 1000 }, 5, 999)).toBe(false);
  expect(boundReached({ duration: 1000 }, 5, 1000)).toBe(true);
});
