// Each window's life along processing time, up to the stepper's moment: opened by its first event,
// fired, fired again by late events, purged; and the late events it turned away. Firings and late
// events come from the run's emissions; the purge is where the run's watermark reaches the time the
// model's rule names (Flink: end − 1 + allowed lateness, A6; Spark: an eviction watermark ≥ end, B5;
// Storm: the window is evaluated once, C3).
import { axisBottom, scaleLinear, select, symbol, symbolCross, symbolDiamond, symbolTriangle } from 'd3';
import { dataTable, fillTable, h, pair } from '../../lib/dom.ts';
import { FATE_LABEL, fatesAt } from '../../lib/fates.ts';
import { fmtWindow, secs } from '../../lib/format.ts';
import type { Run } from '../../lib/run.ts';
import { cursorIn } from '../../lib/time-view.ts';
import type { Ctx, View } from '../../lib/types.ts';
import type { Model, P } from './scenario.ts';

const W = 660;
const ROW = 34;
const M = { left: 92, right: 16, top: 10, bottom: 34 };

interface Life {
  start: number;
  end: number;
  opened: number | null;
  fires: number[];
  purged: number | null;
  turnedAway: Array<{ id: number; at: number; fate: 'side-output' | 'dropped' }>;
}

/** The life of every window of the oracle in `run`, up to moment `upto`. */
export function lives(
  run: Run,
  events: ReadonlyArray<{ id: number; ts: number; arrival: number }>,
  upto: number,
  lateness: number,
): Life[] {
  const job = run.trace?.job;
  if (!job) return [];
  const now = run.moments[upto]?.time ?? -1;
  const fates = fatesAt(run, upto);
  const inside = (w: { start: number; end: number }, ts: number) =>
    run.closure === '(]' ? w.start < ts && ts <= w.end : w.start <= ts && ts < w.end;
  return run.oracle
    .filter((r) => r.window !== null)
    .map((r) => {
      const w = r.window!;
      const mine = events.filter((e) => inside(w, e.ts));
      const arrived = mine.filter((e) => e.arrival <= now);
      const fires = run.moments
        .slice(0, upto + 1)
        .filter((m) => m.emissions.some((s) => s.e.output === 'main' && s.e.window?.start === w.start && s.e.window.end === w.end))
        .map((m) => m.time);
      let purged: number | null = null;
      if (fires.length) {
        if (run.kind === 'event')
          purged = run.moments.slice(0, upto + 1).find((m) => m.wmAfter !== null && m.wmAfter >= w.end - 1 + lateness)?.time ?? null;
        else if (run.kind === 'microbatch')
          purged = run.batches.find((b) => b.moment <= upto && b.wmBefore !== null && b.wmBefore >= w.end)?.at ?? null;
        else purged = fires[0]!;
      }
      const turnedAway = mine.flatMap((e) => {
        const f = fates.get(e.id)?.fate;
        return f === 'side-output' || f === 'dropped' ? [{ id: e.id, at: e.arrival, fate: f }] : [];
      });
      return {
        start: w.start,
        end: w.end,
        opened: arrived.length ? Math.min(...arrived.map((e) => e.arrival)) : null,
        fires,
        purged,
        turnedAway,
      };
    });
}

export function lifecycleView(): View<P, Model> {
  const svgEl = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svgEl.setAttribute('id', 'lifecycle-svg');
  svgEl.setAttribute('role', 'img');
  svgEl.setAttribute('aria-labelledby', 'h-lifecycle');
  const note = h('p', { class: 'description', id: 'lifecycle-description' });
  const table = dataTable('lifecycle-table', 'Each window: opened, fired, late firings, state purged, events turned away', [
    'window',
    'opened',
    'fired',
    'late firings',
    'purged',
    'turned away',
  ]);
  return {
    id: 'lifecycle',
    mount(el) {
      el.append(h('h2', { id: 'h-lifecycle' }, 'The life of each window'), note, pair(h('figure', { class: 'plot' }, svgEl), table));
    },
    update(ctx: Ctx<P, Model>) {
      const run = ctx.model.main;
      const cursor = cursorIn(run, ctx);
      const rule =
        run.kind === 'event'
          ? 'end − 1 + allowed lateness (A6)'
          : run.kind === 'microbatch'
            ? 'its end, in the batch that evicts it (B5)'
            : 'its end; Storm evaluates a window once (C3)';
      note.textContent = `One lane per window along processing time: open (blue) until it fires, then kept (orange) for late firings until the watermark reaches ${rule}. Diamonds are re-emissions; triangles and crosses are events it turned away.`;
      const ls = run.error ? [] : lives(run, ctx.model.events, cursor, run.kind === 'event' ? ctx.values.lateness : 0);
      const now = run.moments[cursor]?.time ?? 0;
      const last = run.moments.length ? run.moments[run.moments.length - 1]!.time : 1000;
      const x = scaleLinear()
        .domain([0, last])
        .range([M.left, W - M.right])
        .nice();
      const height = M.top + ls.length * ROW + M.bottom;
      const svg = select(svgEl).attr('viewBox', `0 0 ${W} ${height}`).attr('width', W).attr('height', height);
      svg.selectAll('*').remove();
      svg
        .append('g')
        .attr('class', 'axis x')
        .attr('transform', `translate(0,${height - M.bottom})`)
        .call(
          axisBottom(x)
            .ticks(8)
            .tickFormat((v) => `${Number(v) / 1000}`),
        );
      svg
        .append('text')
        .attr('class', 'axis-title')
        .attr('x', (M.left + W) / 2)
        .attr('y', height - 4)
        .attr('text-anchor', 'middle')
        .text('processing time (s)');
      ls.forEach((l, i) => {
        const y = M.top + i * ROW + 6;
        const g = svg.append('g').attr('class', 'life').attr('data-window', `${l.start},${l.end}`);
        g.append('text')
          .attr('class', 'axis-title')
          .attr('x', 4)
          .attr('y', y + 13)
          .text(fmtWindow(l, run.closure));
        if (l.opened !== null) {
          const fired = l.fires[0] ?? now;
          g.append('rect')
            .attr('class', 'life-open')
            .attr('x', x(l.opened))
            .attr('y', y)
            .attr('width', Math.max(1, x(fired) - x(l.opened)))
            .attr('height', 18);
          if (l.fires.length) {
            const until = l.purged ?? now;
            g.append('rect')
              .attr('class', 'life-kept')
              .attr('x', x(fired))
              .attr('y', y)
              .attr('width', Math.max(1, x(until) - x(fired)))
              .attr('height', 18);
          }
        }
        l.fires.forEach((t, j) => {
          const mark = g
            .append('g')
            .attr('transform', `translate(${x(t)},${y + 9})`)
            .attr('class', j === 0 ? 'life-fire' : 'life-refire');
          mark.append('path').attr('d', symbol(symbolDiamond, j === 0 ? 90 : 70)());
        });
        if (l.purged !== null)
          g.append('line')
            .attr('class', 'life-purge')
            .attr('x1', x(l.purged))
            .attr('x2', x(l.purged))
            .attr('y1', y - 3)
            .attr('y2', y + 21);
        for (const t of l.turnedAway) {
          const mark = g
            .append('g')
            .attr('transform', `translate(${x(t.at)},${y + 26})`)
            .attr('class', `event fate-${t.fate}`);
          mark.append('path').attr('d', symbol(t.fate === 'dropped' ? symbolCross : symbolTriangle, 50)());
          mark.append('text').attr('x', 6).attr('y', 4).text(`e${t.id}`);
        }
      });
      svg
        .append('line')
        .attr('class', 'now')
        .attr('x1', x(now))
        .attr('x2', x(now))
        .attr('y1', M.top)
        .attr('y2', height - M.bottom);
      fillTable(
        table,
        ls.map((l) => [
          fmtWindow(l, run.closure),
          l.opened === null ? '–' : secs(l.opened),
          l.fires.length ? secs(l.fires[0]!) : '–',
          l.fires.slice(1).map(secs).join(', ') || '–',
          l.purged === null ? (l.fires.length ? 'kept' : '–') : secs(l.purged),
          l.turnedAway.map((t) => `e${t.id} (${FATE_LABEL[t.fate]})`).join(', ') || '–',
        ]),
        run.error ? run.error.message : 'nothing yet',
      );
    },
  };
}
