// `streamlab trace FILE [--check]` exactly as TRACE.md says: JSONL emissions on stdout; with --check,
// exit 0 when every expectation holds, 1 with expected-vs-actual per failing step on stderr; 2 for an
// invalid file or a refused job, naming the JSON path.
import { InputError, RefusedError } from '../engines/core/errors.ts';
import { emissionLine, parseTrace, runTrace } from '../engines/trace.ts';
import { readJsonFile } from '../scenarios/json-file.ts';

// conformance-table.ts (and any caller of the old export) reads trace files through the same function.

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export function traceCommand(file: string, check: boolean, io: Io): number {
  let expectError = false;
  try {
    const raw = readJsonFile(file);
    expectError = typeof raw === 'object' && raw !== null && (raw as { expectError?: unknown }).expectError === true;
    const trace = parseTrace(raw);
    // Plain runs print every emission as JSONL; --check prints only what failed.
    const run = runTrace(trace, (r) => {
      if (!check) for (const e of r.emissions) io.out(JSON.stringify(emissionLine(r.index, e)));
    });
    if (check && expectError) {
      io.err(`${file}: expected the engine to refuse this trace (expectError: true), but it ran`);
      return 1;
    }
    if (!check) return 0;
    if (run.failures === 0) return 0;
    for (const s of run.steps) {
      if (s.failures.length === 0) continue;
      const step = trace.steps[s.index]!;
      io.err(`steps[${s.index}] (${step.actionName} ${JSON.stringify(Object.values(step.action)[0])}):`);
      for (const f of s.failures) io.err(`  ${f}`);
    }
    io.err(`${run.failures} expectation(s) failed in ${file}`);
    return 1;
  } catch (e) {
    if (e instanceof InputError) {
      io.err(e.message);
      // expectError passes only on a refusal by the engine, never on a malformed file (TRACE.md).
      if (check && expectError && e instanceof RefusedError) return 0;
      return 2;
    }
    throw e;
  }
}
