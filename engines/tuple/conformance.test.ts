// Runs every Storm trace in engines/conformance through the same path as the CLI and the suite.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.ts';
import { parseTrace, runTrace } from '../trace.ts';

const dir = join(import.meta.dirname, '..', 'conformance');
const files = readdirSync(dir).filter((f) => f.startsWith('storm-') && f.endsWith('.json'));

test('the Storm traces are all there', () => {
  expect(files).toEqual(
    expect.arrayContaining([
      'storm-count-window.json',
      'storm-watermark-lag.json',
      'storm-processing-time-sliding.json',
      'storm-window-boundaries.json',
      'storm-tumbling-event-time.json',
      'storm-empty-windows-skipped.json',
      'storm-late-stream.json',
    ]),
  );
});

test.each(files)('%s meets every expectation on the tuple engine', (file) => {
  const trace = parseTrace(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  if (trace.expectError) {
    expect(() => runTrace(trace)).toThrow(InputError);
    return;
  }
  const run = runTrace(trace);
  const failures = run.steps.flatMap((s) => s.failures.map((f) => `steps[${s.index}] ${f}`));
  expect(failures).toEqual([]);
  expect(run.failures).toBe(0);
});
