// Driving a notebook page in Chromium for the browser tests: open it from file:// while recording
// console errors, page errors and every request; move its controls and step it, each time waiting for
// the page to say it rendered (no sleeps); read its tables and its URL state back.
import type { BrowserContext, Page } from 'playwright-core';
import { FRAME_PARAMS, fromHash, type ParamDefs } from '../lib/params.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export interface Visit {
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  requests: string[];
}

export async function openPage(context: BrowserContext, url: string): Promise<Visit> {
  const page = await context.newPage();
  const v: Visit = { page, consoleErrors: [], pageErrors: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') v.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => v.pageErrors.push(e.message));
  page.on('request', (r) => {
    if (!/^(file|data|about):/.test(r.url())) v.requests.push(r.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  return v;
}

export async function renders(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.body.dataset.renders ?? 0));
}

/** Run `action`, then wait until the page has rendered again. */
export async function rendered(page: Page, action: () => Promise<unknown>): Promise<void> {
  const before = await renders(page);
  await action();
  await page.waitForFunction((n) => Number(document.body.dataset.renders ?? 0) > n, before);
}

/** Every Vega-Lite chart on view has finished drawing. */
export async function chartsDrawn(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('figure.chart')].every(
      (f) => (f as HTMLElement).hidden || f.closest('[hidden]') !== null || f.getAttribute('data-rendered') === 'true',
    ),
  );
}

export const setRange = (page: Page, name: string, value: number) => rendered(page, () => page.locator(`#p-${name}`).fill(String(value)));
export const choose = (page: Page, name: string, value: string) =>
  rendered(page, () => page.locator(`label[for="p-${name}-${value}"]`).click());
export const toggle = (page: Page, name: string) => rendered(page, () => page.locator(`#p-${name}`).click());
export const step = (page: Page) => rendered(page, () => page.locator('#step').click());

/** Move the stepper to its last moment. */
export async function toEnd(page: Page): Promise<void> {
  const max = await page.locator('#scrub').getAttribute('max');
  await rendered(page, () => page.locator('#scrub').fill(max ?? '0'));
}

/** The body rows of a table, as cell texts. */
export async function rows(page: Page, id: string): Promise<string[][]> {
  return page.$$eval(`#${id} tbody tr:not(.empty-row)`, (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
  );
}

/** The parameters the page holds in its URL hash, read with the notebook's own definitions. */
export async function hashValues<D extends ParamDefs>(page: Page, defs: D) {
  const hash = await page.evaluate(() => location.hash);
  return fromHash({ ...defs, ...FRAME_PARAMS }, hash) as ReturnType<typeof fromHash<D>> & {
    at: string;
    oracle: boolean;
    preset: string;
    moved: string;
  };
}

/** Drag event `id` of the time picture by `dy` screen pixels (negative: up, later), as a mouse would. */
export async function dragEvent(page: Page, id: number, dy: number, svg = 'time-svg'): Promise<void> {
  // The symbol itself (the group's box also spans its label, and its centre may fall between them).
  const symbol = page.locator(`#${svg} g.event[data-id="${id}"] path`);
  await symbol.scrollIntoViewIfNeeded();
  const box = await symbol.boundingBox();
  if (!box) throw new Error(`event e${id} is not drawn`);
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await rendered(page, async () => {
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x, y + dy / 2, { steps: 3 });
    await page.mouse.move(x, y + dy, { steps: 3 });
    await page.mouse.up();
  });
}

/** Click an exercise's Check (after typing its answer) and return its verdict: 'ok' or 'no'. */
export async function checkExercise(page: Page, id: string, answer?: string): Promise<string> {
  if (answer !== undefined) await page.locator(`#${id}-answer`).fill(answer);
  await page.evaluate((i) => {
    delete document.getElementById(`${i}-result`)!.dataset.status;
  }, id);
  await page.locator(`#${id}-check`).click();
  await page.waitForFunction((i) => document.getElementById(`${i}-result`)?.dataset.status !== undefined, id);
  return (await page.locator(`#${id}-result`).getAttribute('data-status')) ?? '';
}
