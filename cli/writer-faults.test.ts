// The writer under faults: a process killed at a write step drawn from a seeded RNG (100 runs, real
// SIGKILL), a full disk (a real tmpfs where mounting works, and always an ENOSPC injected at the
// file-system layer), a rename that fails half-way. The output directory always holds the old complete
// pair or the new one — never a truncated file, never a result beside another run's report.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createRng } from '../engines/core/random.ts';
import { readResult } from '../scenarios/result.ts';
import { AtomicWrite, nodeWriteFs, type WriteFs } from './atomic-write.ts';
import { main } from './main.ts';
import { digest, pairNames, recoverDir, reportDigest, writePair } from './run-output.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let dir = '';
const old = { result: Buffer.alloc(0), report: Buffer.alloc(0) };
const next = { result: Buffer.alloc(0), report: Buffer.alloc(0) };
let scenarioFile = '';
let child = '';
let cli = '';

const scenario = (seed: number) => ({
  name: 'writer',
  title: 'Writer faults',
  question: 'Is a result ever lost?',
  workload: { generator: 'sensors', events: 400, rate: 1000, seed },
  job: { key: 'sensor', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' } },
  engines: [{ kind: 'event' }],
});
const quiet = { out: () => {}, err: () => {} };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'streamlab-writer-'));
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  // Two real runs give the old and the new pair.
  for (const [seed, into] of [
    [1, old],
    [2, next],
  ] as const) {
    const file = join(dir, `s${seed}.json`);
    writeFileSync(file, JSON.stringify(scenario(seed)));
    expect(await main(['run', file, '--out', join(dir, `run${seed}`), '--quiet'], quiet)).toBe(0);
    into.result = readFileSync(join(dir, `run${seed}`, 'result.json'));
    into.report = readFileSync(join(dir, `run${seed}`, 'report.html'));
  }
  scenarioFile = join(dir, 's2.json');
  writeFileSync(join(dir, 'new-result.json'), next.result);
  writeFileSync(join(dir, 'new-report.html'), next.report);
  // Plain-node bundles of the child and of the CLI: a child starts in ~0.1 s, no TypeScript loader. They
  // sit in the checkout's out/ (git-ignored), one level below the root as the sources are, so bare
  // imports and the report's paths to node_modules resolve as they do for the sources.
  child = join(ROOT, 'out', `writer-faults-${process.pid}-child.mjs`);
  cli = join(ROOT, 'out', `writer-faults-${process.pid}-cli.mjs`);
  const common = { bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning', absWorkingDir: ROOT } as const;
  await build({ ...common, entryPoints: [join(ROOT, 'cli', 'write-pair-child.ts')], outfile: child });
  writeFileSync(
    join(dir, 'cli-entry.ts'),
    `import { main } from ${JSON.stringify(join(ROOT, 'cli', 'main.ts'))};\nprocess.exitCode = await main(process.argv.slice(2));\n`,
  );
  await build({ ...common, entryPoints: [join(dir, 'cli-entry.ts')], outfile: cli });
}, 120_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const f of [child, cli]) if (f) rmSync(f, { force: true });
});

/** An output directory holding the old complete pair. */
function withOldPair(name: string): string {
  const out = join(dir, name);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'result.json'), old.result);
  writeFileSync(join(out, 'report.html'), old.report);
  return out;
}

type Which = 'old' | 'new';
function which(file: string, pair: 'result' | 'report'): Which {
  const bytes = readFileSync(file);
  if (bytes.equals(old[pair])) return 'old';
  if (bytes.equals(next[pair])) return 'new';
  throw new Error(`${file} is neither the old nor the new ${pair} (${bytes.length} bytes): truncated or mixed`);
}

/** Old pair or new pair, nothing else in the directory. */
function expectConsistent(out: string): Which {
  const r = which(join(out, 'result.json'), 'result');
  expect(which(join(out, 'report.html'), 'report')).toBe(r);
  expect(readdirSync(out).sort()).toEqual(['report.html', 'result.json']);
  expect(reportDigest(readFileSync(join(out, 'report.html'), 'utf8'))).toBe(digest(readFileSync(join(out, 'result.json'), 'utf8')));
  return r;
}

/** The steps `writePair` takes for the new pair (the same texts give the same steps). */
function stepsOfNewPair(): string[] {
  const steps: string[] = [];
  const out = withOldPair('count-steps');
  const w = new AtomicWrite(nodeWriteFs, (_, what) => steps.push(what.replace(out, 'DIR').replace(/\.\d+\.\d+\.(tmp|bak)/, '.$1')));
  w.stage(join(out, 'report.html'), next.report.toString('utf8'));
  w.stage(join(out, 'result.json'), next.result.toString('utf8'));
  w.backup(join(out, 'report.html'));
  w.commit();
  return steps;
}

/** Run `child` on a directory holding the old pair, killed before write step k; resolves with how it ended. */
function killChild(out: string, k: number): Promise<{ signal: NodeJS.Signals | null; status: number | null }> {
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, [child, out, join(dir, 'new-result.json'), join(dir, 'new-report.html')], {
      env: { ...process.env, STREAMLAB_KILL_AT_WRITE_STEP: String(k) },
      cwd: ROOT,
      stdio: 'ignore',
    });
    p.on('error', fail);
    p.on('exit', (status, signal) => done({ status, signal }));
  });
}

test('killed (SIGKILL) at a write step drawn from a seeded RNG, 100 times: old or new pair, never a mix', async () => {
  const steps = stepsOfNewPair();
  expect(steps.length).toBeGreaterThanOrEqual(12); // opens, chunked writes, fsyncs, closes, link, renames, dir fsync
  const rng = createRng(13);
  const ks = Array.from({ length: 100 }, () => rng.int(1, steps.length + 2));
  // Four children at a time: each run has its own directory, so order does not matter.
  const ends: Array<{ signal: NodeJS.Signals | null; status: number | null }> = [];
  for (let i = 0; i < ks.length; i += 4) {
    const batch = ks.slice(i, i + 4).map((k, j) => killChild(withOldPair(`kill-${i + j}`), k));
    ends.push(...(await Promise.all(batch)));
  }
  const killedAt = new Set<number>();
  const outcomes = { old: 0, new: 0, repaired: 0 };
  ks.forEach((k, run) => {
    const out = join(dir, `kill-${run}`);
    if (k <= steps.length) {
      expect({ k, signal: ends[run]!.signal }).toEqual({ k, signal: 'SIGKILL' });
      killedAt.add(k);
    } else expect(ends[run]!.status).toBe(0);
    // Straight after the kill: each name is a complete old or new file, and a new result always has its report.
    const result = which(join(out, 'result.json'), 'result');
    const report = which(join(out, 'report.html'), 'report');
    if (result === 'new') expect(report).toBe('new');
    if (result !== report) outcomes.repaired++;
    // The next command to write here repairs the commit and sweeps the dead writer's temporary files.
    recoverDir(out);
    outcomes[expectConsistent(out)]++;
  });
  // Every step was hit at least once, and both outcomes (and the repair between the renames) happened.
  expect([...killedAt].sort((a, b) => a - b)).toEqual(steps.map((_, i) => i + 1));
  expect(outcomes.old).toBeGreaterThan(0);
  expect(outcomes.new).toBeGreaterThan(0);
  expect(outcomes.repaired).toBeGreaterThan(0);
}, 240_000);

test('the whole `streamlab run` killed at several write steps: the next command finds the old pair or a complete new one', async () => {
  // The run writes a pair the size of `next` (same scenario and seed): its steps are the same.
  const n = stepsOfNewPair().length;
  for (const k of [1, 3, 7, n - 2, n - 1, n]) {
    const out = withOldPair(`cli-kill-${k}`);
    const p = spawnSync(process.execPath, [cli, 'run', scenarioFile, '--out', out, '--quiet'], {
      env: { ...process.env, STREAMLAB_KILL_AT_WRITE_STEP: String(k) },
      cwd: ROOT,
    });
    expect({ k, signal: p.signal, stderr: p.stderr.toString() }).toEqual({ k, signal: 'SIGKILL', stderr: '' });
    recoverDir(out);
    // This run's result is new bytes (its own start time): complete, valid, and paired with its report.
    expect(readdirSync(out).sort()).toEqual(['report.html', 'result.json']);
    const text = readFileSync(join(out, 'result.json'), 'utf8');
    expect(reportDigest(readFileSync(join(out, 'report.html'), 'utf8'))).toBe(digest(text));
    if (!Buffer.from(text).equals(old.result)) expect(readResult(text).input.events).toBe(400);
    // And the next run completes over whatever is there.
    expect(await main(['run', scenarioFile, '--out', out, '--quiet'], quiet, { progress: false })).toBe(0);
    expect(reportDigest(readFileSync(join(out, 'report.html'), 'utf8'))).toBe(digest(readFileSync(join(out, 'result.json'), 'utf8')));
  }
}, 120_000);

/** A file system that fails writes with ENOSPC once `room` bytes have been written (a full disk). */
function fullDisk(room: number): WriteFs {
  let used = 0;
  return {
    ...nodeWriteFs,
    writeSync: (fd, b, off, len) => {
      if (used + len > room) {
        const n = Math.max(0, room - used);
        if (n > 0) used += fs.writeSync(fd, b, off, n);
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      used += len;
      return nodeWriteFs.writeSync(fd, b, off, len);
    },
  };
}

test('a full disk (ENOSPC injected at every stage of the write): exit 2 naming the file, the old pair untouched', async () => {
  const total = next.report.length + next.result.length;
  for (const room of [0, 1000, next.report.length - 1, next.report.length + 10, total - 1]) {
    const out = withOldPair(`enospc-${room}`);
    const err: string[] = [];
    const code = await main(
      ['run', scenarioFile, '--out', out, '--quiet'],
      { out: () => {}, err: (l) => err.push(l) },
      { progress: false, writeFs: fullDisk(room) },
    );
    expect(code).toBe(2);
    const file = room < next.report.length ? 'report.html' : 'result.json';
    expect(err).toEqual([`${join(out, file)}: cannot write (ENOSPC, no space left on the device); nothing was replaced`]);
    expect(expectConsistent(out)).toBe('old');
  }
});

test('a full disk for real: a small tmpfs (mounted where this process may), else the same ENOSPC from the fs layer', async () => {
  const mnt = join(dir, 'tmpfs');
  mkdirSync(mnt);
  // Room for the old pair and a little more: the new report cannot fit beside it.
  const size = Math.ceil((old.report.length + old.result.length + 256 * 1024) / 4096) * 4096;
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mnt]).status === 0;
  try {
    const out = mounted ? mnt : withOldPair('tmpfs-fallback');
    if (mounted) {
      cpSync(join(withOldPair('tmpfs-src'), 'result.json'), join(mnt, 'result.json'));
      cpSync(join(dir, 'tmpfs-src', 'report.html'), join(mnt, 'report.html'));
    }
    const err: string[] = [];
    const options = mounted ? { progress: false } : { progress: false, writeFs: fullDisk(size - old.report.length - old.result.length) };
    const code = await main(['run', scenarioFile, '--out', out, '--quiet'], { out: () => {}, err: (l) => err.push(l) }, options);
    expect(code).toBe(2);
    expect(err[0]).toMatch(/: cannot write \(ENOSPC, no space left on the device\); nothing was replaced$/);
    expect(expectConsistent(out)).toBe('old');
  } finally {
    if (mounted) spawnSync('umount', [mnt]);
  }
});

test('a rename that fails after the report is in place puts the old report back: the old pair stays', () => {
  const out = withOldPair('rename-fails');
  let renames = 0;
  const failing: WriteFs = {
    ...nodeWriteFs,
    renameSync: (a, b) => {
      if (++renames === 2) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
      nodeWriteFs.renameSync(a, b);
    },
  };
  expect(() =>
    writePair(out, pairNames(false, false), next.result.toString('utf8'), next.report.toString('utf8'), { fs: failing }),
  ).toThrow(`${join(out, 'result.json')}: cannot write (EIO); nothing was replaced`);
  expect(expectConsistent(out)).toBe('old');
  expect(existsSync(join(out, 'result.json'))).toBe(true);
});
