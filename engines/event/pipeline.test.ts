import { RefusedError } from '../core/errors.ts';
import { parseJob } from '../core/job.ts';
import { compileJob } from './pipeline.ts';

const base = { key: 'k', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' } };

describe('compileJob', () => {
  test.each(['update', 'complete'])('refuses output mode %s: Flink has none', (mode) => {
    const job = parseJob({ ...base, outputMode: mode });
    expect(() => compileJob(job)).toThrow(RefusedError);
    expect(() => compileJob(job)).toThrow(/job.outputMode: Flink has no output modes/);
  });

  test('append, the default, is what a Flink window does', () => {
    expect(compileJob(parseJob(base)).operator.kind).toBe('window');
    expect(compileJob(parseJob({ ...base, outputMode: 'append' })).operator.kind).toBe('window');
  });
});
