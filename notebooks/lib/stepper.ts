// The stepper: Reset / Step / Play over the run's moments (Step skips moments where nothing visible
// happens), a scrubber, and the prediction the student makes before a step, scored after it.
import { h } from './dom.ts';
import { secs } from './format.ts';
import type { Moment, Run } from './run.ts';

export type Outcome = 'watermark' | 'result' | 'late' | 'nothing';

export const OUTCOME_LABEL: Record<Outcome, string> = {
  watermark: 'the watermark moves',
  result: 'a window result comes out',
  late: 'an event is late (late output or dropped)',
  nothing: 'nothing visible changes',
};

/** What the moments after `from` up to `to` did, as the prediction checkboxes name it. */
export function outcomesBetween(run: Run, from: number, to: number): Set<Outcome> {
  const out = new Set<Outcome>();
  for (const m of run.moments.slice(from + 1, to + 1)) {
    if (m.wmAfter !== m.wmBefore) out.add('watermark');
    for (const s of m.emissions) {
      if (s.e.output === 'main') out.add('result');
      if (s.e.output === 'late' || s.e.output === 'dropped') out.add('late');
    }
  }
  if (out.size === 0) out.add('nothing');
  return out;
}

/** The next moment worth stopping at after `cursor` (the last moment when none is left). */
export function nextInteresting(run: Run, cursor: number): number {
  for (let i = cursor + 1; i < run.moments.length; i++) if (run.moments[i]!.interesting) return i;
  return run.moments.length - 1;
}

export function momentLabel(m: Moment | undefined, total: number): string {
  if (!m) return `before the first step · ${total} moments`;
  return `${m.end ? 'end of input' : `processing time ${secs(m.time)}`} · moment ${m.index + 1} of ${total}`;
}

export interface StepperApi {
  element: HTMLElement;
  /** Show the cursor; `run` gives the number of moments. */
  show(run: Run, cursor: number): void;
  /** Score the prediction against what the moments just revealed did (null: do not score it). */
  score(actual: Set<string> | null): void;
  stopPlaying(): void;
}

/**
 * `labels`: the outcomes a student can predict, by name (default: the time notebooks' watermark, result,
 * late, nothing); a notebook about other things (acks, checkpoints) names its own.
 */
export function stepper(
  handlers: { step(): boolean; reset(): void; scrub(index: number): void },
  labels: Readonly<Record<string, string>> = OUTCOME_LABEL,
): StepperApi {
  const reset = h('button', { type: 'button', id: 'reset', title: 'Back to before the first step' }, '⟲ Reset');
  const step = h(
    'button',
    { type: 'button', id: 'step', class: 'primary', title: 'Run the engine to the next moment where something happens' },
    'Step ▸',
  );
  const play = h('button', { type: 'button', id: 'play', 'aria-pressed': 'false' }, '▶ Play');
  const status = h('span', { id: 'status', class: 'status', 'aria-live': 'polite' });
  const scrub = h('input', { type: 'range', id: 'scrub', min: -1, max: 0, step: 1, value: -1, 'aria-label': 'Moment' });
  const boxes = Object.keys(labels).map((o) => h('input', { type: 'checkbox', id: `predict-${o}`, value: o }));
  const feedback = h('p', { id: 'prediction-feedback', class: 'feedback', 'aria-live': 'polite' });
  const predict = h(
    'fieldset',
    { class: 'predict', id: 'predict' },
    h('legend', {}, 'Predict, then step: what will the next step do?'),
    ...boxes.map((b, i) => h('label', { for: b.id }, b, ' ', labels[b.value] ?? String(i))),
    feedback,
  );
  let timer: ReturnType<typeof setTimeout> | null = null;
  const stopPlaying = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    play.textContent = '▶ Play';
    play.setAttribute('aria-pressed', 'false');
  };
  const tick = () => {
    timer = handlers.step() ? setTimeout(tick, 650) : null;
    if (timer === null) stopPlaying();
  };
  step.addEventListener('click', () => {
    stopPlaying();
    handlers.step();
  });
  reset.addEventListener('click', () => {
    stopPlaying();
    feedback.textContent = '';
    handlers.reset();
  });
  play.addEventListener('click', () => {
    if (timer !== null) return stopPlaying();
    play.textContent = '❚❚ Pause';
    play.setAttribute('aria-pressed', 'true');
    tick();
  });
  scrub.addEventListener('input', () => {
    stopPlaying();
    handlers.scrub(Number(scrub.value));
  });
  const element = h(
    'div',
    { class: 'stepper-panel' },
    h('div', { class: 'stepper', role: 'group', 'aria-label': 'Stepper' }, reset, step, play, scrub, status),
    predict,
  );
  return {
    element,
    show(run, cursor) {
      scrub.max = String(run.moments.length - 1);
      scrub.value = String(cursor);
      status.textContent = momentLabel(run.moments[cursor], run.moments.length);
      const atEnd = cursor >= run.moments.length - 1;
      step.disabled = atEnd;
      play.disabled = atEnd && timer === null;
    },
    score(actual) {
      const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
      if (chosen.length === 0 || actual === null) {
        feedback.textContent = '';
        return;
      }
      const hit = chosen.filter((o) => actual.has(o));
      const wrong = chosen.filter((o) => !actual.has(o));
      const missed = [...actual].filter((o) => !chosen.includes(o));
      const right = wrong.length === 0 && missed.length === 0;
      feedback.className = `feedback ${right ? 'ok' : 'bad'}`;
      feedback.textContent = right
        ? `Your prediction was right: ${hit.map((o) => labels[o]).join('; ')}.`
        : `Not quite.${wrong.length ? ` Did not happen: ${wrong.map((o) => labels[o]).join('; ')}.` : ''}${
            missed.length ? ` Also happened: ${missed.map((o) => labels[o]).join('; ')}.` : ''
          }`;
      for (const b of boxes) b.checked = false;
    },
    stopPlaying,
  };
}
