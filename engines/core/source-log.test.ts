// The replayable source: consecutive offsets across appended chunks, released only below a commit.
import { SourceLog } from './source-log.ts';

describe('SourceLog', () => {
  test('reads ranges across chunk boundaries in offset order', () => {
    const log = new SourceLog();
    log.append([{ i: 0 }, { i: 1 }]);
    log.append([{ i: 2 }]);
    log.append([{ i: 3 }, { i: 4 }]);
    expect(log.end).toBe(5);
    expect(log.read(1, 4).map((r) => r.i)).toEqual([1, 2, 3]);
    expect(log.read(3, 3)).toEqual([]);
  });
  test('a range that is exactly one chunk is that chunk, not a copy', () => {
    const log = new SourceLog();
    const chunk = [{ i: 0 }];
    log.append(chunk);
    expect(log.read(0, 1)).toBe(chunk);
  });
  test('after a commit, whole chunks below it are released and offsets keep counting', () => {
    const log = new SourceLog();
    log.append([{ i: 0 }, { i: 1 }]);
    log.append([{ i: 2 }]);
    log.discardBefore(2);
    expect(log.read(2, 3).map((r) => r.i)).toEqual([2]);
    expect(() => log.read(0, 1)).toThrow(/released/);
  });
});
