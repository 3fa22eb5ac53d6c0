// Notebook 7's tuple tree (d3): one sentence's latest attempt up to the stepper's moment, as Storm builds it:
// the spout's tuple to split, split's word tuples to count, count's results to the sink, each an edge with its
// 64-bit id; green when the bolt that received it acked it, red when it failed or was lost in a kill. Beside
// it the acker's ledger for the root: every init / ack / fail and the XOR after it, 0 when the tree is done.
import { select } from 'd3';
import { dataTable, fillTable, h, pair } from '../../lib/dom.ts';
import { secs } from '../../lib/format.ts';
import type { Ctx, View } from '../../lib/types.ts';
import { ackerLedger, attempts, short } from './narrate.ts';
import type { Model, P } from './scenario.ts';
import type { Seen } from './topology-run.ts';

type TupleSeen = Extract<Seen, { kind: 'tuple' }>;

export interface TreeNode {
  tuple: TupleSeen;
  parent: string | null;
  state: 'pending' | 'acked' | 'failed' | 'lost';
}

export const cursorTime = (ctx: Ctx<P, Model>) => ctx.model.main.moments[ctx.cursor]?.time ?? Number.NEGATIVE_INFINITY;

/** The attempt of the chosen sentence shown at time t: the latest emitted by then (null before the first). */
export function shownRoot(ctx: Ctx<P, Model>): string | null {
  const list = attempts(ctx.model.topo.seen, ctx.values.tree - 1).filter((a) => a.t <= cursorTime(ctx));
  return list.at(-1)?.root ?? null;
}

/** The tree of `root` up to time t: each tuple, the edge it hangs from, what became of it. */
export function treeOf(seen: readonly Seen[], root: string, t: number): TreeNode[] {
  const nodes: TreeNode[] = [];
  const waiting: TreeNode[] = []; // count → sink tuples, until count's "executed" names the word tuple they came from
  const kill = seen.find((s) => s.kind === 'kill' && s.t <= t);
  for (const s of seen) {
    if (s.t > t) break;
    if (s.kind === 'tuple' && s.root === root) {
      const parent = s.from === 'split' ? (nodes.find((n) => n.tuple.from === 'sentences')?.tuple.edge ?? null) : null;
      const node: TreeNode = { tuple: s, parent, state: 'pending' };
      nodes.push(node);
      if (s.from === 'count') waiting.push(node);
    }
    if (s.kind === 'executed' && s.root === root) {
      const node = nodes.find((n) => n.tuple.edge === s.edge);
      if (node) node.state = s.outcome === 'ack' ? 'acked' : 'failed';
      if (s.by === 'count') for (const w of waiting.splice(0)) w.parent = s.edge;
    }
  }
  if (kill) {
    for (const n of nodes) if (n.state === 'pending' && n.tuple.to === 'count' && n.tuple.t <= kill.t) n.state = 'lost';
  }
  const spoutEdge = nodes.find((n) => n.tuple.from === 'sentences');
  for (const n of nodes) if (n.tuple.from === 'split') n.parent = spoutEdge?.tuple.edge ?? null;
  return nodes;
}

export function ledgerRows(ctx: Ctx<P, Model>): string[][] {
  // time, message, from, value, XOR after (64-bit ids as 16 hex digits)
  const root = shownRoot(ctx);
  if (!root) return [];
  return ackerLedger(ctx.model.topo.seen, root, cursorTime(ctx)).map((l) => [
    secs(l.t),
    l.what,
    l.from,
    l.what === 'fail' ? '–' : l.val,
    l.xor,
  ]);
}

const LEVEL: Record<string, number> = { sentences: 0, split: 1, count: 2 };

export function treeView(): View<P, Model> {
  const svgEl = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svgEl.setAttribute('id', 'tree-svg');
  svgEl.setAttribute('role', 'img');
  svgEl.setAttribute('aria-labelledby', 'h-tree');
  const note = h('p', { class: 'description', id: 'tree-description' });
  const table = dataTable('ledger-table', 'The acker’s ledger for this root', ['time', 'message', 'from', 'value', 'XOR after']);
  return {
    id: 'tree',
    mount(el) {
      el.append(h('h2', { id: 'h-tree' }, 'The tuple tree and the acker’s XOR'), note, pair(h('figure', { class: 'plot' }, svgEl), table));
    },
    update(ctx) {
      const root = shownRoot(ctx);
      const t = cursorTime(ctx);
      const nodes = root ? treeOf(ctx.model.topo.seen, root, t) : [];
      const tries = attempts(ctx.model.topo.seen, ctx.values.tree - 1).filter((a) => a.t <= t).length;
      note.textContent = root
        ? `Sentence ${ctx.values.tree}, attempt ${tries} (root ${short(root)}). Every tuple is an edge with a random 64-bit id. The acker XORs each id twice, once when the tuple is created and once when it is acked, so its value is 0 exactly when every tuple of the tree has been acked (C2).`
        : `Sentence ${ctx.values.tree} has not been emitted yet at this moment.`;
      const leaves = Math.max(1, nodes.filter((n) => n.tuple.from === 'split').length);
      const height = Math.max(150, leaves * 46 + 50);
      const svg = select(svgEl).attr('viewBox', `0 0 660 ${height}`).attr('width', 660).attr('height', height);
      svg.selectAll('*').remove();
      ['spout → split', 'split → count', 'count → sink'].forEach((lbl, i) => {
        svg
          .append('text')
          .attr('class', 'axis-title')
          .attr('x', 10 + i * 215)
          .attr('y', 14)
          .text(lbl);
      });
      const pos = new Map<string, { x: number; y: number }>();
      const words = nodes.filter((n) => n.tuple.from === 'split');
      nodes.forEach((n) => {
        const level = LEVEL[n.tuple.from] ?? 0;
        const i = words.indexOf(n);
        const y = level === 0 ? 30 + ((leaves - 1) * 46) / 2 : level === 1 ? 30 + i * 46 : (pos.get(n.parent ?? '')?.y ?? 30);
        pos.set(n.tuple.edge, { x: 10 + level * 215, y });
      });
      for (const n of nodes) {
        const a = n.parent ? pos.get(n.parent) : undefined;
        const b = pos.get(n.tuple.edge)!;
        if (a)
          svg
            .append('path')
            .attr('class', 'tree-link')
            .attr('d', `M${a.x + 190},${b.y + 17} C${a.x + 205},${b.y + 17} ${a.x + 200},${a.y + 17} ${a.x + 190},${a.y + 17}`);
      }
      for (const n of nodes) {
        const p = pos.get(n.tuple.edge)!;
        const g = svg
          .append('g')
          .attr('class', `tree-node ${n.state}`)
          .attr('transform', `translate(${p.x},${p.y})`)
          .attr('data-edge', n.tuple.edge);
        g.append('rect').attr('width', 190).attr('height', 34);
        const v = JSON.parse(n.tuple.values) as Record<string, unknown>;
        g.append('text')
          .attr('x', 6)
          .attr('y', 14)
          .text(`${n.tuple.to}: ${v.text ?? (v.count !== undefined ? `${String(v.word)} = ${String(v.count)}` : String(v.word))}`);
        g.append('text').attr('class', 'edge-id').attr('x', 6).attr('y', 28).text(`edge ${n.tuple.edge} · ${n.state}`);
      }
      const rows = ledgerRows(ctx);
      const xor = rows.at(-1)?.[4];
      if (xor !== undefined) {
        const failed = rows.some((r) => r[1] === 'fail');
        const zero = !failed && /^0+$/.test(xor);
        svg
          .append('text')
          .attr('class', `xor-value${zero ? ' zero' : ''}`)
          .attr('id', 'xor-value')
          .attr('x', 650)
          .attr('y', height - 8)
          .attr('text-anchor', 'end')
          .text(
            failed ? 'a bolt failed a tuple: the acker told the spout “fail”' : `acker XOR: ${zero ? '0 → the tree is complete' : xor}`,
          );
      }
      fillTable(
        table,
        rows.map((r) => [r[0]!, r[1]!, r[2]!, { text: r[3]!, cls: 'mono' }, { text: r[4]!, cls: /^0+$/.test(r[4]!) ? 'mono ok' : 'mono' }]),
        root ? 'no message yet' : 'not emitted yet',
      );
    },
  };
}
