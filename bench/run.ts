// `npm run bench`: the benchmark suites in one process, one table of figures with their ratios.
// The script bundles this file with esbuild first, so engines run as plain JS (no loader per call).
//   npm run bench                        every suite but `scale`
//   npm run bench -- --only jobs,primitives
//   npm run bench -- --only scale        the lab at scale (minutes; child processes)
//   npm run bench -- --json [file]       also write the figures (default out/bench.json) to compare commits
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BenchRow } from './bench-row.ts';
import { bench as checkpointsBench } from './checkpoints.bench.ts';
import { bench as fileReplayBench } from './file-replay.bench.ts';
import { bench as jobsBench } from './jobs.bench.ts';
import { bench as joinsBench } from './joins.bench.ts';
import { bench as primitivesBench } from './primitives.bench.ts';
import { bench as scaleBench } from './scale.bench.ts';
import { bench as stateBackendsBench } from './state-backends.bench.ts';

const suites: Array<[string, () => Promise<BenchRow[]>, boolean]> = [
  ['jobs', jobsBench, true],
  ['primitives', primitivesBench, true],
  ['state backends', stateBackendsBench, true],
  ['checkpoints', checkpointsBench, true],
  ['file replay', fileReplayBench, true],
  ['joins', joinsBench, true],
  ['scale', scaleBench, false],
];

const args = process.argv.slice(2);
const flag = (name: string) => args.indexOf(name);
const onlyAt = flag('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1]?.split(',') : process.env.BENCH_ONLY?.split(',');
const jsonAt = flag('--json');
const jsonFile = jsonAt >= 0 ? (args[jsonAt + 1] && !args[jsonAt + 1]!.startsWith('--') ? args[jsonAt + 1]! : 'out/bench.json') : null;
for (const name of only ?? [])
  if (!suites.some(([n]) => n === name)) throw new Error(`--only: no suite "${name}" (${suites.map(([n]) => n).join(', ')})`);

const results: Array<BenchRow & { suite: string }> = [];
for (const [name, run, byDefault] of suites) {
  if (only ? !only.includes(name) : !byDefault) continue;
  process.stderr.write(`running ${name}…\n`);
  for (const row of await run()) results.push({ suite: name, ...row });
}

const rate = (r: BenchRow) =>
  r.eventsPerSec !== undefined
    ? `${(r.eventsPerSec / 1e6).toFixed(2)} M ev/s`
    : r.opsPerSec !== undefined
      ? `${(r.opsPerSec / 1e6).toFixed(2)} M op/s`
      : '';
const ratios = (r: BenchRow) =>
  Object.entries(r.ratios ?? {})
    .map(([to, x]) => `×${x.toFixed(2)} ${to}`)
    .join(', ');
console.log(`node ${process.version}, ${process.arch}; real clock; ratios are rates relative to the named baseline\n`);
let suite = '';
for (const r of results) {
  if (r.suite !== suite) console.log(`\n${(suite = r.suite)}`);
  console.log(`  ${r.name.padEnd(72)} ${rate(r).padStart(14)}  ${ratios(r).padEnd(34)} ${r.note ?? ''}`);
}
if (jsonFile) {
  let commit: string | null = null;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    commit = null;
  }
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(
    jsonFile,
    `${JSON.stringify({ node: process.version, arch: process.arch, commit, date: new Date().toISOString(), rows: results }, null, 2)}\n`,
  );
  console.log(`\nwrote ${jsonFile}`);
}
