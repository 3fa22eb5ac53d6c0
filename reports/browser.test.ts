// Opens rendered reports in Debian's Chromium from file:// and checks what a reader would see: no
// console or page errors, zero network requests, every chart rendered with marks, the verdict and
// tables present; saves a screenshot under test-output/. Without Chromium: fails on CI, skips elsewhere.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { renderReport } from './render.ts';
import { catalogResult } from './scenario-fixture.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const INSTALL = 'apt-get update && apt-get install -y chromium';
const OUT = resolve('test-output');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

interface Visit {
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  requests: string[];
}

if (!existsSync(CHROMIUM)) {
  const message = `browser tests need Chromium at ${CHROMIUM}; install it with: ${INSTALL}`;
  if (process.env.CI) {
    test(`report browser tests: Chromium missing (${INSTALL})`, () => {
      throw new Error(message);
    });
  } else {
    test.skip(`report browser tests skipped: Chromium missing, install with ${INSTALL}`, () => {});
  }
} else {
  describe('reports in Chromium from file://', () => {
    let context: BrowserContext;
    let profile: string;
    const files = new Map<string, string>();

    beforeAll(async () => {
      mkdirSync(join(OUT, 'reports'), { recursive: true });
      const cases: Array<[string, string, Parameters<typeof catalogResult>[1]]> = [
        ['late-data', 'late-data', {}],
        ['keyed-tumbling-count', 'keyed-tumbling-count', {}],
        ['keyed-tumbling-count-100k', 'keyed-tumbling-count', { events: 100_000 }],
        ['crash-recovery', 'crash-recovery', {}],
      ];
      for (const [file, name, overrides] of cases) {
        const path = join(OUT, 'reports', `${file}.html`);
        writeFileSync(path, renderReport(catalogResult(name, overrides)));
        files.set(file, path);
      }
      profile = mkdtempSync(join(tmpdir(), 'streamlab-chromium-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ARGS,
        viewport: { width: 1000, height: 900 },
      });
    });

    afterAll(async () => {
      await context?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    async function open(file: string): Promise<Visit> {
      const page = await context.newPage();
      const v: Visit = { page, consoleErrors: [], pageErrors: [], requests: [] };
      page.on('console', (m) => {
        if (m.type() === 'error') v.consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => v.pageErrors.push(e.message));
      page.on('request', (r) => {
        if (!/^(file|data|about):/.test(r.url())) v.requests.push(r.url());
      });
      await page.goto(pathToFileURL(files.get(file)!).href, { waitUntil: 'load' });
      await page.waitForFunction(
        () => [...document.querySelectorAll('figure.chart')].every((f) => f.getAttribute('data-rendered') === 'true'),
        null,
        {
          timeout: 20_000,
        },
      );
      return v;
    }

    /** Per chart container: how many drawn mark items (SVG elements inside Vega's mark groups). */
    const marksPerChart = (page: Page) =>
      page.$$eval('figure.chart', (figs) =>
        figs.map((f) => ({
          id: f.id,
          svg: f.querySelector('svg, canvas') !== null,
          marks: f.querySelectorAll('g.role-mark > path, g.role-mark > line, g.role-mark > g').length,
        })),
      );

    for (const file of ['late-data', 'keyed-tumbling-count', 'keyed-tumbling-count-100k', 'crash-recovery']) {
      test(`${file}: renders every chart with marks, no errors, no network requests`, async () => {
        const v = await open(file);
        const charts = await marksPerChart(v.page);
        expect(charts.length).toBeGreaterThanOrEqual(5);
        for (const c of charts) {
          expect({ id: c.id, svg: c.svg, hasMarks: c.marks > 0 }).toEqual({ id: c.id, svg: true, hasMarks: true });
        }
        expect(v.consoleErrors).toEqual([]);
        expect(v.pageErrors).toEqual([]);
        expect(v.requests).toEqual([]);
        const verdict = await v.page.textContent('#verdict');
        expect(verdict).toMatch(/event .*windows/);
        expect(await v.page.locator('#summary tbody tr').count()).toBeGreaterThan(10);
        // One data table per chart, readable without JavaScript.
        expect(await v.page.locator('details[id^="data-"]').count()).toBe(charts.length);
        expect(await v.page.$$eval('details[id^="data-"]', (ds) => ds.filter((d) => d.querySelector('table') !== null).length)).toBe(
          charts.length,
        );
        expect(await v.page.locator('#result-data').count()).toBe(1);
        await v.page.close();
      });
    }

    test('late-data: the differences table filters by cause and engine', async () => {
      const v = await open('late-data');
      const visible = () => v.page.locator('#differences tbody tr:not([hidden])').count();
      const all = await visible();
      expect(all).toBeGreaterThan(0);
      await v.page.selectOption('#diff-cause', 'not-flushed');
      const notFlushed = await visible();
      expect(notFlushed).toBeGreaterThan(0);
      expect(notFlushed).toBeLessThan(all);
      expect(await v.page.textContent('#diff-count')).toBe(`${notFlushed} of ${all} windows`);
      await v.page.selectOption('#diff-cause', '');
      await v.page.fill('#diff-text', 'zzz-no-such-key');
      expect(await visible()).toBe(0);
      await v.page.close();
    });

    test('crash-recovery: the recovery section shows a timeline panel per engine with fault, restart and checkpoint rules, and the figures table', async () => {
      const v = await open('crash-recovery');
      expect(await v.page.locator('#section-recovery h2').textContent()).toBe('Recovery');
      // Seven engines, each with output, latency and watermark panels (Vega names concat cells "concat_<i>_group").
      const titles = await v.page.$$eval('#chart-recovery-timeline g.role-title text', (ts) => ts.map((t) => t.textContent ?? ''));
      expect(titles).toEqual(expect.arrayContaining(['event-2pc', 'event-plain', 'microbatch', 'tuple-acking', 'tuple-at-most-once']));
      const rules = await v.page.$$eval('#chart-recovery-timeline g.mark-rule line', (ls) => ls.length);
      expect(rules).toBeGreaterThan(7 * 3 * 2);
      expect(await v.page.locator('#recovery-figures tbody tr').count()).toBe(7);
      expect(await v.page.textContent('#verdict')).toMatch(/The fault: a crash at 5\.5 s \(2 s down\)/);
      expect(v.consoleErrors).toEqual([]);
      expect(v.requests).toEqual([]);
      const path = join(OUT, 'crash-recovery.png');
      await v.page.screenshot({ path, fullPage: true });
      expect(existsSync(path)).toBe(true);
      await v.page.close();
    });

    test('late-data: saves a full-page screenshot to test-output/late-data.png', async () => {
      const v = await open('late-data');
      const path = join(OUT, 'late-data.png');
      await v.page.screenshot({ path, fullPage: true });
      expect(existsSync(path)).toBe(true);
      await v.page.close();
    });
  });
}
