// The time picture as a notebook view: the d3 plot of one run up to the stepper's moment, and beside
// it the same facts as tables (results and late events, watermark moves, every event's fate), which
// the browser tests compare with runTrace in Node.
import { symbol, symbolCircle, symbolCross, symbolDiamond, symbolTriangle } from 'd3';
import { sameValue } from './compare.ts';
import { type CellValue, dataTable, fillTable, h, pair, setHead } from './dom.ts';
import { FATE_LABEL, type Fate, fatesAt, recordFatesAt, resultId } from './fates.ts';
import { emissionCells, fmtValue, fmtWatermark, secs } from './format.ts';
import type { Run } from './run.ts';
import { drawTimePlot, type Pane, type PlotLine } from './time-plot.ts';
import type { Ctx, Model, View } from './types.ts';
import type { NbEvent } from './workload.ts';

export interface TimeViewOptions<V, M extends Model> {
  id: string;
  title: string;
  description: string | ((ctx: Ctx<V, M>) => string);
  /** The run to draw (default: the stepped run). Other runs follow the stepper by processing time. */
  run?: (ctx: Ctx<V, M>) => Run;
  events?: (ctx: Ctx<V, M>) => readonly NbEvent[];
  /** One run per input (its events alone, same engine): their watermarks are the inputs' lines. */
  inputs?: (ctx: Ctx<V, M>) => Array<{ name: string; run: Run }>;
  draggable?: boolean;
  presetToo?: boolean;
}

/** The moment of `run` that matches the stepper's moment in `ctx.run` (same processing time). */
export function cursorIn(run: Run, ctx: { run: Run; cursor: number }): number {
  if (run === ctx.run) return ctx.cursor;
  const m = ctx.run.moments[ctx.cursor];
  if (!m) return -1;
  if (m.end) return run.moments.length - 1;
  let found = -1;
  for (const x of run.moments) if (!x.end && x.time <= m.time) found = x.index;
  return found;
}

/** A preset's events: its records (numbered in order where they carry no id) and the moment each was added. */
export function traceEvents(run: Run): Array<NbEvent & { moment: number; record: Record<string, unknown> }> {
  let n = 0;
  return run.moments.flatMap((m) =>
    m.added.map((r) => {
      n++;
      const id = typeof r.id === 'number' ? r.id : n;
      return {
        id,
        ts: typeof r.ts === 'number' ? r.ts : 0,
        arrival: m.time,
        moment: m.index,
        record: r,
        ...(r.key !== undefined ? { key: String(r.key) } : {}),
      };
    }),
  );
}

const LEGEND: Array<[Fate, typeof symbolCircle]> = [
  ['arrived', symbolCircle],
  ['on-time', symbolCircle],
  ['updated', symbolDiamond],
  ['side-output', symbolTriangle],
  ['dropped', symbolCross],
  ['waiting', symbolCircle],
  ['not-arrived', symbolCircle],
];

function legend(): HTMLElement {
  const ns = 'http://www.w3.org/2000/svg';
  const items = LEGEND.map(([fate, shape]) => {
    const label = fate === 'arrived' ? 'arrived (presets: sums do not name their events)' : FATE_LABEL[fate];
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', '14');
    svg.setAttribute('height', '14');
    svg.setAttribute('viewBox', '-7 -7 14 14');
    const g = document.createElementNS(ns, 'g');
    g.setAttribute('class', `event fate-${fate}`);
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', symbol(shape, 50)() ?? '');
    g.append(path);
    svg.append(g);
    return h('span', { class: `legend-item${fate === 'arrived' ? ' preset-only' : ''}` }, svg, label);
  });
  return h(
    'p',
    { class: 'legend' },
    ...items,
    h('span', { class: 'legend-item wm-key' }, 'watermark'),
    h('span', { class: 'legend-item ideal-key' }, 'ideal'),
  );
}

export function timeView<V, M extends Model>(o: TimeViewOptions<V, M>): View<V, M> {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('id', `${o.id}-svg`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', `h-${o.id}`);
  const description = h('p', { class: 'description', id: `${o.id}-description` });
  const emissions = dataTable(`${o.id}-emissions`, 'Results and late events, in emission order', [
    'time',
    'step',
    'output',
    'key',
    'window',
    'value',
  ]);
  const watermarks = dataTable(`${o.id}-watermarks`, 'Watermark after each moment it moved', ['time', 'watermark']);
  const events = dataTable(`${o.id}-events`, 'Every event and its fate so far', ['event', 'event time', 'arrival', 'fate']);
  const oracleHead = h('th', { scope: 'col' }, 'oracle');
  const legendEl = legend();
  let api: Parameters<View<V, M>['mount']>[1] | null = null;
  return {
    id: o.id,
    presetToo: o.presetToo ?? false,
    mount(el, a) {
      api = a;
      el.append(
        h('h2', { id: `h-${o.id}` }, o.title),
        description,
        pair(h('figure', { class: 'plot', id: `${o.id}-figure` }, svg, legendEl), h('div', {}, emissions, watermarks, events)),
      );
    },
    update(ctx) {
      const run = o.run ? o.run(ctx) : ctx.run;
      const cursor = cursorIn(run, ctx);
      const step = ctx.preset !== null;
      const presetEvents = step ? traceEvents(run) : [];
      for (const item of legendEl.querySelectorAll<HTMLElement>('.preset-only')) item.hidden = !step;
      const evs = step ? presetEvents : o.events ? o.events(ctx) : ctx.model.events;
      description.textContent = typeof o.description === 'function' ? o.description(ctx) : o.description;
      const fates = step ? recordFatesAt(run, cursor, presetEvents) : fatesAt(run, cursor);
      const moments = run.moments.slice(0, cursor + 1);
      const yOfMoment = (i: number) => (step ? i + 1 : run.moments[i]!.time);
      const addedAt = new Map(presetEvents.map((e) => [e.id, e.moment]));
      const now = cursor < 0 ? null : yOfMoment(cursor);
      const lastTime = run.moments.length ? run.moments[run.moments.length - 1]!.time : 0;
      const yMax = step ? run.moments.length + 1 : Math.max(lastTime, ...evs.map((e) => e.arrival)) + 200;
      const line = (r: Run, name: string, main: boolean): PlotLine => {
        const c = cursorIn(r, ctx);
        const pts = r.moments.slice(0, c + 1).map((m) => ({ y: step ? m.index + 1 : m.time, wm: m.wmAfter }));
        if (pts.length && now !== null) pts.push({ y: now, wm: pts[pts.length - 1]!.wm });
        return { name, points: pts, main };
      };
      const inputs = !step && o.inputs ? o.inputs(ctx) : [];
      const lines = [
        ...inputs.map((i) => line(i.run, i.name, false)),
        line(run, inputs.length ? 'operator watermark (min)' : 'watermark', true),
      ];
      const seen = new Set<string>();
      const panes: Pane[] = [];
      const bands: Pane[] = [];
      const latest = new Map<string, unknown>();
      const job = run.trace?.job;
      for (const m of moments) {
        for (const s of m.emissions) {
          if (s.e.output !== 'main' || s.e.window === null) continue;
          const rid = resultId(s);
          const pane: Pane = {
            start: s.e.window.start,
            end: s.e.window.end,
            y: yOfMoment(m.index),
            label: fmtValue(s.e.value),
            again: seen.has(rid),
            key: s.e.key !== undefined ? `${String(s.e.key)}: ` : '',
          };
          (job && 'time' in job && job.time !== 'event' ? bands : panes).push(pane);
          seen.add(rid);
          latest.set(rid, s.e.value);
        }
      }
      const oracleOn = ctx.values.oracle && run.error === null;
      const oracle = oracleOn
        ? run.oracle
            .filter((r) => r.window !== null && (job === undefined || ('time' in job && job.time === 'event')))
            .map((r) => {
              const rid = `${JSON.stringify(r.key ?? null)}|${r.window!.start},${r.window!.end}`;
              return {
                start: r.window!.start,
                end: r.window!.end,
                label: `${r.key !== undefined ? `${String(r.key)}: ` : ''}${fmtValue(r.value)}`,
                match: latest.has(rid) ? sameValue(latest.get(rid), r.value) : null,
              };
            })
        : null;
      drawTimePlot(svg, {
        run,
        events: evs,
        fates,
        now,
        yMode: step ? 'step' : 'time',
        yMax,
        yOf: (e) => (step ? (addedAt.get(e.id) ?? 0) + 1 : e.arrival),
        lines,
        panes,
        bands,
        oracle,
        draggable: (o.draggable ?? false) && !step,
        onMove: (id, at) => api?.moveEvent(id, at),
      });

      const oracleValue = (s: {
        e: { output: string; key?: unknown; window?: { start: number; end: number } | null; value?: unknown };
      }): CellValue => {
        if (s.e.output !== 'main') return '';
        const r = run.oracle.find(
          (x) =>
            (x.key ?? null) === (s.e.key ?? null) &&
            x.window !== null &&
            s.e.window &&
            x.window.start === s.e.window.start &&
            x.window.end === s.e.window.end,
        );
        if (!r) return { text: 'not in the oracle', cls: 'bad' };
        return sameValue(r.value, s.e.value) ? { text: '= oracle', cls: 'ok' } : { text: `oracle: ${fmtValue(r.value)}`, cls: 'bad' };
      };
      if (oracleOn !== emissions.tHead!.rows[0]!.contains(oracleHead)) {
        if (oracleOn) emissions.tHead!.rows[0]!.append(oracleHead);
        else oracleHead.remove();
      }
      fillTable(
        emissions,
        moments.flatMap((m) =>
          m.emissions
            .filter((s) => s.e.output !== 'watermark')
            .map((s) => {
              const cells: CellValue[] = [m.end ? 'end' : secs(m.time), String(s.step), ...emissionCells(s.e, run.closure)];
              if (oracleOn) cells.push(oracleValue(s));
              return cells;
            }),
        ),
      );
      // The operator's watermark, and each input's alone at the same processing time.
      setHead(watermarks, ['time', ...inputs.map((i) => i.name), inputs.length ? 'operator (min)' : 'watermark']);
      const inputAt = (r: Run, m: (typeof moments)[number]) => r.moments[cursorIn(r, { run, cursor: m.index })]?.wmAfter ?? null;
      let previous = '';
      const wmRows: CellValue[][] = [];
      for (const m of moments) {
        const row = [...inputs.map((i) => fmtWatermark(inputAt(i.run, m))), fmtWatermark(m.wmAfter)];
        if (row.join('|') !== previous) wmRows.push([m.end ? 'end' : secs(m.time), ...row]);
        previous = row.join('|');
      }
      fillTable(
        watermarks,
        wmRows.filter((r, i) => i > 0 || r.slice(1).some((c) => c !== 'none')),
      );
      fillTable(
        events,
        [...evs]
          .sort((a, b) => a.id - b.id)
          .map((e) => {
            const f = fates.get(e.id)?.fate ?? 'not-arrived';
            return [
              `e${e.id}`,
              secs(e.ts),
              step ? `step ${(addedAt.get(e.id) ?? 0) + 1}` : secs(e.arrival),
              { text: FATE_LABEL[f], cls: `fate ${f}` },
            ];
          }),
      );
    },
  };
}
