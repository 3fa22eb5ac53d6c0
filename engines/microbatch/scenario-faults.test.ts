// The scenario runner's fault hooks on Structured Streaming, on the virtual clock: `injectFault` crashes the
// next batch that executes at a B7 point and recovers at once, slows batches through the batch cost model,
// and `recoveryLog` lists one checkpoint per committed batch and every restart with what it re-ran.
import { type JobInput, parseJob } from '../core/job.ts';
import { MemoryFileIO } from '../core/memory-file-io.ts';
import { resolveOptions } from './options.ts';
import { planJob, type StructuredPlan } from './plan.ts';
import type { SinkBatch } from './streaming-sinks.ts';
import { StructuredEngine, type StructuredRuntime } from './structured-engine.ts';

const updateCount: JobInput = {
  key: 'k',
  window: { kind: 'tumbling', size: 1000 },
  aggregate: { fn: 'count' },
  watermark: { delay: 0 },
  outputMode: 'update',
};

function engine(options: Record<string, unknown> = {}, runtime: StructuredRuntime = {}): StructuredEngine {
  const o = resolveOptions({ kind: 'microbatch', ...options });
  return new StructuredEngine(planJob(parseJob(updateCount), o) as StructuredPlan, o, runtime);
}

/** Each sink call as `batchId:value,value`. */
const calls = (e: StructuredEngine) => e.sink.contents().map((b: SinkBatch) => `${b.batchId}:${b.rows.map((r) => r.value).join(',')}`);
const batches = (e: StructuredEngine) => e.batches().map((b) => [b.batchId, b.start, b.end, b.finishedAt]);
const fileSize = (io: MemoryFileIO, path: string) => io.readFile(`checkpoint/${path}`)!.length;

/**
 * Trigger every 1000 ms. t=0: two rows of `a`, batch 0 runs at once. t=500: the fault. t=600: a third row,
 * which batch 1 takes at t=1000. t=1500: a row of `b` for batch 2 at t=2000.
 */
function timeline(fault: 'crash-before-commit' | 'crash-during-checkpoint', sink: 'memory' | 'file') {
  const io = new MemoryFileIO();
  const e = engine({ sink }, { io });
  e.add([
    { k: 'a', ts: 100 },
    { k: 'a', ts: 200 },
  ]);
  e.advance(0);
  e.advance(500);
  e.injectFault({ kind: fault });
  const restartsAtInjection = e.recoveryLog().restarts.length;
  e.add([{ k: 'a', ts: 600 }]);
  e.advance(1000);
  const filesAfterBatch1 = ['offsets', 'state', 'commits'].map((d) => `${d}: ${io.list(`checkpoint/${d}`).join(' ')}`);
  e.add([{ k: 'b', ts: 1500 }]);
  e.advance(2500);
  return { e, io, restartsAtInjection, filesAfterBatch1 };
}

describe('injectFault: crash-before-commit (afterSink of the next batch that executes)', () => {
  test('batch 1 dies after sink.addBatch(1) and before commits/1, restarts at once and re-runs: a memory sink shows it twice', () => {
    const { e, restartsAtInjection, filesAfterBatch1 } = timeline('crash-before-commit', 'memory');
    expect(restartsAtInjection).toBe(0);
    expect(e.isDown).toBe(false);
    expect(calls(e)).toEqual(['0:2', '1:3', '1:3', '2:1']);
    expect(batches(e)).toEqual([
      [0, 0, 2, 0],
      [1, 2, 3, 1000],
      [2, 3, 4, 2000],
    ]);
    expect(filesAfterBatch1).toEqual(['offsets: 0 1', 'state: 0 1', 'commits: 0 1']);
    // The re-run batch holds the one row that arrived after commits/0.
    expect(e.recoveryLog().restarts).toEqual([{ at: 1000, fromCheckpoint: 0, replayed: 1 }]);
  });

  test('the idempotent file sink skips the re-run of batch 1', () => {
    const { e } = timeline('crash-before-commit', 'file');
    expect(calls(e)).toEqual(['0:2', '1:3', '2:1']);
    expect(e.recoveryLog().restarts).toEqual([{ at: 1000, fromCheckpoint: 0, replayed: 1 }]);
  });

  test('the fault waits for a batch to execute: with nothing to run it stays armed, and hits the next batch with its id', () => {
    const e = engine();
    e.advance(0);
    e.injectFault({ kind: 'crash-before-commit' });
    e.advance(3500);
    expect(e.recoveryLog().restarts).toEqual([]);
    e.add([{ k: 'a', ts: 3600 }]);
    e.advance(4000);
    expect(calls(e)).toEqual(['0:1', '0:1']);
    expect(e.recoveryLog().restarts).toEqual([{ at: 4000, fromCheckpoint: null, replayed: 1 }]);
  });
});

describe('injectFault in a manual batch step', () => {
  test('the crash and the re-run happen inside the same batch(): the step waits for the recovered query', () => {
    const e = engine();
    e.add([{ k: 'a', ts: 100 }]);
    e.injectFault({ kind: 'crash-before-commit' });
    e.batch();
    // Batch 0 reached the sink, died, re-ran; then the no-data batch 1 (the watermark moved to 100).
    expect(calls(e)).toEqual(['0:1', '0:1', '1:']);
    expect(e.recoveryLog().restarts).toEqual([{ at: 0, fromCheckpoint: null, replayed: 1 }]);
    expect(e.recoveryLog().checkpoints.map((c) => c.id)).toEqual([0, 1]);
  });
});

describe('injectFault: crash-during-checkpoint (afterOffsets: offsets/N and state/N written, sink not reached)', () => {
  test('batch 1 re-runs from state 0 and the sink sees it once, whatever the sink', () => {
    for (const sink of ['memory', 'file'] as const) {
      const { e } = timeline('crash-during-checkpoint', sink);
      expect(calls(e)).toEqual(['0:2', '1:3', '2:1']);
      expect(e.recoveryLog().restarts).toEqual([{ at: 1000, fromCheckpoint: 0, replayed: 1 }]);
      expect(e.recoveryLog().checkpoints.map((c) => c.id)).toEqual([0, 1, 2]);
    }
  });
});

describe('injectFault: slow-task (batchCost plus cost per row while it lasts)', () => {
  test('an overrunning batch delays the next trigger, which then runs at once (B1); batches are fast again after `duration`', () => {
    const e = engine({ batchCost: { fixed: 10 } });
    e.advance(0);
    e.advance(500);
    e.injectFault({ kind: 'slow-task', cost: 2, duration: 2000 });
    e.add(Array.from({ length: 600 }, (_, i) => ({ k: 'a', ts: 500 + i / 2 })));
    e.advance(1500);
    e.add([{ k: 'b', ts: 1500 }]);
    e.advance(3000);
    e.add([{ k: 'b', ts: 3000 }]);
    e.advance(5000);
    const log = e.recoveryLog();
    expect(log.restarts).toEqual([]);
    // Batch 0: 600 rows × 2 ms + 10 ms from t=1000 ends at 2210, past the 2000 tick, so batch 1 starts at once;
    // it starts before 2500, so it is slow too (1 row × 2 ms + 10). From 2500 on batches cost their 10 ms again:
    // the no-data batch 2 at 3000 (the watermark moved), batch 3 at 4000.
    expect(log.checkpoints.map((c) => [c.id, c.triggeredAt, c.completedAt])).toEqual([
      [0, 1000, 2210],
      [1, 2210, 2222],
      [2, 3000, 3010],
      [3, 4000, 4010],
    ]);
    expect(e.batches().map((b) => [b.batchId, b.start, b.end])).toEqual([
      [0, 0, 600],
      [1, 600, 601],
      [2, 601, 601],
      [3, 601, 602],
    ]);
  });
});

describe('recoveryLog', () => {
  test('one checkpoint per committed batch: triggered at its start, completed at commits/N, sized by offsets/N + state/N + commits/N', () => {
    const io = new MemoryFileIO();
    const e = engine({ batchCost: { fixed: 100 } }, { io });
    const seen: Array<{ id: number; bytes: number }> = [];
    for (const [t, ts] of [
      [0, 100],
      [1000, 1100],
      [2000, 2100],
    ] as const) {
      e.add([{ k: 'a', ts }]);
      e.advance(t + 150);
      for (const c of e.recoveryLog().checkpoints.slice(seen.length)) {
        seen.push(c);
        expect(c.bytes).toBe(fileSize(io, `offsets/${c.id}`) + fileSize(io, `state/${c.id}`) + fileSize(io, `commits/${c.id}`));
      }
    }
    expect(e.recoveryLog().checkpoints.map((c) => [c.id, c.triggeredAt, c.completedAt])).toEqual([
      [0, 0, 100],
      [1, 1000, 1100],
      [2, 2000, 2100],
    ]);
  });

  test('a restart (a plain crash) logs the checkpoint it resumes from and the rows of the batch it re-runs', () => {
    const e = engine({ batchCost: { fixed: 100 } });
    e.add([{ k: 'a', ts: 100 }]);
    e.advance(500); // batch 0 committed at 100
    e.add([
      { k: 'a', ts: 1100 },
      { k: 'b', ts: 1200 },
    ]);
    e.advance(1050); // batch 1 started at 1000 and is in flight
    e.restart();
    e.advance(1500);
    expect(e.recoveryLog().restarts).toEqual([{ at: 1050, fromCheckpoint: 0, replayed: 2 }]);
    expect(e.recoveryLog().checkpoints.map((c) => [c.id, c.triggeredAt, c.completedAt])).toEqual([
      [0, 0, 100],
      [1, 1050, 1150],
    ]);
    // A restart with nothing uncommitted re-runs nothing.
    e.restart();
    expect(e.recoveryLog().restarts[1]).toEqual({ at: 1500, fromCheckpoint: 1, replayed: 0 });
  });

  test('the log is a copy: callers cannot change it', () => {
    const e = engine();
    e.add([{ k: 'a', ts: 100 }]);
    e.advance(0);
    e.recoveryLog().checkpoints.pop();
    expect(e.recoveryLog().checkpoints).toHaveLength(1);
  });
});
