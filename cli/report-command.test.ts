// `streamlab report` and the lab index: files land where the command line says, errors exit 2.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogResult } from '../reports/scenario-fixture.ts';
import { serializeResult } from '../scenarios/result.ts';
import { reportCommand, reportNameFor, writeLabIndex } from './report-command.ts';

let dir: string;
const lines: { out: string[]; err: string[] } = { out: [], err: [] };
const io = { out: (l: string) => void lines.out.push(l), err: (l: string) => void lines.err.push(l) };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-cmd-'));
  lines.out = [];
  lines.err = [];
  mkdirSync(join(dir, 'out', 'keyed-tumbling-count'), { recursive: true });
  writeFileSync(
    join(dir, 'out', 'keyed-tumbling-count', 'result.json'),
    serializeResult(catalogResult('keyed-tumbling-count', { events: 2000, engines: ['event'] })),
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('streamlab report RESULT.json writes report.html beside it; --out picks the file', () => {
  const result = join(dir, 'out', 'keyed-tumbling-count', 'result.json');
  expect(reportCommand(result, {}, io)).toBe(0);
  expect(readFileSync(join(dir, 'out', 'keyed-tumbling-count', 'report.html'), 'utf8')).toContain('id="verdict"');
  expect(reportCommand(result, { out: join(dir, 'elsewhere', 'r.html') }, io)).toBe(0);
  expect(existsSync(join(dir, 'elsewhere', 'r.html'))).toBe(true);
});

test('a missing or invalid result file exits 2 with `path: reason`', () => {
  expect(reportCommand(join(dir, 'nope.json'), {}, io)).toBe(2);
  expect(lines.err[0]).toMatch(/nope\.json: cannot read file \(ENOENT\)/);
  writeFileSync(join(dir, 'bad.json'), '{"schema": 1}');
  expect(reportCommand(join(dir, 'bad.json'), {}, io)).toBe(2);
});

test('the lab index links every scenario report and says which have no result', () => {
  const index = writeLabIndex(['keyed-tumbling-count', 'late-data'], io, join(dir, 'out'), join(dir, 'reports-out'));
  const html = readFileSync(index, 'utf8');
  expect(html).toContain('<a class="title" href="keyed-tumbling-count.html">');
  expect(existsSync(join(dir, 'reports-out', 'keyed-tumbling-count.html'))).toBe(true);
  expect(html).toMatch(/late-data.*no report: .*result\.json was not written/s);
});

test('the lab index marks a scenario whose last run was interrupted, and a result that no longer matches its scenario', () => {
  const runDir = join(dir, 'out', 'keyed-tumbling-count');
  // This result ran 2,000 events on one engine: not the catalog's scenario as it is now.
  writeFileSync(join(runDir, 'result.interrupted.json'), readFileSync(join(runDir, 'result.json')));
  mkdirSync(join(dir, 'out', 'late-data'), { recursive: true });
  writeFileSync(join(dir, 'out', 'late-data', 'result.interrupted.json'), '{}');
  const html = readFileSync(writeLabIndex(['keyed-tumbling-count', 'late-data'], io, join(dir, 'out'), join(dir, 'reports-out')), 'utf8');
  const row = (name: string) => html.match(new RegExp(`<tr data-scenario="${name}"[\\s\\S]*?</tr>`))![0];
  expect(row('keyed-tumbling-count')).toContain(
    '<p class="mark interrupted"><strong>interrupted</strong> — the last run was interrupted (Ctrl-C); these figures are from the last complete run</p>',
  );
  expect(row('keyed-tumbling-count')).toContain(
    '<p class="mark stale"><strong>stale</strong> — this result was run with a different workload, engines than the scenario has now: run it again</p>',
  );
  expect(row('late-data')).toContain('no report: ');
  expect(row('late-data')).toContain('the last run was interrupted (Ctrl-C) before it finished');
});

test('report re-renders beside its own result: an interrupted result never replaces the complete report', () => {
  const runDir = join(dir, 'out', 'keyed-tumbling-count');
  writeFileSync(join(runDir, 'result.interrupted.json'), readFileSync(join(runDir, 'result.json')));
  expect(reportCommand(join(runDir, 'result.interrupted.json'), {}, io)).toBe(0);
  expect(existsSync(join(runDir, 'report.interrupted.html'))).toBe(true);
  expect(existsSync(join(runDir, 'report.html'))).toBe(false);
  expect(reportNameFor('/x/result-real.json')).toBe('/x/report-real.html');
  expect(reportNameFor('/x/mine.json')).toBe('/x/mine.html');
});
