// Checkpoint barriers (A9), the two-phase-commit sink (A10), savepoints and durable checkpoint files,
// on the virtual clock. Channel skew gives barriers in-flight data to act on.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileIO } from '../../cli/node-file-io.ts';
import type { Rec } from '../core/aggregates.ts';
import { FileCheckpointStorage } from '../core/checkpoint-storage.ts';
import type { Emission } from '../core/emission.ts';
import { RefusedError } from '../core/errors.ts';
import { parseJob } from '../core/job.ts';
import { type CheckpointMode, EventEngine, type EventEngineOptions } from './event-engine.ts';
import { compileJob } from './pipeline.ts';

const mains = (es: Emission[]) => es.flatMap((e) => (e.output === 'main' ? [{ key: e.key, window: e.window, value: e.value }] : []));

/** windowAll count over 2 source channels; channel 1 is 10 ms slower than channel 0. */
function skewedCount(mode: CheckpointMode): EventEngine {
  const job = parseJob({ window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' }, watermark: 'explicit' });
  return new EventEngine(compileJob(job), { parallelism: 2, network: { delay: 0, skew: 10 }, checkpointMode: mode });
}

function crashAfterBarrier(mode: CheckpointMode): unknown[] {
  const e = skewedCount(mode);
  e.add([{ ts: 1 }, { ts: 2 }]); // offset 0 → channel 0 (at once), offset 1 → channel 1 (arrives at t=10)
  e.startCheckpoint(); // barrier 1: on channel 0 at once, on channel 1 at t=10 behind record 1
  e.advance(5);
  e.add([{ ts: 3 }, { ts: 4 }]); // after the barrier: record 2 on channel 0 at t=5, record 3 on channel 1 at t=15
  e.advance(12); // barrier on channel 1 has arrived: the checkpoint completed at t=10
  e.restart(); // replays records 2 and 3 (the source offset of checkpoint 1 is 2)
  e.end();
  return mains(e.drain());
}

describe('barrier alignment on a skewed two-channel input (A9)', () => {
  test('aligned exactly-once blocks the fast channel: after a crash every record counts once', () => {
    expect(crashAfterBarrier('exactly-once')).toEqual([{ key: undefined, window: { start: 0, end: 1000 }, value: 4 }]);
  });

  test('unaligned: the barrier overtakes, in-flight records are stored as channel state and count once', () => {
    expect(crashAfterBarrier('unaligned')).toEqual([{ key: undefined, window: { start: 0, end: 1000 }, value: 4 }]);
  });

  test('at-least-once does not block: a record after the barrier is in the snapshot and counts twice', () => {
    expect(crashAfterBarrier('at-least-once')).toEqual([{ key: undefined, window: { start: 0, end: 1000 }, value: 5 }]);
  });

  test('without a crash all three modes give the same result', () => {
    for (const mode of ['exactly-once', 'unaligned', 'at-least-once'] as const) {
      const e = skewedCount(mode);
      e.add([{ ts: 1 }, { ts: 2 }]);
      e.startCheckpoint();
      e.advance(5);
      e.add([{ ts: 3 }, { ts: 4 }]);
      e.end();
      expect(mains(e.drain())).toEqual([{ key: undefined, window: { start: 0, end: 1000 }, value: 4 }]);
    }
  });
});

describe('two-phase-commit sink (A10)', () => {
  const job = parseJob({ key: 'k', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' }, watermark: 'explicit' });
  const make = (o: EventEngineOptions = {}) => new EventEngine(compileJob(job), { sink: 'transactional', ...o });

  test('output is invisible until the checkpoint that pre-committed it completes', () => {
    const e = make();
    e.add([{ k: 'a', ts: 10 }]);
    e.watermark(999);
    expect(mains(e.drain())).toEqual([]); // fired into the open transaction
    e.checkpoint();
    expect(mains(e.drain())).toEqual([{ key: 'a', window: { start: 0, end: 1000 }, value: 1 }]);
  });

  test('a crash aborts the open transaction; the replay produces the result again, committed once', () => {
    const e = make();
    e.add([{ k: 'a', ts: 10 }]);
    e.checkpoint();
    e.add([{ k: 'a', ts: 20 }]);
    e.watermark(999); // window fires into the open transaction…
    e.restart(); // …which the crash aborts
    expect(mains(e.drain())).toEqual([]);
    e.watermark(999);
    e.end();
    expect(mains(e.drain())).toEqual([{ key: 'a', window: { start: 0, end: 1000 }, value: 2 }]);
  });

  test('the plain sink repeats output after a replay; the idempotent sink does not', () => {
    for (const [sink, expected] of [
      ['plain', 2],
      ['idempotent', 1],
    ] as const) {
      const e = make({ sink });
      e.add([{ k: 'a', ts: 10 }]);
      e.checkpoint();
      e.watermark(999); // emits (visible at once)
      e.restart(); // state from before the firing: the window fires again on the next watermark
      e.watermark(999);
      expect(mains(e.drain())).toHaveLength(expected);
    }
  });
});

describe('savepoints and rescaling (A8, A9)', () => {
  const job = parseJob({
    key: 'k',
    window: { kind: 'tumbling', size: 100 },
    aggregate: { fn: 'sum', field: 'v' },
    watermark: { delay: 50 },
  });
  const records: Rec[] = Array.from({ length: 600 }, (_, i) => ({ k: `key${i % 17}`, v: i % 7, ts: i * 3 }));

  const finals = (es: Emission[]) =>
    new Map(es.flatMap((e) => (e.output === 'main' ? [[`${String(e.key)}@${e.window?.start}`, e.value]] : [])));

  test('parallelism 2 → 3 → 1 through savepoints gives the results of an uninterrupted run', () => {
    const plain = new EventEngine(compileJob(job), { parallelism: 2 });
    plain.add(records);
    plain.end();
    const expected = finals(plain.drain());

    const out: Emission[] = [];
    const a = new EventEngine(compileJob(job), { parallelism: 2 });
    a.add(records.slice(0, 200));
    const sp1 = a.savepoint();
    out.push(...a.drain());
    const b = new EventEngine(compileJob(job), { parallelism: 3 });
    b.restoreSavepoint(sp1);
    b.add(records.slice(200, 400));
    const sp2 = b.savepoint();
    out.push(...b.drain());
    const c = new EventEngine(compileJob(job), { parallelism: 1 });
    c.restoreSavepoint(sp2);
    c.add(records.slice(400));
    c.end();
    out.push(...c.drain());
    expect(finals(out)).toEqual(expected);
  });

  test('maxParallelism defaults to Flink’s min(max(roundUpPow2(p + p/2), 128), 32768) (A8)', () => {
    const mp = (parallelism: number) => new EventEngine(compileJob(job), { parallelism }).maxParallelism;
    expect([1, 2, 85, 86, 100, 200].map(mp)).toEqual([128, 128, 128, 256, 256, 512]);
  });

  test('without an explicit maxParallelism, a restored savepoint’s is taken (as Flink does), and the results hold', () => {
    const plain = new EventEngine(compileJob(job), { parallelism: 2 });
    plain.add(records);
    plain.end();
    const expected = finals(plain.drain());
    const a = new EventEngine(compileJob(job), { parallelism: 2 });
    a.add(records.slice(0, 300));
    const sp = a.savepoint();
    const out = a.drain();
    const b = new EventEngine(compileJob(job), { parallelism: 100 });
    expect(b.maxParallelism).toBe(256);
    b.restoreSavepoint(sp);
    expect(b.maxParallelism).toBe(128);
    b.add(records.slice(300));
    b.end();
    expect(finals([...out, ...b.drain()])).toEqual(expected);
    // Set explicitly, a different one is refused.
    const c = new EventEngine(compileJob(job), { parallelism: 100, maxParallelism: 256 });
    expect(() => c.restoreSavepoint(sp)).toThrow(/maxParallelism 128 into 256/);
  });

  test('restoring with a different maxParallelism is refused', () => {
    const a = new EventEngine(compileJob(job), { parallelism: 2, maxParallelism: 128 });
    a.add(records.slice(0, 10));
    const sp = a.savepoint();
    const b = new EventEngine(compileJob(job), { parallelism: 2, maxParallelism: 256 });
    expect(() => b.restoreSavepoint(sp)).toThrow(RefusedError);
  });

  describe('into a changed job', () => {
    const counting = (size: number, fn: 'count' | 'sum' | 'avg' = 'count') =>
      parseJob({
        key: 'k',
        window: { kind: 'tumbling', size },
        aggregate: fn === 'count' ? { fn } : { fn, field: 'v' },
        watermark: 'explicit',
      });
    const rs: Rec[] = Array.from({ length: 50 }, (_, i) => ({ k: `k${i % 3}`, ts: i * 100, v: i }));
    const countsOf = (recs: Rec[], size: number) => {
      const m = new Map<string, number>();
      for (const r of recs) {
        const start = Math.floor((r.ts as number) / size) * size;
        const id = `${String(r.k)}@${start},${start + size}`;
        m.set(id, (m.get(id) ?? 0) + 1);
      }
      return m;
    };
    const saved = () => {
      const a = new EventEngine(compileJob(counting(1000)), { parallelism: 2 });
      a.add(rs.slice(0, 25));
      const sp = a.savepoint();
      expect(a.drain().filter((e) => e.output === 'main')).toEqual([]);
      return sp;
    };

    test('another window size: the restored windows fire with their own bounds beside the new job’s (Flink’s namespace is the whole window, A9)', () => {
      const b = new EventEngine(compileJob(counting(2000)), { parallelism: 3 });
      b.restoreSavepoint(saved());
      b.add(rs.slice(25));
      b.end();
      const got = new Map(
        b.drain().flatMap((e) => (e.output === 'main' ? [[`${String(e.key)}@${e.window!.start},${e.window!.end}`, e.value]] : [])),
      );
      expect(got).toEqual(new Map([...countsOf(rs.slice(0, 25), 1000), ...countsOf(rs.slice(25), 2000)]));
    });

    test('another aggregate: the accumulator type differs and the restore fails, as Flink’s serializer check does (A12)', () => {
      for (const fn of ['sum', 'avg'] as const) {
        const b = new EventEngine(compileJob(counting(1000, fn)), { parallelism: 2 });
        expect(() => b.restoreSavepoint(saved())).toThrow(RefusedError);
        expect(() => b.restoreSavepoint(saved())).toThrow(/written as Long .* StateMigrationException/);
      }
    });
  });
});

describe('durable checkpoints on disk', () => {
  test('a truncated or corrupted latest checkpoint is skipped for the previous complete one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamlab-cp-'));
    try {
      const job = parseJob({ key: 'k', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' }, watermark: 'explicit' });
      const e = new EventEngine(compileJob(job), { checkpointStorage: new FileCheckpointStorage(nodeFileIO, dir) });
      e.add([{ k: 'a', ts: 1 }]);
      e.checkpoint();
      e.add([{ k: 'a', ts: 2 }]);
      e.checkpoint();
      e.add([{ k: 'a', ts: 3 }]);
      const files = readdirSync(dir).sort();
      expect(files).toEqual(['_manifest.json', 'chk-1.json', 'chk-2.json']);
      writeFileSync(join(dir, 'chk-2.json'), '{"id":2,"checksum":"00000000","body":"{\\"offset\\":'); // truncated
      e.restart(); // from checkpoint 1 (offset 1): records 2 and 3 are replayed
      e.watermark(999);
      expect(mains(e.drain())).toEqual([{ key: 'a', window: { start: 0, end: 1000 }, value: 3 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('injected faults', () => {
  const job = parseJob({ key: 'k', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' }, watermark: 'explicit' });

  test('crash-before-commit: the checkpoint completed but was never committed; recovery commits it once', () => {
    const e = new EventEngine(compileJob(job), { sink: 'transactional' });
    e.add([{ k: 'a', ts: 1 }]);
    e.watermark(999); // fires into the open transaction
    e.injectFault({ kind: 'crash-before-commit' }); // pre-commit, complete, notification lost, crash
    // recoverAndCommit on restore makes the pre-committed output visible — exactly once.
    expect(mains(e.drain())).toEqual([{ key: 'a', window: { start: 0, end: 1000 }, value: 1 }]);
    e.end();
    expect(mains(e.drain())).toEqual([]);
    expect(e.recoveryLog().restarts).toEqual([{ at: 0, fromCheckpoint: 1, replayed: 0 }]);
  });

  test('crash-during-checkpoint: the barrier is lost in flight and recovery uses the previous checkpoint', () => {
    const e = new EventEngine(compileJob(job), { network: { delay: 10 } });
    e.add([{ k: 'a', ts: 1 }]);
    e.checkpoint(); // checkpoint 1 completes at t=10
    e.add([{ k: 'a', ts: 2 }]);
    e.injectFault({ kind: 'crash-during-checkpoint' }); // checkpoint 2 never completes
    const log = e.recoveryLog();
    expect(log.checkpoints.map((c) => c.id)).toEqual([1]);
    expect(log.checkpoints[0]!.completedAt - log.checkpoints[0]!.triggeredAt).toBe(10);
    expect(log.restarts).toEqual([{ at: 10, fromCheckpoint: 1, replayed: 1 }]);
    e.end();
    expect(mains(e.drain())).toEqual([{ key: 'a', window: { start: 0, end: 1000 }, value: 2 }]);
  });

  test('slow-task: records queue behind a task that takes 5 ms each, in order, and results are unchanged', () => {
    const e = new EventEngine(compileJob(job));
    e.injectFault({ kind: 'slow-task', cost: 5, duration: 1000 });
    e.add([
      { k: 'a', ts: 1 },
      { k: 'a', ts: 2 },
      { k: 'a', ts: 3 },
    ]);
    e.watermark(999); // queued behind the three records: arrives at t=15
    expect(mains(e.drain())).toEqual([]);
    e.advance(14);
    expect(mains(e.drain())).toEqual([]);
    e.advance(15);
    expect(mains(e.drain())).toEqual([{ key: 'a', window: { start: 0, end: 1000 }, value: 3 }]);
  });

  test('recordCost: every subtask takes its records one at a time; a burst backs up only the subtask it lands on', () => {
    const e = new EventEngine(compileJob(job), { parallelism: 2, recordCost: 2 });
    // Keys 'a' and 'b' go to different subtasks at parallelism 2 (checked below through the emit times).
    e.add([
      { k: 'a', ts: 1 },
      { k: 'a', ts: 2 },
      { k: 'a', ts: 3 },
      { k: 'b', ts: 4 },
    ]);
    e.watermark(999); // behind a's three records (t=6) and b's one (t=2)
    e.advance(5);
    const early = mains(e.drain());
    e.advance(6);
    const late = mains(e.drain());
    expect({ early, late }).toEqual({
      early: [{ key: 'b', window: { start: 0, end: 1000 }, value: 1 }],
      late: [{ key: 'a', window: { start: 0, end: 1000 }, value: 3 }],
    });
  });

  test('recordCost 0 is the default: records are processed at once', () => {
    const e = new EventEngine(compileJob(job), { recordCost: 0 });
    e.add([{ k: 'a', ts: 1 }]);
    e.watermark(999);
    expect(mains(e.drain())).toEqual([{ key: 'a', window: { start: 0, end: 1000 }, value: 1 }]);
    expect(() => new EventEngine(compileJob(job), { recordCost: Number.NaN })).toThrow(/recordCost/);
  });
});
