// Bad input, part 2: flags, the output directory (checked before the run), `report` on what is not a
// result.json, and `trace`. Each case exits 2 with one line `where: reason` and leaves a complete earlier
// result in the output directory byte-identical (bad-input-harness.ts). Then the one exit 3.
import { join } from 'node:path';
import type { WriteFs } from './atomic-write.ts';
import { type BadCase, expectRefused, type Harness, harness } from './bad-input-harness.ts';
import { main } from './main.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness('streamlab-bad-cli-');
});
afterAll(() => h.done());

const valid = {
  name: 'ok',
  title: 'A valid scenario',
  question: 'Are the flags checked?',
  workload: { generator: 'sensors', events: 200, rate: 1000, seed: 1 },
  job: { key: 'sensor', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' } },
  engines: [{ kind: 'event' }],
};
const ok = () => h.write('ok.json', valid);
const at = (name: string) => () => join(h.dir, name);
const flag = (name: string, flags: string[], where: string, reason: string): BadCase => ({
  name,
  argv: (out) => ['run', ok(), '--out', out, ...flags],
  where,
  reason,
});
const cmd = (name: string, argv: (out: string) => string[], where: BadCase['where'], reason: string | RegExp): BadCase => ({
  name,
  argv,
  where,
  reason,
});

const cases: BadCase[] = [
  // Flags.
  flag('--events not a number', ['--events', 'lots'], '--events', 'must be a whole number >= 1, got "lots"'),
  flag('--events 0', ['--events', '0'], '--events', 'must be a whole number >= 1, got "0"'),
  flag('--seed 1.5', ['--seed', '1.5'], '--seed', 'must be a whole number'),
  flag('--mode fast', ['--mode', 'fast'], '--mode', 'must be simulated, real or both'),
  flag('--pace slow', ['--pace', 'slow'], '--pace', 'must be rate or max'),
  flag('--workers -1', ['--workers', '-1'], '--workers', 'must be a whole number >= 0, got "-1"'),
  flag('--engines naming no entry', ['--engines', 'storm'], '--engines', 'no engine entry "storm" in this scenario (have event)'),
  flag('--engines empty', ['--engines', ','], '--engines', 'names no engine'),
  flag('an unknown option', ['--evnts', '5'], '--evnts', 'unknown option (did you mean --events?)'),
  cmd('no scenario argument', () => ['run'], 'scenario', 'missing'),
  cmd('an unknown command', () => ['frobnicate'], 'frobnicate', 'unknown command'),
  cmd('--out without a value', () => ['run', 'late-data', '--out'], '--out', 'needs a value'),
  // The output directory, before anything runs.
  cmd('--out is a file', () => ['run', ok(), '--out', h.write('a-file', 'x')], '--out', 'is a file, not a directory'),
  cmd('--out under a file', () => ['run', ok(), '--out', join(h.write('b-file', 'x'), 'sub')], '--out', /\(ENOTDIR: .*b-file is a file\)$/),
  cmd('--out not writable', () => ['run', ok(), '--out', '/sys/kernel'], '--out', 'cannot write in /sys/kernel (EACCES)'),
  // Node's recursive mkdir never returns under /proc: the directory is made one level at a time (out-dir.ts).
  cmd(
    '--out under /proc',
    () => ['run', ok(), '--out', '/proc/streamlab-nope/sub'],
    '--out',
    'cannot create directory /proc/streamlab-nope/sub (ENOENT)',
  ),
  // `report` on what is not a result.json.
  cmd(
    'report on a scenario file',
    () => ['report', ok()],
    at('ok.json'),
    'no "schema" field (it looks like a scenario: run it with `streamlab run`)',
  ),
  cmd('report on a trace file', () => ['report', h.write('t.json', { steps: [] })], at('t.json'), 'it looks like a trace'),
  cmd('report on a missing file', () => ['report', join(h.dir, 'gone.json')], at('gone.json'), 'cannot read file (ENOENT)'),
  cmd(
    'report on a directory',
    (out) => ['report', out],
    (out) => out,
    'is a directory: give the result.json inside it',
  ),
  cmd(
    'report on another schema',
    () => ['report', h.write('v2.json', { schema: 2 })],
    () => `${join(h.dir, 'v2.json')}.schema`,
    'result schema 2',
  ),
  cmd(
    'report on a broken result',
    () => ['report', h.write('r.json', { schema: 1, scenario: {} })],
    () => `${join(h.dir, 'r.json')}.environment`,
    /expected object/,
  ),
  cmd(
    'report --out naming a directory',
    (out) => ['report', join(out, 'result.json'), '--out', out],
    (out) => out,
    'is a directory',
  ),
  // `trace`.
  cmd('trace on a missing file', () => ['trace', join(h.dir, 'no-trace.json')], at('no-trace.json'), 'cannot read file (ENOENT)'),
  cmd(
    'trace nested 100,000 deep',
    () => ['trace', h.write('deep.json', `[${'['.repeat(1e5)}${']'.repeat(1e5)}]`)],
    at('deep.json'),
    'nested more than 64',
  ),
  cmd(
    'trace with an unknown step',
    () => ['trace', h.write('step.json', { ...valid, engine: { kind: 'event' }, steps: [{ jump: 1 }] })],
    'steps[0].jump',
    'unknown field (allowed: add, watermark',
  ),
];

describe('bad flags, output directories, results and traces: exit 2, one line, nothing lost', () => {
  test.each(cases)('$name', async (c) => {
    await expectRefused(h, c);
  });
});

test('an internal error is exit 3 with one short line; --debug adds the stack', async () => {
  // A file system that throws a plain TypeError is a bug of ours, not bad input.
  const broken = {
    openSync: () => {
      throw new TypeError('boom');
    },
  } as unknown as WriteFs;
  const err: string[] = [];
  const argv = ['run', ok(), '--out', join(h.dir, 'boom'), '--quiet'];
  expect(await main(argv, { out: () => {}, err: (l) => err.push(l) }, { progress: false, writeFs: broken })).toBe(3);
  expect(err).toEqual(['internal error: TypeError: boom (a bug in streamlab; rerun with --debug for the stack)']);
  const debug: string[] = [];
  expect(await main([...argv, '--debug'], { out: () => {}, err: (l) => debug.push(l) }, { progress: false, writeFs: broken })).toBe(3);
  expect(debug[0]).toBe('internal error: TypeError: boom (a bug in streamlab)');
  expect(debug.slice(1).some((l) => /^\s+at /.test(l))).toBe(true);
});
