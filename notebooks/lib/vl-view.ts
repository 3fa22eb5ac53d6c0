// A Vega-Lite chart as a notebook view (vega, vega-lite and vega-embed are inlined in the page), with
// its data table beside it. The chart re-embeds only when its spec changes; a click on a mark can set
// parameters (the charts are linked to the controls).
import { type CellValue, dataTable, fillTable, h, pair } from './dom.ts';
import type { Api, Ctx, Model, View } from './types.ts';

interface EmbedResult {
  view: {
    finalize(): void;
    addEventListener(type: string, cb: (event: unknown, item: { datum?: Record<string, unknown> } | null | undefined) => void): void;
  };
}
declare const vegaEmbed: (el: HTMLElement, spec: unknown, opts: Record<string, unknown>) => Promise<EmbedResult>;
declare const vega: { expressionInterpreter: unknown };

/**
 * vega-embed's options for a notebook chart: expressions are parsed to an AST and interpreted (vega's
 * CSP-safe interpreter, inlined in vega's build), so the page's Content-Security-Policy needs no unsafe-eval.
 */
export function embedOptions(): Record<string, unknown> {
  return { actions: false, renderer: 'svg', ast: true, expr: vega.expressionInterpreter };
}

export interface VlViewOptions<V, M extends Model> {
  id: string;
  title: string;
  description: string | ((ctx: Ctx<V, M>) => string);
  spec(ctx: Ctx<V, M>): Record<string, unknown> | null;
  table(ctx: Ctx<V, M>): { caption: string; head: string[]; rows: CellValue[][] };
  /** A click on a mark: the datum it draws. */
  onClick?(datum: Record<string, unknown>, api: Api<V>): void;
  presetToo?: boolean;
  presetOnly?: boolean;
}

export function vlView<V, M extends Model>(o: VlViewOptions<V, M>): View<V, M> {
  const figure = h('figure', { class: 'chart', id: `${o.id}-chart`, 'aria-labelledby': `h-${o.id}`, 'data-rendered': 'false' });
  const description = h('p', { class: 'description', id: `${o.id}-description` });
  const empty = h('p', { class: 'empty', id: `${o.id}-empty`, hidden: true }, 'Nothing to draw for this configuration.');
  let table: HTMLTableElement | null = null;
  const tableBox = h('div');
  let last = '';
  let current: EmbedResult | null = null;
  let api: Api<V> | null = null;
  let generation = 0;
  return {
    id: o.id,
    presetToo: o.presetToo ?? false,
    presetOnly: o.presetOnly ?? false,
    mount(el, a) {
      api = a;
      el.append(h('h2', { id: `h-${o.id}` }, o.title), description, pair(h('div', {}, figure, empty), tableBox, 'chart-pair'));
    },
    update(ctx) {
      description.textContent = typeof o.description === 'function' ? o.description(ctx) : o.description;
      const t = o.table(ctx);
      if (!table) {
        table = dataTable(`${o.id}-table`, t.caption, t.head);
        tableBox.append(table);
      }
      table.caption!.textContent = t.caption;
      fillTable(table, t.rows);
      const spec = o.spec(ctx);
      empty.hidden = spec !== null;
      figure.hidden = spec === null;
      const text = JSON.stringify(spec);
      if (spec === null || text === last) return;
      last = text;
      const mine = ++generation;
      figure.setAttribute('data-rendered', 'false');
      current?.view.finalize();
      current = null;
      vegaEmbed(figure, spec, embedOptions())
        .then((r) => {
          if (mine !== generation) return r.view.finalize();
          current = r;
          if (o.onClick) {
            r.view.addEventListener('click', (_e, item) => {
              if (item?.datum && api) o.onClick!(item.datum, api);
            });
          }
          figure.setAttribute('data-rendered', 'true');
        })
        .catch((err: Error) => {
          figure.textContent = `This chart failed to render: ${err.message}`;
          console.error(err);
        });
    },
  };
}
