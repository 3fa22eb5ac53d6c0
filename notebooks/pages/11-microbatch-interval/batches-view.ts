// Notebook 11's micro-batches (d3): each batch of the engine as a bar from its start to its end on processing
// time, the interval's ticks behind, and above each the wait of its oldest row (the scheduling delay): flat
// while a batch's rows take less than an interval, growing without bound once they take more. Up to the
// stepper's moment; the table beside lists the same batches.
import { scaleLinear, select } from 'd3';
import type { BatchRecord } from '../../../engines/microbatch/structured-engine.ts';
import { cursorStep } from '../../lib/cursor-time.ts';
import { dataTable, fillTable, h, pair } from '../../lib/dom.ts';
import { secs } from '../../lib/format.ts';
import type { Ctx, View } from '../../lib/types.ts';
import { DURATION, type Model, type P } from './scenario.ts';

const W = 680;
const LEFT = 40;

/** The wait of a batch's oldest row before the batch started (its scheduling delay). */
export function oldestWait(m: Model, b: BatchRecord): number {
  return b.end > b.start ? b.timestamp - m.events[b.start]!.arrival : 0;
}

/** Batches the stepper has reached: started at or before the processing time of its moment. */
export function batchesShown(ctx: Ctx<P, Model>): BatchRecord[] {
  const run = ctx.model.main;
  const step = cursorStep(run, ctx.cursor);
  if (step < 0) return [];
  const t = run.moments[ctx.cursor]!.end ? Number.POSITIVE_INFINITY : run.stepTimes[step]!;
  return ctx.model.spark.batches.filter((b) => b.timestamp <= t);
}

export function batchCells(m: Model, b: BatchRecord, interval: number): string[] {
  return [
    String(b.batchId),
    secs(b.timestamp),
    secs(b.finishedAt),
    secs(b.finishedAt - b.timestamp),
    String(b.end - b.start),
    secs(oldestWait(m, b)),
    b.finishedAt - b.timestamp > interval ? 'yes' : 'no',
  ];
}

export function batchesView(): View<P, Model> {
  const svgEl = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svgEl.setAttribute('id', 'batches-svg');
  svgEl.setAttribute('role', 'img');
  svgEl.setAttribute('aria-labelledby', 'h-batches');
  const note = h('p', { class: 'description', id: 'batches-description' });
  const table = dataTable('batches-table', 'Micro-batches as the engine ran them', [
    'batch',
    'started',
    'ended',
    'took',
    'rows',
    'oldest row waited',
    'overran',
  ]);
  return {
    id: 'batches',
    mount(el) {
      el.append(
        h('h2', { id: 'h-batches' }, 'Micro-batches and the scheduling delay'),
        note,
        pair(h('figure', { class: 'plot' }, svgEl), table),
      );
    },
    update(ctx) {
      const { model: m, values: p } = ctx;
      const load = (p.perRow * p.rate) / 1000;
      note.textContent = `Each bar is one batch, from its start to its end (fixed ${secs(p.fixed)} + ${p.perRow} ms per row); grey ticks are the interval, ${secs(p.interval)}. Above: how long the batch’s oldest row had waited when it started. Rows arrive at ${p.rate}/s, so processing one second of rows takes ${(load * 1000).toFixed(0)} ms of per-row work${load >= 1 ? ': more than a second, so every batch is bigger than the last and the delay grows without bound' : ''}.`;
      const shown = batchesShown(ctx);
      const end = Math.max(DURATION + 4000, ...m.spark.batches.map((b) => b.finishedAt));
      const x = scaleLinear()
        .domain([0, end])
        .range([LEFT, W - 10]);
      const maxWait = Math.max(1000, ...m.spark.batches.map((b) => oldestWait(m, b)));
      const y = scaleLinear().domain([0, maxWait]).range([150, 20]);
      const svg = select(svgEl).attr('viewBox', `0 0 ${W} 230`).attr('width', W).attr('height', 230);
      svg.selectAll('*').remove();
      for (let t = 0; t <= end; t += p.interval)
        svg.append('line').attr('class', 'lane-rule').attr('x1', x(t)).attr('x2', x(t)).attr('y1', 16).attr('y2', 190);
      for (let t = 0; t <= end; t += 1000)
        svg
          .append('text')
          .attr('class', 'axis-title')
          .attr('x', x(t))
          .attr('y', 222)
          .attr('text-anchor', 'middle')
          .text(`${t / 1000} s`);
      svg
        .append('text')
        .attr('class', 'axis-title')
        .attr('x', 2)
        .attr('y', 14)
        .text(`oldest row waited (up to ${secs(maxWait)})`);
      for (const b of m.spark.batches) {
        const on = shown.includes(b);
        const g = svg
          .append('g')
          .attr('opacity', on ? 1 : 0.2)
          .attr('data-batch', b.batchId);
        const over = b.finishedAt - b.timestamp > p.interval;
        g.append('rect')
          .attr('class', `batch-bar${over ? ' over' : ''}`)
          .attr('x', x(b.timestamp))
          .attr('y', 172)
          .attr('width', Math.max(2, x(b.finishedAt) - x(b.timestamp)))
          .attr('height', 16);
        g.append('rect')
          .attr('class', 'batch-wait')
          .attr('x', x(b.timestamp) - 3)
          .attr('y', y(oldestWait(m, b)))
          .attr('width', 6)
          .attr('height', 150 - y(oldestWait(m, b)));
        g.append('title').text(batchCells(m, b, p.interval).join(' · '));
      }
      fillTable(
        table,
        shown.map((b) => batchCells(m, b, p.interval)),
        'no batch yet',
      );
    },
  };
}
