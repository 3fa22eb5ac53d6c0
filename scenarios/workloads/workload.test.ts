import { InputError } from '../../engines/core/errors.ts';
import { parseWorkload } from './workload.ts';

/** The InputError parseWorkload throws for `value`, as `path: reason`. */
const errorOf = (value: unknown, root?: string): InputError => {
  try {
    parseWorkload(value, root);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error(`accepted ${JSON.stringify(value)}`);
};

test('defaults: rate 1000 events/s, seed 42, no bursts; keys.skew defaults to 0', () => {
  expect(parseWorkload({ generator: 'ysb', events: 10, keys: { count: 5 } })).toEqual({
    generator: 'ysb',
    events: 10,
    rate: 1000,
    seed: 42,
    bursts: [],
    keys: { count: 5, skew: 0 },
  });
});

test('an unknown generator is rejected at workload.generator, listing the known ones', () => {
  const e = errorOf({ generator: 'kafka', events: 10 });
  expect(e.path).toBe('workload.generator');
  expect(e.reason).toBe('unknown generator (expected one of ysb, nexmark, sensors, clicks, file)');
});

test('a negative or zero rate is rejected at workload.rate', () => {
  expect(errorOf({ generator: 'ysb', events: 10, rate: -5 }).path).toBe('workload.rate');
  expect(errorOf({ generator: 'ysb', events: 10, rate: 0 }).path).toBe('workload.rate');
});

test('wrong field types are rejected with the field path', () => {
  expect(errorOf({ generator: 'ysb', events: '10' }).message).toBe('workload.events: Invalid input: expected number, received string');
  expect(errorOf({ generator: 'ysb', events: 1.5 }).path).toBe('workload.events');
  expect(errorOf({ generator: 'ysb', events: 10, keys: { count: 5, skew: 'high' } }).path).toBe('workload.keys.skew');
  expect(errorOf({ generator: 'ysb', events: 10, bursts: [{ at: 0, duration: 5, factor: '2' }] }).path).toBe('workload.bursts[0].factor');
  expect(errorOf({ generator: 'ysb', events: 10, disorder: { fraction: 1.5, maxDelay: 10 } }).path).toBe('workload.disorder.fraction');
  expect(errorOf({ generator: 'ysb', events: 10, disorder: { fraction: 0.1, maxDelay: -1 } }).path).toBe('workload.disorder.maxDelay');
  expect(errorOf('ysb').path).toBe('workload');
});

test('unknown fields are rejected, naming the allowed ones', () => {
  expect(errorOf({ generator: 'ysb', events: 10, evnets: 5 }).message).toBe(
    'workload.evnets: unknown field (did you mean "events"?) (allowed: generator, events, duration, rate, seed, keys, disorder, bursts, file, idle, gap, extra)',
  );
  expect(errorOf({ generator: 'ysb', events: 10, keys: { count: 5, zipf: 1 } }).path).toBe('workload.keys.zipf');
});

test('generator "file" without a file block is rejected at workload.file', () => {
  const e = errorOf({ generator: 'file' });
  expect(e.message).toBe('workload.file: required for generator "file" ({path, timestamp})');
  expect(errorOf({ generator: 'file', file: { path: 'x.csv' } }).path).toBe('workload.file.timestamp');
  expect(errorOf({ generator: 'file', file: { path: 'x.csv', timestamp: 'ts', format: 'xml' } }).path).toBe('workload.file.format');
});

test('exactly one of events and duration is required (file replays may omit both)', () => {
  expect(errorOf({ generator: 'ysb' }).message).toBe('workload.events: required: give events (a count) or duration (ms of event time)');
  expect(errorOf({ generator: 'ysb', events: 5, duration: 1000 }).path).toBe('workload.duration');
  expect(parseWorkload({ generator: 'file', file: { path: 'x.csv', timestamp: 'ts' } }).events).toBeUndefined();
});

test('generator-specific options are refused on the other generators', () => {
  expect(errorOf({ generator: 'ysb', events: 5, idle: [] }).message).toBe('workload.idle: only for generator "sensors"');
  expect(errorOf({ generator: 'sensors', events: 5, gap: 1000 }).message).toBe('workload.gap: only for generator "clicks"');
  expect(errorOf({ generator: 'ysb', events: 5, file: { path: 'a.csv', timestamp: 't' } }).path).toBe('workload.file');
  expect(errorOf({ generator: 'nexmark', events: 5, keys: { count: 5 } }).path).toBe('workload.keys');
});

test('an idle interval must name an existing sensor and end after it starts', () => {
  expect(errorOf({ generator: 'sensors', events: 5, idle: [{ sensor: 10, from: 0, to: 5 }] }).message).toBe(
    'workload.idle[0].sensor: no sensor 10 (sensors are 0..9)',
  );
  expect(errorOf({ generator: 'sensors', events: 5, idle: [{ sensor: 1, from: 5, to: 5 }] }).path).toBe('workload.idle[0].to');
});

test('the root names where the block sits in a scenario', () => {
  expect(errorOf({ generator: 'ysb', events: 5, rate: -1 }, 'scenario.workload').path).toBe('scenario.workload.rate');
});
