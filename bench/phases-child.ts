// Child process of the scale bench: one `streamlab run` worth of work (generate, stateless stages, oracle,
// each engine, result assembly, result.json, report, atomic write), with the CPU time of each phase —
// process CPU, so worker threads count — and the wall time, printed as one JSON line.
// Usage: node --import tsx bench/phases-child.ts <scenario> <events|-> <workers> <out-dir>
import { mkdirSync } from 'node:fs';
import { digest, pairNames, writePair } from '../cli/run-output.ts';
import { engineModule } from '../engines/registry.ts';
import { renderReport } from '../reports/render.ts';
import { loadScenarioAsync } from '../scenarios/catalog.ts';
import { RunContext } from '../scenarios/engine-result.ts';
import { buildResult, serializeResult } from '../scenarios/result.ts';
import { runScenarioAsync } from '../scenarios/runner.ts';

const [name, events, workers, out] = process.argv.slice(2) as [string, string, string, string];
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const wall0 = performance.now();
const phases: Array<{ phase: string; cpuMs: number }> = [];
let last = cpu();
const mark = (phase: string) => {
  const now = cpu();
  phases.push({ phase, cpuMs: Math.round(now - last) });
  last = now;
};
const { scenario } = await loadScenarioAsync(name, events === '-' ? {} : { events: Number(events) });
mark('load');
const run = await runScenarioAsync(scenario, {
  workers: Number(workers),
  onStage: (s) => mark(s === 'generating' ? 'load' : 'generate + stateless stages'),
  onEngineStart: () => mark(phases.some((p) => p.phase === 'oracle') ? 'between engines' : 'oracle'),
  onEngine: (r) => mark(`engine ${r.entry.id}`),
});
// The oracle under Storm's (start, end] windows is oracle work too: evaluated (and cached) apart.
const ctx = new RunContext(run);
for (const r of run.engines) {
  if (r.supported && engineModule(r.entry.kind)!.facts(r.entry.options).closure === 'end-inclusive')
    ctx.closed(r.entry.job ?? scenario.job);
}
mark('oracle (end-inclusive)');
const result = buildResult(
  scenario,
  run,
  { node: process.version, commit: null, startedAt: new Date().toISOString(), mode: 'simulated' },
  ctx,
);
mark('result assembly');
const text = serializeResult(result);
mark('result.json');
const html = renderReport(result, { resultDigest: digest(text) });
mark('report');
mkdirSync(out, { recursive: true });
writePair(out, pairNames(false, false), text, html);
mark('write');
const engines = result.engines.map((e) => ({
  id: e.id,
  status: e.status,
  ...('correctness' in e ? { windows: e.correctness.windows, exact: e.correctness.exact, emitted: e.series.emissionCount } : {}),
}));
console.log(
  JSON.stringify({
    wallMs: Math.round(performance.now() - wall0),
    maxRssKiB: process.resourceUsage().maxRSS,
    resultBytes: text.length,
    reportBytes: html.length,
    phases,
    engines,
  }),
);
