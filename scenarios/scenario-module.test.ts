// `.ts` scenario modules: the JSON shape plus user functions in job.filter / map / key / timestamp,
// run through `streamlab run` (runCommand), and every way a module can be wrong → exit 2 naming the path.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../cli/run-command.ts';
import { InputError } from '../engines/core/errors.ts';
import { loadScenario, loadScenarioAsync } from './catalog.ts';
import { readResult } from './result.ts';
import { setup } from './runner.ts';
import { aggregationOf, parseScenario } from './scenario.ts';
import { USER_KEY_FIELD, USER_TIMESTAMP_FIELD } from './user-functions.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLE = join(ROOT, 'scenarios', 'examples', 'ysb-custom.ts');
/** Jest refuses tsx's loader hooks (the CLI's default importer), so in-process runs import through Jest. */
const jestImport = (url: string) => import(url);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const tmp = mkdtempSync(join(tmpdir(), 'streamlab-module-'));
let n = 0;
/** A scenario module on disk with `body` as its source (TypeScript). */
function moduleFile(body: string, ext = '.ts'): string {
  const file = join(tmp, `scenario-${n++}${ext}`);
  writeFileSync(file, body);
  return file;
}

const tiny = (job: string, engines = "[{ kind: 'event' }]") => `
const size: number = 1000;
export default {
  name: 'tiny-module',
  title: 'Tiny module',
  question: 'Does a module load?',
  workload: { generator: 'sensors', events: 200, rate: 100, seed: 1, keys: { count: 3 } },
  job: { ${job} window: { kind: 'tumbling', size }, aggregate: { fn: 'count' }, watermark: { delay: 0 } },
  engines: ${engines},
};
`;

async function run(file: string, flags: Record<string, string> = {}) {
  const c = capture();
  const code = await runCommand(file, { out: mkdtempSync(join(tmp, 'out-')), ...flags }, c.io, {
    progress: false,
    importModule: jestImport,
  });
  return { code, ...c };
}

describe('scenario modules (.ts)', () => {
  test('streamlab run scenarios/examples/ysb-custom.ts runs every engine and records the functions by source', async () => {
    const out = mkdtempSync(join(tmp, 'ysb-'));
    const c = capture();
    expect(await runCommand(EXAMPLE, { events: '6000', out }, c.io, { progress: false, importModule: jestImport })).toBe(0);
    const r = readResult(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(r.engines.map((e) => e.id)).toEqual(['event', 'microbatch', 'tuple']);
    expect(r.oracle.results).toBeGreaterThan(0);
    const event = r.engines[0]!;
    if (!('correctness' in event)) throw new Error(event.status);
    expect(event.correctness.exact).toBe(event.correctness.windows);
    const job = r.scenario.job as Record<string, unknown>;
    expect(job.filter).toEqual({ function: expect.stringContaining('view') });
    expect(job.key).toEqual({ function: expect.stringContaining('campaign_id') });
    expect(job.join).toEqual({ table: 'ad_campaign', on: 'ad_id', as: 'campaign_id' });
  });

  test('the functions run once, before engines and oracle: no views, weights 1 or 5, key "campaign/ad_type"', async () => {
    const { scenario } = await loadScenarioAsync(EXAMPLE, { events: 3000 }, jestImport);
    expect(aggregationOf(scenario.job).key).toBe(USER_KEY_FIELD);
    expect(scenario.job.timestamp).toBe(USER_TIMESTAMP_FIELD);
    const s = setup(scenario);
    expect(s.input.size).toBeGreaterThan(1500);
    expect(s.input.size).toBeLessThan(2500); // ⅔ of the events are clicks or purchases
    for (const e of s.input.events) {
      expect(Object.keys(e.record).sort()).toEqual(['$key', '$timestamp', 'ad_type', 'campaign_id', 'event_time', 'weight']);
      expect(e.record[USER_KEY_FIELD]).toBe(`${String(e.record.campaign_id)}/${String(e.record.ad_type)}`);
      expect([1, 5]).toContain(e.record.weight);
      expect(e.eventTime).toBe(e.record[USER_TIMESTAMP_FIELD]);
    }
    const total = s.oracle.reduce((sum, o) => sum + Number(o.value), 0);
    expect(total).toBe(s.input.events.reduce((sum, e) => sum + Number(e.record.weight), 0));
  });

  test('a timestamp function redefines event time: shifting it by 1000 ms moves every window by 1000 ms', () => {
    const base = (timestamp?: (r: Record<string, unknown>) => number) =>
      parseScenario({
        name: 't',
        title: 'T',
        question: 'Q?',
        workload: { generator: 'sensors', events: 300, rate: 100, seed: 3, keys: { count: 2 } },
        job: { key: 'sensor', ...(timestamp ? { timestamp } : {}), window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' } },
        engines: [{ kind: 'event' }],
      });
    const plain = setup(base()).oracle;
    const shifted = setup(base((r) => Number(r.ts) + 1000)).oracle;
    expect(shifted.map((o) => [o.key, o.window?.start, o.value])).toEqual(
      plain.map((o) => [o.key, (o.window?.start ?? 0) + 1000, o.value]),
    );
  });

  test('a named `scenario` export works as well as a default export', async () => {
    const file = moduleFile(tiny("key: 'sensor',").replace('export default', 'export const scenario ='));
    expect((await run(file)).code).toBe(0);
  });

  test('a missing module exits 2 naming the argument', async () => {
    const r = await run(join(tmp, 'nope.ts'));
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/nope\.ts: no such file or catalog scenario/);
  });

  test('a module without a default or `scenario` export exits 2 and lists what it exports', async () => {
    const file = moduleFile("export const other = { name: 'x' };\n");
    const r = await run(file);
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe(
      `${file}: the module exports no scenario: give it a default export or an export named "scenario" (it exports other)`,
    );
  });

  test('a module that throws while loading exits 2 with its message', async () => {
    const r = await run(moduleFile("throw new Error('boom at import');\n"));
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/: cannot load the scenario module: boom at import$/);
  });

  test('a function outside job.filter/map/key/timestamp exits 2 naming its path', async () => {
    const wrongs: Array<[string, string]> = [
      [tiny("key: 'sensor', lateOutput: () => true,"), 'job.lateOutput'],
      [tiny("key: 'sensor',", "[{ kind: 'event', key: (r) => r.sensor }]"), 'engines[0].key'],
      [tiny("key: 'sensor', join: { table: 'x', on: () => 'a', as: 'y' },"), 'job.join.on'],
    ];
    for (const [body, path] of wrongs) {
      const r = await run(moduleFile(body));
      expect(r.code).toBe(2);
      expect(r.err[0]).toBe(
        `${path}: a function is not allowed here (functions are allowed only in job.filter, job.map, job.key and job.timestamp)`,
      );
    }
  });

  test('data in a module is validated like JSON, with the same paths', async () => {
    const r = await run(moduleFile(tiny("key: 'sensor', window2: 1,")));
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^job\.window2: unknown field/);
  });

  test('a user function returning the wrong type exits 2 naming its field and the record', async () => {
    const r = await run(moduleFile(tiny("key: 'sensor', timestamp: (r: Record<string, unknown>) => String(r.ts),")));
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^job\.timestamp: the function returned "\d+" on \{.*\}; expected whole ms \(an integer\)$/);
    const f = await run(
      moduleFile(tiny("key: 'sensor', filter: (r: Record<string, unknown>) => { if (r.sensor) throw new Error('bad'); return true; },")),
    );
    expect(f.code).toBe(2);
    expect(f.err[0]).toMatch(/^job\.filter: the function threw bad on /);
  });

  test('the synchronous loadScenario refuses a module rather than reading it as JSON', () => {
    expect(() => loadScenario(EXAMPLE)).toThrow(InputError);
    expect(() => loadScenario(EXAMPLE)).toThrow(/loadScenarioAsync/);
  });

  test('the real CLI (tsx) runs a .ts module outside any ESM package, and names what a module without a scenario exports', () => {
    // tmpdir has no package.json: tsx compiles such a file as CommonJS, and its exports arrive inside `default`.
    const cli = (file: string) =>
      spawnSync(process.execPath, [join(ROOT, 'bin', 'streamlab.mjs'), 'run', file, '--out', mkdtempSync(join(tmp, 'cli-'))], {
        encoding: 'utf8',
        timeout: 60000,
      });
    const ok = cli(moduleFile(tiny("key: 'sensor', filter: (r: Record<string, unknown>) => Number(r.ts) >= 0,")));
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^tiny-module \(simulated\): 200 events/);
    const file = moduleFile('export const other: number = 1;\n');
    const none = cli(file);
    expect(none.status).toBe(2);
    expect(none.stderr.trim()).toBe(
      `${file}: the module exports no scenario: give it a default export or an export named "scenario" (it exports other)`,
    );
  });
});
