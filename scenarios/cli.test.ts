// `streamlab list` and `streamlab run` through main(): exit codes, result.json on disk, summary on stdout.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../cli/main.ts';
import { labNames } from '../cli/run-command.ts';
import { catalogNames } from './catalog.ts';
import { readResult } from './result.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('streamlab run / list', () => {
  test('list prints one line per catalog scenario with its question', async () => {
    const c = capture();
    expect(await main(['list'], c.io)).toBe(0);
    expect(c.out.some((l) => l.startsWith('keyed-tumbling-count') && l.includes('[event,microbatch,tuple]'))).toBe(true);
    expect(c.out.some((l) => l.startsWith('late-data') && l.includes('?'))).toBe(true);
  });

  test('run writes a valid result.json with a row for every engine entry, and a summary table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamlab-run-'));
    const c = capture();
    expect(await main(['run', 'keyed-tumbling-count', '--events', '1000', '--seed', '7', '--out', dir], c.io)).toBe(0);
    const r = readResult(readFileSync(join(dir, 'result.json'), 'utf8'));
    expect(r.input.events).toBe(1000);
    expect(r.engines.map((e) => e.id)).toEqual(['event', 'microbatch', 'tuple']);
    for (const e of r.engines) expect(e.status === 'ok' || e.status.startsWith('not supported: ')).toBe(true);
    expect(c.out[1]).toMatch(/^engine\s+model\s+in\/s/);
    expect(c.out.some((l) => /^microbatch\s+Spark Structured Streaming\s/.test(l))).toBe(true);
    // Written through a temporary name, nothing left behind (report.html is written beside it).
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(dir)).toContain('result.json');
    expect(c.out.some((l) => /^event\s/.test(l))).toBe(true);
  });

  test('a bad scenario file exits 2 with "path: reason" on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamlab-bad-'));
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'bad',
        title: 'Bad',
        question: 'Is the rate checked?',
        workload: { generator: 'sensors', events: 10, rate: -1 },
        job: { window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' } },
        engines: [{ kind: 'event' }],
      }),
    );
    const c = capture();
    expect(await main(['run', file], c.io)).toBe(2);
    expect(c.err).toEqual([expect.stringMatching(/^workload\.rate: /)]);
  });

  test('an unknown scenario name and a bad flag exit 2', async () => {
    const c = capture();
    expect(await main(['run', 'no-such-scenario'], c.io)).toBe(2);
    expect(c.err[0]).toMatch(/^no-such-scenario: no such file or catalog scenario/);
    expect(await main(['run', 'late-data', '--events', 'lots'], c.io)).toBe(2);
    expect(c.err[1]).toMatch(/^--events: /);
    expect(await main(['run', 'late-data', '--mode', 'fast'], c.io)).toBe(2);
    expect(c.err[2]).toMatch(/^--mode: must be simulated, real or both/);
  });

  test('--mode both writes a simulated result.json and a real result-real.json (paced, short)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamlab-both-'));
    const c = capture();
    expect(
      await main(
        ['run', 'keyed-tumbling-count', '--events', '200', '--engines', 'event', '--mode', 'both', '--pace', 'max', '--out', dir],
        c.io,
      ),
    ).toBe(0);
    const sim = readResult(readFileSync(join(dir, 'result.json'), 'utf8'));
    const real = readResult(readFileSync(join(dir, 'result-real.json'), 'utf8'));
    expect(sim.environment.mode).toBe('simulated');
    expect(real.environment.mode).toBe('real');
    const e = real.engines[0]!;
    if (!('throughput' in e)) throw new Error(e.status);
    expect(e.throughput.perCpuSec).not.toBeNull();
    expect(c.out.some((l) => l.startsWith('keyed-tumbling-count (real)'))).toBe(true);
  });

  test('Ctrl-C (SIGINT) finishes the engine running, skips the rest and writes result.interrupted.json, exit 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamlab-int-'));
    const c = capture();
    // SIGINT through the process, at a fixed point: after the first progress report of the first engine.
    const code = await main(['run', 'keyed-tumbling-count', '--events', '20000', '--out', dir], c.io, {
      onProgressTick: (n) => void (n === 1 && process.emit('SIGINT')),
    });
    expect(code).toBe(130);
    expect(c.err[0]).toMatch(/^stopping after .*… \(Ctrl-C again to abort\)$/);
    const r = readResult(readFileSync(join(dir, 'result.interrupted.json'), 'utf8'));
    expect(r.interrupted).toBe(true);
    expect(r.engines.map((e) => e.id)).toEqual(['event']);
    expect(readdirSync(dir).sort()).toEqual(['report.interrupted.html', 'result.interrupted.json']);
  });

  test('list marks the scenarios left out of the lab, and the lab suite is every other catalog entry', async () => {
    const c = capture();
    expect(await main(['list'], c.io)).toBe(0);
    expect(c.out.length).toBe(catalogNames().length);
    expect(labNames().length).toBe(c.out.filter((l) => !l.includes('(not in lab)')).length);
  });
});
