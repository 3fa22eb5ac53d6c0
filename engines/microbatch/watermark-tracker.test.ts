// Spark's WatermarkTracker (B3): max - delay with no -1, a global watermark from 0 that only rises,
// min/max over the watermark operators, silent inputs counting as 0.
import { buildBatch, columnsOf } from './arrow-batch.ts';
import { KeyDictionary } from './key-dictionary.ts';
import { WatermarkTracker } from './watermark-tracker.ts';

const streams = ['a', 'b'];
const batch = (rows: Array<{ stream: string; ts: number }>) =>
  columnsOf(buildBatch(rows, { key: undefined, timestamp: 'ts', value: undefined, collect: undefined, streams }, new KeyDictionary()));
const single = (ts: number[]) =>
  columnsOf(
    buildBatch(
      ts.map((t) => ({ ts: t })),
      { key: undefined, timestamp: 'ts', value: undefined, collect: undefined, streams: ['main'] },
      new KeyDictionary(),
    ),
  );

describe('WatermarkTracker', () => {
  test('starts at 0 and moves to max - delay, with no -1 (unlike Flink)', () => {
    const t = new WatermarkTracker([1000], 'min');
    expect(t.current()).toBe(0);
    t.update(single([3000, 5000, 4000]));
    expect(t.current()).toBe(4000);
  });
  test('never decreases: an older batch leaves it where it was', () => {
    const t = new WatermarkTracker([0], 'min');
    t.update(single([5000]));
    t.update(single([100]));
    expect(t.current()).toBe(5000);
  });
  test('an operator watermark below 0 leaves the global watermark at 0', () => {
    const t = new WatermarkTracker([10000], 'min');
    t.update(single([3000]));
    expect(t.current()).toBe(0);
  });
  test('min policy: an input without data counts as 0 and holds the global watermark', () => {
    const t = new WatermarkTracker([0, 0], 'min');
    t.update(batch([{ stream: 'a', ts: 5000 }]));
    expect(t.current()).toBe(0);
    t.update(batch([{ stream: 'b', ts: 2000 }]));
    expect(t.current()).toBe(2000);
  });
  test('max policy: the fastest input moves it', () => {
    const t = new WatermarkTracker([0, 0], 'max');
    t.update(batch([{ stream: 'a', ts: 5000 }]));
    expect(t.current()).toBe(5000);
  });
  test('an input without withWatermark is not a watermark operator', () => {
    const t = new WatermarkTracker([null, 0], 'min');
    t.update(batch([{ stream: 'b', ts: 700 }]));
    expect(t.current()).toBe(700);
    expect(new WatermarkTracker([null], 'min').hasOperators).toBe(false);
  });
});
