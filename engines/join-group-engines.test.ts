// Which engine runs a GROUP BY over a join's pairs (Nexmark q4), declared as data and checked on every engine:
// where a model lacks the join or the updating aggregation after it, a RefusedError naming the job's field and
// its SEMANTICS key, never a crash or a silent run.
import type { Rec } from './core/aggregates.ts';
import { parseJoinJob } from './core/join-job.ts';
import { engineModule } from './registry.ts';
import { dstream, type Entry, expectRefused, flink, spark, storm } from './test-support/refusal.ts';

const groupBy = [
  { keys: ['left.k', 'left.cat'], aggregate: { fn: 'max', field: 'right.price' }, as: 'final' },
  { keys: ['cat'], aggregate: { fn: 'avg', field: 'final' } },
];
const base = { left: 'l', right: 'r', leftKey: 'k', rightKey: 'k' };
const common = { streams: { l: {}, r: {} }, timestamp: 'ts', watermark: { delay: 10 } };
const jobs: Record<string, unknown> = {
  regular: { join: { kind: 'regular', ...base }, ...common, groupBy },
  regularOneStage: { join: { kind: 'regular', ...base }, ...common, groupBy: [groupBy[0]] },
  interval: { join: { kind: 'interval', ...base, lower: 0, upper: 10 }, ...common, groupBy },
  window: { join: { kind: 'window', ...base }, window: { kind: 'tumbling', size: 10 }, ...common, groupBy },
  otherKey: { join: { kind: 'regular', ...base }, ...common, groupBy: [{ ...groupBy[0], keys: ['left.cat'] }, { ...groupBy[1] }] },
};

/** null: runs (the first pair, then a higher bid); otherwise the refused path and a word of its reason. */
const table: Array<[string, Entry, [string, RegExp] | null]> = [
  ['regular', flink, null],
  ['regularOneStage', flink, null],
  ['interval', flink, null],
  ['window', flink, ['job.groupBy', /window join.*\(E1\)$/]],
  ['otherKey', flink, ['job.groupBy[0].keys', /must hold the join key/]],
  ['regular', spark, ['job.groupBy', /\(E4, S-UOC\)$/]],
  ['interval', spark, ['job.groupBy', /\(E4, S-UOC\)$/]],
  ['window', spark, ['job.groupBy', /\(E4, S-UOC\)$/]],
  ['regular', dstream, ['job.join.kind', /\(E5\)$/]],
  ['window', dstream, ['job.groupBy', /\(B8\)$/]],
  ['regular', storm, ['job.join.kind', /\(E6\)$/]],
  ['window', storm, ['job.groupBy', /\(E6\), and Storm core has no updating aggregation \(C1\)/]],
];

describe('a GROUP BY over a join, by engine', () => {
  test.each(table)('%s on %j', (name, entry, refused) => {
    const job = parseJoinJob(jobs[name]);
    const mod = engineModule(entry.kind)!;
    const options = mod.options.parse({ ...entry, ...(entry.flavor === 'dstream' ? { interval: 10 } : {}) }) as Record<string, unknown>;
    if (refused === null) {
      const engine = mod.create(job, options);
      engine.add([{ stream: 'l', k: 'a', cat: 1, ts: 1 } as Rec, { stream: 'r', k: 'a', price: 5, ts: 2 } as Rec]);
      engine.add([{ stream: 'r', k: 'a', price: 8, ts: 3 } as Rec]);
      engine.end();
      const rows = engine.drain().filter((e) => e.output === 'main');
      // One stage: the max updated. Two: the category's only auction retracted (-D), then added again (+I).
      expect(rows.map((e) => (e.value as { op: string }).op)).toEqual(name === 'regularOneStage' ? ['+I', '-U', '+U'] : ['+I', '-D', '+I']);
      return;
    }
    expectRefused(() => mod.create(job, options), refused[0], refused[1]);
  });
});
