// The controls panel: one labelled control per parameter (slider with its value, segmented choice,
// toggle). Controls report changes; `sync` puts state back into them (after a hash change or a preset).
import { h } from './dom.ts';
import { secs } from './format.ts';
import type { ParamDef, ParamDefs, ParamValue } from './params.ts';

export interface ControlsPanel {
  element: HTMLElement;
  sync(values: Record<string, ParamValue>): void;
  setDisabled(disabled: boolean): void;
}

function shown(d: ParamDef & { type: 'range' }, v: number): string {
  return d.unit === 'ms' ? secs(v) : String(v);
}

export function controlsPanel(
  defs: ParamDefs,
  names: readonly string[],
  onChange: (name: string, value: ParamValue) => void,
): ControlsPanel {
  const syncers: Array<(values: Record<string, ParamValue>) => void> = [];
  const inputs: Array<HTMLInputElement | HTMLSelectElement> = [];
  const items = names.map((name) => {
    const d = defs[name]!;
    const id = `p-${name}`;
    const help = d.type !== 'text' && d.help ? h('span', { class: 'help' }, d.help) : null;
    if (d.type === 'range') {
      const input = h('input', { type: 'range', id, name, min: d.min, max: d.max, step: d.step, value: d.value });
      const out = h('output', { for: id, id: `${id}-value` }, shown(d, d.value));
      input.addEventListener('input', () => {
        out.textContent = shown(d, Number(input.value));
        onChange(name, Number(input.value));
      });
      inputs.push(input);
      syncers.push((v) => {
        input.value = String(v[name]);
        out.textContent = shown(d, v[name] as number);
      });
      return h('div', { class: 'control range' }, h('label', { for: id }, d.label, ' ', out), input, help);
    }
    if (d.type === 'choice') {
      const group = h('fieldset', { class: 'control choice', id }, h('legend', {}, d.label));
      const radios = d.options.map(([value, label]) => {
        const r = h('input', { type: 'radio', name: id, id: `${id}-${value}`, value, checked: value === d.value });
        r.addEventListener('change', () => {
          if (r.checked) onChange(name, value);
        });
        inputs.push(r);
        group.append(h('label', { for: `${id}-${value}`, class: 'seg' }, r, h('span', {}, label)));
        return r;
      });
      if (help) group.append(help);
      syncers.push((v) => {
        for (const r of radios) r.checked = r.value === v[name];
      });
      return group;
    }
    if (d.type === 'toggle') {
      const box = h('input', { type: 'checkbox', id, name, checked: d.value });
      box.addEventListener('change', () => onChange(name, box.checked));
      inputs.push(box);
      syncers.push((v) => {
        box.checked = v[name] === true;
      });
      return h('div', { class: 'control toggle' }, h('label', { for: id }, box, ' ', d.label), help);
    }
    return null;
  });
  const element = h('div', { class: 'controls', role: 'group', 'aria-label': 'Parameters' }, ...items);
  return {
    element,
    sync: (values) => {
      for (const s of syncers) s(values);
    },
    setDisabled: (disabled) => {
      for (const i of inputs) i.disabled = disabled;
    },
  };
}
