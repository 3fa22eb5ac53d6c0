// Notebook 8 in Chromium from file://: the channel picture against the engine (what it draws on the way or
// held equals what the engine has not read, at moments across the run), the checkpoints and results tables
// against createTraceEngine and runTrace for the same trace, in all three modes with a crash; Spark's sink
// rows against runTrace of its trace. No console errors, no requests; screenshots to test-output/.
import { existsSync } from 'node:fs';
import { fmtValue, fmtWindow, secs } from './lib/format.ts';
import type { TraceFile } from './lib/trace-builder.ts';
import * as nb8 from './pages/08-checkpoints/scenario.ts';
import { sparkRun } from './pages/08-checkpoints/spark-log.ts';
import { CHROMIUM, checkExercise, choose, hashValues, rendered, rows, setRange, toEnd } from './test-support/browser.ts';
import { recoveryLogOf, runWithFault, unreadAfterEachStep } from './test-support/expected-faults.ts';
import { notebookSession } from './test-support/session.ts';

const describeIf = existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip;

/** Main outputs of the engine as the results tables print them: time (the engine's clock after the step), key, window, value. */
function outputs(file: TraceFile): string[][] {
  return runWithFault(file).visible.map(({ time, e }) => [secs(time), String(e.key ?? '–'), fmtWindow(e.window), fmtValue(e.value)]);
}

/** The last step of the moment that starts with `{advance: at}` (the steps up to the next advance or the end). */
function lastStepOf(file: TraceFile, at: string): number {
  const first = file.steps.findIndex((s) => s.advance === Number(at));
  const next = file.steps.findIndex((s, j) => j > first && (s.advance !== undefined || s.end !== undefined));
  return (next < 0 ? file.steps.length : next) - 1;
}

describeIf('notebook 8 (checkpoints and barriers) in Chromium from file://', () => {
  const session = notebookSession('checkpoints');

  test('the channels drawn hold what the engine has not read; checkpoints, results and restarts equal the Node engine in every mode', async () => {
    const v = await session.open('08-checkpoints');
    const { page } = v;
    // Aligned is the default: the other two first, then back to it (a click on the checked one changes nothing).
    for (const mode of ['unaligned', 'at-least-once', 'exactly-once'] as const) {
      await choose(page, 'mode', mode);
      const file = await session.pageTrace(v);
      const p = await hashValues(page, nb8.params);
      expect(file).toEqual(nb8.traceFor(p));
      const unread = unreadAfterEachStep(file);
      const moments = Number(await page.locator('#scrub').getAttribute('max')) + 1;
      // Moments spread over the run, the alignment of checkpoint 1 among them.
      for (let i = 0; i < moments - 1; i += 7) {
        await rendered(page, () => page.locator('#scrub').fill(String(i)));
        const both = (await rows(page, 'channels-table')).find((r) => r[0] === 'both')!;
        const expected = unread[lastStepOf(file, (await hashValues(page, nb8.params)).at)]!;
        expect({ mode, moment: i, engine: both[3] }).toEqual({ mode, moment: i, engine: String(expected) });
        expect(Number(both[1]) + Number(both[2])).toBe(expected);
      }
      await toEnd(page);
      const log = recoveryLogOf(file);
      const table = await rows(page, 'checkpoints-table');
      expect(table.map((r) => r.slice(0, 3))).toEqual(log.checkpoints.map((c) => [String(c.id), secs(c.triggeredAt), secs(c.completedAt)]));
      expect(await page.textContent('#restart-note')).toContain(
        `restored checkpoint ${log.restarts[0]!.fromCheckpoint}, the source rewound and replayed ${log.restarts[0]!.replayed} records`,
      );
      expect((await rows(page, 'results-table')).map((r) => r.slice(0, 4))).toEqual(outputs(file));
      if (mode === 'unaligned') expect(table.some((r) => r[6] !== '–')).toBe(true);
      if (mode === 'at-least-once') {
        expect(table.some((r) => r[7] !== '–')).toBe(true);
        expect(await checkExercise(page, 'ex-twice')).toBe('ok');
      } else expect(await checkExercise(page, 'ex-twice')).toBe('no');
    }
    // Spark beside it: the sink's rows are runTrace's for the Spark trace, the crashed batch's rows twice.
    await choose(page, 'sparkPoint', 'afterOffsets');
    await choose(page, 'sparkPoint', 'afterSink');
    const p = await hashValues(page, nb8.params);
    const spark = sparkRun(p.crashAt, 'afterSink');
    expect((await rows(page, 'spark-results')).map((r) => r.slice(0, 4))).toEqual(outputs(spark.run.file!));
    expect((await rows(page, 'spark-results')).some((r) => r[4] === 'again (same)')).toBe(true);
    const files = (await rows(page, 'spark-files')).map((r) => r[1]);
    expect(files).toContain(`offsets/${spark.crashBatch}`);
    expect(files).toContain(`commits/${spark.crashBatch}`);
    await session.finish(v, '08-checkpoints');
  });

  test('alignment holds more of channel A the slower channel B is; unaligned checkpoints complete at the first barrier', async () => {
    const v = await session.open('08-checkpoints', '#mode=exactly-once&skew=1500');
    const { page } = v;
    expect(await checkExercise(page, 'ex-held')).toBe('ok');
    await setRange(page, 'skew', 300);
    expect(await checkExercise(page, 'ex-held')).toBe('no');
    const p = await hashValues(page, nb8.params);
    const took = recoveryLogOf(nb8.traceFor({ ...p, crashAt: 0 })).checkpoints[0]!;
    expect(await checkExercise(page, 'ex-aligned-time', String((took.completedAt - took.triggeredAt) / 1000))).toBe('ok');
    // The screenshot at a moment of the first alignment, channel B at its slowest.
    await setRange(page, 'skew', 1500);
    await rendered(page, () => page.locator('#scrub').fill('31'));
    await session.finish(v, '08-checkpoints-aligned');
  });
});
