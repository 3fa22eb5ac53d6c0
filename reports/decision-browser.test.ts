// Issue 14 in Chromium, on two catalog scenarios (late-data, crash-recovery) and on a user-file scenario (a
// CSV of epoch-millisecond clicks written here, some rows 7 s late): the decision box names each system and
// ranks them; brushing the overview changes the visible domain of every panel (and dragging the brush pans
// it); dropped records have their own colour; a panel's row can be hidden; the index matrix links every
// cell to a report that opens. Waits on DOM state only. Screenshots: test-output/report-top.png,
// test-output/event-time-zoomed.png, test-output/index.png.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { buildResult, type Result } from '../scenarios/result.ts';
import { runScenario } from '../scenarios/runner.ts';
import { parseScenario } from '../scenarios/scenario.ts';
import { launch, open, withChromium } from './browser-harness.ts';
import { LATE_COLOURS } from './charts/event-time.ts';
import { engineViews, NEUTRAL } from './engines.ts';
import { renderIndex } from './index-page.ts';
import { renderReport } from './render.ts';
import { catalogResult, FIXED_ENVIRONMENT } from './scenario-fixture.ts';

const OUT = resolve('test-output');
const DIR = join(OUT, 'lab');
const T0 = 1_700_000_000_000; // 2023-11-14 22:13:20 UTC

/** 3,000 clicks, one every 100 ms, ten users; every seventh written 7 s later in the file (so it arrives late). */
function userFileResult(dir: string): Result {
  const rows = Array.from({ length: 3000 }, (_, i) => ({
    ts: T0 + i * 100,
    user: `u${i % 10}`,
    at: T0 + i * 100 + (i % 7 === 3 ? 7000 : 0),
  }));
  rows.sort((a, b) => a.at - b.at);
  const path = join(dir, 'clicks.csv');
  writeFileSync(path, `ts,user\n${rows.map((r) => `${r.ts},${r.user}`).join('\n')}\n`);
  const s = parseScenario({
    name: 'my-clicks',
    title: 'My clicks per user, 10 s windows',
    question: 'With some clicks 7 s late and a 2 s watermark delay, which model counts my users’ clicks right?',
    workload: { generator: 'file', file: { path, timestamp: 'ts', key: 'user' } },
    job: { key: 'user', window: { kind: 'tumbling', size: 10_000 }, aggregate: { fn: 'count' }, watermark: { delay: 2000 } },
    engines: [{ kind: 'event' }, { kind: 'microbatch' }, { kind: 'tuple', messageTimeout: 300_000 }],
  });
  return buildResult(s, runScenario(s), { ...FIXED_ENVIRONMENT });
}

/** The domain a panel's x axis shows, from Vega's own description of the axis. */
async function xDomain(page: Page, figure: string): Promise<[number, number]> {
  const label = await page.$$eval(`#${figure} svg g.role-axis`, (gs) =>
    gs.map((g) => g.getAttribute('aria-label') ?? '').find((l) => l.startsWith('X-axis')),
  );
  const m = /values from (-?[\d.]+) to (-?[\d.]+)/.exec(label ?? '');
  if (!m) throw new Error(`no x axis domain on ${figure}: ${label}`);
  return [Number(m[1]), Number(m[2])];
}

/** Drag on the overview's plot area between two fractions of its width and height. */
async function drag(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const plot = page.locator('#chart-event-time svg path.background').first();
  await plot.scrollIntoViewIfNeeded();
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 6 });
  await page.mouse.up();
}

withChromium('issue 14 in Chromium: decision, zoom, dropped records, index matrix', () => {
  let context: BrowserContext;
  let close: () => Promise<void>;
  let data = '';
  const results = new Map<string, Result>();
  const file = (name: string) => join(DIR, `${name}.html`);

  beforeAll(async () => {
    mkdirSync(DIR, { recursive: true });
    data = mkdtempSync(join(tmpdir(), 'streamlab-user-file-'));
    results.set('late-data', catalogResult('late-data'));
    results.set('crash-recovery', catalogResult('crash-recovery'));
    results.set('my-clicks', userFileResult(data));
    for (const [name, r] of results) writeFileSync(file(name), renderReport(r));
    writeFileSync(
      file('index'),
      renderIndex(
        [...results].map(([name, result]) => ({
          name,
          href: `${name}.html`,
          result,
          ...(name === 'crash-recovery'
            ? { status: { stale: 'this result was run with a different workload than the scenario has now' } }
            : {}),
        })),
      ),
    );
    ({ context, close } = await launch({ width: 1000, height: 1300 }));
  });

  afterAll(async () => {
    await close?.();
    if (data) rmSync(data, { recursive: true, force: true });
  });

  for (const name of ['late-data', 'crash-recovery', 'my-clicks']) {
    test(`${name}: the decision box names each system and ranks them`, async () => {
      const v = await open(context, file(name));
      const r = results.get(name)!;
      const rows = await v.page.$$eval('#ranking tbody tr', (trs) =>
        trs.map((tr) => ({
          system: tr.getAttribute('data-system'),
          place: tr.getAttribute('data-place'),
          name: tr.querySelector('.system')?.textContent ?? '',
        })),
      );
      const views = engineViews(r);
      expect(new Set(rows.map((x) => x.system))).toEqual(new Set(r.engines.map((e) => e.model?.system)));
      expect(rows.map((x) => x.name).sort()).toEqual(views.map((x) => x.name).sort());
      for (const x of rows) expect(x.name).toMatch(/^(Apache Flink|Spark Structured Streaming|Spark DStreams|Apache Storm)\b/);
      // Places run from 1 and never fall; an engine that could not run comes last, unranked.
      const places = rows.map((x) => (x.place === '' ? Number.POSITIVE_INFINITY : Number(x.place)));
      expect(places[0]).toBe(1);
      for (let i = 1; i < places.length; i++) expect(places[i]!).toBeGreaterThanOrEqual(places[i - 1]!);
      expect(await v.page.textContent('#decision-lead')).toContain(`${rows[0]!.name} `);
      expect(await v.page.locator('#decision .changes li, #decision p.empty').count()).toBeGreaterThan(0);
      expect(v.consoleErrors).toEqual([]);
      expect(v.pageErrors).toEqual([]);
      expect(v.requests).toEqual([]);
      if (name === 'late-data') {
        await v.page.evaluate(() => window.scrollTo(0, 0));
        await v.page.screenshot({ path: join(OUT, 'report-top.png') });
        expect(existsSync(join(OUT, 'report-top.png'))).toBe(true);
      }
      await v.page.close();
    });

    test(`${name}: brushing the overview zooms every panel, and dragging the brush pans them`, async () => {
      const v = await open(context, file(name));
      const panels = await v.page.$$eval('figure[data-linked]', (fs) => fs.map((f) => f.id));
      expect(panels.length).toBe(results.get(name)!.engines.filter((e) => 'series' in e).length);
      const before = await xDomain(v.page, panels[0]!);
      await drag(v.page, [0.4, 0.05], [0.6, 0.95]);
      for (const id of panels) await v.page.waitForSelector(`#${id}[data-zoom]:not([data-zoom=""])`);
      const zoomOf = async () => (await v.page.getAttribute(`#${panels[0]}`, 'data-zoom'))!.split(';')[0]!.split(',').map(Number);
      const zoom = await zoomOf();
      const after = await xDomain(v.page, panels[0]!);
      // The visible domain is the brushed one (as the axis words it, to its rounding): inside the whole run's, and narrower.
      const width = zoom[1]! - zoom[0]!;
      expect(after[1] - after[0]).toBeLessThan((before[1] - before[0]) / 2);
      expect(after[0]).toBeGreaterThanOrEqual(before[0]);
      expect(after[1]).toBeLessThanOrEqual(before[1]);
      expect(Math.abs(after[0] - zoom[0]!)).toBeLessThanOrEqual(Math.max(1, width / 10));
      expect(Math.abs(after[1] - zoom[1]!)).toBeLessThanOrEqual(Math.max(1, width / 10));
      for (const id of panels.slice(1)) expect(await xDomain(v.page, id)).toEqual(after);
      // Dragging the brush itself moves the window: the same width, a later start.
      const was = await v.page.getAttribute(`#${panels[0]}`, 'data-zoom');
      await drag(v.page, [0.5, 0.5], [0.65, 0.5]);
      await v.page.waitForFunction(([id, old]) => document.getElementById(id!)?.getAttribute('data-zoom') !== old, [panels[0]!, was]);
      const panned = await zoomOf();
      expect(panned[0]).toBeGreaterThan(zoom[0]!);
      expect(panned[1]! - panned[0]!).toBeCloseTo(width, 6);
      expect((await xDomain(v.page, panels[0]!))[0]).toBeGreaterThan(after[0] - 1);
      if (name === 'late-data') await v.page.locator('#block-event-time').screenshot({ path: join(OUT, 'event-time-zoomed.png') });
      expect(v.pageErrors).toEqual([]);
      await v.page.close();
    });

    test(`${name}: records an engine dropped as late are drawn in their own colour, and a panel's row can be hidden`, async () => {
      const v = await open(context, file(name));
      const r = results.get(name)!;
      const views = engineViews(r).filter((x) => x.ok !== undefined);
      const dropping = views.findIndex((x) => (x.ok!.series.late ?? []).some((p) => p.output === 'dropped'));
      expect(dropping).toBeGreaterThanOrEqual(0);
      const panel = `chart-event-time-${dropping + 1}`;
      const fills = await v.page.$$eval(`#${panel} svg g.dropped_records_marks path`, (ps) => ps.map((p) => p.getAttribute('fill')));
      expect(fills.length).toBeGreaterThan(0);
      expect(new Set(fills)).toEqual(new Set([LATE_COLOURS.dropped]));
      // Its own: not the events' grey, not any engine's colour, and no other mark of the panel uses it.
      expect([NEUTRAL, '#8c8c8c', ...views.map((x) => x.colour)]).not.toContain(LATE_COLOURS.dropped);
      const others = await v.page.$$eval(
        `#${panel} svg g.role-mark:not(.dropped_records_marks) > *`,
        (els, colour) => els.filter((e) => e.getAttribute('fill') === colour || e.getAttribute('stroke') === colour).length,
        LATE_COLOURS.dropped,
      );
      expect(others).toBe(0);
      // Hide the row, and show it again.
      const box = v.page.locator(`input[data-panel="${panel}"]`);
      await box.uncheck();
      await v.page.waitForSelector(`#${panel}`, { state: 'hidden' });
      expect(await v.page.locator('figure[data-linked]:visible').count()).toBe(views.length - 1);
      await box.check();
      await v.page.waitForSelector(`#${panel}`, { state: 'visible' });
      await v.page.close();
    });
  }

  test('the index matrix: every cell with a result links to its report, which opens at the decision', async () => {
    const v = await open(context, file('index'));
    const cells = await v.page.$$eval('#matrix tbody td[data-system]:not(.none)', (tds) =>
      tds.map((td) => ({
        system: td.getAttribute('data-system'),
        links: [...td.querySelectorAll('a.chip')].map((a) => (a as HTMLAnchorElement).href),
        text: td.textContent ?? '',
      })),
    );
    // Three scenarios; each runs Flink, Spark Structured Streaming and Storm.
    expect(cells).toHaveLength(9);
    for (const c of cells) {
      expect(c.links.length).toBeGreaterThan(0);
      for (const href of c.links) expect(existsSync(fileURLToPath(href.replace(/#.*$/, '')))).toBe(true);
      expect(c.text).toMatch(/p50 [\d.]+ m?s|not supported|no results/);
    }
    const rows = await v.page.$$eval('#matrix tbody th .row-question', (ps) => ps.map((p) => p.textContent));
    expect(rows).toEqual([...results.values()].map((r) => (r.scenario as { question: string }).question));
    expect(await v.page.locator('tr.stale .mark.stale').count()).toBe(1);
    await v.page.screenshot({ path: join(OUT, 'index.png'), fullPage: true });
    await v.page.locator('td[data-system="Apache Storm"] a.chip').first().click();
    await v.page.waitForURL(/late-data\.html#decision$/);
    await v.page.waitForSelector('#decision #ranking');
    expect(v.requests).toEqual([]);
    await v.page.close();
  });
});
