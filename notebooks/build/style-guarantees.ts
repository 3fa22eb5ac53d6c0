// The stylesheet of part II's pictures (notebooks 7–11): swimlanes and their marks, the tuple tree and the
// acker's ledger, barriers on channels, the key-group grid, micro-batch bars. Appended to NOTEBOOK_STYLE.
export const GUARANTEE_STYLE = `
.lane-rule { stroke: #d0d7de; }
.visibility-link { stroke: #1a7f37; stroke-width: 1; opacity: .45; }
.crash-rule { stroke: #b42318; stroke-width: 2; stroke-dasharray: 5 3; }
.lane-mark path { stroke-width: 1.6; }
.mark-trigger path { fill: #fff; stroke: #4e79a7; }
.mark-complete path { fill: #4e79a7; stroke: #4e79a7; }
.mark-crash path, .mark-abort path { fill: none; stroke: #b42318; stroke-width: 2.4; }
.mark-write path { fill: #8fb3d9; stroke: #4e79a7; }
.mark-noop path { fill: #fff; stroke: #8b949e; stroke-dasharray: 2 2; }
.mark-precommit path { fill: #fde9cf; stroke: #e8890c; }
.mark-commit path { fill: none; stroke: #1a7f37; stroke-width: 2.4; }
.mark-visible path { fill: #1a7f37; stroke: #1a7f37; }
.mark-duplicate path { fill: #b42318; stroke: #b42318; }
.note.ok { color: #1a7f37; } .note.bad { color: #b42318; }
.run-note { background: var(--soft); border-left: 4px solid #8b949e; padding: .4rem .8rem; font-size: .88rem; }
.tree-node rect { fill: #fff; stroke: #4e79a7; rx: 4; }
.tree-node.acked rect { fill: #eef8f0; stroke: #1a7f37; }
.tree-node.failed rect, .tree-node.lost rect { fill: #fdecea; stroke: #b42318; }
.tree-node.pending rect { fill: #fff8e6; stroke: #e8890c; }
.tree-node text { font-size: 10px; }
.tree-node .edge-id { font: 10px ui-monospace, SFMono-Regular, Menlo, monospace; fill: #6e7781; }
.tree-link { fill: none; stroke: #8b949e; stroke-width: 1.4; }
.xor-value { font: 600 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
.xor-value.zero { fill: #1a7f37; }
td.mono, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .7rem; word-break: break-all; }
.spout-lane { stroke: #e6e9ed; }
.sp-emit path { fill: #4e79a7; } .sp-replay path { fill: #fff; stroke: #4e79a7; stroke-width: 1.6; }
.sp-ack path { fill: none; stroke: #1a7f37; stroke-width: 2.4; } .sp-fail path, .sp-timeout path { fill: none; stroke: #b42318; stroke-width: 2.2; }
.sp-timeout path { stroke-dasharray: 2 2; }
.channel { fill: #f6f8fa; stroke: #d0d7de; }
.barrier-line { stroke: #7b3fb5; stroke-width: 2; }
.barrier-label { fill: #7b3fb5; font-size: 10px; font-weight: 600; }
.align-band { fill: #e8890c; opacity: .18; }
.dot-label { font-size: 9px; fill: #fff; pointer-events: none; }
.record-dot.replayed + .dot-label, .record-dot.held + .dot-label { fill: #1f2328; }
.record-dot { fill: #4e79a7; }
.record-dot.replayed { fill: #fff; stroke: #b42318; stroke-width: 1.4; }
.record-dot.held { fill: #e8890c; }
.kg-cell { stroke: #fff; stroke-width: 1; }
.kg-cell.has-state { stroke: #1f2328; stroke-width: 1.4; }
.kg-label { font-size: 9px; fill: #1f2328; pointer-events: none; }
.kg-legend { display: flex; flex-wrap: wrap; gap: .2rem .8rem; font-size: .75rem; color: var(--muted); }
.kg-swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: .25rem; vertical-align: -2px; }
.batch-bar { fill: #8fb3d9; stroke: #4e79a7; }
.batch-bar.over { fill: #f4b3aa; stroke: #b42318; }
.batch-wait { fill: #e8890c; opacity: .35; }
.measure-box { border: 1px solid var(--rule); border-radius: 6px; padding: .5rem .9rem; margin: .8rem 0; }
.measure-box button { font: inherit; font-size: .9rem; padding: .3rem .8rem; border: 1px solid var(--accent); border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; }
.measure-box button:disabled { opacity: .5; cursor: default; }
tr.dup td { background: #fdecea; }
tr.zero-key td { background: #fff8e6; }
`;
