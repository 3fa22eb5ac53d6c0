import { listHashCode } from '../core/java-hash.ts';
import { createRng } from '../core/random.ts';
import { floorMod } from '../core/time.ts';
import { createGrouper, type Grouping } from './groupings.ts';

const targets = [7, 5, 6, 8];
const grouper = (g: Grouping, sourceTask = 1, workers = 1) =>
  createGrouper(g, targets, { sourceTask, rng: createRng(3), workerOf: (t) => (t - 1) % workers });

test('shuffle deals every task the same count per round, in a seeded random order', () => {
  const g = grouper({ type: 'shuffle' });
  const picks = Array.from({ length: 400 }, () => g.choose({})[0]!);
  for (const t of targets) expect(picks.filter((p) => p === t)).toHaveLength(100);
  const again = grouper({ type: 'shuffle' });
  expect(Array.from({ length: 400 }, () => again.choose({})[0]!)).toEqual(picks);
});

test('fields sends a key to floorMod(listHashCode(values), n) of the ascending task list', () => {
  const g = grouper({ type: 'fields', fields: ['word'] });
  for (const word of ['hello', 'polygenelubricants', 'storm', 'k1']) {
    const expected = [5, 6, 7, 8][floorMod(listHashCode([word]), 4)];
    expect(g.choose({ word, other: word.length })).toEqual([expected]);
  }
  // "polygenelubricants" hashes to Integer.MIN_VALUE; 31 + MIN_VALUE = -2147483617, floorMod 4 = 3.
  expect(g.choose({ word: 'polygenelubricants' })).toEqual([8]);
});

test('fields on a missing field is an input error naming it', () => {
  expect(() => grouper({ type: 'fields', fields: ['word'] }).choose({ w: 1 })).toThrow('word');
});

test('global picks the lowest task id; all copies to every task; none is shuffle', () => {
  expect(grouper({ type: 'global' }).choose({})).toEqual([5]);
  expect(grouper({ type: 'all' }).choose({})).toEqual([5, 6, 7, 8]);
  const none = grouper({ type: 'none' });
  expect(new Set(Array.from({ length: 4 }, () => none.choose({})[0])).size).toBe(4);
});

test('localOrShuffle stays in the emitting task’s worker when that worker has targets', () => {
  // 2 workers: tasks 5 and 7 on worker 0, tasks 6 and 8 on worker 1; source task 1 is on worker 0.
  const g = grouper({ type: 'localOrShuffle' }, 1, 2);
  expect(new Set(Array.from({ length: 20 }, () => g.choose({})[0]))).toEqual(new Set([5, 7]));
  const alone = createGrouper({ type: 'localOrShuffle' }, [6, 8], { sourceTask: 1, rng: createRng(1), workerOf: (t) => (t - 1) % 2 });
  expect(new Set(Array.from({ length: 20 }, () => alone.choose({})[0]))).toEqual(new Set([6, 8]));
});

test('a direct grouping only takes emitDirect tuples', () => {
  const g = grouper({ type: 'direct' });
  expect(g.direct).toBe(true);
  expect(() => g.choose({})).toThrow('emitDirect');
});
