// The CLI's one error boundary: whatever goes wrong ends as one line `where: reason` on stderr and one
// exit code. Bad input of any kind (scenario, data, flags, the output directory) is 2; a bug of ours is
// 3 with a short message (the stack only under --debug); a run stopped with Ctrl-C twice is 130.
import { CommanderError } from 'commander';
import { InputError } from '../engines/core/errors.ts';
import type { Io } from './trace-command.ts';

export const EXIT = {
  ok: 0,
  /** `trace --check` or the lab's conformance traces: an expectation failed. */
  mismatch: 1,
  /** Bad input: scenario, trace, data file, flags, output directory. Nothing already written is lost. */
  badInput: 2,
  /** A bug in streamlab. */
  internal: 3,
  /** Stopped with Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

/** The exit codes as `--help` lists them. */
export const EXIT_CODES_HELP = `Exit codes:
  0    ok
  1    a --check mismatch (trace, or the lab's conformance traces)
  2    bad input: scenario, trace, data file, flag or output directory (one line "where: reason" on stderr)
  3    internal error (a bug: rerun with --debug for the stack)
  130  interrupted with Ctrl-C`;

/** The output directory or a file in it cannot be written: bad input (exit 2), the path is the `where`. */
export class OutputError extends InputError {
  constructor(path: string, reason: string) {
    super(path, reason);
    this.name = 'OutputError';
  }
}

/** Ctrl-C pressed twice: the run stops at once and writes nothing. */
export class AbortedError extends Error {
  constructor(readonly stage: string) {
    super(`aborted during ${stage}: nothing written`);
    this.name = 'AbortedError';
  }
}

/** The one line and exit code for an error that reached the boundary. */
export function reportError(e: unknown, io: Io, debug: boolean): number {
  if (e instanceof InputError) {
    io.err(oneLine(e.message));
    return EXIT.badInput;
  }
  if (e instanceof AbortedError) {
    io.err(`interrupted: ${e.message}`);
    return EXIT.interrupted;
  }
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  const err = e instanceof Error ? e : new Error(String(e));
  if (isStackOverflow(err)) {
    // Input nested too deeply for a recursive step we did not guard: still the user's input, but say where it broke.
    io.err(`input: nested too deeply to process (${err.message})`);
    return EXIT.badInput;
  }
  io.err(
    `internal error: ${oneLine(`${err.name}: ${err.message}`)} (a bug in streamlab${debug ? '' : '; rerun with --debug for the stack'})`,
  );
  if (debug && err.stack) for (const line of err.stack.split('\n').slice(1)) io.err(line);
  return EXIT.internal;
}

function isStackOverflow(e: Error): boolean {
  return e instanceof RangeError && /call stack size exceeded/i.test(e.message);
}

/** Collapse a message to one line (zod and commander messages can span several). */
export function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Commander's own messages (`error: unknown option '--evnts'` + a "Did you mean" line) in the
 * `where: reason` form of every other error.
 */
export function commanderLine(message: string): string {
  const m = oneLine(message).replace(/^error:\s*/, '');
  const patterns: Array<[RegExp, (...g: string[]) => string]> = [
    [/^unknown option '([^']+)'\s*(?:\((.*)\))?/, (o, hint) => `${o}: unknown option${hint ? ` (${lowerFirst(hint)})` : ''}`],
    [/^unknown command '([^']+)'\s*(?:\((.*)\))?/, (c, hint) => `${c}: unknown command${hint ? ` (${lowerFirst(hint)})` : ''}`],
    [/^missing required argument '([^']+)'/, (a) => `${a}: missing (see --help)`],
    [/^option '([^' ]+)[^']*' argument missing/, (o) => `${o}: needs a value`],
    [
      /^too many arguments(?: for '([^']+)')?\.?\s*(.*)/,
      (c, rest) => `${c ?? 'streamlab'}: too many arguments${rest ? ` (${lowerFirst(rest)})` : ''}`,
    ],
  ];
  for (const [re, f] of patterns) {
    const g = re.exec(m);
    if (g) return f(...g.slice(1));
  }
  return m;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1).replace(/\.$/, '');
}
