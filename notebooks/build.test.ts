// `npm run notebooks` as a function: every notebook page of the catalog and an index, each one self-contained (its
// scripts inline, a policy that blocks every request), under the 2 MB budget, with the engines inside;
// the lab's front page links them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { renderIndex } from '../reports/index-page.ts';
import { type BuiltPage, buildNotebooks, PAGE_LIMIT, sizeLines } from './build/build.ts';
import { VALID_MODULE } from './build/csp-safe.ts';
import { STATE_SIZES } from './build/state-backend-figures.ts';
import { NOTEBOOKS, notebookFile } from './catalog.ts';

describe('the notebooks build', () => {
  let dir: string;
  let pages: BuiltPage[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streamlab-notebooks-'));
    pages = await buildNotebooks(dir);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('writes one page per notebook and the index', () => {
    expect(pages.map((p) => basename(p.path))).toEqual([...NOTEBOOKS.map(notebookFile), 'index.html']);
  });

  test('every page keeps under 2 MB, and the build prints each size', () => {
    for (const p of pages) expect({ page: p.slug, under: p.bytes < PAGE_LIMIT }).toEqual({ page: p.slug, under: true });
    const lines = sizeLines(pages);
    expect(lines).toHaveLength(NOTEBOOKS.length + 1);
    expect(lines[0]).toMatch(/^01-two-clocks\.html +\d+ kB {2}\(page script \d+ kB\)$/);
  });

  test('each page blocks every request and loads nothing from outside itself', () => {
    for (const p of pages) {
      const html = readFileSync(p.path, 'utf8');
      expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
      // The markup around the inline scripts: no element loads anything (a literal `</script` inside them is escaped).
      const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/g, '$1</script>');
      // Markup and stylesheet only (part II's pictures brought the stylesheet to about 20 kB).
      expect(markup.length).toBeLessThan(30_000);
      expect(markup.match(/<(script|link|img|iframe)\b[^>]*\b(src|href)=/gi)).toBeNull();
      expect(markup).not.toMatch(/\bconnect-src\b/);
      // Nothing compiles code from strings (csp-safe.ts), so the policy has no 'unsafe-eval'.
      expect(markup).not.toContain('unsafe-eval');
    }
  });

  test('the CSP-safe null check in place of Arrow’s compiled one gives the same answers', async () => {
    const { createIsValidFunction: arrow } = (await import('apache-arrow/builder/valid')) as {
      createIsValidFunction: (nulls?: unknown[]) => (x: unknown) => boolean;
    };
    const ours = (await import(`data:text/javascript,${encodeURIComponent(VALID_MODULE)}`)) as { createIsValidFunction: typeof arrow };
    const values = [null, undefined, 0, -0, 1, Number.NaN, '', 'N/A', 'x', 1n, true, false, {}, []];
    for (const nulls of [undefined, [], [null, undefined], [null, 'N/A', Number.NaN], [0, 1n, false], [Number.NaN]]) {
      const a = arrow(nulls);
      const b = ours.createIsValidFunction(nulls);
      for (const v of values) expect({ nulls, v, valid: b(v) }).toEqual({ nulls, v, valid: a(v) });
    }
  });

  test('each notebook page carries the engines, the oracle and Vega inline', () => {
    for (const p of pages.slice(0, NOTEBOOKS.length)) {
      const html = readFileSync(p.path, 'utf8');
      // Error texts of engines/trace.ts, the microbatch and tuple engines: the code the lab runs, bundled.
      expect(html).toContain('explicit watermarks need job.watermark');
      expect(html).toContain('Structured Streaming has no count windows');
      expect(html).toContain('Storm has no session windows');
      expect(html).toContain('missing event-time timestamp');
      expect(html).toContain('data-library="vega-lite"');
      expect(html).toContain(`data-notebook="${p.slug}"`);
    }
  });

  test('notebook 10 carries the state backends’ checkpoint figures measured in Node by this build, heap and lmdb at each size', () => {
    const html = readFileSync(pages.find((p) => p.slug === '10-savepoints')!.path, 'utf8');
    // esbuild inlines the figures as an object literal in the page's script.
    expect(html.match(/backend:"heap",entries:[\de]+,bytes:\d+,ms:[\d.]+/g)).toHaveLength(STATE_SIZES.length);
    expect(html.match(/backend:"lmdb",entries:[\de]+,bytes:\d+,ms:[\d.]+/g)).toHaveLength(STATE_SIZES.length);
    expect(html).toContain('does not run in a browser');
  });

  test('the index lists the notebooks as a course, each with the question it answers', () => {
    const html = readFileSync(pages[NOTEBOOKS.length]!.path, 'utf8');
    for (const m of NOTEBOOKS) {
      expect(html).toContain(`<a href="${notebookFile(m)}"><strong>${m.number}. `);
      expect(html).toContain(m.question.slice(0, 40));
    }
  });

  test('the lab’s front page links the notebooks built beside the reports', () => {
    const html = renderIndex([]);
    expect(html).toContain('<a href="notebooks/index.html">all notebooks</a>');
    for (const m of NOTEBOOKS) expect(html).toContain(`<a href="notebooks/${notebookFile(m)}">${m.number}. `);
  });
});
