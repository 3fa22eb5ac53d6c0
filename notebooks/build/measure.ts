// `npx tsx notebooks/build/measure.ts`: builds the notebooks, then opens each in Chromium from file://
// and prints its size, the time to its first picture (navigation start → the frame's first render,
// `performance.mark('first-picture')`), the page's own time to draw a Step, and to recompute every
// run and redraw after a slider moves (measured inside the page).
// Figures for the report, not a test: wall-clock times on a shared machine vary.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { NOTEBOOKS } from '../catalog.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../test-support/browser.ts';
import { buildNotebooks, kb } from './build.ts';

const dir = mkdtempSync(join(tmpdir(), 'streamlab-notebooks-measure-'));
const pages = await buildNotebooks(dir);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const RUNS = 3;
console.log('page                      size      first picture   Step      recompute');
for (const m of NOTEBOOKS) {
  const firsts: number[] = [];
  const steps: number[] = [];
  const recomputes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(join(dir, `${m.slug}.html`)).href);
    await page.waitForFunction(() => performance.getEntriesByName('first-picture').length > 0);
    firsts.push(await page.evaluate(() => performance.getEntriesByName('first-picture')[0]!.startTime));
    const timed = async (action: () => Promise<unknown>, compute = false) => {
      const before = await page.evaluate(() => Number(document.body.dataset.renders));
      await action();
      await page.waitForFunction((n) => Number(document.body.dataset.renders) > n, before);
      return page.evaluate((c) => Number(document.body.dataset.renderMs) + (c ? Number(document.body.dataset.computeMs) : 0), compute);
    };
    for (let s = 0; s < 5; s++) steps.push(await timed(() => page.locator('#step').click()));
    const slider = page.locator('.controls input[type=range]').first();
    const max = Number(await slider.getAttribute('max'));
    recomputes.push(await timed(() => slider.fill(String(max)), true));
    await page.close();
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const size = pages.find((p) => p.slug === m.slug)!.bytes;
  console.log(
    `${basename(`${m.slug}.html`).padEnd(28)} ${kb(size).padStart(8)} ${`${Math.round(median(firsts))} ms`.padStart(12)} ${`${Math.round(mean(steps))} ms`.padStart(9)} ${`${Math.round(median(recomputes))} ms`.padStart(10)}`,
  );
}
await browser.close();
rmSync(dir, { recursive: true, force: true });
