// What the browser tests share: Debian's Chromium from file:// (flags of the house), a page opened with
// its console errors, page errors and network requests recorded, and a wait for every chart to render —
// on DOM state, never on a fixed sleep. Without Chromium: a failing test on CI, a skipped one elsewhere.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const INSTALL = 'apt-get update && apt-get install -y chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface Visit {
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  requests: string[];
}

/** Registers `suite` when Chromium is there; otherwise a test that says how to install it. */
export function withChromium(name: string, suite: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, suite);
    return;
  }
  const message = `browser tests need Chromium at ${CHROMIUM}; install it with: ${INSTALL}`;
  if (process.env.CI) {
    test(`${name}: Chromium missing (${INSTALL})`, () => {
      throw new Error(message);
    });
  } else {
    test.skip(`${name} skipped: Chromium missing, install with ${INSTALL}`, () => {});
  }
}

/** A persistent headless context in a temporary profile; `close` removes both. */
export async function launch(viewport = { width: 1000, height: 900 }): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'streamlab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Open a file and wait until every chart on it says it rendered (`data-rendered`). */
export async function open(context: BrowserContext, file: string): Promise<Visit> {
  const page = await context.newPage();
  const v: Visit = { page, consoleErrors: [], pageErrors: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') v.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => v.pageErrors.push(e.message));
  page.on('request', (r) => {
    if (!/^(file|data|about):/.test(r.url())) v.requests.push(r.url());
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.waitForFunction(
    () => [...document.querySelectorAll('figure.chart')].every((f) => f.getAttribute('data-rendered') === 'true'),
    null,
    { timeout: 30_000 },
  );
  return v;
}
