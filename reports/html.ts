// Small pure helpers for building report HTML as strings: escaping, JSON inside <script>, number
// formatting and tables. Every value that reaches the page passes through `esc` or `jsonScript`.
import { fmtDateWindow, isEpoch } from './time-format.ts';

/** Escape text for HTML element content and double-quoted attributes. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe to place inside `<script type="application/json">`: no `</script>`, no `<!--`. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A measured duration with its unit and three significant figures, so figures in one column line up:
 * `207 ms`, `2.01 s`, `4.20 s`, `12.3 s`, `1 min 5 s`, `2 h 10 min`, `3 d 4 h`.
 */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const a = Math.abs(ms);
  const sign = ms < 0 ? '−' : '';
  if (Math.round(a) < 1000) return `${sign}${Math.round(a)} ms`;
  // Round first, then pick the precision of the rounded value: 9,996 ms is `10.0 s`, never `10.00 s`.
  const centi = Math.round(a / 10) / 100;
  if (centi < 10) return `${sign}${centi.toFixed(2)} s`;
  const deci = Math.round(a / 100) / 10;
  if (deci < 60) return `${sign}${deci.toFixed(1)} s`;
  return long(a, sign);
}

/** A configured duration as it was written, without trailing zeros: `250 ms`, `1 s`, `2.5 s`, `5 min 0 s`. */
export function fmtSetting(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const a = Math.abs(ms);
  const sign = ms < 0 ? '−' : '';
  if (a < 1000) return `${sign}${trim(a, 3)} ms`;
  if (a < 60_000) return `${sign}${trim(a / 1000, 3)} s`;
  return long(a, sign);
}

/** A minute or more: two units. Round once in the smaller unit, then split, so 3,599.9 s is `1 h 0 min`, never `59 min 60 s`. */
function long(a: number, sign: string): string {
  const split = (unit: number, sub: number, a1: string, a2: string) => {
    const n = Math.round(a / sub);
    const per = unit / sub;
    return `${sign}${Math.floor(n / per)} ${a1} ${n % per} ${a2}`;
  };
  if (a < 3_600_000 - 500) return split(60_000, 1000, 'min', 's');
  if (a < 86_400_000 - 30_000) return split(3_600_000, 60_000, 'h', 'min');
  return split(86_400_000, 3_600_000, 'd', 'h');
}

/** A count with thousands separators (locale-independent, so goldens are stable). */
export function fmtInt(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const s = String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `−${s}` : s;
}

/** A rate or other real number: integers above 100, else three significant digits. */
export function fmtNum(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  if (Math.abs(n) >= 100) return fmtInt(n);
  if (n === 0) return '0';
  return String(Number(n.toPrecision(3)));
}

export function fmtPct(part: number, whole: number): string {
  if (whole <= 0) return '–';
  const p = (100 * part) / whole;
  // Never round a partial share to 0 % or 100 %.
  if (p > 0 && p < 1) return `${trim(p, 1)} %`;
  if (p > 99 && p < 100) return `${trim(Math.min(p, 99.9), 1)} %`;
  return `${Math.round(p)} %`;
}

/** Seconds with at most `digits` decimals and no trailing zeros. */
export function trim(n: number, digits: number): string {
  return String(Number(n.toFixed(digits)));
}

/** `[start, end)` in seconds (as UTC dates for epoch times), with the closure the engine uses. */
export function fmtWindow(
  w: { start: number; end: number } | null,
  closure: 'start-inclusive' | 'end-inclusive' = 'start-inclusive',
): string {
  if (w === null) return 'global';
  if (isEpoch(w.start)) return fmtDateWindow(w, closure);
  const a = trim(w.start / 1000, 3);
  const b = trim(w.end / 1000, 3);
  return closure === 'end-inclusive' ? `(${a} s, ${b} s]` : `[${a} s, ${b} s)`;
}

export interface Cell {
  /** Already-escaped HTML. */
  html: string;
  /** Header cell (`<th scope="row">`). */
  th?: boolean;
  cls?: string;
  attrs?: string;
}

export const cell = (text: unknown, cls?: string): Cell => ({ html: esc(text), ...(cls ? { cls } : {}) });
export const num = (text: string): Cell => ({ html: esc(text), cls: 'num' });
export const rowHead = (text: unknown): Cell => ({ html: esc(text), th: true });

/** An accessible table: caption, column headers with scope, row headers where given. */
export function table(opts: {
  caption: string;
  head: Cell[];
  rows: Array<{ cells: Cell[]; attrs?: string }>;
  cls?: string;
  id?: string;
}): string {
  const th = (c: Cell) => `<th scope="col"${c.cls ? ` class="${c.cls}"` : ''}${c.attrs ?? ''}>${c.html}</th>`;
  const td = (c: Cell) =>
    c.th
      ? `<th scope="row"${c.cls ? ` class="${c.cls}"` : ''}${c.attrs ?? ''}>${c.html}</th>`
      : `<td${c.cls ? ` class="${c.cls}"` : ''}${c.attrs ?? ''}>${c.html}</td>`;
  const body = opts.rows.map((r) => `<tr${r.attrs ?? ''}>${r.cells.map(td).join('')}</tr>`).join('\n');
  return `<table${opts.id ? ` id="${opts.id}"` : ''}${opts.cls ? ` class="${opts.cls}"` : ''}>
<caption>${esc(opts.caption)}</caption>
<thead><tr>${opts.head.map(th).join('')}</tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}
