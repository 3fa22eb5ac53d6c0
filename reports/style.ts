// The report's stylesheet: one readable column, system fonts (no web fonts: reports make no requests),
// tabular figures in tables, print-friendly.
export const STYLE = `
:root { --ink: #1f2328; --muted: #59636e; --rule: #d8dee4; --soft: #f6f8fa; --accent: #0b5cad; }
* { box-sizing: border-box; }
html { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; color: var(--ink); background: #fff; }
body { margin: 0; }
main { max-width: 880px; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: .2rem 0 .6rem; letter-spacing: -.01em; }
h2 { font-size: 1.3rem; margin: 2.6rem 0 .4rem; padding-top: .8rem; border-top: 1px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 1.8rem 0 .3rem; }
p { margin: .5rem 0; }
a { color: var(--accent); }
code { font: .85em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: .75rem; color: var(--muted); margin: 0; }
.question { font-size: 1.15rem; color: #333; margin: 0 0 1rem; }
.facts { display: grid; grid-template-columns: 7rem 1fr; gap: .15rem 1rem; margin: .8rem 0; font-size: .9rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.environment { font-size: .8rem; }
.engines { list-style: none; margin: 0; padding: 0; }
.engines .kind { color: var(--muted); }
.swatch { display: inline-block; width: .7em; height: .7em; border-radius: 2px; margin-right: .35em; vertical-align: baseline; }
.unsupported { color: #b42318; font-weight: 500; font-size: .85em; }
.note { background: var(--soft); border-left: 3px solid var(--rule); padding: .5rem .8rem; font-size: .9rem; }
.decision { background: #f3f8fe; border: 1px solid #cfe0f5; border-left: 4px solid var(--accent); border-radius: 4px; padding: .3rem 1rem .7rem; margin: 1rem 0 1.5rem; }
.decision h2 { border-top: 0; margin: .5rem 0 .2rem; padding-top: 0; }
.decision h3 { margin: 1rem 0 .2rem; font-size: 1rem; }
.decision .lead { font-size: 1.12rem; font-weight: 600; margin: .2rem 0; }
.decision .criteria { color: var(--muted); font-size: .85rem; margin: .2rem 0 .5rem; }
.ranking { width: 100%; font-size: .9rem; background: #fff; margin: .3rem 0; }
.ranking caption { display: none; }
.ranking td, .ranking th { vertical-align: top; }
.ranking .place { font-weight: 700; text-align: center; width: 2rem; font-size: 1rem; }
.ranking tr.exact .place { color: #1a7f37; }
.ranking tr.wrong .place { color: #b42318; }
.ranking tbody th { white-space: nowrap; }
.ranking .input-end { color: var(--muted); font-size: .85em; }
.changes { padding-left: 1.1rem; font-size: .9rem; margin: .3rem 0; }
.changes li { margin: .4rem 0; }
.basis { display: inline-block; font-size: .68rem; text-transform: uppercase; letter-spacing: .04em; padding: .05rem .35rem; border-radius: 3px; margin-right: .2rem; font-weight: 600; }
.basis.computed { background: #d1fadf; color: #05603a; }
.basis.suggestion { background: #fef0c7; color: #93370d; }
.verdict { font-size: 1rem; }
.verdict p { margin: .4rem 0; }
.description { color: var(--muted); font-size: .92rem; }
.chart { min-height: 80px; margin: .8rem 0 .4rem; overflow-x: auto; }
.chart .fallback, .empty { color: var(--muted); font-style: italic; }
.chart[data-linked] { margin: .2rem 0; }
.chart[hidden] { display: none !important; } /* vega-embed makes its target an inline-block */
.mark-legend { list-style: none; padding: 0; margin: .4rem 0; display: flex; flex-wrap: wrap; gap: .2rem 1.1rem; font-size: .82rem; color: var(--muted); }
.mark-legend .dot { display: inline-block; width: .55em; height: .55em; border-radius: 50%; vertical-align: middle; }
.mark-legend .line { display: inline-block; width: 1.2em; border-top: 2px solid #4c78a8; vertical-align: middle; }
.mark-legend .bar { display: inline-block; width: 3px; height: 1em; background: #4c78a8; vertical-align: middle; }
.mark-legend .glyph { font-weight: 700; }
.panel-toggles { border: 1px solid var(--rule); border-radius: 4px; padding: .2rem .7rem .4rem; margin: .4rem 0; font-size: .85rem; display: flex; flex-wrap: wrap; gap: .2rem 1rem; }
.panel-toggles legend { color: var(--muted); font-size: .78rem; padding: 0 .3rem; }
.panel-toggles label { cursor: pointer; white-space: nowrap; }
.scroll { overflow-x: auto; }
.scroll.tall { max-height: 32rem; overflow-y: auto; border: 1px solid var(--rule); border-radius: 4px; }
table { border-collapse: collapse; font-size: .85rem; font-variant-numeric: tabular-nums; margin: .5rem 0; min-width: 50%; }
caption { caption-side: top; text-align: left; color: var(--muted); font-size: .82rem; padding: .3rem 0; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid #eaeef2; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--rule); font-weight: 600; white-space: nowrap; position: sticky; top: 0; background: #fff; }
tbody th { font-weight: 500; }
.num { text-align: right; white-space: nowrap; }
.summary { width: 100%; font-size: .92rem; }
.summary tr.group th { background: var(--soft); font-weight: 600; text-transform: uppercase; font-size: .72rem; letter-spacing: .06em; color: var(--muted); }
.na { color: #aaa; }
.recovery-figures { width: 100%; font-size: .8rem; }
.recovery-figures th, .recovery-figures td { padding: .2rem .35rem; }
.recovery-figures tbody th { min-width: 10rem; }
.recovery-figures thead th { white-space: normal; vertical-align: bottom; }
.recovery-figures .setup { color: var(--muted); font-size: .75rem; font-weight: 400; }
.nowrap { white-space: nowrap; }
.differences { width: 100%; font-size: .8rem; }
.differences th, .differences td { padding: .2rem .4rem; }
.differences td.why { min-width: 9rem; white-space: normal; color: var(--muted); }
.differences caption { padding-left: .6rem; }
.differences td.same { color: #8b949e; }
.differences td.differs { font-weight: 600; background: #fff4e5; }
.differences td.missing { background: #fdecea; color: #b42318; }
.differences td.extra { background: #f3e8f7; }
details { margin: .3rem 0 1rem; }
summary { cursor: pointer; color: var(--accent); font-size: .9rem; }
.filters { display: flex; flex-wrap: wrap; gap: .6rem 1.2rem; align-items: end; font-size: .85rem; margin: .6rem 0; }
.filters label { display: flex; flex-direction: column; color: var(--muted); }
.filters input, .filters select { font: inherit; padding: .2rem .4rem; border: 1px solid var(--rule); border-radius: 4px; color: var(--ink); }
.filters output { color: var(--muted); }
.index td { vertical-align: top; }
footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; }
@media print { .filters, summary { display: none; } details { display: block; } }
`;
