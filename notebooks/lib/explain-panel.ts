// The "explain" panel: after each step, what the engine just did, one sentence per fact, each with
// the SEMANTICS.md rule keys that made it (a badge whose title names the rule).
import { h } from './dom.ts';
import { explainMoment, RULES, type Sentence } from './explain.ts';
import { secs } from './format.ts';
import type { Run } from './run.ts';

/** `show(run, cursor, sentences)`: the notebook's own sentences when it has them, else the moment's default explanation. */
const MAX_SHOWN = 8;

export function explanationPanel(): { element: HTMLElement; show(run: Run, cursor: number, sentences?: Sentence[] | null): void } {
  const heading = h('h2', { id: 'h-explain' }, 'What the engine just did');
  const when = h('p', { class: 'when', id: 'explain-when' });
  const list = h('ul', { id: 'explain' });
  const element = h('section', { class: 'explain', 'aria-labelledby': 'h-explain', 'aria-live': 'polite' }, heading, when, list);
  return {
    element,
    show(run, cursor, sentences) {
      list.replaceChildren();
      const m = run.moments[cursor];
      if (!m) {
        when.textContent = run.error ? 'Nothing ran.' : 'Nothing has run yet. Make a prediction, then press Step.';
        return;
      }
      when.textContent = m.end ? 'At the end of the input:' : `At processing time ${secs(m.time)}:`;
      const all = sentences ?? explainMoment(run, cursor);
      // A moment can fire dozens of windows (the end of input): the first few, then the rest folded away.
      const item = (s: Sentence) => {
        const li = h('li', {}, s.text);
        for (const r of s.rules) li.append(' ', h('abbr', { class: 'rule', title: `SEMANTICS.md ${r}: ${RULES[r] ?? ''}` }, r));
        return li;
      };
      const shown = all.length > MAX_SHOWN ? all.slice(0, MAX_SHOWN - 1) : all;
      for (const s of shown) list.append(item(s));
      if (shown.length < all.length) {
        const rest = all.slice(shown.length);
        list.append(
          h(
            'li',
            { class: 'more' },
            h('details', {}, h('summary', {}, `and ${rest.length} more like these`), h('ul', {}, ...rest.map(item))),
          ),
        );
      }
    },
  };
}
