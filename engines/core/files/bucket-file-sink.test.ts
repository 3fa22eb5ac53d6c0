import type { MainEmission } from '../emission.ts';
import { MemoryFileIO } from '../memory-file-io.ts';
import { bucketFileSink } from './bucket-file-sink.ts';
import type { FilesSpec } from './files-spec.ts';

const spec: FilesSpec = { partitionBy: ['dt', 'hm'], format: 'csv', commit: { delay: 60_000, partitionTime: '$dt $hm:00' } };
const row = (auction: number, hm: string): MainEmission => ({
  output: 'main',
  window: null,
  value: { auction, price: 10, dt: '1970-01-01', hm },
  timestamp: null,
});

function setup(s: FilesSpec = spec) {
  const io = new MemoryFileIO();
  let t = 0;
  const seen: unknown[] = [];
  const sink = bucketFileSink(
    s,
    io,
    'out',
    () => t,
    (e) => seen.push((e.value as { auction: number }).auction),
  );
  return { io, sink, seen, at: (x: number) => void (t = x) };
}

describe('Flink FileSink with partition commit (bucket-file-sink)', () => {
  test('rows are hidden in an in-progress file until the checkpoint holding it completes', () => {
    const { io, sink, seen } = setup();
    sink.write(row(1, '00:00'));
    sink.write(row(2, '00:01'));
    expect(sink.table().files.map((f) => [f.path, f.state, f.visible])).toEqual([
      ['dt=1970-01-01/hm=00%3A00/.part-0-0.csv.inprogress.0', 'in-progress', false],
      ['dt=1970-01-01/hm=00%3A01/.part-0-1.csv.inprogress.0', 'in-progress', false],
    ]);
    sink.snapshot(1);
    expect(sink.table().files.map((f) => f.state)).toEqual(['pending', 'pending']);
    expect(seen).toEqual([]);
    sink.notifyComplete(1);
    expect(seen).toEqual([1, 2]);
    expect(io.readFile('out/dt=1970-01-01/hm=00%3A00/part-0-0.csv')).toBe('1,10\n');
    expect(sink.table().files.every((f) => f.visible)).toBe(true);
  });

  test('without checkpoints nothing ever becomes visible, even after the rollover interval', () => {
    const { sink, seen, at } = setup({ ...spec, rollover: 60_000 });
    sink.write(row(1, '00:00'));
    at(60_000);
    sink.write(row(2, '00:00')); // rolls the first file: pending, still hidden
    expect(sink.table().files.map((f) => f.state)).toEqual(['pending', 'in-progress']);
    expect(seen).toEqual([]);
  });

  test('a partition commits (_SUCCESS) only when the watermark at the snapshot is > partition time + delay', () => {
    const { io, sink } = setup();
    sink.write(row(1, '00:00'));
    sink.onWatermark(60_000 + 60_000); // partition 00:00 time 0: needs wm > 60000
    sink.snapshot(1);
    sink.notifyComplete(1);
    expect(sink.table().commits).toEqual([{ partition: 'dt=1970-01-01/hm=00%3A00', at: 0, watermark: 120_000 }]);
    expect(io.readFile('out/dt=1970-01-01/hm=00%3A00/_SUCCESS')).toBe('');
    sink.write(row(2, '00:01'));
    sink.onWatermark(120_000); // equal to 60000 + 60000: not yet
    sink.snapshot(2);
    sink.notifyComplete(2);
    expect(sink.table().commits).toHaveLength(1);
  });

  test('a crash before the notification: restore commits the pending files once; later in-progress rows are orphaned and replayed', () => {
    const { sink, seen } = setup();
    sink.write(row(1, '00:00'));
    const state = sink.snapshot(1); // notification lost
    sink.write(row(2, '00:00'));
    sink.crash();
    sink.restore(structuredClone(state));
    expect(seen).toEqual([1]);
    sink.restore(structuredClone(state)); // a second recovery commits nothing twice
    expect(seen).toEqual([1]);
    sink.write(row(2, '00:00')); // the replay
    sink.snapshot(2);
    sink.notifyComplete(2);
    expect(seen).toEqual([1, 2]);
    expect(sink.table().files.map((f) => [f.path.split('/').at(-1), f.state])).toEqual([
      ['.part-0-1.csv.inprogress.0', 'orphan'],
      ['part-0-0.csv', 'finished'],
      ['part-0-1.csv', 'finished'],
    ]);
  });

  test('a partition is committed once while its bucket stays active, and again when files come after it went inactive', () => {
    const { sink } = setup({ ...spec, commit: { delay: 0, partitionTime: '$dt $hm:00' } });
    const cp = (id: number) => {
      sink.snapshot(id);
      sink.notifyComplete(id);
    };
    sink.write(row(1, '00:00'));
    sink.onWatermark(1);
    sink.snapshot(1);
    sink.write(row(2, '00:00')); // the bucket has a pending file: still active
    sink.notifyComplete(1);
    expect(sink.table().commits.map((c) => c.partition)).toEqual(['dt=1970-01-01/hm=00%3A00']);
    cp(2); // commits row 2's file; nothing open: the bucket goes inactive
    cp(3);
    expect(sink.table().commits).toHaveLength(1);
    sink.write(row(3, '00:00')); // late data into a committed partition: a new bucket
    cp(4);
    expect(sink.table().commits.map((c) => c.partition)).toEqual(['dt=1970-01-01/hm=00%3A00', 'dt=1970-01-01/hm=00%3A00']);
  });
});
