// Runs every trace in engines/conformance/ on the engine it names, through runTrace — the code path
// of `streamlab trace --check`. Traces for an engine that does not exist yet fail here (none should).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.ts';
import { engineModule } from '../registry.ts';
import { parseTrace, runTrace } from '../trace.ts';

const dir = join(process.cwd(), 'engines', 'conformance');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('conformance traces', () => {
  test('the directory holds the upstream traces', () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
  });

  test.each(files)('%s', (file) => {
    const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { engine?: { kind?: string }; expectError?: boolean };
    expect(engineModule(raw.engine?.kind ?? '')).toBeDefined();
    if (raw.expectError) {
      expect(() => runTrace(parseTrace(raw))).toThrow(InputError);
      return;
    }
    const run = runTrace(parseTrace(raw));
    const failures = run.steps.flatMap((s) => s.failures.map((f) => `steps[${s.index}] ${f}`));
    expect(failures).toEqual([]);
  });
});
