// Opens rendered reports in Debian's Chromium from file:// and checks what a reader would see: no
// console or page errors, zero network requests, every chart rendered with marks, the decision, words and
// tables present; saves screenshots under test-output/. Without Chromium: fails on CI, skips elsewhere.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launch, open as openFile, type Visit, withChromium } from './browser-harness.ts';
import { renderReport } from './render.ts';
import { catalogResult } from './scenario-fixture.ts';

const OUT = resolve('test-output');

withChromium('reports in Chromium from file://', () => {
  let context: BrowserContext;
  let close: () => Promise<void>;
  const files = new Map<string, string>();

  beforeAll(async () => {
    mkdirSync(join(OUT, 'reports'), { recursive: true });
    const cases: Array<[string, string, Parameters<typeof catalogResult>[1]]> = [
      ['late-data', 'late-data', {}],
      ['keyed-tumbling-count', 'keyed-tumbling-count', {}],
      ['keyed-tumbling-count-100k', 'keyed-tumbling-count', { events: 100_000 }],
      ['crash-recovery', 'crash-recovery', {}],
      ['nexmark-q8-pairs', 'nexmark-q8-pairs', { events: 8000 }],
      ['nexmark-q16-window', 'nexmark-q16-window', { events: 3000 }],
    ];
    for (const [file, name, overrides] of cases) {
      const path = join(OUT, 'reports', `${file}.html`);
      writeFileSync(path, renderReport(catalogResult(name, overrides)));
      files.set(file, path);
    }
    ({ context, close } = await launch());
  });

  afterAll(async () => {
    await close?.();
  });

  const open = (file: string): Promise<Visit> => openFile(context, files.get(file)!);

  /** Per chart container: how many drawn mark items (SVG elements inside Vega's mark groups). */
  const marksPerChart = (page: Page) =>
    page.$$eval('figure.chart', (figs) =>
      figs.map((f) => ({
        id: f.id,
        linked: f.hasAttribute('data-linked'),
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
      expect(verdict).toMatch(/Apache Flink.*windows/);
      expect(await v.page.locator('#ranking tbody tr').count()).toBeGreaterThanOrEqual(3);
      expect(await v.page.locator('#summary tbody tr').count()).toBeGreaterThan(10);
      // One data table per chart (its linked panels share it), readable without JavaScript.
      const main = charts.filter((c) => !c.linked).length;
      expect(await v.page.locator('details[id^="data-"]').count()).toBe(main);
      expect(await v.page.$$eval('details[id^="data-"]', (ds) => ds.filter((d) => d.querySelector('table') !== null).length)).toBe(main);
      expect(await v.page.locator('#result-data').count()).toBe(1);
      await v.page.close();
    });
  }

  test('nexmark-q8-pairs (window join): every chart has marks, the join state chart a line per engine and side, no errors', async () => {
    const v = await open('nexmark-q8-pairs');
    const charts = await marksPerChart(v.page);
    expect(charts.map((c) => c.id)).toContain('chart-join-state');
    for (const c of charts) expect({ id: c.id, svg: c.svg, hasMarks: c.marks > 0 }).toEqual({ id: c.id, svg: true, hasMarks: true });
    // Flink, Spark Structured Streaming and Storm report their state; each draws a left and a right line.
    const lines = await v.page.$$eval('#chart-join-state g.mark-line path', (ps) => ps.length);
    expect(lines).toBe(3 * 2);
    expect(await v.page.locator('#data-join-state tbody tr').count()).toBe(3);
    expect(v.consoleErrors).toEqual([]);
    expect(v.pageErrors).toEqual([]);
    expect(v.requests).toEqual([]);
    await v.page.locator('#section-join-state').screenshot({ path: join(OUT, 'join-state.png') });
    await v.page.close();
  });

  test('nexmark-q16-window: multi-aggregate values (objects of named aggregates) render in the differences table, no errors', async () => {
    const v = await open('nexmark-q16-window');
    const charts = await marksPerChart(v.page);
    expect(charts.length).toBeGreaterThanOrEqual(5);
    for (const c of charts) expect({ id: c.id, svg: c.svg }).toEqual({ id: c.id, svg: true });
    expect(v.consoleErrors).toEqual([]);
    expect(v.pageErrors).toEqual([]);
    expect(v.requests).toEqual([]);
    // Spark (append) never emits the day still open at the end: its expected value is the whole object.
    const rows = await v.page.locator('#differences tbody tr').allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.includes('"total_bidders":') && r.includes('"rank3_auctions":'))).toBe(true);
    await v.page.close();
  });

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
    expect(titles).toEqual(
      expect.arrayContaining([
        'Apache Flink (event-2pc)',
        'Apache Flink (event-plain)',
        'Spark Structured Streaming',
        'Apache Storm (tuple-acking)',
        'Apache Storm (tuple-at-most-once)',
      ]),
    );
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
