// The index page's own styles on top of the report stylesheet: a wide matrix whose cells are coloured
// chips (correctness) with the median latency inside, and the interrupted / stale marks.
export const INDEX_STYLE = `
main.wide { max-width: 1280px; }
.legend { list-style: none; padding: 0; margin: .4rem 0 1rem; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; font-size: .85rem; color: var(--muted); }
.legend .chip { display: inline-block; min-width: 0; margin-right: .3rem; }
.matrix { width: 100%; font-size: .9rem; border-collapse: separate; border-spacing: 3px; }
.matrix thead th { font-size: .85rem; text-align: center; }
.matrix thead th:first-child { text-align: left; }
.matrix tbody th { width: 34%; min-width: 16rem; font-weight: 400; }
.matrix tbody td { padding: 0; vertical-align: stretch; min-width: 8.5rem; }
.row-question { margin: 0 0 .2rem; line-height: 1.35; }
.matrix .title { font-weight: 600; font-size: .85rem; }
.matrix .kind { color: var(--muted); font-size: .75rem; }
.chip { display: block; padding: .3rem .45rem; margin: 0 0 3px; border-radius: 4px; text-decoration: none; color: #1f2328; line-height: 1.3; font-variant-numeric: tabular-nums; }
.chip:last-child { margin-bottom: 0; }
.chip .entry { display: block; font-size: .72rem; color: #444; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.chip .grade { display: block; font-weight: 600; font-size: .85rem; }
.chip .p50 { display: block; font-size: .8rem; }
a.chip:hover, a.chip:focus { outline: 2px solid var(--accent); outline-offset: -2px; }
.chip.exact { background: #b7e4c7; }
.chip.exact-due { background: #e3f4e8; box-shadow: inset 0 0 0 1px #74c69d; }
.chip.wrong-1 { background: #fde2c0; }
.chip.wrong-2 { background: #fbbf83; }
.chip.wrong-3 { background: #f4845f; }
.chip.wrong-4 { background: #d9534f; color: #fff; }
.chip.wrong-4 .entry { color: #fde; }
.chip.not-supported { background: #eceff1; color: #6b7280; }
td.none { text-align: center; color: #c0c4c8; background: #fafbfc; }
tr.failed td { padding: .4rem; }
.mark { margin: .3rem 0 0; font-size: .8rem; }
.mark strong { text-transform: uppercase; font-size: .7rem; letter-spacing: .04em; padding: 0 .3rem; border-radius: 3px; }
.mark.interrupted strong { background: #fde68a; }
.mark.stale strong { background: #e5e7eb; }
tr.interrupted .chip, tr.stale .chip, .chip.hatched { background-image: repeating-linear-gradient(135deg, transparent 0 6px, rgba(255, 255, 255, .55) 6px 9px); }
.question-small { margin: 0 0 .3rem; }
`;
