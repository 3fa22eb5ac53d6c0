// Sessions, per user, at the stepper's moment: the sessions the events arrived so far form (the
// oracle over that prefix) and the sessions the engine has fired. When a late event bridges two
// sessions, the two bars slide together into one (a d3 transition), as Flink's MergingWindowSet does
// (A4 sessions, A6.4 a fired session re-fires with the merged contents).
import { scaleLinear, select, transition } from 'd3';
import { dataTable, fillTable, h, pair } from '../../lib/dom.ts';
import { fmtValue, fmtWindow } from '../../lib/format.ts';
import { cursorIn } from '../../lib/time-view.ts';
import type { Ctx, View } from '../../lib/types.ts';
import { type Model, type P, sessionsSoFar } from './scenario.ts';

const W = 660;
const ROW = 26;
const M = { left: 150, right: 16, top: 24 };

interface Bar {
  id: string;
  start: number;
  end: number;
  label: string;
  ids: number[];
}

function idsOf(v: unknown): number[] {
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
}

export function sessionView(): View<P, Model> {
  const svg = select(document.createElementNS('http://www.w3.org/2000/svg', 'svg')).attr('id', 'sessions-svg').attr('role', 'img');
  const note = h('p', { class: 'description', id: 'sessions-description' });
  const table = dataTable('sessions-table', 'Sessions per user', ['user', 'sessions of the events so far (oracle)', 'fired by the engine']);
  return {
    id: 'sessions',
    mount(el) {
      svg.attr('aria-labelledby', 'h-sessions');
      el.append(h('h2', { id: 'h-sessions' }, 'Sessions merging'), note, pair(h('figure', { class: 'plot' }, svg.node()!), table));
    },
    update(ctx: Ctx<P, Model>) {
      const run = ctx.model.main;
      const on = ctx.values.kind === 'session' && run.error === null;
      note.textContent = on
        ? 'Top bar of each user: the sessions the events arrived so far form (the oracle over them). Below: the sessions the engine fired, latest last. Step until e4 arrives: it bridges two sessions of user a, and they merge.'
        : ctx.values.kind === 'session'
          ? `This engine runs no sessions: ${run.error?.message ?? ''}`
          : 'Choose “session” windows to watch sessions form and merge.';
      svg.node()!.style.display = on ? '' : 'none';
      if (!on) {
        fillTable(table, []);
        return;
      }
      const cursor = cursorIn(run, ctx);
      const x = scaleLinear()
        .domain([0, 10000])
        .range([M.left, W - M.right]);
      const keys = ['a', 'b'];
      const soFar = sessionsSoFar(run, cursor);
      const fired = run.moments.slice(0, cursor + 1).flatMap((m) => m.emissions.filter((s) => s.e.output === 'main'));
      const height = M.top + keys.length * ROW * 3 + 10;
      svg.attr('viewBox', `0 0 ${W} ${height}`).attr('width', W).attr('height', height);
      let axis = svg.select<SVGGElement>('g.ticks');
      if (axis.empty()) axis = svg.append('g').attr('class', 'ticks');
      axis
        .selectAll('text')
        .data([0, 2, 4, 6, 8, 10])
        .join('text')
        .attr('x', (d) => x(d * 1000))
        .attr('y', 12)
        .attr('text-anchor', 'middle')
        .attr('class', 'axis-title')
        .text((d) => `${d} s`);
      const rows: string[][] = [];
      keys.forEach((key, k) => {
        const y0 = M.top + k * ROW * 3;
        const oracle: Bar[] = soFar
          .filter((r) => r.key === key && r.window)
          .map((r) => ({
            id: String(Math.min(...idsOf(r.value))),
            start: r.window!.start,
            end: r.window!.end,
            label: fmtValue(r.value),
            ids: idsOf(r.value),
          }));
        const engine: Bar[] = fired
          .filter((s) => s.e.output === 'main' && s.e.key === key && s.e.window)
          .map((s, i) => {
            const e = s.e as Extract<typeof s.e, { output: 'main' }>;
            return { id: `${i}`, start: e.window!.start, end: e.window!.end, label: fmtValue(e.value), ids: idsOf(e.value) };
          });
        drawRow(svg, `oracle-${key}`, y0, `${key}: events so far`, oracle, x, true);
        drawRow(svg, `engine-${key}`, y0 + ROW, `${key}: fired`, engine, x, false);
        rows.push([
          key,
          oracle.map((b) => `${fmtWindow(b)} ${b.label}`).join('; ') || '–',
          engine.map((b) => `${fmtWindow(b)} ${b.label}`).join('; ') || '–',
        ]);
      });
      fillTable(table, rows);
    },
  };
}

/** One row of bars, joined by id; a bar whose session merged into another slides onto it, then fades. */
function drawRow(
  svg: ReturnType<typeof select<SVGSVGElement, unknown>>,
  name: string,
  y: number,
  title: string,
  bars: Bar[],
  x: (v: number) => number,
  merging: boolean,
): void {
  let g = svg.select<SVGGElement>(`g.row-${name}`);
  if (g.empty()) {
    g = svg.append('g').attr('class', `row row-${name}`);
    g.append('text')
      .attr('class', 'axis-title')
      .attr('x', 4)
      .attr('y', y + 15)
      .text(title);
  }
  const target = (ids: number[]) => bars.find((b) => ids.some((i) => b.ids.includes(i)));
  // Importing \`transition\` (not only calling selection.transition) keeps d3-transition in the bundle.
  const slow = () => transition().duration(700);
  g.selectAll<SVGGElement, Bar>('g.bar')
    .data(bars, (d) => d.id)
    .join(
      (enter) => {
        const b = enter
          .append('g')
          .attr('class', merging ? 'bar pane' : 'bar pane again')
          .attr('opacity', 0);
        b.append('rect')
          .attr('y', y + 2)
          .attr('height', 18)
          .attr('rx', 3);
        b.append('text')
          .attr('class', 'pane-label')
          .attr('y', y + 15);
        b.transition(transition().duration(400)).attr('opacity', 1);
        return b;
      },
      (update) => update,
      (exit) =>
        exit.each(function (d) {
          const into = merging ? target(d.ids) : undefined;
          const t = select(this).transition(slow());
          if (into) {
            t.select('rect')
              .attr('x', x(into.start))
              .attr('width', Math.max(2, x(into.end) - x(into.start)));
            t.select('text').attr('x', x(into.start) + 3);
          }
          t.attr('opacity', 0).remove();
        }),
    )
    .call((sel) => {
      sel.select('text').text((d) => d.label);
      sel
        .select('rect')
        .transition(slow())
        .attr('x', (d) => x(d.start))
        .attr('width', (d) => Math.max(2, x(d.end) - x(d.start)));
      sel
        .select('text')
        .transition(slow())
        .attr('x', (d) => x(d.start) + 3);
    });
}
