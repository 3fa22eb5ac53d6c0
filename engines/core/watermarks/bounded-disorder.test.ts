// One bounded-disorder watermark for the three models, their differences as parameters (A2, B3, C3).
import { MIN_TIME } from '../time.ts';
import { BoundedDisorder, combineWatermarks, flinkDisorder, sparkDisorder, stormDisorder } from './bounded-disorder.ts';

describe('bounded disorder', () => {
  test('Flink: maxTs − delay − 1, MIN before any record (F-BOO: the boundary is off by 1 ms from a naive max − delay)', () => {
    const d = new BoundedDisorder(flinkDisorder(2000));
    expect(d.watermark()).toBe(MIN_TIME);
    d.observe(5000);
    d.observe(4000); // an out-of-order record never moves it back
    expect(d.watermark()).toBe(2999);
  });

  test('Spark: max − delay (no −1), 0 before any data (S-WT)', () => {
    const d = new BoundedDisorder(sparkDisorder(2000));
    expect(d.watermark()).toBe(0);
    d.observe(5000);
    expect(d.watermark()).toBe(3000);
  });

  test('Storm: max − lag, 0 before any tuple (ST-WMG)', () => {
    const d = new BoundedDisorder(stormDisorder(5));
    expect([d.seen, d.watermark()]).toEqual([false, 0]);
    d.observe(636);
    expect([d.seen, d.watermark()]).toEqual([true, 631]);
  });

  test('combined by min, an input without data (0) holds the watermark at or below 0; the max policy takes the fastest', () => {
    const a = new BoundedDisorder(sparkDisorder(0));
    const b = new BoundedDisorder(sparkDisorder(0));
    a.observe(10_000);
    expect(combineWatermarks([a.watermark(), b.watermark()])).toBe(0);
    expect(combineWatermarks([a.watermark(), b.watermark()], 'max')).toBe(10_000);
    b.observe(7000);
    expect(combineWatermarks([a.watermark(), b.watermark()])).toBe(7000);
  });
});
