// Bad input to `streamlab run nexmark`: an unknown query, a Nexmark query the catalog lacks, N not a
// positive whole number, a mode or flag the suite does not take, an unwritable --out. Each exits 2 with one
// line `where: reason` before anything runs, and leaves a complete earlier result byte-identical
// (bad-input-harness.ts).
import { join } from 'node:path';
import { type BadCase, expectRefused, type Harness, harness } from './bad-input-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness('streamlab-bad-nexmark-');
});
afterAll(() => h.done());

const suite = (name: string, flags: string[], where: string, reason: string | RegExp): BadCase => ({
  name,
  argv: (out) => ['run', 'nexmark', '--mode', 'simulated', '--out', out, ...flags],
  where,
  reason,
});

const cases: BadCase[] = [
  suite('an unknown query', ['--queries', 'q3,q99'], '--queries', 'unknown query "q99" (Nexmark has q0–q22; the catalog has q0, '),
  suite('not a query at all', ['--queries', 'bids'], '--queries', 'unknown query "bids"'),
  suite('a Nexmark query not in the catalog', ['--queries', 'q6'], '--queries', '"q6" is a Nexmark query the catalog does not have'),
  suite('--queries naming nothing', ['--queries', ' , '], '--queries', 'names no query'),
  suite('--events 0', ['--events', '0'], '--events', 'must be a whole number >= 1, got "0"'),
  suite('--events negative', ['--events', '-5'], '--events', 'must be a whole number >= 1, got "-5"'),
  suite('--events not whole', ['--events', '1.5'], '--events', 'must be a whole number >= 1, got "1.5"'),
  suite('--events not a number', ['--events', '1e6'], '--events', 'must be a whole number >= 1, got "1e6"'),
  suite('--mode both', ['--mode', 'both'], '--mode', 'the nexmark suite runs in one mode, real or simulated, got "both"'),
  suite('--pace slow', ['--pace', 'slow'], '--pace', 'must be rate or max'),
  suite('--engines', ['--engines', 'event'], '--engines', 'the nexmark suite runs every engine entry of each query'),
  {
    name: '--out not writable',
    argv: () => ['run', 'nexmark', '--mode', 'simulated', '--events', '100', '--out', '/sys/kernel'],
    where: '--out',
    reason: 'cannot write in /sys/kernel (EACCES)',
  },
  {
    name: '--out is a file',
    argv: () => ['run', 'nexmark', '--mode', 'simulated', '--events', '100', '--out', h.write('a-file', 'x')],
    where: '--out',
    reason: 'is a file, not a directory',
  },
  {
    name: '--out under a file',
    argv: () => ['run', 'nexmark', '--mode', 'simulated', '--events', '100', '--out', join(h.write('b-file', 'x'), 'sub')],
    where: '--out',
    reason: /\(ENOTDIR: .*b-file is a file\)$/,
  },
  {
    name: '--queries on a scenario run',
    argv: (out) => ['run', 'late-data', '--out', out, '--queries', 'q3'],
    where: '--queries',
    reason: 'only `streamlab run nexmark` takes it',
  },
];

describe('streamlab run nexmark: bad input is exit 2, one line, before anything runs', () => {
  test.each(cases)('$name', async (c) => {
    await expectRefused(h, c);
  });
});
