// One Chromium session over freshly built notebooks, for a browser test file: builds the pages into
// test-output/notebooks/<name>/dist, opens them from file:// recording errors and requests, and at the end
// of each test takes the screenshot and asserts no console error, no page error and no request.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium } from 'playwright-core';
import { buildNotebooks } from '../build/build.ts';
import type { TraceFile } from '../lib/trace-builder.ts';
import { CHROMIUM, CHROMIUM_ARGS, chartsDrawn, openPage, type Visit } from './browser.ts';

export const SCREENSHOTS = resolve('test-output', 'notebooks');

export interface Session {
  open(slug: string, hash?: string): Promise<Visit>;
  finish(v: Visit, slug: string): Promise<void>;
  pageTrace(v: Visit): Promise<TraceFile>;
  dist(): string;
}

/** Register beforeAll/afterAll for a session; call inside a describe. */
export function notebookSession(name: string): Session {
  let context: BrowserContext;
  let profile: string;
  const dist = join(SCREENSHOTS, name, 'dist');
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await buildNotebooks(dist);
    profile = mkdtempSync(join(tmpdir(), 'streamlab-notebooks-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    });
  });
  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });
  return {
    dist: () => dist,
    async open(slug, hash = '') {
      const v = await openPage(context, `${pathToFileURL(join(dist, `${slug}.html`)).href}${hash}`);
      await v.page.waitForFunction(() => Number(document.body.dataset.renders ?? 0) > 0);
      await chartsDrawn(v.page);
      return v;
    },
    async finish(v, slug) {
      await chartsDrawn(v.page);
      await v.page.screenshot({ path: join(SCREENSHOTS, `${slug}.png`), fullPage: true });
      expect(v.consoleErrors).toEqual([]);
      expect(v.pageErrors).toEqual([]);
      expect(v.requests).toEqual([]);
      await v.page.close();
    },
    async pageTrace(v) {
      return JSON.parse((await v.page.locator('#trace-json').textContent()) ?? 'null') as TraceFile;
    },
  };
}
