// Every spark-*.json trace in engines/conformance runs on the microbatch engine through `runTrace`,
// the same code path as `streamlab trace --check`: expectations hold, and refusal traces are refused.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.ts';
import { parseTrace, runTrace } from '../trace.ts';

const dir = join(import.meta.dirname, '..', 'conformance');
const files = readdirSync(dir).filter((f) => f.startsWith('spark-') && f.endsWith('.json'));

function failuresOf(file: string): string[] {
  const trace = parseTrace(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  if (trace.expectError) {
    try {
      runTrace(trace);
      return ['expected a refusal, but the trace ran'];
    } catch (e) {
      return e instanceof InputError ? [] : [`expected an InputError, got ${String(e)}`];
    }
  }
  const run = runTrace(trace);
  return run.steps.flatMap((s) => s.failures.map((f) => `steps[${s.index}] ${f}`));
}

describe('spark conformance traces', () => {
  test('there are spark traces to run', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });
  test.each(files)('%s meets every expectation', (file) => {
    expect(failuresOf(file)).toEqual([]);
  });
});
