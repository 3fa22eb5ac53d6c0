// Which engine runs which rank construct (issue 18), declared as data and checked on every engine: a
// construct a model lacks is a RefusedError naming the job's field, never a crash or a silent run.
import type { Rec } from './core/aggregates.ts';
import { RefusedError } from './core/errors.ts';
import { parseRankJob, type RankJob } from './core/rank-job.ts';
import { engineModule } from './registry.ts';
import { dstream, type Entry, flink, spark, storm } from './test-support/refusal.ts';
import { aggregationJob, parseTrace, runTrace } from './trace.ts';

const jobs: Record<string, unknown> = {
  keepFirst: { dedup: { keep: 'first', key: ['k'] }, watermark: { delay: 10 } },
  keepLast: { dedup: { keep: 'last', key: ['k'] }, watermark: { delay: 10 } },
  within: { dedup: { keep: 'first', key: ['k'], within: 10 }, watermark: { delay: 10 } },
  windowTopN: { topN: { n: 2, orderBy: 'price' }, window: { kind: 'tumbling', size: 10 }, watermark: { delay: 10 } },
  topN: { topN: { n: 2, orderBy: 'price' }, watermark: { delay: 10 } },
  windowTopNRank: {
    topN: { n: 1, orderBy: 'price', function: 'rank' },
    window: { kind: 'tumbling', size: 10 },
    watermark: { delay: 10 },
  },
  chained: {
    key: 'k',
    window: { kind: 'tumbling', size: 10 },
    aggregate: { fn: 'count' },
    perWindow: { aggregate: { fn: 'max', field: 'value' } },
    watermark: { delay: 10 },
  },
};

/** null: runs; otherwise the refused path. */
const table: Array<[string, Entry, string | null]> = [
  ['keepFirst', flink, null],
  ['keepLast', flink, null],
  ['within', flink, 'job.dedup.within'],
  ['windowTopN', flink, null],
  ['topN', flink, null],
  // StreamExecWindowRank plans ROW_NUMBER() only (event/messages.ts noRankFunction).
  ['windowTopNRank', flink, 'job.topN.function'],
  ['chained', flink, null],
  ['keepFirst', spark, null],
  ['keepLast', spark, 'job.dedup.keep'],
  ['within', spark, null],
  ['windowTopN', spark, 'job.topN'],
  ['topN', spark, 'job.topN'],
  ['windowTopNRank', spark, 'job.topN'],
  ['chained', spark, null],
  ...Object.keys(jobs).map((j): [string, Entry, string] => [
    j,
    dstream,
    `job.${j === 'chained' ? 'perWindow' : j.includes('opN') ? 'topN' : 'dedup'}`,
  ]),
  ...Object.keys(jobs)
    .filter((j) => j !== 'windowTopN' && j !== 'windowTopNRank')
    .map((j): [string, Entry, string] => [j, storm, `job.${j === 'chained' ? 'perWindow' : j.includes('opN') ? 'topN' : 'dedup'}`]),
  // A windowed Top-N is modelled as the BaseWindowedBolt a user writes (tuple/top-n-bolt.ts).
  ['windowTopN', storm, null],
  ['windowTopNRank', storm, null],
  ['windowTopN', { kind: 'tuple', windowing: 'tickTuples' }, 'engine.windowing'],
];

function create(job: RankJob, entry: Entry) {
  const mod = engineModule(entry.kind)!;
  return mod.create(
    job,
    mod.options.parse({ ...entry, ...(entry.flavor === 'dstream' ? { interval: 10 } : {}) }) as Record<string, unknown>,
  );
}

describe('rank constructs by engine', () => {
  test.each(table)('%s on %j: %s', (name, entry, refusedPath) => {
    const job = parseRankJob(jobs[name])!;
    if (refusedPath === null) {
      const engine = create(job, entry);
      engine.add([{ k: 'a', price: 3, ts: 1 } as Rec, { k: 'a', price: 5, ts: 2 } as Rec]);
      if (entry.kind === 'microbatch') {
        // Spark has no end-of-input watermark (A3): a row far ahead closes the windows.
        engine.batch();
        engine.add([{ k: 'z', price: 0, ts: 1000 } as Rec]);
        engine.batch();
      }
      if (entry.kind === 'tuple') {
        // Storm's watermark (min over streams of max ts − lag) comes every second of processing time (C3).
        engine.add([{ k: 'z', price: 0, ts: 1000 } as Rec]);
        engine.advance(10_000);
      }
      engine.end();
      expect(engine.drain().some((e) => e.output === 'main')).toBe(true);
      return;
    }
    let error: unknown;
    try {
      create(job, entry);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as RefusedError).path).toBe(refusedPath);
  });
});

describe('rank jobs in traces', () => {
  const trace = (job: unknown, steps: unknown[], engine: unknown = { kind: 'event' }) => ({ name: 't', engine, job, steps });

  test('a record without the dedup key is bad input naming steps[i].add[j].field', () => {
    expect(() => parseTrace(trace(jobs.keepFirst, [{ add: [{ ts: 1 }] }]))).toThrow('steps[0].add[0].k: this record has no "k"');
  });

  test('a top-N record needs its order field and a numeric event time', () => {
    expect(() => parseTrace(trace(jobs.topN, [{ add: [{ ts: 1 }] }]))).toThrow('steps[0].add[0].price');
    expect(() => parseTrace(trace(jobs.topN, [{ add: [{ price: 1, ts: 'x' }] }]))).toThrow('steps[0].add[0].ts');
  });

  test('views that draw windowed aggregations refuse a rank job by its key', () => {
    expect(() => aggregationJob(parseTrace(trace(jobs.topN, [])))).toThrow('job.topN');
  });

  test('a chained job on Flink refuses allowed lateness', () => {
    expect(() => runTrace(parseTrace(trace({ ...(jobs.chained as object), allowedLateness: 5 }, [])))).toThrow('job.allowedLateness');
  });

  test('Flink keep-first drops a row behind the watermark and stamps the kept row with its rowtime', () => {
    const run = runTrace(
      parseTrace(
        trace({ dedup: { keep: 'first', key: ['k'] }, watermark: 'explicit' }, [
          { add: [{ k: 'a', ts: 5 }] },
          { watermark: 5 },
          { add: [{ k: 'b', ts: 4 }] },
        ]),
      ),
    );
    expect(run.steps[1]!.emissions.filter((e) => e.output === 'main')).toEqual([
      { output: 'main', key: 'a', window: null, value: { op: '+I', row: { k: 'a', ts: 5 } }, timestamp: 5 },
    ]);
    expect(run.steps[2]!.emissions.filter((e) => e.output === 'dropped')).toHaveLength(1);
  });
});
