// Structured Streaming fault tolerance (B7) on the virtual clock: a crash at each of the four points of
// batch 0, what each sink shows afterwards, a second engine resuming the first one's checkpoint directory
// on disk, and recovery from torn or corrupt log files.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileIO } from '../../cli/node-file-io.ts';
import { float64ToBase64, int32ToBase64 } from '../core/base64.ts';
import type { FileIO } from '../core/checkpoint-storage.ts';
import type { MainEmission } from '../core/emission.ts';
import { type JobInput, parseJob } from '../core/job.ts';
import { MemoryFileIO } from '../core/memory-file-io.ts';
import { SourceLog } from '../core/source-log.ts';
import { type FaultPoint, resolveOptions } from './options.ts';
import { planJob, type StructuredPlan } from './plan.ts';
import { fileSink, type SinkBatch, type StreamingSink } from './streaming-sinks.ts';
import { StructuredEngine, type StructuredRuntime } from './structured-engine.ts';

const updateCount: JobInput = {
  key: 'k',
  window: { kind: 'tumbling', size: 1000 },
  aggregate: { fn: 'count' },
  watermark: { delay: 0 },
  outputMode: 'update',
};

function engine(options: Record<string, unknown> = {}, runtime: StructuredRuntime = {}, job: JobInput = updateCount): StructuredEngine {
  const o = resolveOptions({ kind: 'microbatch', ...options });
  return new StructuredEngine(planJob(parseJob(job), o) as StructuredPlan, o, runtime);
}

/** Each sink call as `batchId:value,value`, e.g. `0:2` (rows of one key, so the values say it all). */
const calls = (sink: StreamingSink) => sink.contents().map((b: SinkBatch) => `${b.batchId}:${b.rows.map((r) => r.value).join(',')}`);
const values = (rows: readonly MainEmission[]) => rows.map((r) => r.value);

/**
 * Timeline (trigger every 1000 ms): t=0 two rows of `a` in [0,1000), batch 0 runs and crashes at `point`;
 * a third row arrives while the query is down; restart at t=1500; run on to t=5000.
 */
function crashBatch0(point: FaultPoint, sink: 'memory' | 'file' | 'foreachBatch' | 'noop') {
  const io = new MemoryFileIO();
  const e = engine({ sink, failAt: [{ batchId: 0, point }] }, { io });
  e.add([
    { k: 'a', ts: 100 },
    { k: 'a', ts: 200 },
  ]);
  e.advance(0);
  const down = e.isDown;
  const filesAtCrash = ['offsets', 'state', 'commits'].map((d) => `${d}: ${io.list(`checkpoint/${d}`).join(' ')}`);
  e.add([{ k: 'a', ts: 300 }]);
  e.advance(1500);
  const whileDown = e.drain();
  e.restart();
  e.advance(5000);
  const afterRestart = e.drain();
  return {
    down,
    filesAtCrash,
    whileDown,
    afterRestart,
    sink: calls(e.sink),
    batches: e.batches().map((b) => [b.batchId, b.start, b.end, b.finishedAt]),
  };
}

describe('a crash at each point of batch 0, restarted at t=1500 (B7)', () => {
  test('noop (Spark format("noop")) keeps nothing; the rows it was handed still reach drain, a re-run batch twice', () => {
    const r = crashBatch0('afterSink', 'noop');
    expect(r.sink).toEqual([]);
    const main = (xs: ReturnType<StructuredEngine['drain']>) => values(xs.filter((x): x is MainEmission => x.output === 'main'));
    expect(main(r.whileDown)).toEqual([2]);
    expect(main(r.afterRestart)).toEqual([2, 3]);
    expect(r.batches.map((b) => b[0])).toEqual([0, 1, 2]);
  });

  test('before offsets/0: nothing was written, so the restarted query plans batch 0 afresh over all three rows', () => {
    for (const sink of ['memory', 'file', 'foreachBatch'] as const) {
      const r = crashBatch0('beforeOffsets', sink);
      expect(r.down).toBe(true);
      expect(r.filesAtCrash).toEqual(['offsets: ', 'state: ', 'commits: ']);
      expect(r.sink).toEqual(['0:3', '1:']);
      expect(r.batches).toEqual([
        [0, 0, 3, 1500],
        [1, 3, 3, 2000],
      ]);
    }
  });

  test('after offsets/0, during execution: batch 0 re-runs with its two rows; the third goes to batch 1', () => {
    for (const sink of ['memory', 'file', 'foreachBatch'] as const) {
      const r = crashBatch0('afterOffsets', sink);
      // state/0 was written by the crashed run; the re-run starts from version -1 (empty) and overwrites it.
      expect(r.filesAtCrash).toEqual(['offsets: 0', 'state: 0', 'commits: ']);
      expect(r.sink).toEqual(['0:2', '1:3', '2:']);
      expect(r.batches).toEqual([
        [0, 0, 2, 1500],
        [1, 2, 3, 2000],
        [2, 3, 3, 3000],
      ]);
    }
  });

  test('after sink.addBatch(0), before commits/0: the idempotent file sink skips the re-run, memory and foreachBatch show batch 0 twice', () => {
    const file = crashBatch0('afterSink', 'file');
    expect(file.filesAtCrash).toEqual(['offsets: 0', 'state: 0', 'commits: ']);
    expect(file.sink).toEqual(['0:2', '1:3', '2:']);
    for (const sink of ['memory', 'foreachBatch'] as const) {
      const r = crashBatch0('afterSink', sink);
      expect(r.sink).toEqual(['0:2', '0:2', '1:3', '2:']);
      expect(values(r.whileDown.filter((x): x is MainEmission => x.output === 'main'))).toEqual([2]);
    }
  });

  test('after commits/0: nothing repeats; the restarted query resumes at batch 1 with the third row', () => {
    for (const sink of ['memory', 'file', 'foreachBatch'] as const) {
      const r = crashBatch0('afterCommit', sink);
      expect(r.filesAtCrash).toEqual(['offsets: 0', 'state: 0', 'commits: 0']);
      expect(r.sink).toEqual(['0:2', '1:3', '2:']);
      // No no-data batch right after the restart: a fresh run has no last execution to ask for one (populateStartOffsets).
      expect(r.batches).toEqual([
        [0, 0, 2, 0],
        [1, 2, 3, 1500],
        [2, 3, 3, 2000],
      ]);
    }
  });

  test('while the query is down the clock moves and rows arrive, but no batch runs', () => {
    const r = crashBatch0('afterOffsets', 'memory');
    expect(r.whileDown).toEqual([]);
  });

  test('a re-run batch keeps its batch id, offsets and watermark, and starts from state version N-1', () => {
    const e = engine({ failAt: [{ batchId: 2, point: 'afterSink' }] });
    e.add([{ k: 'a', ts: 100 }]);
    e.batch(); // batch 0; W_1 = 100 → no-data batch 1
    e.add([
      { k: 'a', ts: 150 },
      { k: 'a', ts: 2500 },
    ]);
    e.batch(); // batch 2 reaches the sink, then dies
    expect(e.isDown).toBe(true);
    e.restart();
    e.batch();
    const runs = e.batches().map((b) => [b.batchId, b.start, b.end, b.watermark]);
    expect(runs).toEqual([
      [0, 0, 1, 0],
      [1, 1, 1, 100],
      [2, 1, 3, 100],
      [3, 3, 3, 2500],
    ]);
    // Batch 2 counted [0,1000) from version 1 (count 1) both times: 2 then 2, never 3.
    expect(calls(e.sink)).toEqual(['0:1', '1:', '2:2,1', '2:2,1', '3:']);
  });

  test('the default options inject no fault and the memory sink sees each batch once', () => {
    const e = engine();
    e.add([{ k: 'a', ts: 1 }]);
    e.batch();
    e.restart();
    e.batch();
    expect(calls(e.sink)).toEqual(['0:1', '1:']);
  });
});

describe('the checkpoint directory on disk (B7)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'streamlab-spark-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const appendCount: JobInput = { ...updateCount, outputMode: 'append' };
  const onDisk = (source: SourceLog, failAt: unknown[] = []) =>
    engine(
      { sink: 'file', failAt },
      { io: nodeFileIO, checkpointDir: join(dir, 'checkpoint'), outputDir: join(dir, 'output'), source, queryId: 'q-1' },
      appendCount,
    );
  /** What a reader of the file sink's directory sees (through `_spark_metadata`). */
  const sinkRows = () => fileSink(nodeFileIO, join(dir, 'output')).contents();
  const rows = (bs: readonly SinkBatch[]) => bs.flatMap((b) => b.rows.map((r) => `${String(r.key)}@${r.window?.start}=${String(r.value)}`));

  test('offsets/, commits/, state/ and metadata hold Spark’s entries; every file is written to a temporary name and renamed', () => {
    const written: string[] = [];
    const io: FileIO = {
      ...nodeFileIO,
      writeFile: (p, t) => {
        written.push(p);
        nodeFileIO.writeFile(p, t);
      },
    };
    const e = engine({}, { io, checkpointDir: join(dir, 'checkpoint'), queryId: 'q-1' }, appendCount);
    e.add([
      { k: 'a', ts: 100 },
      { k: 'b', ts: 1200 },
    ]);
    e.batch();
    const c = join(dir, 'checkpoint');
    expect(readdirSync(c).sort()).toEqual(['commits', 'metadata', 'offsets', 'state']);
    expect(readdirSync(join(c, 'offsets')).sort()).toEqual(['0', '1']);
    expect(readdirSync(join(c, 'commits')).sort()).toEqual(['0', '1']);
    expect(JSON.parse(readFileSync(join(c, 'metadata'), 'utf8'))).toEqual({ id: 'q-1' });
    const [v, meta, offsets] = readFileSync(join(c, 'offsets', '1'), 'utf8').split('\n');
    expect(v).toBe('v1');
    expect(JSON.parse(meta!)).toEqual({ batchWatermarkMs: 1200, batchTimestampMs: 0 });
    expect(JSON.parse(offsets!)).toEqual({ log: { start: 2, end: 2 } });
    expect(JSON.parse(readFileSync(join(c, 'commits', '0'), 'utf8').split('\n')[1]!)).toEqual({ nextBatchWatermarkMs: 1200 });
    // state/1: batch 1 (no-data, W = 1200) evicted [0,1000) and kept b's window.
    expect(JSON.parse(readFileSync(join(c, 'state', '1'), 'utf8').split('\n')[1]!)).toEqual({
      keys: ['b'],
      windows: [[1000, 2000, int32ToBase64(Int32Array.of(0)), float64ToBase64(Float64Array.of(1))]],
    });
    expect(written.length).toBeGreaterThan(0);
    expect(written.every((p) => p.endsWith('.tmp'))).toBe(true);
  });

  test('a new engine on the same directory and source re-runs the uncommitted batch; the file sink holds each result once', () => {
    const source = new SourceLog();
    const first = onDisk(source, [{ batchId: 2, point: 'afterSink' }]);
    first.add([
      { k: 'a', ts: 100 },
      { k: 'a', ts: 200 },
    ]);
    first.batch(); // batch 0, then no-data batch 1 (W = 200: nothing closes)
    first.add([
      { k: 'b', ts: 1500 },
      { k: 'a', ts: 2100 },
    ]);
    first.batch(); // batch 2: W_2 = 200, nothing to emit; it dies after the sink
    expect(first.isDown).toBe(true);
    first.add([{ k: 'c', ts: 5000 }]);
    // The process is gone: a new one starts from the directory, with the same replayable source.
    const second = onDisk(source);
    expect(second.queryId).toBe('q-1');
    second.batch();
    expect(second.batches().map((b) => [b.batchId, b.start, b.end, b.watermark])).toEqual([
      [2, 2, 4, 200],
      [3, 4, 5, 2100],
      [4, 5, 5, 5000],
    ]);
    expect(rows(sinkRows())).toEqual(['a@0=2', 'b@1000=1', 'a@2000=1']);
  });

  test('a torn commits/N is treated as absent: batch N re-runs from state N-1 and the file sink skips it', () => {
    const source = new SourceLog();
    const first = onDisk(source);
    first.add([
      { k: 'a', ts: 100 },
      { k: 'a', ts: 1100 },
    ]);
    first.batch(); // batch 0 (data), batch 1 (no-data, emits a@0 = 1)
    const commit1 = join(dir, 'checkpoint', 'commits', '1');
    const text = readFileSync(commit1, 'utf8');
    writeFileSync(commit1, text.slice(0, text.length - 5));
    const second = onDisk(source);
    second.batch();
    expect(second.batches().map((b) => b.batchId)).toEqual([1]);
    expect(rows(sinkRows())).toEqual(['a@0=1']);
    expect(readFileSync(commit1, 'utf8')).toBe(text);
  });

  test('a torn offsets/N (its batch never reached the sink) is treated as absent: batch N is planned again over what is available', () => {
    const source = new SourceLog();
    const first = onDisk(source, [{ batchId: 1, point: 'afterOffsets' }]);
    first.add([{ k: 'a', ts: 100 }]);
    first.batch(); // batch 0; batch 1 (no-data) writes offsets/1 and state/1, then dies
    const offsets1 = join(dir, 'checkpoint', 'offsets', '1');
    writeFileSync(offsets1, readFileSync(offsets1, 'utf8').slice(0, 12));
    source.append([{ k: 'a', ts: 3000 }]);
    const second = onDisk(source);
    second.batch();
    expect(second.batches().map((b) => [b.batchId, b.start, b.end])).toEqual([
      [1, 1, 2],
      [2, 2, 2],
    ]);
    expect(rows(sinkRows())).toEqual(['a@0=1']);
  });

  test('a flipped byte fails the checksum like a torn write; leftover .tmp files are ignored', () => {
    const source = new SourceLog();
    const first = onDisk(source);
    first.add([{ k: 'a', ts: 100 }]);
    first.batch(); // batches 0 and 1 committed
    const commit1 = join(dir, 'checkpoint', 'commits', '1');
    writeFileSync(commit1, readFileSync(commit1, 'utf8').replace('100', '900'));
    writeFileSync(join(dir, 'checkpoint', 'offsets', '2.tmp'), 'v1\n{"batchWat');
    const second = onDisk(source);
    second.batch();
    expect(second.batches().map((b) => [b.batchId, b.watermark])).toEqual([[1, 100]]);
    expect(second.currentWatermark()).toBe(100);
  });

  test('commits/N complete with offsets/N unreadable is refused: batch N reached the sink and its offsets are lost', () => {
    const source = new SourceLog();
    const first = onDisk(source);
    first.add([{ k: 'a', ts: 100 }]);
    first.batch();
    writeFileSync(join(dir, 'checkpoint', 'offsets', '1'), 'v1\n{');
    expect(() => onDisk(source)).toThrow(/commits\/1 is complete but offsets\/1 is missing or corrupt/);
  });

  test('a corrupt state version that recovery needs is an error, not an empty state', () => {
    const source = new SourceLog();
    const first = onDisk(source, [{ batchId: 1, point: 'afterSink' }]);
    first.add([{ k: 'a', ts: 100 }]);
    first.batch();
    writeFileSync(join(dir, 'checkpoint', 'state', '0'), 'v1\n[');
    expect(() => onDisk(source)).toThrow(/state\/0 is corrupt/);
  });
});

describe('state/N round-trips every stateful operator through the checkpoint directory', () => {
  const jobs: Array<[string, JobInput]> = [
    [
      'sliding sum',
      { key: 'k', window: { kind: 'sliding', size: 2000, slide: 1000 }, aggregate: { fn: 'sum', field: 'v' }, watermark: { delay: 500 } },
    ],
    [
      'tumbling avg',
      { key: 'k', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'avg', field: 'v' }, watermark: { delay: 500 } },
    ],
    ['tumbling min, update mode', { ...updateCount, aggregate: { fn: 'min', field: 'v' } }],
    [
      'tumbling collect',
      { key: 'k', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'collect', field: 'v' }, watermark: { delay: 0 } },
    ],
    ['un-keyed tumbling max', { window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'max', field: 'v' }, watermark: { delay: 0 } }],
    ['session count', { key: 'k', window: { kind: 'session', gap: 400 }, aggregate: { fn: 'count' }, watermark: { delay: 0 } }],
    ['complete mode count', { ...updateCount, outputMode: 'complete' }],
  ];
  const chunks = [
    [
      { k: 'a', ts: 100, v: 3 },
      { k: 'b', ts: 300, v: -1 },
    ],
    [
      { k: 'a', ts: 700, v: 5 },
      { k: 'b', ts: 1200, v: 2 },
    ],
    [
      { k: 'a', ts: 1900, v: 1 },
      { k: 'c', ts: 2600, v: 8 },
    ],
    [{ k: 'a', ts: 9000, v: 0 }],
  ];
  const runAll = (job: JobInput, restartEachChunk: boolean) => {
    const e = engine({}, {}, job);
    const out: string[] = [];
    for (const c of chunks) {
      e.add(c);
      e.batch();
      if (restartEachChunk) e.restart(); // a new process: state, key ids and watermark tracker come back from the directory
      for (const x of e.drain()) if (x.output === 'main') out.push(JSON.stringify([x.key ?? null, x.window, x.value]));
    }
    return out.sort();
  };
  test.each(jobs)('%s: a restart after every batch changes nothing', (_, job) => {
    const clean = runAll(job, false);
    expect(clean.length).toBeGreaterThan(0);
    expect(runAll(job, true)).toEqual(clean);
  });
});
