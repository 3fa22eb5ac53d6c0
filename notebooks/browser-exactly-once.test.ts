// Notebook 9 in Chromium from file://: every sink at every crash point, driven through the page's controls;
// the store table must equal what the Node engine made visible for the same trace and the same injected
// fault, the two-phase-commit sink must match the oracle exactly, and the plain sink must show the replayed
// duplicates. No console errors, no requests; the screenshot goes to test-output/.
import { existsSync } from 'node:fs';
import { sameValue } from './lib/compare.ts';
import { fmtValue, fmtWindow, secs } from './lib/format.ts';
import { resultKey } from './lib/output-ledger.ts';
import * as nb9 from './pages/09-exactly-once/scenario.ts';
import { CHROMIUM, checkExercise, choose, hashValues, rows, setRange, toEnd } from './test-support/browser.ts';
import { oracleValues } from './test-support/expected.ts';
import { runWithFault } from './test-support/expected-faults.ts';
import { notebookSession } from './test-support/session.ts';

const describeIf = existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip;

/** The store table as the Node engine makes it: visible at, window, value, what a reader sees, oracle. */
function expectedStore(file: ReturnType<typeof nb9.traceFor>, crash: nb9.Crash, crashAt: number): string[][] {
  const at = nb9.crashStep(file, crashAt) + (crash === 'after-commit' ? 1 : 0);
  const { visible } = runWithFault(file, at, nb9.faultOf(crash));
  const oracle = oracleValues(file);
  const seen = new Map<string, unknown>();
  return visible.map(({ time, e }) => {
    const id = resultKey(e.key, e.window);
    const reader = !seen.has(id) ? 'new result' : sameValue(seen.get(id), e.value) ? 'the same result again' : 'a changed result';
    seen.set(id, e.value);
    const o = oracle.get(`${JSON.stringify(e.key ?? null)}|${e.window!.start},${e.window!.end}`);
    return [secs(time), fmtWindow(e.window), fmtValue(e.value), reader, sameValue(o, e.value) ? '= oracle' : `oracle: ${fmtValue(o)}`];
  });
}

describeIf('notebook 9 (end-to-end exactly-once) in Chromium from file://', () => {
  const session = notebookSession('exactly-once');

  test('at every crash point the store shows what the engine made visible; 2PC equals the oracle exactly, the plain sink repeats what was replayed', async () => {
    const v = await session.open('09-exactly-once');
    const { page } = v;
    for (const crash of nb9.CRASHES) {
      await choose(page, 'crash', crash);
      for (const sink of nb9.SINKS) {
        await choose(page, 'sink', sink);
        await toEnd(page);
        const p = await hashValues(page, nb9.params);
        expect([p.crash, p.sink]).toEqual([crash, sink]);
        const file = nb9.traceFor(p, sink);
        const shown = await rows(page, 'store-table');
        expect({ crash, sink, rows: shown }).toEqual({ crash, sink, rows: expectedStore(file, crash, p.crashAt) });
        const oracle = oracleValues(file);
        if (sink === 'transactional') {
          // Exactly once: one row per oracle window, each with the oracle's value, nothing repeated.
          expect(shown.map((r) => r[3])).toEqual(shown.map(() => 'new result'));
          expect(shown.map((r) => r[4])).toEqual(shown.map(() => '= oracle'));
          expect(shown).toHaveLength(oracle.size);
        }
        if (sink === 'plain' && (crash === 'before-precommit' || crash === 'after-commit')) {
          const at = nb9.crashStep(file, p.crashAt) + (crash === 'after-commit' ? 1 : 0);
          const replayed = runWithFault(file, at, nb9.faultOf(crash)).log.restarts[0]!.replayed;
          expect(replayed).toBeGreaterThan(0);
          expect(shown.filter((r) => r[3] === 'the same result again').length).toBeGreaterThan(0);
        }
      }
    }
    // The matrix is the same runs: every 2PC cell exact, the plain sink not exact where it repeated.
    const matrix = await rows(page, 'matrix-table');
    expect(matrix.map((r) => r[3])).toEqual(nb9.CRASHES.map(() => 'exact'));
    expect(matrix.find((r) => r[0] === nb9.CRASH_NAME['after-commit'])![1]).toMatch(/duplicate/);
    expect(await checkExercise(page, 'ex-2pc', 'no')).toBe('ok');
    await session.finish(v, '09-exactly-once');
  });

  test('the swimlanes follow the stepper and the latency of committing grows with the checkpoint interval', async () => {
    const v = await session.open('09-exactly-once', '#sink=transactional&crash=between&crashAt=3500');
    const { page } = v;
    await toEnd(page);
    const lanes = await rows(page, 'swimlanes-table');
    // The crash-before-commit checkpoint is pre-committed, the crash follows, and recovery commits it.
    const crashRow = lanes.findIndex((r) => r[2]!.startsWith('crash: restart from checkpoint'));
    expect(crashRow).toBeGreaterThan(0);
    expect(lanes.slice(0, crashRow).some((r) => r[2]!.startsWith('pre-commit transaction'))).toBe(true);
    const latency = await rows(page, 'latency-table');
    const twoPc = latency.filter((r) => r[1] === 'two-phase commit').map((r) => Number.parseFloat(r[2]!));
    expect(twoPc).toEqual([...twoPc].sort((a, b) => a - b));
    expect(latency.filter((r) => r[1] === 'plain').every((r) => r[2] === '0 s')).toBe(true);
    await setRange(page, 'interval', 500);
    expect(await checkExercise(page, 'ex-latency')).toBe('ok');
    await session.finish(v, '09-exactly-once-swimlanes');
  });
});
