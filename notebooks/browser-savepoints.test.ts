// Notebook 10 in Chromium from file://: stop at a savepoint and resume with another parallelism. The page's
// results equal a Node run that takes the savepoint and restores it with the engine classes directly, and
// the job never stopped; the subtasks' state entries equal the savepoint's and the new job's first
// checkpoint's; the grid colours key groups as the engine assigns them; the refused change shows the
// engine's refusal; the state backend figures say they were measured in Node at build time.
import { existsSync } from 'node:fs';
import { parseJob } from '../engines/core/job.ts';
import { EventEngine } from '../engines/event/event-engine.ts';
import { keyGroupRange } from '../engines/event/key-groups.ts';
import { compileJob } from '../engines/event/pipeline.ts';
import type { EventCheckpoint } from '../engines/event/runtime/checkpoint-coordinator.ts';
import { fmtValue, fmtWindow } from './lib/format.ts';
import type { TraceFile } from './lib/trace-builder.ts';
import * as nb10 from './pages/10-savepoints/scenario.ts';
import { CHROMIUM, checkExercise, choose, hashValues, rows, setRange, toEnd } from './test-support/browser.ts';
import { lastResults } from './test-support/expected.ts';
import { notebookSession } from './test-support/session.ts';

const describeIf = existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip;

function engineOf(file: TraceFile, startTime = 0, store?: EventCheckpoint[]): EventEngine {
  const e = file.engine as unknown as { parallelism: number; maxParallelism: number };
  return new EventEngine(compileJob(parseJob(file.job)), {
    parallelism: e.parallelism,
    maxParallelism: e.maxParallelism,
    startTime,
    ...(store
      ? {
          checkpointStorage: {
            save: (d: unknown) => {
              store.push(structuredClone(d) as EventCheckpoint);
              return { id: store.length, bytes: 0 };
            },
            latest: () => (store.length ? { id: store.length, data: store.at(-1) } : undefined),
          },
        }
      : {}),
  });
}

/** Stop at a savepoint, resume in a new engine, finish; the last result per key and window, and both snapshots. */
function resumed(p: nb10.P) {
  const before = nb10.traceFor(p);
  const after = nb10.traceAfter(p);
  const v1 = engineOf(before);
  let v2: EventEngine | null = null;
  const store: EventCheckpoint[] = [];
  let sp: EventCheckpoint | null = null;
  const last = new Map<string, unknown>();
  for (const s of before.steps) {
    const e = v2 ?? v1;
    if (s.advance !== undefined) e.advance(s.advance as number);
    if (s.add) e.add(s.add as Array<Record<string, unknown>>);
    if (s.end) e.end();
    if (s.advance === p.stopAt && !v2) {
      sp = v1.savepoint();
      for (const x of v1.drain()) if (x.output === 'main') last.set(`${x.key}|${fmtWindow(x.window)}`, x.value);
      v2 = engineOf(after, v1.now(), store);
      v2.restoreSavepoint(sp);
      v2.checkpoint();
    }
    for (const x of (v2 ?? v1).drain()) if (x.output === 'main') last.set(`${x.key}|${fmtWindow(x.window)}`, x.value);
  }
  return { last, savepoint: sp!, first: store.at(-1)! };
}

describeIf('notebook 10 (savepoints, rescaling, state backends) in Chromium from file://', () => {
  const session = notebookSession('savepoints');

  test('a job stopped at a savepoint and resumed with another parallelism equals the engine run in Node and the job never stopped', async () => {
    const v = await session.open('10-savepoints');
    const { page } = v;
    await setRange(page, 'p2', 5);
    await toEnd(page);
    const p = await hashValues(page, nb10.params);
    expect(p.p2).toBe(5);
    const node = resumed(p);
    const straight = lastResults(nb10.traceFor(p));
    const table = await rows(page, 'results-table');
    expect(table.length).toBeGreaterThan(20);
    for (const r of table) {
      const id = `${r[0]}|${r[1]}`;
      expect({ id, resumed: r[2] }).toEqual({ id, resumed: node.last.has(id) ? fmtValue(node.last.get(id)) : '–' });
      const s = [...straight.values()].find((x) => `${String(x.key)}|${fmtWindow(x.window)}` === id);
      expect({ id, straight: r[3] }).toEqual({ id, straight: s ? fmtValue(s.value) : '–' });
      // On-time windows agree; a window with a delayed event may not (its fate hangs on the watermark).
      const window = s?.window;
      if (r[5] !== 'yes')
        expect({ id, late: window ? nb10.holdsDelayed(p, r[0]!, window) : true, cell: r[5] }).toEqual({
          id,
          late: true,
          cell: 'no: a late event’s fate',
        });
    }
    // State entries per subtask: the savepoint's (2 subtasks), then the new job's first checkpoint (5 subtasks).
    const subtasks = await rows(page, 'subtasks-table');
    const count = (cp: EventCheckpoint, i: number) => String(cp.subtasks[i]!.state.tables['window-contents']?.length ?? 0);
    expect(subtasks.filter((r) => r[0] === 'before').map((r) => r[4])).toEqual(
      node.savepoint.subtasks.map((_, i) => count(node.savepoint, i)),
    );
    expect(subtasks.filter((r) => r[0] === 'after').map((r) => r[4])).toEqual(node.first.subtasks.map((_, i) => count(node.first, i)));
    // The after grid: key group ranges as the engine's key-group assignment gives them.
    const owners = await page.$$eval('#keygroups-svg g[data-grid^="after"] rect.kg-cell', (cs) =>
      cs.map((c) => Number(c.getAttribute('data-owner'))),
    );
    expect(owners).toHaveLength(128);
    for (let i = 0; i < 5; i++) {
      const r = keyGroupRange(i, 5, 128);
      expect(owners.filter((o) => o === i)).toHaveLength(r.last - r.first + 1);
    }
    const moved = await page.locator('#keygroups-svg g[data-grid^="after"] rect.kg-cell.has-state').count();
    expect(await checkExercise(page, 'ex-moved', String(moved))).toBe('ok');
    expect(await checkExercise(page, 'ex-same', 'no')).toBe('ok');
    const backends = await rows(page, 'backends-table');
    expect(new Set(backends.map((r) => r[0]))).toEqual(new Set(['heap', 'lmdb']));
    expect(await page.textContent('#backends-description')).toContain('measured in Node when the notebooks were built');
    await session.finish(v, '10-savepoints');
  });

  test('a new max parallelism is refused with the engine’s reason; allowing lateness changes late windows only', async () => {
    const v = await session.open('10-savepoints');
    const { page } = v;
    await choose(page, 'change', 'max-parallelism');
    const p = await hashValues(page, nb10.params);
    let refusal = '';
    try {
      resumed(p);
    } catch (e) {
      refusal = (e as Error).message;
    }
    expect(refusal).toContain('maxParallelism');
    expect(await page.textContent('#run-error')).toBe(`The engine refuses this job: ${refusal}`);
    expect(await checkExercise(page, 'ex-refused')).toBe('ok');
    await choose(page, 'change', 'lateness');
    await toEnd(page);
    const q = await hashValues(page, nb10.params);
    const node = resumed(q);
    const table = await rows(page, 'results-table');
    for (const r of table) expect(r[2]).toBe(node.last.has(`${r[0]}|${r[1]}`) ? fmtValue(node.last.get(`${r[0]}|${r[1]}`)) : '–');
    // Lateness in the new job re-fires windows for late events: they differ from the job never stopped, and only they.
    expect(table.some((r) => r[5] !== 'yes')).toBe(true);
    expect(table.filter((r) => r[5] !== 'yes').every((r) => r[5] === 'no: a late event’s fate')).toBe(true);
    await session.finish(v, '10-savepoints-refused');
  });
});
