// Opens every notebook in Debian's Chromium from file:// (built by the test itself) and drives it as a
// student would: sliders, toggles, Step, the scrubber, dragging an event, exercises, a preset. After
// each drive, what the page shows in its tables must equal what the Node engines give for the same
// trace (runTrace) and the oracle; no console errors, no requests. Screenshots go to test-output/.
// Without Chromium: fails on CI, skips elsewhere.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium } from 'playwright-core';
import { buildNotebooks } from './build/build.ts';
import { NOTEBOOKS, notebookFile } from './catalog.ts';
import { sameValue } from './lib/compare.ts';
import { fmtValue, fmtWatermark, fmtWindow, secs } from './lib/format.ts';
import type { TraceFile } from './lib/trace-builder.ts';
import * as nb1 from './pages/01-two-clocks/scenario.ts';
import * as nb2 from './pages/02-watermarks/scenario.ts';
import * as nb3 from './pages/03-windows/scenario.ts';
import * as nb4 from './pages/04-lateness/scenario.ts';
import * as nb5 from './pages/05-spark-batches/scenario.ts';
import * as nb6 from './pages/06-bounded/scenario.ts';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  chartsDrawn,
  checkExercise,
  choose,
  dragEvent,
  hashValues,
  openPage,
  rendered,
  rows,
  setRange,
  step,
  toEnd,
  toggle,
  type Visit,
} from './test-support/browser.ts';
import {
  countFirings,
  expectationsMet,
  expectedEmissionRows,
  expectedWatermarks,
  lastResults,
  oracleValues,
  recordFates,
  traceError,
} from './test-support/expected.ts';

const INSTALL = 'apt-get update && apt-get install -y chromium';
const OUT = resolve('test-output', 'notebooks');

/** The page's operator watermark column, keeping only the rows where it moved (input columns move on their own). */
function operatorChanges(table: string[][]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let previous = 'none';
  for (const r of table) {
    const op = r[r.length - 1]!;
    if (op !== previous) out.push([r[0]!, op]);
    previous = op;
  }
  return out;
}

/** The watermark runTrace reports after the last step at or before processing time `t` (seconds text). */
function watermarkAt(file: TraceFile, label: string): string {
  const t = Math.round(Number.parseFloat(label) * 1000);
  const cut = expectedWatermarks(file, String(t));
  return cut.length ? cut[cut.length - 1]![1] : 'none';
}

if (!existsSync(CHROMIUM)) {
  const message = `browser tests need Chromium at ${CHROMIUM}; install it with: ${INSTALL}`;
  if (process.env.CI) {
    test(`notebook browser tests: Chromium missing (${INSTALL})`, () => {
      throw new Error(message);
    });
  } else {
    test.skip(`notebook browser tests skipped: Chromium missing, install with ${INSTALL}`, () => {});
  }
} else {
  describe('notebooks in Chromium from file://', () => {
    let context: BrowserContext;
    let profile: string;
    const dist = join(OUT, 'dist');

    beforeAll(async () => {
      mkdirSync(OUT, { recursive: true });
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

    async function open(slug: string, hash = ''): Promise<Visit> {
      const v = await openPage(context, `${pathToFileURL(join(dist, `${slug}.html`)).href}${hash}`);
      await v.page.waitForFunction(() => Number(document.body.dataset.renders ?? 0) > 0);
      await chartsDrawn(v.page);
      return v;
    }

    async function finish(v: Visit, slug: string): Promise<void> {
      await chartsDrawn(v.page);
      await v.page.screenshot({ path: join(OUT, `${slug}.png`), fullPage: true });
      expect(v.consoleErrors).toEqual([]);
      expect(v.pageErrors).toEqual([]);
      expect(v.requests).toEqual([]);
      await v.page.close();
    }

    async function pageTrace(v: Visit): Promise<TraceFile> {
      return JSON.parse((await v.page.locator('#trace-json').textContent()) ?? 'null') as TraceFile;
    }

    test('the index opens with no errors and links every notebook in the order of the course', async () => {
      const v = await openPage(context, pathToFileURL(join(dist, 'index.html')).href);
      const links = await v.page.$$eval('#notebooks a', (as) => as.map((a) => a.getAttribute('href')));
      expect(links).toEqual(NOTEBOOKS.map(notebookFile));
      expect(links.slice(0, 6)).toEqual([
        '01-two-clocks.html',
        '02-watermarks.html',
        '03-windows.html',
        '04-lateness.html',
        '05-spark-batches.html',
        '06-bounded.html',
      ]);
      const numbers = await v.page.$$eval('#notebooks a strong', (ss) => ss.map((s) => Number.parseInt(s.textContent ?? '', 10)));
      expect(numbers).toEqual(NOTEBOOKS.map((m) => m.number));
      await v.page.screenshot({ path: join(OUT, 'index.png'), fullPage: true });
      expect([v.consoleErrors, v.pageErrors, v.requests]).toEqual([[], [], []]);
      await v.page.close();
    });

    test('1 two clocks: slider, Step and a dragged event run the real engine; tables equal runTrace and the oracle', async () => {
      const v = await open('01-two-clocks');
      const { page } = v;
      expect(await page.textContent('#question')).toContain('Which clock decides');
      await setRange(page, 'spread', 2500);
      await step(page);
      await step(page);
      expect(await page.locator('#explain li').count()).toBeGreaterThan(0);
      await dragEvent(page, 5, -90);
      let p = await hashValues(page, nb1.params);
      expect(p.spread).toBe(2500);
      expect(p.moved).toMatch(/^5:\d+$/);
      let file = nb1.traceFor(p, nb1.events(p));
      expect(await pageTrace(v)).toEqual(file);
      expect(await rows(page, 'time-emissions')).toEqual(expectedEmissionRows(file, p.at, p.oracle));
      expect(await rows(page, 'time-watermarks')).toEqual(expectedWatermarks(file, p.at));

      // By processing time, a replay changes results; the comparison table is two runTrace runs and the oracle.
      await choose(page, 'time', 'processing');
      await toEnd(page);
      p = await hashValues(page, nb1.params);
      file = nb1.traceFor(p, nb1.events(p));
      const mine = lastResults(file);
      const replay = lastResults(nb1.traceFor(p, nb1.events(p, p.seed + 1)));
      const oracle = oracleValues(file);
      const table = await rows(page, 'compare-table');
      const ids = new Set([...mine.keys(), ...replay.keys(), ...oracle.keys()]);
      expect(table).toHaveLength(ids.size);
      for (const r of table) {
        const id = [...ids].find((i) => fmtWindow(mine.get(i)?.window ?? replay.get(i)?.window ?? windowOfId(i)) === r[0])!;
        const a = mine.get(id);
        const b = replay.get(id);
        expect(r[1]).toBe(a ? fmtValue(a.value) : '–');
        expect(r[2]).toBe(b ? fmtValue(b.value) : '–');
        expect(r[3]).toBe(a && b && sameValue(a.value, b.value) ? 'same' : 'differs');
        expect(r[4]).toBe(oracle.has(id) ? fmtValue(oracle.get(id)) : '–');
      }
      expect(table.some((r) => r[3] === 'differs')).toBe(true);
      await finish(v, '01-two-clocks');
    });

    test('2 watermarks: a quiet partition holds the operator watermark; withIdleness releases it; each input’s line is its own runTrace', async () => {
      const v = await open('02-watermarks', '#partitions=2&quiet=1');
      const { page } = v;
      await toEnd(page);
      expect(await checkExercise(page, 'ex-idle')).toBe('no');
      await toggle(page, 'idleness');
      await toEnd(page);
      expect(await checkExercise(page, 'ex-idle')).toBe('ok');
      const p = await hashValues(page, nb2.params);
      const evs = nb2.events(p);
      const file = nb2.traceFor(p, evs);
      expect(await pageTrace(v)).toEqual(file);
      expect(await rows(page, 'time-emissions')).toEqual(expectedEmissionRows(file, p.at, p.oracle));
      const wm = await rows(page, 'time-watermarks');
      expect(operatorChanges(wm)).toEqual(expectedWatermarks(file, p.at));
      const alone = ['p0', 'p1'].map((s) =>
        nb2.traceFor(
          p,
          evs.filter((e) => e.stream === s),
          [s],
        ),
      );
      for (const r of wm) {
        if (r[0] === 'end') continue;
        expect([r[1], r[2]]).toEqual(alone.map((f) => watermarkAt(f, r[0]!)));
      }
      // The slider moves the marked point of the completeness curve; arrow keys move a focused event.
      await setRange(page, 'delay', 1000);
      await chartsDrawn(page);
      expect((await rows(page, 'curve-table')).find((r) => r[0]!.endsWith('◀'))?.[0]).toBe('1 s ◀');
      const before = nb2.events(await hashValues(page, nb2.params)).find((e) => e.id === 3)!.arrival;
      await page.locator('#time-svg g.event[data-id="3"]').focus();
      await rendered(page, () => page.keyboard.press('ArrowUp'));
      expect((await hashValues(page, nb2.params)).moved).toBe(`3:${before + 100}`);
      await finish(v, '02-watermarks');
    });

    test('3 windows: a late event merges two sessions; count windows follow arrival order, time windows do not; Spark refuses count windows', async () => {
      // A link to just before the bridge arrives, then Step until it has.
      const v = await open('03-windows', '#at=7000');
      const { page } = v;
      for (let i = 0; i < 10 && Number((await hashValues(page, nb3.params)).at) < 7500; i++) await step(page);
      let p = await hashValues(page, nb3.params);
      const file = nb3.traceFor(p, nb3.events(p));
      expect(await rows(page, 'time-emissions')).toEqual(expectedEmissionRows(file, p.at, p.oracle));
      const merged = (await rows(page, 'sessions-table')).find((r) => r[0] === 'a')!;
      expect(merged[1]).toBe('[0.2 s, 4.8 s) e1 e3 e6 e8 e9 e4');
      expect(merged[2]).toContain('[0.2 s, 4.8 s) e1 e3 e6 e8 e9 e4');

      await choose(page, 'kind', 'count');
      p = await hashValues(page, nb3.params);
      const here = countFirings(nb3.traceFor(p, nb3.events(p), 'count'));
      const shuffled = countFirings(nb3.traceFor(p, nb3.events(p, p.seed + 1), 'count'));
      const table = await rows(page, 'count-table');
      expect(table.map((r) => `${r[0]}|${r[1]}`).sort()).toEqual([...new Set([...here.keys(), ...shuffled.keys()])].sort());
      for (const r of table) {
        const a = here.get(`${r[0]}|${r[1]}`);
        const b = shuffled.get(`${r[0]}|${r[1]}`);
        expect([r[2], r[3], r[4]]).toEqual([
          a === undefined ? '–' : fmtValue(a),
          b === undefined ? '–' : fmtValue(b),
          a !== undefined && b !== undefined && sameValue(a, b) ? 'same' : 'differs',
        ]);
      }
      const times = await rows(page, 'count-time-table');
      expect(times.length).toBeGreaterThan(3);
      expect(times.every((r) => r[4] === 'same')).toBe(true);

      await choose(page, 'engine', 'microbatch');
      p = await hashValues(page, nb3.params);
      expect(await page.textContent('#run-error')).toBe(`The engine refuses this job: ${traceError(nb3.traceFor(p, nb3.events(p)))}`);
      expect(await page.textContent('#count-description')).toContain('no count windows');
      await finish(v, '03-windows');
    });

    test('4 lateness: allowed lateness re-fires a window; every fate matches the records runTrace emits in Flink, Spark and Storm; a preset meets its expectations', async () => {
      const v = await open('04-lateness');
      const { page } = v;
      await setRange(page, 'lateness', 4000);
      expect(await checkExercise(page, 'ex-refire')).toBe('ok');
      await dragEvent(page, 9, -60);
      await toEnd(page);
      const p = await hashValues(page, nb4.params);
      expect(p.moved).toMatch(/^9:\d+$/);
      const evs = nb4.events(p);
      const files = nb4.KINDS.map((k) => nb4.traceFor(p, k, evs));
      expect(await rows(page, 'time-emissions')).toEqual(expectedEmissionRows(files[0]!, p.at, p.oracle));
      const fates = files.map(recordFates);
      const fateRows = await rows(page, 'fates-table');
      expect(fateRows).toHaveLength(evs.length);
      for (const r of fateRows) {
        const id = Number(r[0]!.slice(1));
        fates.forEach((f, i) => {
          const shown = r[3 + i]!;
          expect({ id, engine: i, late: shown === 'late output' }).toEqual({ id, engine: i, late: f.late.has(id) });
          expect({ id, engine: i, dropped: shown === 'dropped' }).toEqual({ id, engine: i, dropped: f.dropped.has(id) });
          expect({ id, engine: i, counted: shown.startsWith('counted') }).toEqual({ id, engine: i, counted: f.counted.has(id) });
        });
      }
      const first = lastResults(files[0]!);
      for (const r of await rows(page, 'lifecycle-table')) {
        const hit = [...first.values()].find((x) => fmtWindow(x.window) === r[0]);
        expect(r[2]).toBe(hit ? secs(hit.first) : '–');
      }

      await rendered(page, () => page.locator('#preset').selectOption('flink-lateness-purging'));
      await toEnd(page);
      const q = await hashValues(page, nb4.params);
      const preset = JSON.parse(readFileSync('engines/conformance/flink-lateness-purging.json', 'utf8')) as TraceFile;
      expect(expectationsMet(preset)).toBe(true);
      expect(await rows(page, 'time-emissions')).toEqual(expectedEmissionRows(preset, q.at, q.oracle));
      expect(await page.locator('#view-lifecycle').isHidden()).toBe(true);
      await finish(v, '04-lateness');
    });

    test('5 Spark batches: the batches, Spark’s results and Flink’s beside them equal runTrace; an exercise checks a predicted time', async () => {
      const v = await open('05-spark-batches', '#at=7000');
      const { page } = v;
      for (let i = 0; i < 3; i++) await step(page);
      let p = await hashValues(page, nb5.params);
      const evs = nb5.events(p);
      const spark = nb5.sparkTrace(p, evs);
      expect(await rows(page, 'time-emissions')).toEqual(expectedEmissionRows(spark, p.at, p.oracle));
      expect(await rows(page, 'flink-emissions')).toEqual(expectedEmissionRows(nb5.flinkTrace(p, evs), p.at, p.oracle));
      const wrote = (await rows(page, 'lanes-table')).map((r) => r[6]).filter((w) => w !== '–');
      expect(wrote.length).toBeGreaterThan(0);
      expect(wrote.join('; ')).toBe(
        expectedEmissionRows(spark, p.at, false)
          .filter((r) => r[2] === 'result')
          .map((r) => `${r[4]} ${r[5]}`)
          .join('; '),
      );
      const sparkAt = lastResults(spark).get('null|0,5000')!.first;
      expect(await checkExercise(page, 'ex-when', String(sparkAt / 1000))).toBe('ok');

      await choose(page, 'mode', 'update');
      expect(await checkExercise(page, 'ex-twice')).toBe('ok');
      await choose(page, 'trigger', 'once');
      await toEnd(page);
      p = await hashValues(page, nb5.params);
      const once = nb5.sparkTrace(p, nb5.events(p));
      expect(await rows(page, 'time-emissions')).toEqual(expectedEmissionRows(once, p.at, p.oracle));
      expect(await page.locator('#lanes-table tbody tr').count()).toBeGreaterThan(0);
      await finish(v, '05-spark-batches');
    });

    test('6 bounded: stream, batch and oracle per window equal runTrace and the oracle; without end of input Flink leaves windows unfired', async () => {
      const v = await open('06-bounded');
      const { page } = v;
      await toggle(page, 'end');
      await toEnd(page);
      const p = await hashValues(page, nb6.params);
      const evs = nb6.events(p);
      const stream = nb6.streamTrace(p, 'event', evs);
      expect(await rows(page, 'time-emissions')).toEqual(expectedEmissionRows(stream, p.at, p.oracle));
      const s = lastResults(stream);
      const b = lastResults(nb6.boundedTrace(p, 'event', evs));
      const oracle = oracleValues(stream);
      for (const r of await rows(page, 'agree-table')) {
        const id = [...oracle.keys()].find((i) => fmtWindow(windowOfId(i)) === r[0])!;
        expect([r[1], r[2], r[3]]).toEqual([
          s.has(id) ? fmtValue(s.get(id)!.value) : '–',
          b.has(id) ? fmtValue(b.get(id)!.value) : '–',
          fmtValue(oracle.get(id)),
        ]);
      }
      const never = [...oracle.keys()].filter((id) => !s.has(id)).length;
      expect(never).toBeGreaterThan(0);
      expect(await checkExercise(page, 'ex-no-end', String(never))).toBe('ok');
      expect(await rows(page, 'time-watermarks')).toEqual(
        expectedWatermarks(stream, p.at).map(([t, w]) => [t, w === fmtWatermark(null) ? 'none' : w]),
      );
      await finish(v, '06-bounded');
    });
  });
}

/** `key|start,end` → the window. */
function windowOfId(id: string): { start: number; end: number } {
  const [start, end] = id.split('|')[1]!.split(',').map(Number);
  return { start: start!, end: end! };
}
