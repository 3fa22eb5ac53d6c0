// The processing-time clock: callbacks run in time order, ties in scheduling order, each at its own
// time; cancelled callbacks never run; time never goes backwards.
import { Scheduler } from './scheduler.ts';

describe('Scheduler', () => {
  test('callbacks at 300, 100, 200 run as 100, 200, 300, each seeing now() == its own time', () => {
    const s = new Scheduler();
    const seen: Array<[string, number]> = [];
    s.at(300, () => seen.push(['c', s.now()]));
    s.at(100, () => seen.push(['a', s.now()]));
    s.at(200, () => seen.push(['b', s.now()]));
    s.advanceTo(1000);
    expect(seen).toEqual([
      ['a', 100],
      ['b', 200],
      ['c', 300],
    ]);
    expect(s.now()).toBe(1000);
  });

  test('callbacks at the same time run in scheduling order', () => {
    const s = new Scheduler();
    const seen: string[] = [];
    for (const name of ['x', 'y', 'z']) s.at(50, () => seen.push(name));
    s.advanceTo(50);
    expect(seen).toEqual(['x', 'y', 'z']);
  });

  test('a callback at exactly t runs on advanceTo(t); one at t+1 does not', () => {
    const s = new Scheduler();
    const seen: number[] = [];
    s.at(200, () => seen.push(200));
    s.at(201, () => seen.push(201));
    s.advanceTo(200);
    expect(seen).toEqual([200]);
    expect(s.nextAt()).toBe(201);
  });

  test('a cancelled callback never runs and is not reported by nextAt', () => {
    const s = new Scheduler();
    const seen: number[] = [];
    const h = s.at(100, () => seen.push(100));
    s.at(200, () => seen.push(200));
    h.cancel();
    expect(s.nextAt()).toBe(200);
    s.advanceTo(300);
    expect(seen).toEqual([200]);
  });

  test('a callback scheduled while running, due before the target, runs in the same advance', () => {
    const s = new Scheduler();
    const seen: number[] = [];
    s.at(100, () => {
      seen.push(s.now());
      s.at(150, () => seen.push(s.now()));
    });
    s.advanceTo(200);
    expect(seen).toEqual([100, 150]);
  });

  test('scheduling in the past clamps to now: it runs at now, never earlier', () => {
    const s = new Scheduler(500);
    const seen: number[] = [];
    const h = s.at(100, () => seen.push(s.now()));
    expect(h.at).toBe(500);
    s.advanceTo(500);
    expect(seen).toEqual([500]);
  });

  test('advanceTo an earlier time throws RangeError and leaves the clock unchanged', () => {
    const s = new Scheduler();
    s.advanceTo(1000);
    expect(() => s.advanceTo(999)).toThrow(RangeError);
    expect(s.now()).toBe(1000);
  });

  test('advanceTo the current time is allowed and runs what is due now', () => {
    const s = new Scheduler(100);
    const seen: number[] = [];
    s.at(100, () => seen.push(1));
    s.advanceTo(100);
    expect(seen).toEqual([1]);
  });

  test('clear forgets every pending callback', () => {
    const s = new Scheduler();
    const seen: number[] = [];
    s.at(10, () => seen.push(10));
    s.clear();
    s.advanceTo(100);
    expect(seen).toEqual([]);
    expect(s.nextAt()).toBeUndefined();
  });
});
