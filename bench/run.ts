// `npm run bench`: every engine's benchmark in one process, one table of figures. The script bundles
// this file with esbuild first, so engines run as plain JS (no per-call module indirection of a loader).
import type { BenchRow } from './bench-row.ts';
import { bench as checkpointsBench } from './checkpoints.bench.ts';
import { bench as eventBench } from './event.bench.ts';
import { bench as fileReplayBench } from './file-replay.bench.ts';
import { bench as microbatchBench } from './microbatch.bench.ts';
import { bench as stateBackendsBench } from './state-backends.bench.ts';
import { bench as tupleBench } from './tuple.bench.ts';

const suites: Array<[string, () => Promise<BenchRow[]>]> = [
  ['event', eventBench],
  ['microbatch', microbatchBench],
  ['tuple', tupleBench],
  ['state backends', stateBackendsBench],
  ['checkpoints', checkpointsBench],
  ['file replay', fileReplayBench],
];

const rows: BenchRow[] = [];
// BENCH_ONLY=name runs one suite (e.g. BENCH_ONLY="file replay").
for (const [name, run] of suites.filter(([n]) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY === n)) {
  process.stderr.write(`running ${name}…\n`);
  rows.push(...(await run()));
}
const fmt = (n: number) => `${(n / 1e6).toFixed(2)} M/s`;
console.log(`node ${process.version}, ${process.arch}; 1,000,000 events, 1,000 keys, 10 s tumbling count, real clock\n`);
for (const r of rows) console.log(`${r.name.padEnd(64)} ${(r.eventsPerSec > 0 ? fmt(r.eventsPerSec) : '').padStart(11)}   ${r.note ?? ''}`);
