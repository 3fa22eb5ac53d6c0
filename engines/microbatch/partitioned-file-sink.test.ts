import type { FileIO } from '../core/checkpoint-storage.ts';
import type { MainEmission } from '../core/emission.ts';
import { MemoryFileIO } from '../core/memory-file-io.ts';
import { partitionedFileSink } from './partitioned-file-sink.ts';

const spec = { partitionBy: ['dt', 'hm'], format: 'csv' as const };
const row = (auction: number, hm: string): MainEmission => ({
  output: 'main',
  window: null,
  value: { auction, dt: '1970-01-01', hm },
  timestamp: null,
});

describe('Spark FileStreamSink with partitionBy (partitioned-file-sink)', () => {
  test('a batch writes one file per partition, visible once _spark_metadata/N lists it', () => {
    const io = new MemoryFileIO();
    const sink = partitionedFileSink(io, 'out', spec);
    expect(sink.addBatch(0, [row(1, '00:00'), row(2, '00:01'), row(3, '00:00')])).toHaveLength(3);
    const t = sink.table();
    expect(t.files.map((f) => [f.partition, f.visible, f.text])).toEqual([
      ['dt=1970-01-01/hm=00%3A00', true, '1\n3\n'],
      ['dt=1970-01-01/hm=00%3A01', true, '2\n'],
    ]);
    expect(t.commits).toEqual([]);
    expect(t.tree.map((f) => f.path)).toContain('_spark_metadata/0');
  });

  test('a re-run of a logged batch is skipped: its rows are written once (exactly-once)', () => {
    const io = new MemoryFileIO();
    const sink = partitionedFileSink(io, 'out', spec);
    sink.addBatch(0, [row(1, '00:00')]);
    expect(sink.addBatch(0, [row(1, '00:00')])).toEqual([]);
    expect(sink.table().files).toHaveLength(1);
  });

  test('a crash after the files but before the log entry leaves orphans; the re-run writes new files under a new uuid', () => {
    const mem = new MemoryFileIO();
    let failLog = true;
    const io: FileIO = {
      mkdirp: () => {},
      list: (d) => mem.list(d),
      readFile: (p) => mem.readFile(p),
      remove: (p) => mem.remove(p),
      writeFile: (p, t) => {
        if (failLog && p.includes('_spark_metadata/')) throw new Error('crash');
        mem.writeFile(p, t);
      },
      rename: (a, b) => mem.rename(a, b),
    };
    const sink = partitionedFileSink(io, 'out', spec, 7);
    expect(() => sink.addBatch(0, [row(1, '00:00')])).toThrow('crash');
    expect(sink.table().files.map((f) => f.state)).toEqual(['orphan']);
    failLog = false;
    sink.addBatch(0, [row(1, '00:00')]);
    const files = sink.table().files;
    expect(files.map((f) => f.state).sort()).toEqual(['finished', 'orphan']);
    expect(new Set(files.map((f) => f.path)).size).toBe(2);
    expect(files.filter((f) => f.visible).map((f) => f.text)).toEqual(['1\n']);
  });

  test('the log compacts every 10 batches: batch 9 is 9.compact with every entry so far, and a reader needs only it and the deltas after it', () => {
    const io = new MemoryFileIO();
    const sink = partitionedFileSink(io, 'out', spec);
    for (let b = 0; b < 12; b++) sink.addBatch(b, [row(b, b % 2 === 0 ? '00:00' : '00:01')]);
    const log = io.list('out/_spark_metadata').sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
    expect(log).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9.compact', '10', '11']);
    expect(io.readFile('out/_spark_metadata/9.compact')!.split('\n').slice(1)).toHaveLength(10);
    // Spark deletes the deltas before a compact file after fileSink.log.cleanupDelay: the reader does not need them.
    for (let b = 0; b < 9; b++) io.remove(`out/_spark_metadata/${b}`);
    const t = sink.table();
    expect(t.files).toHaveLength(12);
    expect(t.files.every((f) => f.visible)).toBe(true);
    expect(sink.contents().map((c) => c.batchId)).toEqual([9, 10, 11]);
  });

  test('the same seed names the same files', () => {
    const names = () => {
      const sink = partitionedFileSink(new MemoryFileIO(), 'out', spec, 3);
      sink.addBatch(0, [row(1, '00:00')]);
      return sink.table().files.map((f) => f.path);
    };
    expect(names()).toEqual(names());
  });
});
