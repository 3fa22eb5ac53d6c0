import { createHash } from 'node:crypto';
import { type EventLog, generate, parseWorkload, type WorkloadInput } from './index.ts';

const logOf = (w: WorkloadInput) => generate(parseWorkload(w));
const hashOf = (log: EventLog) => createHash('sha256').update(JSON.stringify(log)).digest('hex');
const synthetic = ['ysb', 'nexmark', 'sensors', 'clicks'] as const;

describe.each(synthetic)('%s', (generator) => {
  test('the same spec and seed give an identical log (deep equal and equal JSON hash)', () => {
    const spec: WorkloadInput = { generator, events: 5000, rate: 2000, seed: 7, disorder: { fraction: 0.2, maxDelay: 500 } };
    const a = logOf(spec);
    const b = logOf(spec);
    expect(b).toEqual(a);
    expect(hashOf(b)).toBe(hashOf(a));
  });

  test('a different seed gives a different log', () => {
    expect(hashOf(logOf({ generator, events: 2000, seed: 1 }))).not.toBe(hashOf(logOf({ generator, events: 2000, seed: 2 })));
  });

  test('events: N gives exactly N events, offsets 0..N-1, arrivals non-decreasing', () => {
    for (const n of [0, 1, 49, 50, 12_345]) {
      const { events } = logOf({ generator, events: n, rate: 5000, disorder: { fraction: 0.3, maxDelay: 2000 } });
      expect(events).toHaveLength(n);
      expect(events.every((e, i) => e.offset === i)).toBe(true);
      expect(events.every((e, i) => i === 0 || e.arrival >= events[i - 1]!.arrival)).toBe(true);
    }
  });

  test('without disorder every event arrives at its event time, which its record carries', () => {
    const log = logOf({ generator, events: 20_000, rate: 3000, disorder: { fraction: 0, maxDelay: 0 } });
    expect(log.events.every((e) => e.arrival === e.eventTime)).toBe(true);
    expect(log.events.every((e) => e.record[log.timestampField] === e.eventTime)).toBe(true);
    expect(log.events[0]!.arrival).toBe(0);
  });

  test('with disorder {0.1, 3000} the late share is 0.1 ± 0.01 and no delay exceeds 3000 ms', () => {
    const log = logOf({ generator, events: 50_000, rate: 10_000, disorder: { fraction: 0.1, maxDelay: 3000 } });
    const delays = log.events.map((e) => e.arrival - e.eventTime);
    const late = delays.filter((d) => d > 0);
    expect(Math.abs(late.length / delays.length - 0.1)).toBeLessThan(0.01);
    expect(Math.min(...delays)).toBe(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(3000);
  });

  test('disorder moves arrivals only: the records are the same with and without it', () => {
    const plain = logOf({ generator, events: 3000, disorder: { fraction: 0, maxDelay: 0 } });
    const late = logOf({ generator, events: 3000, disorder: { fraction: 0.5, maxDelay: 1000 } });
    const records = (log: EventLog) => log.events.map((e) => JSON.stringify(e.record)).sort();
    expect(records(late)).toEqual(records(plain));
    expect(late.events.map((e) => e.eventTime)).not.toEqual(plain.events.map((e) => e.eventTime));
  });

  test('duration: D keeps exactly the events scheduled before D ms of event time', () => {
    const { events } = logOf({ generator, duration: 2000, rate: 1000, disorder: { fraction: 0, maxDelay: 0 } });
    expect(events.every((e) => e.eventTime < 2000)).toBe(true);
    expect(events.at(-1)!.eventTime).toBe(1999);
  });
});

test('a ×4 burst in [1000, 1500) multiplies the arrival rate by 4 inside it (ysb, 2000 events/s)', () => {
  const { events } = logOf({ generator: 'ysb', duration: 3000, rate: 2000, bursts: [{ at: 1000, duration: 500, factor: 4 }] });
  const arrivals = (from: number, to: number) => events.filter((e) => e.arrival >= from && e.arrival < to).length;
  expect(arrivals(500, 1000)).toBe(1000);
  expect(arrivals(1000, 1500)).toBe(4000);
  expect(arrivals(1500, 2000)).toBe(1000);
  expect(events).toHaveLength(2000 * 3 + 3 * 2000 * 0.5);
});

test('ties in arrival keep generation order: without disorder offsets follow event times', () => {
  const { events } = logOf({ generator: 'ysb', events: 1000, rate: 100_000 });
  expect(events[0]!.arrival).toBe(events[99]!.arrival);
  expect(events.map((e) => e.eventTime)).toEqual([...events.map((e) => e.eventTime)].sort((a, b) => a - b));
});

test('the log of a pinned spec is stable across runs and machines (golden hash)', () => {
  const log = logOf({ generator: 'ysb', events: 1000, rate: 1000, seed: 42, disorder: { fraction: 0.1, maxDelay: 3000 } });
  expect(hashOf(log)).toBe('71386cdebd265e93ccbf9b936c7e56a870b8cc120d677e8c07a4328096db4e80');
});
