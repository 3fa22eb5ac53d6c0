// CLI conventions: --version, --help with examples and exit codes, --json (the summary as JSON and
// nothing else on stdout), --quiet (nothing on stdout), and "wrote …/report.html".
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.ts';

let dir = '';
let scenario = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'streamlab-conventions-'));
  scenario = join(dir, 'small.json');
  writeFileSync(
    scenario,
    JSON.stringify({
      name: 'small',
      title: 'Small',
      question: 'Does the CLI follow its conventions?',
      workload: { generator: 'sensors', events: 300, rate: 1000, seed: 5 },
      job: { key: 'sensor', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' } },
      engines: [{ kind: 'event' }, { kind: 'microbatch' }],
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, { progress: false });
  return { code, out, err };
}

test('--version prints the package version', async () => {
  const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { version: string };
  expect(await cli('--version')).toEqual({ code: 0, out: [pkg.version], err: [] });
});

test('--help lists the commands, examples and every exit code', async () => {
  const r = await cli('--help');
  expect(r.code).toBe(0);
  const text = r.out.join('\n');
  for (const s of [
    'run [options] <scenario>',
    'Examples:',
    'streamlab run late-data',
    'Exit codes:',
    '0    ok',
    '2    bad input',
    '3    internal error',
    '130  interrupted',
  ]) {
    expect(text).toContain(s);
  }
  const run = (await cli('run', '--help')).out.join('\n');
  expect(run).toContain('--out <dir>');
  expect(run).toContain('Exit codes:');
});

test('a run prints its summary and "wrote …/report.html"', async () => {
  const out = join(dir, 'plain');
  const r = await cli('run', scenario, '--out', out);
  expect(r.code).toBe(0);
  expect(r.out[0]).toBe('small (simulated): 300 events, 10 oracle results');
  expect(r.out[r.out.length - 1]).toBe(`wrote ${join(out, 'report.html')} (result: ${join(out, 'result.json')})`);
  expect(r.err).toEqual([]);
});

test('--json prints one JSON object and nothing else on stdout; --quiet prints nothing', async () => {
  const json = await cli('run', scenario, '--out', join(dir, 'json'), '--json');
  expect(json.code).toBe(0);
  expect(json.out).toHaveLength(1);
  const summary = JSON.parse(json.out[0]!) as Record<string, unknown>;
  expect(summary).toMatchObject({ scenario: 'small', mode: 'simulated', events: 300, oracleResults: 10, interrupted: false, warnings: [] });
  expect((summary.engines as Array<{ id: string }>).map((e) => e.id)).toEqual(['event', 'microbatch']);
  expect(summary.files).toEqual({ result: join(dir, 'json', 'result.json'), report: join(dir, 'json', 'report.html') });
  const quiet = await cli('run', scenario, '--out', join(dir, 'quiet'), '--quiet');
  expect(quiet).toEqual({ code: 0, out: [], err: [] });
});
