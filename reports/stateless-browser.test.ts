// A stateless job's report (issue 18, Nexmark q2 with a crash) in Chromium from file://: no console or page
// errors, no network requests, every chart drawn, and the words and tables a windowed report has, in
// records rather than windows.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { loadScenario } from '../scenarios/catalog.ts';
import { buildResult, type Result } from '../scenarios/result.ts';
import { runScenario } from '../scenarios/runner.ts';
import { parseScenario } from '../scenarios/scenario.ts';
import { launch, open, withChromium } from './browser-harness.ts';
import { renderReport } from './render.ts';
import { FIXED_ENVIRONMENT } from './scenario-fixture.ts';

const OUT = resolve('test-output', 'reports');

/** nexmark-q2 at 6,000 events, with a crash at 3 s (faults are measured in simulated mode). */
function statelessResult(): Result {
  const { scenario } = loadScenario('nexmark-q2');
  const s = parseScenario({
    name: 'nexmark-q2-crash',
    title: scenario.title,
    question: scenario.question,
    workload: { generator: 'nexmark', events: 6000, rate: 1000, seed: 42 },
    job: { stateless: true, filter: { expr: "kind = 'bid' AND auction % 123 = 0" }, map: { auction: 'auction', price: 'price' } },
    checkpoint: { interval: 1000 },
    faults: [{ at: 3000, kind: 'crash', downtime: 500 }],
    engines: [{ kind: 'event' }, { kind: 'microbatch' }, { kind: 'microbatch', flavor: 'dstream' }, { kind: 'tuple' }],
  });
  return buildResult(s, runScenario(s), { ...FIXED_ENVIRONMENT });
}

withChromium('a stateless report in Chromium', () => {
  let context: BrowserContext;
  let close: () => Promise<void>;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const results = { 'nexmark-q22': loadAndRun('nexmark-q22'), 'nexmark-q2-crash': statelessResult() };
    for (const [name, r] of Object.entries(results)) {
      files[name] = join(OUT, `${name}.html`);
      writeFileSync(files[name], renderReport(r));
    }
    ({ context, close } = await launch());
  });
  afterAll(async () => {
    await close?.();
  });

  test.each(['nexmark-q22', 'nexmark-q2-crash'])('%s: every chart drawn, no errors, no requests', async (name) => {
    const v = await open(context, files[name]!);
    const charts = await v.page.$$eval('figure.chart', (figs) =>
      figs.map((f) => ({ id: f.id, svg: f.querySelector('svg, canvas') !== null })),
    );
    expect(charts.length).toBeGreaterThanOrEqual(3);
    for (const c of charts) expect(c).toEqual({ id: c.id, svg: true });
    expect(v.consoleErrors).toEqual([]);
    expect(v.pageErrors).toEqual([]);
    expect(v.requests).toEqual([]);
    expect(await v.page.locator('#summary tbody tr').count()).toBeGreaterThan(3);
    await v.page.close();
  });
});

function loadAndRun(name: string): Result {
  const { scenario } = loadScenario(name, { events: 4000 });
  return buildResult(scenario, runScenario(scenario), { ...FIXED_ENVIRONMENT });
}
