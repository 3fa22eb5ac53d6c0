// Notebook 11 in Chromium from file://: the batches the page lists equal the Structured Streaming engine's
// for the page's trace; the curve's point at the slider and Flink's and Storm's latencies equal Node runs of
// the same engines; the delay grows without bound once a second of rows takes longer than a second; the
// DStream table equals runTrace with and without the inverse reduce; "measure here" shows a figure (its value
// is a wall-clock measurement and is not asserted). No console errors, no requests; screenshots to test-output/.
import { existsSync } from 'node:fs';
import { applyAction, type StepEngine } from '../engines/core/engine.ts';
import type { StructuredEngine } from '../engines/microbatch/structured-engine.ts';
import { createTraceEngine, parseTrace, runTrace } from '../engines/trace.ts';
import { secs } from './lib/format.ts';
import type { TraceFile } from './lib/trace-builder.ts';
import { dstreamTrace } from './pages/11-microbatch-interval/dstream.ts';
import * as nb11 from './pages/11-microbatch-interval/scenario.ts';
import { CHROMIUM, checkExercise, hashValues, rows, setRange, step } from './test-support/browser.ts';
import { notebookSession } from './test-support/session.ts';

const describeIf = existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip;

function batchesOf(file: TraceFile) {
  const trace = parseTrace(file);
  const engine = createTraceEngine(trace) as StructuredEngine;
  for (const s of trace.steps) {
    applyAction(engine, s.action);
    engine.drain();
  }
  return engine.batches();
}

/** Each row's latency to its result, driving the engine to every arrival and every activity of its own. */
function latencies(engine: StepEngine, arrivals: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  while (true) {
    const next = Math.min(arrivals[i] ?? Number.POSITIVE_INFINITY, engine.nextActivity() ?? Number.POSITIVE_INFINITY);
    if (!Number.isFinite(next)) break;
    engine.advance(next);
    const add: Array<Record<string, unknown>> = [];
    while (arrivals[i] === next) add.push({ id: i, ts: arrivals[i++]! });
    if (add.length) engine.add(add);
    for (const e of engine.drain()) if (e.output === 'main') for (const id of e.value as number[]) out.push(engine.now() - arrivals[id]!);
  }
  return out.sort((a, b) => a - b);
}

const pct = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

describeIf('notebook 11 (throughput against latency) in Chromium from file://', () => {
  const session = notebookSession('microbatch');

  test('batches, the curve at the slider, Flink and Storm equal the engines in Node; the delay grows without bound under overload', async () => {
    const v = await session.open('11-microbatch-interval');
    const { page } = v;
    await setRange(page, 'interval', 500);
    for (let i = 0; i < 4; i++) await step(page);
    let p = await hashValues(page, nb11.params);
    const file = await session.pageTrace(v);
    expect(file).toEqual(nb11.sparkTrace(p, 500));
    const node = batchesOf(file);
    const shown = await rows(page, 'batches-table');
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual(
      node
        .slice(0, shown.length)
        .map((b) => [
          String(b.batchId),
          secs(b.timestamp),
          secs(b.finishedAt),
          secs(b.finishedAt - b.timestamp),
          String(b.end - b.start),
          secs(b.end > b.start ? b.timestamp - nb11.events(p)[b.start]!.arrival : 0),
          b.finishedAt - b.timestamp > 500 ? 'yes' : 'no',
        ]),
    );
    const evs = nb11.events(p);
    const lat = node
      .flatMap((b) => Array.from({ length: b.end - b.start }, (_, k) => b.finishedAt - evs[b.start + k]!.arrival))
      .sort((a, b) => a - b);
    const curve = await rows(page, 'curve-table');
    const mine = curve.find((r) => r[1] === '0.5 s ◀')!;
    expect(mine.slice(2, 4)).toEqual([secs(pct(lat, 0.5)), secs(pct(lat, 0.99))]);
    const arrivals = evs.map((e) => e.arrival);
    for (const [who, kind] of [
      ['Flink', 'event'],
      ['Storm', 'tuple'],
    ] as const) {
      const l = latencies(createTraceEngine(parseTrace(nb11.recordTrace(kind, p))), arrivals);
      expect(curve.find((r) => r[0] === who)!.slice(2, 4)).toEqual([secs(pct(l, 0.5)), secs(pct(l, 0.99))]);
    }
    expect(await checkExercise(page, 'ex-grow')).toBe('no');
    await setRange(page, 'perRow', 25);
    p = await hashValues(page, nb11.params);
    expect(p.perRow * p.rate).toBeGreaterThan(1000);
    expect(await checkExercise(page, 'ex-grow')).toBe('ok');
    expect((await rows(page, 'curve-table')).some((r) => r[5]!.includes('still waiting'))).toBe(true);
    await session.finish(v, '11-microbatch-interval');
  });

  test('the DStream windows equal runTrace with and without the inverse reduce, and “measure here” shows a figure', async () => {
    const v = await session.open('11-microbatch-interval', '#winBatches=3&slideBatches=1');
    const { page } = v;
    const p = await hashValues(page, nb11.params);
    const counts = (inverse: boolean) => {
      const out = new Map<string, number>();
      for (const s of runTrace(parseTrace(dstreamTrace(p, inverse))).steps)
        for (const e of s.emissions) if (e.output === 'main') out.set(`${secs(e.window!.end)}|${String(e.key)}`, Number(e.value));
      return out;
    };
    const [plain, inverse] = [counts(false), counts(true)];
    const table = await rows(page, 'dstream-table');
    expect(table.length).toBe(new Set([...plain.keys(), ...inverse.keys()]).size);
    for (const r of table) {
      const id = `${r[0]}|${r[2]}`;
      expect([r[3], r[4]]).toEqual([plain.has(id) ? String(plain.get(id)) : '–', inverse.has(id) ? String(inverse.get(id)) : '–']);
    }
    const zeros = table.filter((r) => r[3] === '–' && r[4] === '0').length;
    expect(zeros).toBeGreaterThan(0);
    expect(await checkExercise(page, 'ex-zero', String(zeros))).toBe('ok');
    await page.locator('#measure').click();
    await page.waitForFunction(() => document.querySelectorAll('#measure-table tbody tr:not(.empty-row)').length === 3, null, {
      timeout: 60_000,
    });
    await page.waitForFunction(() => document.getElementById('measure-chart')?.getAttribute('data-rendered') === 'true');
    const measured = await rows(page, 'measure-table');
    expect(measured.map((r) => r[0])).toEqual(['Flink (event)', 'Spark (micro-batch)', 'Storm (tuple)']);
    for (const r of measured) expect(Number(r[1]!.replaceAll(',', ''))).toBeGreaterThan(0);
    await session.finish(v, '11-microbatch-interval-measured');
  });
});
