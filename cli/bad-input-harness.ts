// The harness of the bad-input suites: every case runs `main(argv)` in-process against an output
// directory that already holds a complete earlier result (result.json + report.html of a real run),
// and checks the exit code, the one stderr line `where: reason`, and that the directory is byte for
// byte what it was — nothing added, nothing replaced, no temporary file left.
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.ts';

export interface BadCase {
  name: string;
  /** The command line; `out` is a directory holding the earlier complete result. */
  argv: (out: string) => string[];
  /** The `where` the one stderr line starts with (`where: reason`); a function when it names a file made later. */
  where: string | ((out: string) => string);
  reason: string | RegExp;
  code?: number;
}

/** A case that runs the scenario file `file()` writes: `streamlab run <file> --out <out>`. */
export function badScenario(name: string, file: () => string, where: BadCase['where'], reason: string | RegExp): BadCase {
  return { name, argv: (out) => ['run', file(), '--out', out], where, reason };
}

type Json = Record<string, unknown>;

/**
 * A writer of bad scenario files made from `valid()`: `patch` applied to its job (a null value deletes the
 * field) and `top` to the file; the file is written, under a name made of `prefix` and the patch, only when
 * the case runs (`harness()` is the suite's harness, made in its beforeAll).
 */
export function jobPatcher(harness: () => Harness, valid: () => Json, prefix: string) {
  return (patch: Json, top: Json = {}) =>
    () => {
      const s = valid();
      const job = { ...(s.job as Json), ...patch };
      for (const [k, v] of Object.entries(patch)) if (v === null) delete job[k];
      return harness().write(`${prefix}-${JSON.stringify([patch, top]).replace(/\W+/g, '-').slice(0, 80)}.json`, { ...s, job, ...top });
    };
}

export interface Harness {
  dir: string;
  /** Write a file in the harness directory; returns its path. */
  write(name: string, content: string | Uint8Array | object): string;
  /** A fresh output directory holding a copy of the earlier complete result. */
  freshOut(): string;
  done(): void;
}

const EARLIER = {
  name: 'earlier',
  title: 'An earlier complete run',
  question: 'Does bad input leave it alone?',
  workload: { generator: 'sensors', events: 300, rate: 1000, seed: 1 },
  job: { key: 'sensor', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' } },
  engines: [{ kind: 'event' }],
};

export async function harness(prefix: string): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const write = (name: string, content: string | Uint8Array | object) => {
    const p = join(dir, name);
    writeFileSync(p, typeof content === 'string' || content instanceof Uint8Array ? content : JSON.stringify(content));
    return p;
  };
  const earlier = join(dir, 'earlier');
  const code = await main(['run', write('earlier.json', EARLIER), '--out', earlier, '--quiet'], { out: () => {}, err: () => {} });
  if (code !== 0) throw new Error(`the earlier run failed with ${code}`);
  let n = 0;
  return {
    dir,
    write,
    freshOut: () => {
      const out = join(dir, `out-${++n}`);
      mkdirSync(out);
      cpSync(join(earlier, 'result.json'), join(out, 'result.json'));
      cpSync(join(earlier, 'report.html'), join(out, 'report.html'));
      return out;
    },
    done: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Run one case and check everything the suite promises about it. */
export async function expectRefused(h: Harness, c: BadCase): Promise<void> {
  const out = h.freshOut();
  const before = snapshot(out);
  const err: string[] = [];
  const stdout: string[] = [];
  const code = await main(c.argv(out), { out: (l) => stdout.push(l), err: (l) => err.push(l) }, { progress: false });
  const context = `${c.name}\n  stderr: ${err.join('\n          ')}`;
  // STREAMLAB_BAD_INPUT_LOG=FILE collects every case's exit code and line (the table in the note).
  const log = process.env.STREAMLAB_BAD_INPUT_LOG;
  if (log) appendFileSync(log, `${JSON.stringify({ name: c.name, code, stderr: err.map((l) => l.replace(h.dir, '…')) })}\n`);
  if (code !== (c.code ?? 2)) throw new Error(`exit ${code}, expected ${c.code ?? 2}: ${context}`);
  if (err.length !== 1) throw new Error(`expected one line on stderr, got ${err.length}: ${context}`);
  const line = err[0]!;
  const where = typeof c.where === 'function' ? c.where(out) : c.where;
  if (!line.startsWith(`${where}: `)) throw new Error(`expected "${where}: …": ${context}`);
  const reason = line.slice(where.length + 2);
  if (typeof c.reason === 'string' ? !reason.includes(c.reason) : !c.reason.test(reason)) {
    throw new Error(`reason does not match ${String(c.reason)}: ${context}`);
  }
  const after = snapshot(out);
  if (JSON.stringify(Object.keys(after)) !== JSON.stringify(Object.keys(before))) {
    throw new Error(`the output directory changed: ${Object.keys(before).join(', ')} → ${Object.keys(after).join(', ')}`);
  }
  for (const [name, bytes] of Object.entries(before)) {
    if (!bytes.equals(after[name]!)) throw new Error(`${name} in the output directory changed`);
  }
}

function snapshot(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const name of readdirSync(dir).sort()) out[name] = readFileSync(join(dir, name));
  return out;
}
