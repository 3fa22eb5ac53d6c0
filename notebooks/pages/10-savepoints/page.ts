// Notebook 10, savepoints, rescaling and state backends: 128 key groups coloured by the subtask that owns
// them, recoloured on rescale; stop at a savepoint → change the job → resume, against the job never
// stopped and the oracle; checkpoint size and time for heap and lmdb, measured in Node at build time.

import { subtaskForKeyGroup } from '../../../engines/event/key-groups.ts';
import { notebookMeta } from '../../catalog.ts';
import { compareRows } from '../../lib/compare-runs.ts';
import type { Exercise } from '../../lib/exercises.ts';
import { mountNotebook } from '../../lib/notebook.ts';
import type { Ctx } from '../../lib/types.ts';
import { keyGroupsView } from './keygroups-view.ts';
import { backendsView, resultsView } from './result-views.ts';
import { CHANGE_NAME, type Change, holdsDelayed, MAX_PARALLELISM, type Model, model, type P, params } from './scenario.ts';

const LABELS = {
  result: 'a window result comes out',
  late: 'a late event is dropped or sent to the side output',
  savepoint: 'the job stops at a savepoint and a new job resumes',
  nothing: 'nothing of these',
};

/** Key groups whose owner differs between parallelism a and b (same max parallelism). */
export function movedGroups(a: number, b: number): number {
  let n = 0;
  for (let kg = 0; kg < MAX_PARALLELISM; kg++)
    if (subtaskForKeyGroup(kg, a, MAX_PARALLELISM) !== subtaskForKeyGroup(kg, b, MAX_PARALLELISM)) n++;
  return n;
}

const exercises: ReadonlyArray<Exercise<Ctx<P, Model>>> = [
  {
    id: 'ex-same',
    prompt:
      'Change nothing but the parallelism. Does any window <em>without a late event</em> differ between the resumed job and the job that never stopped? Type yes or no.',
    answer: { label: 'yes / no:', placeholder: 'yes or no' },
    check(ctx, answer) {
      if (ctx.values.change !== 'none') return { ok: false, message: 'Set “the new job also changes” to nothing else first.' };
      if (ctx.model.main.error) return { ok: false, message: ctx.model.main.error.message };
      const differ = compareRows([ctx.model.main, ctx.model.straight]).filter(
        (r) =>
          !r.same &&
          !holdsDelayed(ctx.values, r.key, { start: Number(r.id.split('|')[1]!.split(',')[0]), end: Number(r.id.split(',')[1]) }),
      ).length;
      const truth = differ > 0 ? 'yes' : 'no';
      return answer.toLowerCase() === truth
        ? {
            ok: true,
            message:
              truth === 'no'
                ? 'No: every key group moved whole, with its windows and timers; the source went on after the savepoint’s offset (A8, A9).'
                : `Yes, ${differ} differ.`,
          }
        : { ok: false, message: 'Not what the engine shows: compare the resumed and never-stopped columns.' };
    },
  },
  {
    id: 'ex-moved',
    prompt:
      'How many of the 128 key groups get a new owner when the job goes from the parallelism before to the parallelism after? Type the number.',
    answer: { label: 'Key groups:', placeholder: 'e.g. 42' },
    check(ctx, answer) {
      const n = movedGroups(ctx.values.p1, ctx.values.p2);
      return Number(answer) === n
        ? { ok: true, message: `${n} of 128 move, whole, each with all its keys’ state; the others stay where they were.` }
        : { ok: false, message: 'Count the outlined cells in the after grid (a key group is outlined when its owner changed).' };
    },
  },
  {
    id: 'ex-refused',
    prompt: 'One change makes the new job refuse the savepoint. Which one, and why?',
    check(ctx) {
      const e = ctx.model.main.error;
      return e?.refused
        ? {
            ok: true,
            message: `${CHANGE_NAME[ctx.values.change as Change]}: ${e.message}. Key groups are the unit of state: their number is fixed once state exists.`,
          }
        : { ok: false, message: 'The new job started: try the other changes.' };
    },
  },
];

mountNotebook<typeof params, Model>({
  meta: notebookMeta('10-savepoints'),
  intro: [
    'Flink partitions keyed state into <strong>key groups</strong>: each key belongs to one of <em>max parallelism</em> (128 here) groups, and each subtask owns a contiguous range of them (A8). A <strong>savepoint</strong> is a checkpoint you take on purpose and keep (A9): stop the job with one, change it, and start the new job from it. The new job may run with another parallelism: each new subtask takes the key groups in its range from the old snapshots, whole, with their windows and timers.',
    'Pick the parallelism before and after, when to stop, and what else the new job changes; then step across the stop. The results should equal the same job never stopped, unless the change itself changes the answer. At the bottom, what the state backend changes: the time a checkpoint takes.',
  ],
  params,
  model,
  predict: {
    labels: LABELS,
    outcomes(ctx, from, to) {
      const out = new Set<string>();
      for (const m of ctx.model.main.moments.slice(from + 1, to + 1)) {
        if (m.emissions.some((s) => s.e.output === 'main')) out.add('result');
        if (m.emissions.some((s) => s.e.output === 'late' || s.e.output === 'dropped')) out.add('late');
        if (m.notes.length > 0) out.add('savepoint');
      }
      if (out.size === 0) out.add('nothing');
      return out;
    },
  },
  views: [keyGroupsView(), resultsView(), backendsView()],
  exercises,
});
