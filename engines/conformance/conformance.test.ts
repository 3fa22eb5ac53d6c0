// Runs every trace in engines/conformance/ on the engine it names, through runTrace — the code path
// of `streamlab trace --check`. Traces of engines not built yet are listed by `npm run lab` as such.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RefusedError } from '../core/errors.ts';
import { ALL_KINDS, engineModule } from '../registry.ts';
import { parseTrace, runTrace } from '../trace.ts';

const dir = join(process.cwd(), 'engines', 'conformance');
type RawTrace = { engine?: { kind?: string }; expectError?: boolean };
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8')) as RawTrace] as const);
const runnable = all.filter(([, t]) => engineModule(t.engine?.kind ?? '') !== undefined);

describe('conformance traces', () => {
  test('the directory holds the upstream traces, each for a known engine kind', () => {
    expect(all.length).toBeGreaterThanOrEqual(14);
    for (const [, t] of all) expect(ALL_KINDS).toContain(t.engine?.kind);
  });

  test.each(runnable)('%s', (_file, raw) => {
    if (raw.expectError) {
      // Refused by the engine (RefusedError), not merely an invalid file.
      expect(() => runTrace(parseTrace(raw))).toThrow(RefusedError);
      return;
    }
    const run = runTrace(parseTrace(raw));
    const failures = run.steps.flatMap((s) => s.failures.map((f) => `steps[${s.index}] ${f}`));
    expect(failures).toEqual([]);
  });
});
