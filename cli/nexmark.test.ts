// `streamlab run nexmark`: the suite runs every catalog nexmark-* scenario (or the --queries ones), prints
// one table row per query with every engine's status and correctness, and writes nexmark.json with the same
// rows beside each scenario's result.json. No figure is asserted against a time: only that the printed
// table, nexmark.json and the scenarios' own result.json files say the same thing.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WriteFs } from './atomic-write.ts';
import { main } from './main.ts';
import { nexmarkScenarios } from './nexmark-command.ts';
import { NEXMARK_QUERIES } from './nexmark-figures.ts';
import type { QueryRow } from './nexmark-rows.ts';
import { printedCells } from './nexmark-table.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'streamlab-nexmark-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  return cliWith({}, ...argv);
}

async function cliWith(options: { writeFs?: WriteFs }, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, { progress: false, ...options });
  return { code, out, err };
}

interface Suite {
  mode: string;
  notInCatalog: string[];
  queries: QueryRow[];
}

const readSuite = (out: string) => JSON.parse(readFileSync(join(out, 'nexmark.json'), 'utf8')) as Suite;
/** The table's body rows: `| q3    | …`, split into trimmed cells. */
const tableRows = (lines: string[]) =>
  lines
    .filter((l) => /^\| q\d+/.test(l))
    .map((l) =>
      l
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );

interface ResultEngine {
  id: string;
  status: string;
  correctness?: { exact: number; windows: number };
  join?: { matched: number; pairs: number };
}

describe('streamlab run nexmark (simulated, small N)', () => {
  let r: Awaited<ReturnType<typeof cli>>;
  const out = () => join(dir, 'all');
  beforeAll(async () => {
    r = await cli('run', 'nexmark', '--events', '2000', '--mode', 'simulated', '--out', out());
  }, 180_000);

  test('one row per catalog query, every engine with a status and, where it ran, its correctness', () => {
    expect(r.code).toBe(0);
    const scenarios = nexmarkScenarios();
    expect(scenarios.length).toBeGreaterThanOrEqual(7);
    const rows = tableRows(r.out);
    expect(rows.map((c) => c[0]!.replace(/[*°]$/, ''))).toEqual(scenarios.map((s) => s.replace('nexmark-', '')));
    for (const [i, scenario] of scenarios.entries()) {
      const result = JSON.parse(readFileSync(join(out(), scenario, 'result.json'), 'utf8')) as { engines: ResultEngine[] };
      const line = r.out.find((l) => l.startsWith(`| ${rows[i]![0]} `))!;
      for (const e of result.engines) {
        if (e.status === 'ok') {
          // Joins count oracle pairs matched (SEMANTICS E), aggregations exact windows.
          const c = e.join ? `${e.join.matched}/${e.join.pairs}` : `${e.correctness!.exact}/${e.correctness!.windows}`;
          expect(line).toMatch(new RegExp(`\\| +${c}!? \\|`));
        } else {
          expect(line).toContain('not supported');
          expect(r.out).toContain(`${rows[i]![0]!.replace(/[*°]$/, '')} ${e.id}: ${e.status}`);
        }
      }
    }
  });

  test('dedup, top-N and chained queries count the rows their output ended with (q5, q18, q19)', () => {
    const suite = readSuite(out());
    for (const q of ['q5', 'q18', 'q19']) {
      const flink = suite.queries.find((x) => x.q === q)!.engines.find((e) => e.id === 'event')!;
      expect(flink.correctness?.unit).toBe('rows');
      expect(flink.correctness!.exact).toBe(flink.correctness!.total);
      expect(flink.correctness!.total).toBeGreaterThan(0);
    }
  });

  test('stateless queries count records, aggregations windows (q2, q11)', () => {
    const suite = readSuite(out());
    const unit = (q: string) => suite.queries.find((x) => x.q === q)!.engines.find((e) => e.id === 'event')!.correctness?.unit;
    expect(unit('q2')).toBe('records');
    expect(unit('q11')).toBe('windows');
  });

  test('nexmark.json parses and holds what the table prints, row by row and engine by engine', () => {
    const suite = readSuite(out());
    expect(suite.mode).toBe('simulated');
    const rows = tableRows(r.out);
    expect(suite.queries.map((q) => q.q)).toEqual(rows.map((c) => c[0]!.replace(/[*°]$/, '')));
    const ids = [...new Set(suite.queries.flatMap((q) => q.engines.map((e) => e.id)))];
    for (const [i, q] of suite.queries.entries()) {
      const printed = ids.flatMap((id) =>
        printedCells(
          q.engines.find((e) => e.id === id),
          q,
          false,
        ),
      );
      expect(rows[i]!.slice(4)).toEqual(printed);
      expect(q.events).toBe(2000);
      // No CPU time in simulated mode: no per-core figure and no ratio.
      for (const e of q.engines) expect([e.kPerCore, e.ratio]).toEqual([null, null]);
    }
  });

  test('q5 (with its join back) is comparable, q7 (its join back fed at window firing, one instance) differs, and the queries missing from the catalog are named', () => {
    const suite = readSuite(out());
    const byQ = new Map(suite.queries.map((q) => [q.q, q]));
    expect(byQ.get('q5')?.comparable).toBe('yes');
    expect(byQ.get('q7')?.comparable).toBe('differs');
    expect(byQ.get('q3')?.comparable).toBe('yes');
    const inCatalog = new Set(suite.queries.map((q) => q.q));
    const missing = NEXMARK_QUERIES.map((q) => q.q).filter((q) => !inCatalog.has(q));
    expect(suite.notInCatalog).toEqual(missing);
    expect(r.out).toContain(`Not in the catalog (of Nexmark q0–q22): ${missing.join(', ')}; what each needs:`);
    // Each missing query on a line of its own, with what running it takes (SEMANTICS F).
    for (const q of missing) expect(r.out).toContain(`  ${q}: ${NEXMARK_QUERIES.find((x) => x.q === q)!.needs}.`);
    // Every catalog query is the published one or says how it differs: none is marked not comparable (*).
    expect(suite.queries.filter((q) => q.comparable === 'no')).toEqual([]);
    expect(r.out.some((l) => l.startsWith('Flink figures: nexmark/nexmark GUIDE_V1.md'))).toBe(true);
  });
});

test('--queries runs only the named queries, in catalog order, each once', async () => {
  const out = join(dir, 'some');
  const r = await cli('run', 'nexmark', '--events', '1500', '--mode', 'simulated', '--out', out, '--queries', 'q11,nexmark-q3,q11');
  expect(r.code).toBe(0);
  expect(tableRows(r.out).map((c) => c[0])).toEqual(['q3', 'q11']);
  expect(readSuite(out).queries.map((q) => q.scenario)).toEqual(['nexmark-q3', 'nexmark-q11']);
  expect(readdirSync(out).sort()).toEqual(['nexmark-q11', 'nexmark-q3', 'nexmark.json']);
  expect(existsSync(join(out, 'nexmark-q3', 'report.html'))).toBe(true);
  // --json: nexmark.json's object as the one line on stdout, nothing on stderr.
  const json = await cli('run', 'nexmark', '--events', '1500', '--mode', 'simulated', '--out', out, '--queries', 'q11', '--json');
  expect(json.code).toBe(0);
  expect(json.err).toEqual([]);
  expect(json.out).toHaveLength(1);
  expect(JSON.parse(json.out[0]!)).toEqual(readSuite(out));
}, 120_000);

test('real mode: cores are CPU time / wall time over the arrivals, per core counts the drain’s CPU too, and the ratio is to Flink’s figure', async () => {
  const out = join(dir, 'real');
  const r = await cli('run', 'nexmark', '--events', '3000', '--out', out, '--queries', 'q11');
  expect(r.code).toBe(0);
  const suite = readSuite(out);
  expect(suite.mode).toBe('real');
  const q11 = suite.queries[0]!;
  expect(q11.flinkKPerCore).toBe(40);
  const event = q11.engines.find((e) => e.id === 'event')!;
  expect(event.status).toBe('ok');
  const result = JSON.parse(readFileSync(join(out, 'nexmark-q11', 'result.json'), 'utf8')) as {
    engines: Array<{ id: string; throughput: { inputPerSec: number; perCpuSec: number; perCpuSecWithDrain: number } }>;
  };
  const t = result.engines.find((e) => e.id === 'event')!.throughput;
  expect(event.inputPerSec).toBe(t.inputPerSec);
  expect(event.cores).toBeCloseTo(t.inputPerSec / t.perCpuSec, 9);
  // The drain's CPU only adds to the work: per core is never more than over the arrivals alone.
  expect(t.perCpuSecWithDrain).toBeLessThanOrEqual(t.perCpuSec);
  expect(event.kPerCore).toBeCloseTo(t.perCpuSecWithDrain / 1000, 9);
  expect(event.ratio).toBeCloseTo(event.kPerCore! / 40, 9);
  expect(r.out.some((l) => l.includes('×Flink'))).toBe(true);
  expect(r.out.some((l) => l.startsWith('machine: '))).toBe(true);
}, 120_000);

test('a query whose run fails is a failed row with its error, the suite goes on, and the exit code is the failure’s', async () => {
  // A file system that throws a plain TypeError: every scenario's result writer fails as a bug (exit 3);
  // nexmark.json is the suite's own file and still written.
  const broken = {
    openSync: () => {
      throw new TypeError('boom');
    },
  } as unknown as WriteFs;
  const out = join(dir, 'failing');
  const r = await cliWith(
    { writeFs: broken },
    'run',
    'nexmark',
    '--events',
    '1500',
    '--mode',
    'simulated',
    '--out',
    out,
    '--queries',
    'q3,q11',
  );
  expect(r.code).toBe(3);
  expect(r.err.filter((l) => l.includes('internal error'))).toEqual([
    'nexmark-q3: internal error: TypeError: boom (a bug in streamlab; rerun with --debug for the stack)',
    'nexmark-q11: internal error: TypeError: boom (a bug in streamlab; rerun with --debug for the stack)',
  ]);
  const suite = readSuite(out);
  expect(suite.queries.map((q) => [q.q, q.exit, q.engines.length])).toEqual([
    ['q3', 3, 0],
    ['q11', 3, 0],
  ]);
  expect(suite.queries[0]!.error).toBe('internal error: TypeError: boom (a bug in streamlab; rerun with --debug for the stack)');
  expect(tableRows(r.out).map((c) => c[4])).toEqual(['failed (exit 3)', 'failed (exit 3)']);
  expect(r.out).toContain(
    'q11: the run failed with exit 3: internal error: TypeError: boom (a bug in streamlab; rerun with --debug for the stack)',
  );
}, 120_000);
