// Spark's micro-batches as lanes, one column per batch: when it ran, the rows it read, the watermark
// it filtered late rows with (the one before, B2), the one it evicted with, the one it computed at
// its end (used by the next batch: the arrow, B3), and what it wrote. Batches come from the engine's
// recovery log (one entry per committed batch, B7); later batches are drawn faint until stepped to.
import { select } from 'd3';
import { dataTable, fillTable, h } from '../../lib/dom.ts';
import { fmtValue, fmtWatermark, fmtWindow, secs } from '../../lib/format.ts';
import type { BatchInfo, Run } from '../../lib/run.ts';
import { cursorIn } from '../../lib/time-view.ts';
import type { Ctx, View } from '../../lib/types.ts';
import type { Model, P } from './scenario.ts';

const COL = 86;
const LEFT = 118;
const ROWS = ['ran at', 'new rows', 'late rows below', 'evicts up to', 'watermark after', 'wrote'];

/**
 * What batch `b` wrote: the results of its moment. A manual run's batches (its data batch and its
 * no-data batch) share one trace step, so their rows are shown on the run's last batch.
 */
export function batchOutput(run: Run, b: BatchInfo): string[] {
  const m = run.moments[b.moment];
  if (!m || m.batches[m.batches.length - 1] !== b) return [];
  return m.emissions.flatMap((s) => (s.e.output === 'main' ? [`${fmtWindow(s.e.window)} ${fmtValue(s.e.value)}`] : []));
}

export function batchRows(run: Run): string[][] {
  return run.batches.map((b, i) => [
    String(b.id),
    secs(b.at),
    b.rows.map((r) => `e${String(r.id)}`).join(' ') || 'none (no-data batch)',
    fmtWatermark(i > 0 ? run.batches[i - 1]!.wmBefore : b.wmBefore),
    fmtWatermark(b.wmBefore),
    fmtWatermark(b.wmAfter),
    batchOutput(run, b).join('; ') || '–',
  ]);
}

export function lanesView(): View<P, Model> {
  const svgEl = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svgEl.setAttribute('id', 'lanes-svg');
  svgEl.setAttribute('role', 'img');
  svgEl.setAttribute('aria-labelledby', 'h-lanes');
  const note = h('p', { class: 'description', id: 'lanes-description' });
  const figure = h('figure', { class: 'lanes', id: 'lanes-figure' }, svgEl);
  const table = dataTable('lanes-table', 'Every micro-batch', [
    'batch',
    'ran at',
    'new rows',
    'late rows below',
    'evicts up to',
    'watermark after',
    'wrote',
  ]);
  return {
    id: 'lanes',
    mount(el) {
      // Full width and scrolled sideways: one readable column per batch; the table follows below.
      el.append(h('h2', { id: 'h-lanes' }, 'Micro-batches'), note, figure, h('div', { class: 'pair-table scroll lanes-table' }, table));
    },
    update(ctx: Ctx<P, Model>) {
      const run = ctx.model.main;
      const cursor = cursorIn(run, ctx);
      note.textContent =
        'One column per batch. A batch drops rows whose window ends at or below the watermark of the batch before it, evicts (and in append mode writes) windows ending at or below its own, and computes at its end the watermark the next batch will use (arrow). Hatched: a no-data batch.';
      const batches = run.batches;
      const width = Math.max(560, LEFT + batches.length * COL + 10);
      const height = 24 + ROWS.length * 26 + 8;
      const svg = select(svgEl).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
      svg.selectAll('*').remove();
      const defs = svg.append('defs');
      defs
        .append('pattern')
        .attr('id', 'hatch')
        .attr('width', 6)
        .attr('height', 6)
        .attr('patternUnits', 'userSpaceOnUse')
        .attr('patternTransform', 'rotate(45)')
        .append('line')
        .attr('x1', 0)
        .attr('y1', 0)
        .attr('x2', 0)
        .attr('y2', 6)
        .attr('stroke', '#c4cad0')
        .attr('stroke-width', 2);
      defs
        .append('marker')
        .attr('id', 'arrow')
        .attr('viewBox', '0 0 8 8')
        .attr('refX', 7)
        .attr('refY', 4)
        .attr('markerWidth', 6)
        .attr('markerHeight', 6)
        .attr('orient', 'auto')
        .append('path')
        .attr('d', 'M0,0 L8,4 L0,8 z')
        .attr('fill', '#c2410c');
      ROWS.forEach((r, i) => {
        svg
          .append('text')
          .attr('class', 'axis-title')
          .attr('x', 4)
          .attr('y', 40 + i * 26)
          .text(r);
      });
      const yRow = (i: number) => 40 + i * 26;
      batches.forEach((b, i) => {
        const x0 = LEFT + i * COL;
        const shown = b.moment <= cursor;
        const g = svg
          .append('g')
          .attr('class', `lane-batch${b.rows.length === 0 ? ' no-data' : ''}`)
          .attr('opacity', shown ? 1 : 0.25)
          .attr('data-batch', b.id);
        g.append('rect')
          .attr('x', x0)
          .attr('y', 8)
          .attr('width', COL - 8)
          .attr('height', height - 14)
          .attr('rx', 4);
        g.append('text')
          .attr('x', x0 + 4)
          .attr('y', 21)
          .attr('font-weight', 600)
          .text(`batch ${b.id}`);
        const cells = [
          secs(b.at),
          b.rows.map((r) => `e${String(r.id)}`).join(' ') || '–',
          fmtWatermark(i > 0 ? batches[i - 1]!.wmBefore : b.wmBefore),
          fmtWatermark(b.wmBefore),
          fmtWatermark(b.wmAfter),
        ];
        cells.forEach((c, j) => {
          g.append('text')
            .attr('x', x0 + 4)
            .attr('y', yRow(j))
            .text(c.length > 14 ? `${c.slice(0, 13)}…` : c);
        });
        const out = shown ? batchOutput(run, b) : [];
        g.append('text')
          .attr('class', 'lane-out')
          .attr('x', x0 + 4)
          .attr('y', yRow(5))
          .text(out.length ? `${out.length} row${out.length > 1 ? 's' : ''}` : '–')
          .append('title')
          .text(out.join('\n'));
        const next = batches[i + 1];
        if (next && shown) {
          svg
            .append('path')
            .attr(
              'd',
              `M${x0 + 60},${yRow(4) - 4} C${x0 + COL},${yRow(4) - 4} ${x0 + COL - 10},${yRow(3) - 4} ${x0 + COL + 2},${yRow(3) - 4}`,
            )
            .attr('fill', 'none')
            .attr('stroke', '#c2410c')
            .attr('marker-end', 'url(#arrow)');
        }
      });
      // Keep the latest batch stepped to in view.
      const lastShown = batches.filter((b) => b.moment <= cursor).length;
      figure.scrollLeft = Math.max(0, LEFT + lastShown * COL - figure.clientWidth + 40);
      fillTable(
        table,
        batchRows(run).filter((_, i) => batches[i]!.moment <= cursor),
        run.error ? run.error.message : 'no batch yet',
      );
    },
  };
}
