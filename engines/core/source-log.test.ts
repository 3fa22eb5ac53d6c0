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

describe('SourceLog shared by the engines', () => {
  test('get reads any held offset (in order through the chunk of the last read, or by search)', () => {
    const log = new SourceLog();
    log.append([{ i: 0 }, { i: 1 }]);
    log.append([{ i: 2 }]);
    expect([0, 1, 2, 1, 0].map((o) => log.get(o).i)).toEqual([0, 1, 2, 1, 0]);
    expect(() => log.get(3)).toThrow(/no offset 3/);
  });

  test('a log that continues a savepoint counts offsets from its base; forEachFrom and forEachChunkFrom replay from an offset', () => {
    const log = new SourceLog(100);
    log.append([{ i: 100 }, { i: 101 }]);
    log.append([{ i: 102 }]);
    expect([log.base, log.size, log.end]).toEqual([100, 3, 103]);
    const seen: number[] = [];
    log.forEachFrom(101, (r, o) => seen.push(o, r.i as number));
    expect(seen).toEqual([101, 101, 102, 102]);
    const chunks: Array<[number, number[]]> = [];
    log.forEachChunkFrom(101, (rs, o) => chunks.push([o, rs.map((r) => r.i as number)]));
    expect(chunks).toEqual([
      [101, [101]],
      [102, [102]],
    ]);
  });
});
