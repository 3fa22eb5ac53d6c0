import { InputError } from '../core/errors.ts';
import { parseChainedJob, parseDedupJob, parseTopNJob } from '../core/rank-job.ts';
import { evaluateChained, evaluateDedup, evaluateTopN } from './rank-oracle.ts';

const inp = (rows: Record<string, unknown>[]) => rows.map((record) => ({ record }));

describe('dedup oracle', () => {
  const rows = inp([
    { id: 1, k: 'a', ts: 5 },
    { id: 2, k: 'a', ts: 3 },
    { id: 3, k: 'b', ts: 4 },
    { id: 4, k: 'a', ts: 3 },
    { id: 5, k: 'a', ts: 20 },
  ]);
  it('keep first: smallest event time, an equal time does not replace (RowTimeDeduplicateFunction)', () => {
    const job = parseDedupJob({ dedup: { keep: 'first', key: ['k'] } });
    expect(evaluateDedup(job, rows).map((r) => r.id)).toEqual([2, 3]);
  });
  it('keep last: largest event time, an equal time replaces', () => {
    const job = parseDedupJob({ dedup: { keep: 'last', key: ['k'] } });
    expect(evaluateDedup(job, rows).map((r) => r.id)).toEqual([3, 5]);
    const tie = inp([
      { id: 1, k: 'a', ts: 7 },
      { id: 2, k: 'a', ts: 7 },
    ]);
    expect(evaluateDedup(job, tie).map((r) => r.id)).toEqual([2]);
  });
  it('within: a new record is kept once event time reaches kept + within (dropDuplicatesWithinWatermark)', () => {
    const job = parseDedupJob({ dedup: { keep: 'first', key: ['k'], within: 10 } });
    expect(evaluateDedup(job, rows).map((r) => r.id)).toEqual([2, 3, 5]);
    const edge = parseDedupJob({ dedup: { keep: 'first', key: ['k'], within: 17 } });
    expect(evaluateDedup(edge, rows).map((r) => r.id)).toEqual([2, 3, 5]);
    const wide = parseDedupJob({ dedup: { keep: 'first', key: ['k'], within: 18 } });
    expect(evaluateDedup(wide, rows).map((r) => r.id)).toEqual([2, 3]);
  });
  it('a multi-field key', () => {
    const job = parseDedupJob({ dedup: { keep: 'first', key: ['k', 'x'] } });
    const r = inp([
      { id: 1, k: 'a', x: 1, ts: 1 },
      { id: 2, k: 'a', x: 2, ts: 1 },
      { id: 3, k: 'a', x: 1, ts: 0 },
    ]);
    expect(evaluateDedup(job, r).map((x) => x.id)).toEqual([2, 3]);
  });
  it('names the input field a record lacks', () => {
    const job = parseDedupJob({ dedup: { keep: 'first', key: ['k'] } });
    expect(() => evaluateDedup(job, inp([{ ts: 1 }]))).toThrow('input[0].k: this record has no "k"');
  });
});

describe('top-N oracle', () => {
  const rows = inp([
    { id: 1, a: 'x', p: 10, ts: 1 },
    { id: 2, a: 'x', p: 30, ts: 2 },
    { id: 3, a: 'x', p: 20, ts: 12 },
    { id: 4, a: 'y', p: 5, ts: 3 },
    { id: 5, a: 'x', p: 30, ts: 4 },
  ]);
  it('window top-N: per window and partition, ties by input order', () => {
    const job = parseTopNJob({ topN: { n: 2, partitionBy: ['a'], orderBy: 'p' }, window: { kind: 'tumbling', size: 10 } });
    expect(evaluateTopN(job, rows).map((r) => [r.window?.start, r.partition, r.rank, r.record.id])).toEqual([
      [0, ['x'], 1, 2],
      [0, ['x'], 2, 5],
      [0, ['y'], 1, 4],
      [10, ['x'], 1, 3],
    ]);
  });
  it('window top-N with RANK: equal values share a rank and every row of rank <= n is kept', () => {
    const tied = inp([
      { id: 1, p: 7, ts: 1 },
      { id: 2, p: 9, ts: 2 },
      { id: 3, p: 9, ts: 3 },
      { id: 4, p: 5, ts: 4 },
      { id: 5, p: 7, ts: 5 },
      { id: 6, p: 3, ts: 11 },
    ]);
    const at = (n: number) =>
      evaluateTopN(parseTopNJob({ topN: { n, orderBy: 'p', function: 'rank' }, window: { kind: 'tumbling', size: 10 } }), tied).map((r) => [
        r.window?.start,
        r.rank,
        r.record.id,
      ]);
    // q7's shape: top-1 with ties is both bids at the max.
    expect(at(1)).toEqual([
      [0, 1, 2],
      [0, 1, 3],
      [10, 1, 6],
    ]);
    // Ranks 1, 1, 3, 3, 5: n = 3 keeps four rows, n = 2 only the tied first two (rank 3 > 2).
    expect(at(3).filter((r) => r[0] === 0)).toEqual([
      [0, 1, 2],
      [0, 1, 3],
      [0, 3, 1],
      [0, 3, 5],
    ]);
    expect(at(2).filter((r) => r[0] === 0)).toEqual([
      [0, 1, 2],
      [0, 1, 3],
    ]);
  });
  it('unwindowed ascending top-N over the whole input (q19 final state)', () => {
    const job = parseTopNJob({ topN: { n: 1, orderBy: 'p', desc: false } });
    expect(evaluateTopN(job, rows).map((r) => r.record.id)).toEqual([4]);
  });
  it('sliding windows rank each window', () => {
    const job = parseTopNJob({ topN: { n: 1, orderBy: 'p' }, window: { kind: 'sliding', size: 10, slide: 5 } });
    expect(evaluateTopN(job, rows).map((r) => [r.window?.start, r.record.id])).toEqual([
      [-5, 2],
      [0, 2],
      [5, 3],
      [10, 3],
    ]);
  });
});

describe('chained aggregation oracle (q5 shape)', () => {
  it('count per key per sliding window, then the max count per window', () => {
    const job = parseChainedJob({
      key: 'auction',
      window: { kind: 'sliding', size: 10, slide: 5 },
      aggregate: { fn: 'count' },
      perWindow: { aggregate: { fn: 'max', field: 'value' } },
    });
    const rows = inp([
      { auction: 1, ts: 1 },
      { auction: 1, ts: 2 },
      { auction: 2, ts: 6 },
      { auction: 2, ts: 7 },
      { auction: 2, ts: 8 },
    ]);
    expect(evaluateChained(job, rows).map((r) => [r.window.start, r.value])).toEqual([
      [-5, 2],
      [0, 3],
      [5, 3],
    ]);
  });
});

describe('job formats', () => {
  const bad = (f: () => unknown, msg: string) => {
    expect(f).toThrow(InputError);
    expect(f).toThrow(msg);
  };
  it('name the JSON path of what is wrong', () => {
    bad(() => parseDedupJob({ dedup: { keep: 'some', key: ['k'] } }), 'job.dedup.keep: dedup.keep must be first or last');
    bad(() => parseDedupJob({ dedup: { keep: 'first', key: [] } }), 'job.dedup.key');
    bad(() => parseDedupJob({ dedup: { keep: 'last', key: ['k'], within: 5 } }), 'job.dedup.within: within bounds keep-first');
    bad(() => parseDedupJob({ dedup: { keep: 'first', key: ['k'] }, time: 'processing' }), 'job.time');
    bad(() => parseTopNJob({ topN: { n: 0, orderBy: 'p' } }), 'job.topN.n: n must be > 0');
    bad(() => parseTopNJob({ topN: { n: 1, orderBy: 'p' }, window: { kind: 'session', gap: 5 } }), 'job.window.kind');
    bad(() => parseTopNJob({ topN: { n: 1, orderBy: 'p', partitionBy: ['p'] } }), 'job.topN.orderBy');
    bad(() => parseTopNJob({ topN: { n: 1, orderBy: 'p', function: 'rank' } }), 'job.topN.function: rank is built for a window Top-N only');
    bad(
      () => parseTopNJob({ topN: { n: 1, orderBy: 'p', function: 'dense' } }),
      'job.topN.function: topN.function must be rowNumber or rank',
    );
    const chained = { key: 'a', window: { kind: 'tumbling', size: 5 }, aggregate: { fn: 'count' } };
    bad(() => parseChainedJob({ ...chained, perWindow: { aggregate: { fn: 'max', field: 'p' } } }), 'job.perWindow.aggregate.field');
    bad(() => parseChainedJob({ ...chained, key: undefined, perWindow: { aggregate: { fn: 'count' } } }), 'job.key');
    const multi = { fn: 'multi', of: { n: { fn: 'count' } } };
    bad(
      () => parseChainedJob({ ...chained, aggregate: multi, perWindow: { aggregate: { fn: 'count' } } }),
      'job.aggregate.fn: a chained aggregation needs a scalar first result',
    );
    bad(() => parseChainedJob({ ...chained, perWindow: { aggregate: multi } }), 'job.perWindow.aggregate.of');
    bad(
      () => parseChainedJob({ ...chained, window: { kind: 'count', size: 2 }, perWindow: { aggregate: { fn: 'count' } } }),
      'job.window.kind',
    );
  });
});
