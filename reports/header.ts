// The report's header (title and question) and its setup: workload, job, engine configurations with
// each model's facts, seed, run mode and the environment (commit, Node version, start time as a date). The
// environment is the only part that differs between two runs of one scenario, so it sits in its own block
// that goldens can blank out.
import type { Result } from '../scenarios/result.ts';
import type { EngineView } from './engines.ts';
import { esc, fmtInt } from './html.ts';
import { describeReplay, fmtDate } from './time-format.ts';

export const ENV_PLACEHOLDER = '(environment omitted)';

/** Flat `key: value` text for a small config object (nested objects in braces). */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(describe).join('; ');
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? `{${describe(v)}}` : describe(v)}`);
    return parts.join(', ');
  }
  return String(value);
}

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export function titleOf(result: Result): string {
  const s = record(result.scenario);
  return typeof s.title === 'string' ? s.title : typeof s.name === 'string' ? s.name : 'streamlab scenario';
}

/** The top of the page: what was asked. The decision box follows it, then `setup`. */
export function header(result: Result): string {
  const s = record(result.scenario);
  return `<header>
<p class="kicker">streamlab report · ${esc(typeof s.name === 'string' ? s.name : '')}</p>
<h1>${esc(titleOf(result))}</h1>
<p class="question">${esc(typeof s.question === 'string' ? s.question : '')}</p>
</header>`;
}

/** The model's facts in a few words: "record-at-a-time, [start, end) windows, exactly-once". */
function modelWords(e: Result['engines'][number]): string {
  const m = e.model;
  if (!m) return '';
  const closure = m.closure === 'end-inclusive' ? '(start, end] windows' : '[start, end) windows';
  return ` <span class="kind">(${esc(`${m.processing}, ${closure}, ${m.delivery}`)})</span>`;
}

/** How the run was set up: workload, job, engines with their configurations, seed, mode and environment. */
export function setup(result: Result, views: readonly EngineView[], placeholderEnvironment: boolean): string {
  const s = record(result.scenario);
  const workload = record(s.workload);
  const run = record(s.run);
  const env = result.environment;
  const mode = env.mode;
  const engines = views
    .map((v) => {
      const entry = result.engines.find((e) => e.id === v.id)!;
      const { kind: _kind, ...config } = record(entry.config);
      const conf = describe(config);
      return `<li><span class="swatch" style="background:${v.colour}"></span><strong>${esc(v.name)}</strong>${modelWords(entry)}${
        v.name.includes(v.id) ? '' : ` <code>${esc(v.id)}</code>`
      }${conf ? ` — ${esc(conf)}` : ' — defaults'}${v.ok ? '' : ` <span class="unsupported">not supported: ${esc(v.reason)}</span>`}</li>`;
    })
    .join('\n');
  const envValue = (v: string | null) => esc(placeholderEnvironment ? ENV_PLACEHOLDER : (v ?? 'unknown'));
  const started = placeholderEnvironment ? ENV_PLACEHOLDER : fmtDate(Date.parse(env.startedAt));
  const simulated =
    mode === 'simulated'
      ? `<p class="note" id="simulated-note"><strong>Simulated run.</strong> Time is the model’s virtual clock, so the latency shown is the latency the model imposes (watermark delay, batch interval, window closure) — not the speed of this implementation or this machine.</p>`
      : `<p class="note">Real run: figures measure this implementation on this machine, with latency taken from each event’s scheduled time.</p>`;
  return `<section id="section-setup" aria-labelledby="h-setup">
<h2 id="h-setup">Setup</h2>
<dl class="facts">
<dt>Workload</dt><dd>${esc(describe(workload))}; ${esc(fmtInt(result.input.events))} events generated, ${esc(fmtInt(result.input.accepted))} accepted</dd>
${replayFact(result)}<dt>Job</dt><dd>${esc(describe(s.job))}</dd>
<dt>Seed</dt><dd>${esc(describe(workload.seed))}</dd>
<dt>Run mode</dt><dd>${esc(mode)}${Object.keys(run).length > 0 ? ` (${esc(describe(run))})` : ''}</dd>
<dt>Engines</dt><dd><ul class="engines">
${engines}
</ul></dd>
</dl>
<dl class="facts environment" id="environment">
<dt>Commit</dt><dd><code>${envValue(env.commit)}</code></dd>
<dt>Node</dt><dd>${envValue(env.node)}</dd>
<dt>Started</dt><dd>${esc(started)}</dd>
</dl>
${simulated}
</section>`;
}

/** A file replay: its event times as dates and how its rows arrived (nothing for generated workloads). */
function replayFact(result: Result): string {
  const text = describeReplay(result);
  return text ? `<dt>Data</dt><dd id="replay">${esc(text)}</dd>\n` : '';
}
