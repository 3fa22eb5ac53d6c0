// Small DOM helpers for the pages: an element builder and accessible data tables. Text always goes in
// as text nodes (never innerHTML), so nothing a URL carries can become markup.

type Attr = string | number | boolean | undefined | null;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, Attr> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** A cell: text, or text with a class (`num` right-aligns, `ok` / `bad` colour a verdict). */
export type CellValue = string | { text: string; cls?: string; title?: string };

/** An accessible table (caption, scoped column headers) whose body `fillTable` replaces. */
export function dataTable(id: string, caption: string, head: readonly string[]): HTMLTableElement {
  const t = h('table', { id, class: 'data' });
  t.append(h('caption', {}, caption), h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))), h('tbody'));
  return t;
}

/** Replace a table's column headers (when the columns depend on the configuration). */
export function setHead(t: HTMLTableElement, head: readonly string[]): void {
  const row = t.tHead!.rows[0]!;
  if ([...row.cells].map((c) => c.textContent).join('|') === head.join('|')) return;
  row.replaceChildren(...head.map((c) => h('th', { scope: 'col' }, c)));
}

export function fillTable(t: HTMLTableElement, rows: ReadonlyArray<readonly CellValue[]>, empty = 'nothing yet'): void {
  const body = t.tBodies[0]!;
  body.replaceChildren();
  if (rows.length === 0) {
    const cols = t.tHead?.rows[0]?.cells.length ?? 1;
    body.append(h('tr', { class: 'empty-row' }, h('td', { colspan: cols }, empty)));
    return;
  }
  for (const r of rows) {
    body.append(h('tr', {}, ...r.map((c) => (typeof c === 'string' ? h('td', {}, c) : h('td', { class: c.cls, title: c.title }, c.text)))));
  }
}

/** The visible rows of a table as text (what the browser tests read). */
export function tableText(t: HTMLTableElement): string[][] {
  return [...t.tBodies[0]!.rows].filter((r) => !r.classList.contains('empty-row')).map((r) => [...r.cells].map((c) => c.textContent ?? ''));
}

/** A figure and its table side by side (the table is the accessible, testable form of the picture). */
export function pair(figure: Node, table: Node, cls = ''): HTMLElement {
  return h(
    'div',
    { class: `pair ${cls}`.trim() },
    h('div', { class: 'pair-figure' }, figure),
    h('div', { class: 'pair-table scroll' }, table),
  );
}
