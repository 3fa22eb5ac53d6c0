// Golden tests: the normalized report (libraries and environment replaced by placeholders, numbers
// rounded) of two catalog scenarios, compared byte for byte with reports/golden/*.html.
// Update deliberately: UPDATE_GOLDEN=1 npm test -- reports/golden
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compareGolden, normalizeHtml } from './golden.ts';
import { renderReport } from './render.ts';
import { catalogResult } from './scenario-fixture.ts';

const GOLDEN_DIR = resolve('reports/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
// 6,000 events (≈ 6 s of arrival time) keep the goldens reviewable while every engine emits and every section has data.
const EVENTS = 6000;

describe('normalized report HTML matches its golden', () => {
  for (const name of ['keyed-tumbling-count', 'late-data']) {
    test(`${name} (${EVENTS} events) renders exactly reports/golden/${name}.html`, () => {
      const html = normalizeHtml(renderReport(catalogResult(name, { events: EVENTS }), { normalized: true }));
      const outcome = compareGolden(join(GOLDEN_DIR, `${name}.html`), html, UPDATE);
      if (outcome.status === 'mismatch' || outcome.status === 'missing') throw new Error(outcome.message);
      expect(['match', 'updated']).toContain(outcome.status);
    });
  }
});

describe('compareGolden', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'golden-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a mismatch writes <name>.actual.html beside the golden and names the first differing line', () => {
    const golden = join(dir, 'x.html');
    writeFileSync(golden, 'a\nb\nc\n');
    const outcome = compareGolden(golden, 'a\nB\nc\n', false);
    expect(outcome.status).toBe('mismatch');
    expect(outcome.status === 'mismatch' ? outcome.message : '').toMatch(/line 2\n {2}golden: b\n {2}actual: B/);
    expect(readFileSync(join(dir, 'x.actual.html'), 'utf8')).toBe('a\nB\nc\n');
  });

  test('a match removes a stale .actual.html; update rewrites the golden', () => {
    const golden = join(dir, 'x.html');
    writeFileSync(golden, 'old');
    expect(compareGolden(golden, 'new', false).status).toBe('mismatch');
    expect(compareGolden(golden, 'new', true).status).toBe('updated');
    expect(readFileSync(golden, 'utf8')).toBe('new');
    expect(compareGolden(golden, 'new', false).status).toBe('match');
    expect(() => readFileSync(join(dir, 'x.actual.html'))).toThrow();
  });

  test('normalizeHtml rounds long decimals to three places and leaves short ones alone', () => {
    expect(normalizeHtml('872.63812 and 8.726 and 1e-7 and -0.00012345')).toBe('872.638 and 8.726 and 1e-7 and 0');
  });
});
