// window() over a batch, column-wise: boundaries, sliding pairs, the per-pair late filter and grouping.
import { buildBatch, columnsOf } from './arrow-batch.ts';
import { KeyDictionary } from './key-dictionary.ts';
import { windowPairs } from './window-pairs.ts';

function cols(rows: Array<{ k?: string; ts: number }>, keys = new KeyDictionary()) {
  return {
    keys,
    cols: columnsOf(buildBatch(rows, { key: 'k', timestamp: 'ts', value: undefined, collect: undefined, streams: ['main'] }, keys)),
  };
}
const tumbling = { kind: 'sliding', size: 1000, slide: 1000, offset: 0 } as const;
const groupsOf = (wp: ReturnType<typeof windowPairs>) => Array.from({ length: wp.groups }, (_, g) => [wp.groupStart[g], wp.groupKey[g]]);

describe('windowPairs', () => {
  test('tumbling(1000) puts t=999 in [0,1000) and t=1000 in [1000,2000)', () => {
    const { keys, cols: c } = cols([
      { k: 'a', ts: 999 },
      { k: 'a', ts: 1000 },
    ]);
    const wp = windowPairs(c, tumbling, keys.size, null);
    expect(groupsOf(wp)).toEqual([
      [0, 0],
      [1000, 0],
    ]);
  });
  test('rows of one (window, key) share a group; keys split groups', () => {
    const { keys, cols: c } = cols([
      { k: 'a', ts: 1 },
      { k: 'b', ts: 2 },
      { k: 'a', ts: 3 },
    ]);
    const wp = windowPairs(c, tumbling, keys.size, null);
    expect([...wp.groupOf]).toEqual([0, 1, 0]);
  });
  test('sliding(2000, 1000): each row yields two pairs, newest window first', () => {
    const { keys, cols: c } = cols([{ k: 'a', ts: 1500 }]);
    const wp = windowPairs(c, { kind: 'sliding', size: 2000, slide: 1000, offset: 0 }, keys.size, null);
    expect(groupsOf(wp)).toEqual([
      [1000, 0],
      [0, 0],
    ]);
  });
  test('the late filter drops a pair whose window end <= the watermark, and the row only when every pair is gone', () => {
    const { keys, cols: c } = cols([
      { k: 'a', ts: 1500 },
      { k: 'a', ts: 500 },
    ]);
    const wp = windowPairs(c, { kind: 'sliding', size: 2000, slide: 1000, offset: 0 }, keys.size, 2000);
    expect(groupsOf(wp)).toEqual([[1000, 0]]);
    expect(wp.droppedRows).toEqual([1]);
  });
  test('a window ending exactly at the watermark is late (end <= W)', () => {
    const { keys, cols: c } = cols([{ k: 'a', ts: 999 }]);
    expect(windowPairs(c, tumbling, keys.size, 1000).droppedRows).toEqual([0]);
    expect(windowPairs(c, tumbling, keys.size, 999).droppedRows).toEqual([]);
  });
  test('a batch spanning very many windows groups through a hash map with the same result', () => {
    const rows = [
      { k: 'a', ts: 0 },
      { k: 'a', ts: 1e12 },
      { k: 'a', ts: 5 },
    ];
    const { keys, cols: c } = cols(rows);
    const wp = windowPairs(c, tumbling, keys.size, null);
    expect(groupsOf(wp)).toEqual([
      [0, 0],
      [1e12, 0],
    ]);
    expect([...wp.groupOf]).toEqual([0, 1, 0]);
  });
  test('offsets shift the epoch alignment: offset 250 puts t=100 in [-750, 250)', () => {
    const { keys, cols: c } = cols([{ k: 'a', ts: 100 }]);
    const wp = windowPairs(c, { kind: 'sliding', size: 1000, slide: 1000, offset: 250 }, keys.size, null);
    expect(groupsOf(wp)).toEqual([[-750, 0]]);
  });
});
