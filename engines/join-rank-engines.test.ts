// Which engine runs a top-N over a join's pairs (Nexmark q9), declared as data and checked on every engine:
// where a model lacks the join or the top-N, a RefusedError naming the job's field, never a crash or a silent run.
import type { Rec } from './core/aggregates.ts';
import { parseJoinJob } from './core/join-job.ts';
import { engineModule } from './registry.ts';
import { dstream, type Entry, expectRefused, flink, spark, storm } from './test-support/refusal.ts';

const topN = { n: 1, partitionBy: ['left.k'], orderBy: [{ field: 'right.price', desc: true }, { field: 'right.ts' }] };
const base = { left: 'l', right: 'r', leftKey: 'k', rightKey: 'k' };
const jobs: Record<string, unknown> = {
  regular: { join: { kind: 'regular', ...base }, streams: { l: {}, r: {} }, watermark: { delay: 10 }, topN },
  interval: { join: { kind: 'interval', ...base, lower: 0, upper: 10 }, streams: { l: {}, r: {} }, watermark: { delay: 10 }, topN },
  window: {
    join: { kind: 'window', ...base },
    window: { kind: 'tumbling', size: 10 },
    streams: { l: {}, r: {} },
    watermark: { delay: 10 },
    topN,
  },
  otherPartition: {
    join: { kind: 'regular', ...base },
    streams: { l: {}, r: {} },
    watermark: { delay: 10 },
    topN: { ...topN, partitionBy: ['right.price'], orderBy: 'right.ts' },
  },
};

/** null: runs; otherwise the refused path and a word of its reason. */
const table: Array<[string, Entry, [string, RegExp] | null]> = [
  ['regular', flink, null],
  ['interval', flink, null],
  ['window', flink, ['job.topN', /window join/]],
  ['otherPartition', flink, ['job.topN.partitionBy', /must be the join key/]],
  ['regular', spark, ['job.topN', /S-UOC/]],
  ['interval', spark, ['job.topN', /S-UOC/]],
  ['window', spark, ['job.topN', /S-UOC/]],
  ['regular', dstream, ['job.join.kind', /E5/]],
  ['window', dstream, ['job.topN', /B8/]],
  ['regular', storm, ['job.join.kind', /E6/]],
  ['window', storm, ['job.topN', /C1/]],
];

describe('a top-N over a join, by engine', () => {
  test.each(table)('%s on %j', (name, entry, refused) => {
    const job = parseJoinJob(jobs[name]);
    const mod = engineModule(entry.kind)!;
    const options = mod.options.parse({ ...entry, ...(entry.flavor === 'dstream' ? { interval: 10 } : {}) }) as Record<string, unknown>;
    if (refused === null) {
      const engine = mod.create(job, options);
      engine.add([{ stream: 'l', k: 'a', ts: 1 } as Rec, { stream: 'r', k: 'a', price: 5, ts: 2 } as Rec]);
      engine.end();
      const rows = engine.drain().filter((e) => e.output === 'main');
      expect(rows.map((e) => (e.value as { op: string; rank: number }).op)).toEqual(['+I']);
      return;
    }
    expectRefused(() => mod.create(job, options), refused[0], refused[1]);
  });
});
