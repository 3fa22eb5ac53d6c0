// The notebook frame every page mounts: header and question, controls, presets, the stepper with its
// prediction, the generated explanation, the views, and "try this". State lives in the URL hash; each
// change recomputes the model (real engine runs) and redraws every view from it.
import { NOTEBOOKS, type NotebookMeta } from '../catalog.ts';
import { controlsPanel } from './controls.ts';
import { h } from './dom.ts';
import { type Exercise, exercisesSection } from './exercises.ts';
import type { Sentence } from './explain.ts';
import { explanationPanel } from './explain-panel.ts';
import { atOf, cursorOf } from './notebook-cursor.ts';
import { FRAME_PARAMS, fromHash, type ParamDefs, type ParamValue, toHash, type Values } from './params.ts';
import { runFile } from './run.ts';
import { nextInteresting, outcomesBetween, stepper } from './stepper.ts';
import type { Api, Ctx, Frame, Model, Preset, View } from './types.ts';
import { formatMoves, parseMoves } from './workload.ts';

export interface NotebookConfig<D extends ParamDefs, M extends Model> {
  meta: NotebookMeta;
  /** Paragraphs before the lab (authored HTML). */
  intro: readonly string[];
  params: D;
  /** Conformance traces offered as presets. */
  presets?: readonly Preset[];
  model(values: Values<D> & Frame): M;
  views: ReadonlyArray<View<Values<D>, M>>;
  exercises: ReadonlyArray<Exercise<Ctx<Values<D>, M>>>;
  /** Paragraphs after the exercises (authored HTML). */
  closing?: readonly string[];
  /** The explanation of the moment shown, when the notebook writes its own (null: the default, from the run). */
  explain?(ctx: Ctx<Values<D>, M>): Sentence[] | null;
  /** What a student can predict, and what the moments after `from` up to `to` did (default: watermark, result, late). */
  predict?: {
    labels: Readonly<Record<string, string>>;
    outcomes(ctx: Ctx<Values<D>, M>, from: number, to: number): Set<string>;
  };
}

function paragraphs(list: readonly string[]): HTMLElement[] {
  return list.map((html) => {
    const p = h('p');
    p.innerHTML = html;
    return p;
  });
}

export function mountNotebook<D extends ParamDefs, M extends Model>(config: NotebookConfig<D, M>): void {
  type V = Values<D>;
  const defs: ParamDefs = { ...config.params, ...FRAME_PARAMS };
  let values = fromHash(defs, location.hash) as V & Frame;
  const presets = config.presets ?? [];
  let ctx!: Ctx<V, M>;
  let renders = 0;
  let pending = false;

  const compute = () => {
    const model = config.model(values);
    const preset = presets.find((p) => p.name === values.preset) ?? null;
    const run = preset ? runFile(preset.file, { grouping: 'step' }) : model.main;
    ctx = { values, model, run, preset, cursor: cursorOf(run, values.at) };
  };
  const render = () => {
    const started = performance.now();
    history.replaceState(null, '', toHash(defs, values as unknown as Values<ParamDefs>));
    controls.sync(values as unknown as Record<string, ParamValue>);
    controls.setDisabled(ctx.preset !== null);
    oracleBox.checked = values.oracle;
    presetSelect.value = ctx.preset?.name ?? '';
    presetNote.textContent = ctx.preset
      ? `${ctx.preset.file.description ?? ''} Source: ${String((ctx.preset.file as { source?: unknown }).source ?? 'engines/conformance')}`
      : '';
    presetNote.hidden = ctx.preset === null;
    errorBox.hidden = ctx.run.error === null;
    errorBox.textContent = ctx.run.error
      ? `${ctx.run.error.refused ? 'The engine refuses this job' : 'Invalid input'}: ${ctx.run.error.message}`
      : '';
    traceBox.hidden = ctx.run.file === null;
    traceJson.textContent = ctx.run.file === null ? '' : JSON.stringify(ctx.run.file, null, 1);
    steps.show(ctx.run, ctx.cursor);
    explanation.show(ctx.run, ctx.cursor, ctx.preset ? null : (config.explain?.(ctx) ?? null));
    for (const [view, el] of mounted) {
      const visible = ctx.preset ? view.presetToo === true || view.presetOnly === true : view.presetOnly !== true;
      el.hidden = !visible;
      if (visible) view.update(ctx);
    }
    renders++;
    // How long drawing took (the measure script reads it; tests only wait for the count).
    document.body.dataset.renderMs = String(Math.round(performance.now() - started));
    document.body.dataset.renders = String(renders);
    if (renders === 1) performance.mark('first-picture');
  };
  const refresh = () => {
    const started = performance.now();
    compute();
    document.body.dataset.computeMs = String(Math.round(performance.now() - started));
    render();
  };
  const schedule = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      refresh();
    });
  };
  const set = (patch: Partial<V & Frame>) => {
    values = { ...values, ...patch };
    schedule();
  };
  const api: Api<V> = {
    set,
    moveEvent(id, arrival) {
      const moves = parseMoves(values.moved);
      moves.set(id, Math.max(0, Math.round(arrival / 100) * 100));
      set({ moved: formatMoves(moves) } as Partial<V & Frame>);
    },
  };

  const controls = controlsPanel(
    defs,
    Object.keys(config.params).filter((k) => defs[k]!.type !== 'text'),
    (name, value) => set({ [name]: value } as Partial<V & Frame>),
  );
  const oracleBox = h('input', { type: 'checkbox', id: 'p-oracle' });
  oracleBox.addEventListener('change', () => set({ oracle: oracleBox.checked } as Partial<V & Frame>));
  const presetSelect = h(
    'select',
    { id: 'preset' },
    h('option', { value: '' }, "this notebook's workload"),
    ...presets.map((p) => h('option', { value: p.name }, p.name)),
  );
  presetSelect.addEventListener('change', () => set({ preset: presetSelect.value, at: '' } as Partial<V & Frame>));
  const presetNote = h('p', { class: 'note', id: 'preset-note', hidden: true });
  const errorBox = h('p', { class: 'run-error', id: 'run-error', role: 'alert', hidden: true });
  const share = h('a', { href: '#', id: 'share', class: 'share' }, 'link to this configuration');
  share.addEventListener('click', (e) => {
    e.preventDefault();
    void navigator.clipboard?.writeText(location.href).catch(() => {});
    share.textContent = 'the address bar holds this configuration';
  });
  const defaultsLink = h('a', { href: '#', id: 'defaults' }, 'defaults');
  defaultsLink.addEventListener('click', (e) => {
    e.preventDefault();
    values = fromHash(defs, '') as V & Frame;
    refresh();
  });

  const predict = config.predict;
  const steps = stepper(
    {
      step() {
        const from = ctx.cursor;
        if (from >= ctx.run.moments.length - 1) return false;
        const to = nextInteresting(ctx.run, from);
        values = { ...values, at: atOf(ctx.run, to, ctx.preset !== null) };
        ctx.cursor = to;
        // A preset trace has the default's outcomes, not a notebook's own: its prediction is not scored.
        steps.score(predict ? (ctx.preset ? null : predict.outcomes(ctx, from, to)) : outcomesBetween(ctx.run, from, to));
        render();
        return to < ctx.run.moments.length - 1;
      },
      reset() {
        values = { ...values, at: '' };
        ctx.cursor = -1;
        render();
      },
      scrub(index) {
        values = { ...values, at: atOf(ctx.run, index, ctx.preset !== null) };
        ctx.cursor = index;
        render();
      },
    },
    predict?.labels,
  );
  const explanation = explanationPanel();
  const traceJson = h('pre', { id: 'trace-json', class: 'trace-json' });
  const traceBox = h(
    'details',
    { id: 'trace-details' },
    h('summary', {}, 'The trace file behind the stepped run'),
    h('p', { class: 'description' }, 'Save it as a file and run it with the lab: npx streamlab trace FILE.json (TRACE.md).'),
    traceJson,
  );

  const mounted: Array<[View<V, M>, HTMLElement]> = config.views.map((v) => {
    const el = h('section', { class: 'view', id: `view-${v.id}` });
    v.mount(el, api);
    return [v, el];
  });

  const m = config.meta;
  const main = h(
    'main',
    {},
    h(
      'header',
      {},
      h('p', { class: 'kicker' }, h('a', { href: 'index.html' }, 'streamlab notebooks'), ` · ${m.number} of ${NOTEBOOKS.length}`),
      h('h1', {}, m.title),
      h('p', { class: 'question', id: 'question' }, m.question),
    ),
    h('section', { id: 'intro', class: 'intro' }, ...paragraphs(config.intro)),
    h(
      'section',
      { id: 'lab', 'aria-label': 'The lab' },
      h(
        'div',
        { class: 'toolbar' },
        controls.element,
        h(
          'div',
          { class: 'frame-controls' },
          h('label', { for: 'p-oracle' }, oracleBox, ' Oracle overlay (the ground truth)'),
          presets.length > 0 ? h('label', { for: 'preset', class: 'preset' }, 'Conformance trace ', presetSelect) : null,
          h('span', { class: 'links' }, share, ' · ', defaultsLink),
        ),
      ),
      presetNote,
      errorBox,
      h('div', { class: 'step-explain' }, steps.element, explanation.element),
      ...mounted.map(([, el]) => el),
      traceBox,
    ),
    exercisesSection(config.exercises, () => ctx),
    ...(config.closing ? [h('section', { id: 'closing' }, ...paragraphs(config.closing))] : []),
    h(
      'footer',
      {},
      'Every result on this page comes from the streamlab engines (the same code as the lab and ',
      h('code', {}, 'streamlab trace'),
      ') running in your browser; the page makes no network requests. Rule keys (A6, B3, C3…) refer to SEMANTICS.md.',
    ),
  );
  document.body.append(main);
  window.addEventListener('hashchange', () => {
    values = fromHash(defs, location.hash) as V & Frame;
    refresh();
  });
  refresh();
}
