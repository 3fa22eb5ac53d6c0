import { generate, parseWorkload, type WorkloadInput } from './index.ts';

const logOf = (w: Omit<WorkloadInput, 'generator'>) => generate(parseWorkload({ generator: 'sensors', ...w }));
const between = (from: number, to: number) => (e: { eventTime: number }) => e.eventTime >= from && e.eventTime < to;

test('sensor 3 idle in [2000, 5000) emits nothing there, but does before and from 5000 on', () => {
  const { events } = logOf({ duration: 8000, rate: 1000, idle: [{ sensor: 3, from: 2000, to: 5000 }] });
  const s3 = events.filter((e) => e.record.sensor === 3);
  expect(s3.filter(between(2000, 5000))).toHaveLength(0);
  expect(s3.filter(between(1000, 2000)).length).toBeGreaterThan(50);
  expect(s3.filter(between(5000, 6000)).length).toBeGreaterThan(50);
});

test('while one sensor is idle the others take its share: the total rate does not drop', () => {
  const { events } = logOf({ duration: 6000, rate: 1000, idle: [{ sensor: 0, from: 2000, to: 4000 }] });
  expect(events.filter(between(2000, 4000))).toHaveLength(2000);
  expect(events).toHaveLength(6000);
});

test('when every sensor is idle nothing is emitted, and events: N is still exactly N, just later', () => {
  const idle = [0, 1].map((sensor) => ({ sensor, from: 1000, to: 3000 }));
  const { events } = logOf({ events: 2000, rate: 1000, keys: { count: 2 }, idle });
  expect(events).toHaveLength(2000);
  expect(events.filter(between(1000, 3000))).toHaveLength(0);
  expect(events.at(-1)!.eventTime).toBe(3999);
});

test('an idle interval reaching far ahead is skipped in one step, not slot by slot', () => {
  const { events } = logOf({ events: 10, rate: 1000, keys: { count: 1 }, idle: [{ sensor: 0, from: 5, to: 1e12 }] });
  expect(events.map((e) => e.eventTime)).toEqual([0, 1, 2, 3, 4, 1e12, 1e12 + 1, 1e12 + 2, 1e12 + 3, 1e12 + 4]);
});

test('readings are {sensor, value, ts}; each sensor’s value walks by less than 0.51 per reading', () => {
  const log = logOf({ events: 5000, keys: { count: 4 } });
  expect(log.timestampField).toBe('ts');
  expect(log.keyField).toBe('sensor');
  const last = new Map<unknown, number>();
  for (const { record } of log.events) {
    expect(Object.keys(record)).toEqual(['sensor', 'value', 'ts']);
    expect([0, 1, 2, 3]).toContain(record.sensor);
    const prev = last.get(record.sensor);
    if (prev !== undefined) expect(Math.abs((record.value as number) - prev)).toBeLessThan(0.51);
    last.set(record.sensor, record.value as number);
  }
});

test('keys.skew skews readings toward sensor 0 (skew 2 over 5 sensors: share 1/Σk^-2 ≈ 0.683 ± 0.01)', () => {
  const { events } = logOf({ events: 30_000, keys: { count: 5, skew: 2 } });
  const share = events.filter((e) => e.record.sensor === 0).length / events.length;
  expect(Math.abs(share - 1 / (1 + 1 / 4 + 1 / 9 + 1 / 16 + 1 / 25))).toBeLessThan(0.01);
});
