// The notebooks' stylesheet: the reports' base (system fonts, tables) widened for a picture with its
// table beside it, plus the lab's controls, stepper, explanation and the time picture's marks.
import { STYLE } from '../../reports/style.ts';
import { GUARANTEE_STYLE } from './style-guarantees.ts';

export const NOTEBOOK_STYLE = `${STYLE}
main { max-width: 1180px; }
[hidden] { display: none !important; }
header h1 { margin-bottom: .3rem; }
.kicker a { color: inherit; }
.intro { max-width: 52rem; }
.toolbar { display: flex; flex-wrap: wrap; gap: .6rem 1.4rem; align-items: flex-end; background: var(--soft); border: 1px solid var(--rule); border-radius: 6px; padding: .7rem .9rem; margin: 1.2rem 0 .8rem; }
.controls { display: flex; flex-wrap: wrap; gap: .6rem 1.4rem; align-items: flex-end; }
.control { font-size: .85rem; }
.control.range label { display: block; color: var(--muted); }
.control.range output { color: var(--ink); font-weight: 600; font-variant-numeric: tabular-nums; }
.control.range input { width: 11rem; }
.control .help { display: block; color: var(--muted); font-size: .75rem; max-width: 14rem; }
fieldset.control { border: 0; padding: 0; margin: 0; }
fieldset.control legend { color: var(--muted); padding: 0; margin-bottom: .15rem; }
.seg { display: inline-block; margin-right: -1px; }
.seg input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.seg span { display: inline-block; padding: .2rem .65rem; border: 1px solid #b8c0c8; background: #fff; cursor: pointer; }
.seg:first-of-type span { border-radius: 4px 0 0 4px; }
.seg:last-of-type span { border-radius: 0 4px 4px 0; }
.seg input:checked + span { background: var(--accent); border-color: var(--accent); color: #fff; }
.seg input:focus-visible + span { outline: 2px solid #f5a623; outline-offset: 1px; }
.seg input:disabled + span { opacity: .55; cursor: default; }
.frame-controls { display: flex; flex-wrap: wrap; gap: .4rem 1rem; font-size: .85rem; align-items: center; margin-left: auto; }
.frame-controls select { font: inherit; }
.links { color: var(--muted); font-size: .8rem; }
.run-error { background: #fdecea; border-left: 4px solid #b42318; padding: .5rem .8rem; color: #7a1a12; }
.step-explain { display: grid; grid-template-columns: minmax(0, 5fr) minmax(0, 7fr); gap: 1rem; align-items: start; margin: .6rem 0 0; }
.stepper { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; }
.stepper button, .exercise button { font: inherit; font-size: .9rem; padding: .3rem .8rem; border: 1px solid #b8c0c8; border-radius: 4px; background: #fff; cursor: pointer; }
.stepper button.primary { background: var(--accent); color: #fff; border-color: var(--accent); font-weight: 600; }
.stepper button:disabled { opacity: .45; cursor: default; }
#scrub { flex: 1 1 8rem; min-width: 6rem; }
.status { flex-basis: 100%; color: var(--muted); font-size: .82rem; font-variant-numeric: tabular-nums; }
.predict { border: 1px dashed #b8c0c8; border-radius: 6px; padding: .4rem .8rem .5rem; margin: .6rem 0 0; font-size: .85rem; }
.predict legend { font-weight: 600; padding: 0 .3rem; }
.predict label { display: block; }
.feedback { margin: .3rem 0 0; font-size: .85rem; }
.feedback.ok, .verdict-line.ok, td.ok { color: #1a7f37; }
.feedback.bad, .verdict-line.bad, td.bad { color: #b42318; }
.explain { background: #f3f8fe; border-left: 4px solid var(--accent); padding: .2rem .9rem .5rem; min-height: 8rem; }
.explain h2 { border: 0; margin: .3rem 0 .1rem; padding: 0; font-size: 1rem; }
.explain .when { margin: 0 0 .2rem; color: var(--muted); font-size: .85rem; }
.explain ul { margin: 0; padding-left: 1.1rem; font-size: .92rem; }
.explain li { margin: .15rem 0; }
abbr.rule { text-decoration: none; font: 600 .72rem ui-monospace, SFMono-Regular, Menlo, monospace; background: #fff; border: 1px solid var(--accent); color: var(--accent); border-radius: 3px; padding: 0 .25rem; cursor: help; }
.view h2 { font-size: 1.15rem; margin-top: 1.8rem; }
.pair { display: grid; grid-template-columns: minmax(0, 680px) minmax(0, 1fr); gap: 1rem; align-items: start; }
.pair-table { max-height: 31rem; overflow: auto; border: 1px solid var(--rule); border-radius: 4px; padding: 0 .4rem; }
.pair-table table { width: 100%; font-size: .78rem; margin: .2rem 0 .6rem; }
.pair-table th, .pair-table td { padding: .15rem .35rem; }
.chart-pair { grid-template-columns: minmax(0, 620px) minmax(0, 1fr); }
figure { margin: 0; }
figure.plot svg { max-width: 100%; height: auto; font: 11px system-ui, sans-serif; }
.legend { display: flex; flex-wrap: wrap; gap: .2rem .9rem; font-size: .75rem; color: var(--muted); margin: .2rem 0 0; }
.legend-item { display: inline-flex; align-items: center; gap: .25rem; }
.legend-item.wm-key::before { content: ''; display: inline-block; width: 18px; border-top: 3px solid #c2410c; }
.legend-item.ideal-key::before { content: ''; display: inline-block; width: 18px; border-top: 1px dashed #8b949e; }
.axis-title { fill: var(--muted); font-size: 11px; }
.ideal { stroke: #8b949e; stroke-dasharray: 4 4; }
.ideal-label, .now-label, .oracle-title { fill: #6e7781; font-size: 10px; }
.now { stroke: #0b5cad; stroke-width: 1; stroke-dasharray: 2 3; }
.wm { fill: none; stroke-width: 1.6; }
.wm.main { stroke: #c2410c; stroke-width: 3; }
.wm.input { stroke-dasharray: 5 3; }
.wm-label { font-size: 10px; font-weight: 600; }
.wm-label.main { fill: #c2410c; }
path.wm.input-0 { stroke: #2f7d32; } path.wm.input-1 { stroke: #7b3fb5; } path.wm.input-2 { stroke: #0f766e; } path.wm.input-3 { stroke: #9a6700; }
text.input-0 { fill: #2f7d32; } text.input-1 { fill: #7b3fb5; } text.input-2 { fill: #0f766e; } text.input-3 { fill: #9a6700; }
.pane-column { fill: #4e79a7; opacity: .07; }
.pane rect { fill: #dbe7f5; stroke: #4e79a7; }
.pane.again rect { fill: #fde9cf; stroke: #e8890c; }
.pane-label { font-size: 10px; fill: #1f2328; pointer-events: none; }
.band { fill: #4e79a7; opacity: .06; }
.band.odd { opacity: .14; }
.band.again { fill: #e8890c; }
.band-end { stroke: #4e79a7; stroke-dasharray: 2 2; }
.band-label { font-weight: 600; }
.oracle-box { fill: #fff; stroke: #6e7781; stroke-dasharray: 3 2; }
.oracle-box.match { stroke: #1a7f37; fill: #eef8f0; }
.oracle-box.differs { stroke: #b42318; fill: #fdecea; }
.event path { stroke-width: 1.4; }
.event text { font-size: 10px; fill: #1f2328; }
.fate-on-time path { fill: #1f77b4; stroke: #1f77b4; }
.fate-waiting path { fill: #fff; stroke: #1f77b4; }
.fate-arrived path { fill: #8fb3d9; stroke: #4e79a7; }
.fate-updated path { fill: #e8890c; stroke: #a35f00; }
.fate-side-output path { fill: #7b3fb5; stroke: #5a2a88; }
.fate-dropped path { fill: #b42318; stroke: #b42318; }
.fate-never-emitted path { fill: #fff; stroke: #8b949e; }
.fate-not-arrived path { fill: #fff; stroke: #c4cad0; stroke-dasharray: 2 2; }
.fate-not-arrived text { fill: #a0a7ae; }
.event.draggable { cursor: ns-resize; }
.event.draggable:focus { outline: none; }
.event.draggable:focus path { stroke: #f5a623; stroke-width: 3; }
.event.dragging path { stroke: #f5a623; stroke-width: 3; }
td.fate.dropped { color: #b42318; } td.fate.side-output { color: #7b3fb5; } td.fate.updated { color: #a35f00; }
.empty-row td { color: var(--muted); font-style: italic; }
.lanes { overflow-x: auto; border: 1px solid var(--rule); border-radius: 4px; margin-bottom: .6rem; }
.lanes svg { display: block; font: 11px system-ui, sans-serif; }
.lanes-table { max-height: 18rem; }
.lane-batch rect { fill: #dbe7f5; stroke: #4e79a7; }
.lane-batch.no-data rect { fill: url(#hatch); stroke: #8b949e; }
.lane-batch text { font-size: 10px; }
.lane-out { fill: #1a7f37; font-size: 10px; font-weight: 600; }
.life-open { fill: #dbe7f5; stroke: #4e79a7; }
.life-kept { fill: #fde9cf; stroke: #e8890c; }
.life-fire path { fill: #1f77b4; stroke: #fff; }
.life-refire path { fill: #e8890c; stroke: #a35f00; }
.life-purge { stroke: #1f2328; stroke-width: 2.5; }
.exercises { padding-left: 1.2rem; }
.exercise { margin: .8rem 0; }
.exercise .prompt { margin: 0 0 .3rem; }
.check-row { display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; font-size: .88rem; }
.check-row input { font: inherit; padding: .15rem .35rem; }
.verdict-line { margin: .25rem 0 0; font-size: .88rem; }
.note { margin: .6rem 0; }
#trace-details { margin-top: 1.6rem; }
.trace-json { max-height: 20rem; overflow: auto; background: var(--soft); padding: .5rem; font-size: .75rem; }
@media (max-width: 900px) { .pair, .step-explain { grid-template-columns: 1fr; } .frame-controls { margin-left: 0; } }
${GUARANTEE_STYLE}`;
