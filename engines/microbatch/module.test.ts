// What the microbatch engine refuses, with the JSON path and reason a user sees (exit 2 in the CLI),
// and the options it accepts per flavor.

import { RefusedError } from '../core/errors.ts';
import { type JobInput, parseJob } from '../core/job.ts';
import { engineModule } from '../registry.ts';
import { createMicrobatchEngine, microbatchEngine } from './module.ts';
import { resolveOptions } from './options.ts';

const base: JobInput = { window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' }, watermark: { delay: 0 } };

function refusal(job: JobInput, options: Record<string, unknown> = {}): { path: string; reason: string } | null {
  try {
    createMicrobatchEngine(parseJob(job), { kind: 'microbatch', ...options });
    return null;
  } catch (e) {
    if (e instanceof RefusedError) return { path: e.path, reason: e.reason };
    throw e;
  }
}

describe('Structured Streaming refusals', () => {
  test.each([
    [
      'session windows in update mode',
      { ...base, key: 'k', window: { kind: 'session', gap: 10 }, outputMode: 'update' },
      'job.outputMode',
      /update mode/,
    ],
    ['count windows', { ...base, window: { kind: 'count', size: 3 } }, 'job.window', /no count windows/],
    ['slide > size', { ...base, window: { kind: 'sliding', size: 1000, slide: 2000 } }, 'job.window.slide', /must be <= size/],
    ['an explicit watermark', { ...base, watermark: 'explicit' }, 'job.watermark', /explicit watermarks are not allowed/],
    ['append mode without a watermark', { ...base, watermark: undefined }, 'job.watermark', /needs a watermark/],
    ['append mode without a window', { ...base, window: { kind: 'global' } }, 'job.outputMode', /append mode needs an event-time window/],
    ['idleness', { ...base, watermark: { delay: 0, idleness: 500 } }, 'job.watermark.idleness', /no idleness/],
    ['allowed lateness', { ...base, allowedLateness: 100 }, 'job.allowedLateness', /no allowed lateness/],
    ['a late side output', { ...base, lateOutput: true }, 'job.lateOutput', /no late side output/],
    ['ingestion time', { ...base, time: 'ingestion' }, 'job.time', /no ingestion time/],
    ['an un-keyed session window', { ...base, window: { kind: 'session', gap: 10 } }, 'job.key', /grouping key/],
  ] as Array<[string, JobInput, string, RegExp]>)('refuses %s', (_, job, path, reason) => {
    const r = refusal(job);
    expect(r?.path).toBe(path);
    expect(r?.reason).toMatch(reason);
  });

  test('a per-stream explicit watermark names the stream in the path', () => {
    expect(refusal({ ...base, streams: { a: { watermark: 'explicit' } } })?.path).toBe('job.streams.a.watermark');
  });
});

describe('DStream refusals', () => {
  const ds = { flavor: 'dstream', interval: 1000 };
  test.each([
    ['a length that is not a multiple of the interval', { ...base, window: { kind: 'tumbling', size: 1500 } }, {}, 'job.window.size'],
    [
      'a slide that is not a multiple of the interval',
      { ...base, window: { kind: 'sliding', size: 2000, slide: 1500 } },
      {},
      'job.window.slide',
    ],
    ['session windows', { ...base, key: 'k', window: { kind: 'session', gap: 10 } }, {}, 'job.window'],
    ['an output mode other than append', { ...base, outputMode: 'complete' }, {}, 'job.outputMode'],
    ['an inverse reduce of max', { ...base, aggregate: { fn: 'max', field: 'v' } }, { inverseReduce: true }, 'engine.inverseReduce'],
    [
      'an inverse reduce with slide > length',
      { ...base, window: { kind: 'sliding', size: 1000, slide: 2000 } },
      { inverseReduce: true },
      'job.window.slide',
    ],
  ] as Array<[string, JobInput, Record<string, unknown>, string]>)('refuses %s', (_, job, extra, path) => {
    expect(refusal(job, { ...ds, ...extra })?.path).toBe(path);
  });
});

describe('options', () => {
  test('defaults: structured, processingTime every 1000 ms, no-data batches on, min policy, memory sink, no faults', () => {
    expect(resolveOptions({ kind: 'microbatch' })).toEqual({
      flavor: 'structured',
      interval: 1000,
      trigger: 'processingTime',
      noDataBatches: true,
      watermarkPolicy: 'min',
      inverseReduce: false,
      receiverWal: false,
      batchCost: { fixed: 0, perRecord: 0 },
      sink: 'memory',
      failAt: [],
    });
  });
  test('failAt names a batch id and one of the four fault points', () => {
    expect(resolveOptions({ kind: 'microbatch', failAt: [{ batchId: 2, point: 'afterSink' }] }).failAt).toEqual([
      { batchId: 2, point: 'afterSink' },
    ]);
    expect(() => resolveOptions({ kind: 'microbatch', failAt: [{ batchId: 0, point: 'midway' }] })).toThrow(/engine.failAt\[0\].point/);
    expect(() => resolveOptions({ kind: 'microbatch', failAt: [{ batchId: -1, point: 'afterSink' }] })).toThrow(
      /engine.failAt\[0\].batchId/,
    );
    expect(() => resolveOptions({ kind: 'microbatch', flavor: 'dstream', sink: 'file' })).toThrow(/engine.sink/);
  });
  test('an option of the other flavor is refused, not ignored', () => {
    expect(() => resolveOptions({ kind: 'microbatch', flavor: 'dstream', trigger: 'once' })).toThrow(/engine.trigger/);
    expect(() => resolveOptions({ kind: 'microbatch', inverseReduce: true })).toThrow(/engine.inverseReduce/);
  });
  test('a batch cost is refused on DStreams, whose batches take no time here', () => {
    expect(() => resolveOptions({ kind: 'microbatch', flavor: 'dstream', batchCost: { fixed: 10 } })).toThrow(
      /engine.batchCost: batchCost is modelled for Structured Streaming only/,
    );
  });
  test('unknown options are rejected with the allowed list', () => {
    expect(() => resolveOptions({ kind: 'microbatch', parallelism: 2 })).toThrow(/engine.parallelism: unknown field/);
  });
});

describe('registration', () => {
  test('the registry finds the engine by kind', () => {
    expect(engineModule('microbatch')).toBe(microbatchEngine);
  });
  test('an explicit watermark step is refused with the Spark reason', () => {
    expect(microbatchEngine.checkStep('watermark', parseJob(base))).toEqual({
      path: 'watermark',
      reason: 'explicit watermarks are not allowed for microbatch: Spark computes its watermark at the end of each batch',
    });
    expect(microbatchEngine.checkStep('batch', parseJob(base))).toBeNull();
  });
});
