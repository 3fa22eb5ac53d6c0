// Notebook 7 in Chromium from file://: the acker's ledger the page shows is the runtime's (the same topology
// run in Node), its XOR column is the XOR of its value column and reaches 0 when the spout hears "ack"; the
// sink's counts equal the Node run's and, against the oracle, show the words counted again after failures;
// the windowed bolt is refused below length + slide with the engine's own message and otherwise shows what
// runTrace emits across a crash. No console errors, no requests; screenshots to test-output/.
import { existsSync } from 'node:fs';
import { parseTrace, runTrace } from '../engines/trace.ts';
import { fmtValue, fmtWindow, secs } from './lib/format.ts';
import * as nb7 from './pages/07-storm-acking/scenario.ts';
import { runTopology } from './pages/07-storm-acking/topology-run.ts';
import { CHROMIUM, checkExercise, hashValues, rendered, rows, setRange, step, toEnd, toggle } from './test-support/browser.ts';
import { traceError } from './test-support/expected.ts';
import { notebookSession } from './test-support/session.ts';

const describeIf = existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip;

const topologyOf = (p: nb7.P) =>
  runTopology({
    sentences: nb7.sentences(p),
    failSplit: p.failSplit,
    failCount: p.failCount,
    acking: p.acking,
    timeout: p.timeout,
    pending: p.pending,
    killAt: p.killAt,
    seed: p.seed,
    until: nb7.UNTIL,
  });

describeIf('notebook 7 (Storm acking) in Chromium from file://', () => {
  const session = notebookSession('storm');

  test('the ledger is the acker’s: its XOR is the XOR of the values and reaches 0 when the tree is acked; the sink against the oracle', async () => {
    const v = await session.open('07-storm-acking', '#failCount=0&tree=2');
    const { page } = v;
    const xorText = () => page.evaluate(() => document.getElementById('xor-value')?.textContent ?? '');
    for (let i = 0; i < 40 && !(await xorText()).includes('complete'); i++) await step(page);
    expect(await xorText()).toContain('complete');
    const p = await hashValues(page, nb7.params);
    const run = topologyOf(p);
    const ledger = await rows(page, 'ledger-table');
    let xor = 0n;
    for (const r of ledger) {
      if (r[1] !== 'fail') xor ^= BigInt(`0x${r[3]}`);
      expect(r[4]).toBe(xor.toString(16).padStart(16, '0'));
    }
    expect(xor).toBe(0n);
    // The root whose ledger this is was acked by the real acker exactly when its XOR came back to 0.
    const root = run.seen.find((s) => s.kind === 'emit' && s.msg === 1)!;
    const verdict = run.seen.find((s) => s.kind === 'verdict' && s.root === (root as { root: string }).root)!;
    expect([verdict.kind === 'verdict' && verdict.outcome, secs(verdict.t)]).toEqual(['ack', ledger.at(-1)![0]]);
    expect(ledger.map((r) => r[1])).toEqual(['init', ...ledger.slice(1).map(() => 'ack')]);
    expect(await checkExercise(page, 'ex-zero', String(ledger.length))).toBe('ok');

    // Failures in count: replays count words again. The sink table is the Node run's, the oracle each word once.
    await setRange(page, 'failCount', 0.3);
    await toEnd(page);
    const q = await hashValues(page, nb7.params);
    const node = topologyOf(q);
    const oracle = new Map<string, number>();
    for (const s of nb7.sentences(q)) for (const w of s.text.split(' ')) oracle.set(w, (oracle.get(w) ?? 0) + 1);
    const sink = await rows(page, 'sink-table');
    expect(sink.map((r) => [r[0], r[1], r[2]])).toEqual(
      [...oracle.keys()].sort().map((w) => [w, node.sink.has(w) ? String(node.sink.get(w)) : '–', String(oracle.get(w))]),
    );
    expect(node.counters.failed).toBeGreaterThan(0);
    expect(sink.some((r) => r[3]!.startsWith('+'))).toBe(true);
    expect(await checkExercise(page, 'ex-twice')).toBe('ok');
    const spout = await rows(page, 'spout-table');
    expect(spout.filter((r) => r[2]!.includes('replay')).length).toBeGreaterThan(0);
    // Acking off: at-most-once, nothing replayed, nothing counted twice.
    await toggle(page, 'acking');
    await toEnd(page);
    expect((await rows(page, 'spout-table')).some((r) => r[2]!.includes('replay'))).toBe(false);
    expect((await rows(page, 'sink-table')).some((r) => r[3]!.startsWith('+'))).toBe(false);
    await session.finish(v, '07-storm-acking');
  });

  test('the windowed bolt: refused when the timeout does not exceed length + slide, and across a crash equal to runTrace', async () => {
    const v = await session.open('07-storm-acking');
    const { page } = v;
    await setRange(page, 'timeout', 3000);
    let p = await hashValues(page, nb7.params);
    expect(await page.textContent('#windowed-description')).toBe(
      `Storm refuses this topology at prepare: ${traceError(nb7.windowedTrace(p))}`,
    );
    expect(await checkExercise(page, 'ex-timeout')).toBe('ok');
    await setRange(page, 'timeout', 6000);
    await rendered(page, () => page.locator('#p-killAt').fill('1500'));
    p = await hashValues(page, nb7.params);
    const expected = runTrace(parseTrace(nb7.windowedTrace(p))).steps.flatMap((s) =>
      s.emissions.flatMap((e) => (e.output === 'main' ? [[fmtWindow(e.window, '(]'), String(e.key), fmtValue(e.value)]] : [])),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect((await rows(page, 'windowed-table')).map((r) => r.slice(0, 3))).toEqual(expected);
    // The kill lost what count held: at the end some word is short of the oracle.
    await toEnd(page);
    expect((await rows(page, 'sink-table')).some((r) => r[3]!.includes('never counted'))).toBe(true);
    await session.finish(v, '07-storm-acking-windowed');
  });
});
