// "Try this": two or three exercises at the end of every notebook. Each one's answer is checked by the
// page against the engines' current run (and, where the exercise asks for a number, the student's answer).
import { h } from './dom.ts';

export interface Verdict {
  ok: boolean;
  message: string;
}

export interface Exercise<C> {
  id: string;
  /** The task, as authored HTML (trusted: it comes from the notebook's own source). */
  prompt: string;
  /** A typed answer (a time, a count), when the exercise asks for one. */
  answer?: { label: string; placeholder?: string };
  check(ctx: C, answer: string): Verdict;
}

export function exercisesSection<C>(list: ReadonlyArray<Exercise<C>>, current: () => C): HTMLElement {
  const section = h('section', { id: 'exercises', 'aria-labelledby': 'h-exercises' }, h('h2', { id: 'h-exercises' }, 'Try this'));
  const ol = h('ol', { class: 'exercises' });
  for (const ex of list) {
    const prompt = h('p', { class: 'prompt' });
    prompt.innerHTML = ex.prompt;
    const input = ex.answer
      ? h('input', { type: 'text', id: `${ex.id}-answer`, placeholder: ex.answer.placeholder ?? '', size: 10 })
      : null;
    const result = h('p', { class: 'verdict-line', id: `${ex.id}-result`, 'aria-live': 'polite' });
    const button = h('button', { type: 'button', id: `${ex.id}-check` }, 'Check');
    button.addEventListener('click', () => {
      const v = ex.check(current(), input?.value.trim() ?? '');
      result.textContent = `${v.ok ? '✓' : '✗'} ${v.message}`;
      result.className = `verdict-line ${v.ok ? 'ok' : 'bad'}`;
      result.dataset.status = v.ok ? 'ok' : 'no';
    });
    const answer = input ? h('label', { for: input.id, class: 'answer' }, ex.answer!.label, ' ', input) : null;
    ol.append(h('li', { id: ex.id, class: 'exercise' }, prompt, h('div', { class: 'check-row' }, answer, button), result));
  }
  section.append(ol);
  return section;
}

/** Parses a typed time: `12.5`, `12.5 s` or `12500 ms` → ms; null when it is not one. */
export function parseTime(text: string): number | null {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(ms|s)?\s*$/.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : Math.round(n * 1000);
}
