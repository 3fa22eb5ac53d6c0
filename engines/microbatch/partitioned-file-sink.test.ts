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

  test('the same seed names the same files', () => {
    const names = () => {
      const sink = partitionedFileSink(new MemoryFileIO(), 'out', spec, 3);
      sink.addBatch(0, [row(1, '00:00')]);
      return sink.table().files.map((f) => f.path);
    };
    expect(names()).toEqual(names());
  });
});
