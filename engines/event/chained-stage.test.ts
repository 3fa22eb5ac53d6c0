// The second stage of a chained aggregation (chained-stage.ts) on its own: it groups the first stage's window
// results, fires a window when the job's watermark reaches end − 1 (A7: not again at an equal watermark), and
// keeps what is pending in the sink's snapshot — restored after a crash, so a window whose results came before
// the checkpoint still fires after it. The join back (Nexmark q5) outputs every result at the window's max.
import type { MainEmission } from '../core/emission.ts';
import { createSink } from '../core/sinks.ts';
import { chainedStage } from './chained-stage.ts';

const w = (start: number) => ({ start, end: start + 10 });
const result = (key: string, start: number, value: number): MainEmission => ({
  output: 'main',
  key,
  window: w(start),
  value,
  timestamp: start + 9,
});

function stage(joinBack: boolean) {
  const out: MainEmission[] = [];
  const s = chainedStage(
    { aggregate: { fn: 'max', field: 'value' }, ...(joinBack ? { joinBack } : {}) },
    createSink('plain', (e) => out.push(e)),
  );
  return { s, out };
}

test('the max per window fires once, when the watermark reaches end − 1, windows in end order', () => {
  const { s, out } = stage(false);
  s.write(result('a', 10, 3));
  s.write(result('b', 0, 5));
  s.write(result('c', 0, 7));
  s.onWatermark(8);
  expect(out).toEqual([]);
  s.onWatermark(19);
  expect(out.map((e) => [e.window!.start, e.value, e.timestamp])).toEqual([
    [0, 7, 9],
    [10, 3, 19],
  ]);
  s.onWatermark(19);
  expect(out).toHaveLength(2);
});

test('the join back outputs each result that reaches its window’s max, ties included, as {key, value}', () => {
  const { s, out } = stage(true);
  for (const [k, v] of [
    ['a', 4],
    ['b', 9],
    ['c', 9],
    ['d', 1],
  ] as const)
    s.write(result(k, 0, v));
  s.onWatermark(9);
  expect(out.map((e) => [e.key, e.value])).toEqual([
    ['b', { key: 'b', value: 9 }],
    ['c', { key: 'c', value: 9 }],
  ]);
});

test('pending results are in the snapshot: after a crash and restore the window still fires with all of them', () => {
  const { s, out } = stage(true);
  s.write(result('a', 0, 2));
  s.write(result('b', 0, 6));
  const snap = s.snapshot(1);
  s.crash();
  s.onWatermark(9);
  expect(out).toEqual([]); // a crash forgets what was pending in memory
  s.restore(snap);
  s.write(result('c', 0, 6)); // replayed after the checkpoint
  s.onWatermark(9);
  expect(out.map((e) => e.key)).toEqual(['b', 'c']);
});
