// The lab at scale (issue 17), each figure from a child process so its peak memory is its own:
// - keyed-tumbling-count at 10^7 events, simulated, three engines, in one thread and on worker threads
//   (interleaved): wall, CPU, peak RSS — and, with BENCH_BASE=<another checkout>, the same command there;
// - nexmark-q5-count at 10^7 events;
// - 10^6 events over 10^6 keys: CPU by phase, and the share outside the engines and the oracle;
// - passthrough in real mode at max pace on the tuple engine, 10^5 … 10^6 events: time per event;
// - real mode at max pace for catalog scenarios: every engine's result against its simulated one.
// Slow (many minutes): `npm run bench -- --only scale`. BENCH_SCALE_EVENTS scales the 10^7 runs down.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow } from './bench-row.ts';

const BIG = Number(process.env.BENCH_SCALE_EVENTS ?? 10_000_000);
const ROUNDS = Number(process.env.BENCH_SCALE_ROUNDS ?? 1);
const GIB = 2 ** 30;

interface Timed {
  wallS: number;
  cpuS: number;
  maxRssKiB: number;
}

/** `node <checkout>/bin/streamlab.mjs run …` under /usr/bin/time: wall, user + system CPU, peak RSS. */
function cli(checkout: string, args: string[], env: Record<string, string> = {}): Timed {
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', 'TIME %e %U %S %M', 'node', join(checkout, 'bin', 'streamlab.mjs'), 'run', ...args, '--quiet'],
    {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      maxBuffer: 1 << 26,
    },
  );
  const line = r.stderr.split('\n').find((l) => l.startsWith('TIME '));
  if (r.status !== 0 || line === undefined)
    throw new Error(`streamlab run ${args.join(' ')} (in ${checkout}): exit ${r.status}\n${r.stderr}`);
  const [wall, user, sys, rss] = line.slice(5).split(' ').map(Number) as [number, number, number, number];
  return { wallS: wall, cpuS: user + sys, maxRssKiB: rss };
}

const fmt = (t: Timed) => `${t.wallS.toFixed(1)} s wall, ${t.cpuS.toFixed(1)} s CPU, peak RSS ${(t.maxRssKiB / 1024).toFixed(0)} MiB`;

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'streamlab-bench-scale-'));
}

/** keyed-tumbling-count at BIG events: one thread, workers (and the base checkout), interleaved. */
function bigRuns(rows: BenchRow[]): void {
  const base = process.env.BENCH_BASE;
  const out = tmp();
  const variants: Array<[string, () => Timed]> = [
    ['one thread (--workers 0)', () => cli('.', ['keyed-tumbling-count', '--events', String(BIG), '--workers', '0', '--out', out])],
    ['worker threads (default: one per core)', () => cli('.', ['keyed-tumbling-count', '--events', String(BIG), '--out', out])],
  ];
  if (base) {
    // The checkout before: its run-limits refuse 10^7 events in a default heap, so it gets a bigger one.
    variants.push([
      `before (${base}, --max-old-space-size=12000)`,
      () => cli(base, ['keyed-tumbling-count', '--events', String(BIG), '--out', out], { NODE_OPTIONS: '--max-old-space-size=12000' }),
    ]);
  }
  const all = variants.map(() => [] as Timed[]);
  for (let r = 0; r < ROUNDS; r++) for (const [i, [, f]] of variants.entries()) all[i]!.push(f());
  rmSync(out, { recursive: true, force: true });
  const best = (ts: Timed[]) => ts.reduce((a, b) => (b.wallS < a.wallS ? b : a));
  const seq = best(all[0]!);
  variants.forEach(([label], i) => {
    const t = best(all[i]!);
    rows.push({
      name: `keyed-tumbling-count, ${BIG.toLocaleString('en-US')} events, simulated, 3 engines — ${label}`,
      eventsPerSec: BIG / t.wallS,
      ms: t.wallS * 1000,
      ratios: { 'one thread': seq.wallS / t.wallS },
      note: `${fmt(t)}${t.maxRssKiB * 1024 < 1.5 * GIB ? '' : ' (over 1.5 GiB)'}; best of ${ROUNDS}`,
    });
  });
}

function nexmark(rows: BenchRow[]): void {
  const out = tmp();
  const t = cli('.', ['nexmark-q5-count', '--events', String(BIG), '--out', out]);
  const r = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { oracle: { results: number } };
  rmSync(out, { recursive: true, force: true });
  rows.push({
    name: `nexmark-q5-count, ${BIG.toLocaleString('en-US')} events, simulated, 3 engines`,
    eventsPerSec: BIG / t.wallS,
    ms: t.wallS * 1000,
    note: `${fmt(t)}; ${r.oracle.results} oracle results`,
  });
}

interface Phases {
  wallMs: number;
  maxRssKiB: number;
  phases: Array<{ phase: string; cpuMs: number }>;
  engines: Array<{ id: string; windows?: number; exact?: number; emitted?: number; status: string }>;
}

/** 10^6 events over 10^6 keys, in one thread: CPU by phase (bench/phases-child.ts). */
function manyKeys(rows: BenchRow[]): void {
  const dir = tmp();
  const file = join(dir, 'many-keys.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'many-keys',
      title: 'Keyed tumbling count over a million keys',
      question: 'Where does the time go when every event is its own window?',
      workload: { generator: 'sensors', events: 1_000_000, rate: 1000, seed: 42, keys: { count: 1_000_000 } },
      job: { key: 'sensor', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' }, watermark: { delay: 0 } },
      engines: [{ kind: 'event' }, { kind: 'microbatch' }, { kind: 'tuple', watermark: { lag: 0 } }],
    }),
  );
  const r = spawnSync('node', ['--import', 'tsx', join('bench', 'phases-child.ts'), file, '-', '0', join(dir, 'out')], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`phases-child: ${r.stderr}`);
  const p = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Phases;
  const total = p.phases.reduce((n, x) => n + x.cpuMs, 0);
  const inside = p.phases.filter((x) => x.phase.startsWith('oracle') || x.phase.startsWith('engine ')).reduce((n, x) => n + x.cpuMs, 0);
  const enginesOnly = p.phases.filter((x) => x.phase.startsWith('engine ') && !x.phase.includes('microbatch'));
  const withoutSpark = total - (p.phases.find((x) => x.phase === 'engine microbatch')?.cpuMs ?? 0);
  rows.push({
    name: '10^6 events over 10^6 keys, 3 engines, one thread — share of CPU outside the engines and the oracle',
    ms: p.wallMs,
    note:
      `${((100 * (total - inside)) / total).toFixed(1)} % outside (${((total - inside) / 1000).toFixed(1)} of ${(total / 1000).toFixed(1)} s CPU; ` +
      `without the microbatch engine ${((100 * (total - inside)) / withoutSpark).toFixed(1)} %); peak RSS ${(p.maxRssKiB / 1024).toFixed(0)} MiB; ` +
      p.phases
        .filter((x) => x.cpuMs > 0)
        .map((x) => `${x.phase} ${(x.cpuMs / 1000).toFixed(2)} s`)
        .join(', ') +
      ` (engines without Spark: ${enginesOnly.map((x) => x.phase).join(', ')})`,
  });
}

/**
 * passthrough, real mode, max pace, tuple engine: the engine's wall time until quiet (feeding, then the
 * watermark ticks that fire the last windows: `ended.quietAt` on the run's clock) as the input grows. The
 * feeding span alone is no measure here: a small input is fed before the first 1 s watermark tick, so its
 * windows fire after it.
 */
function passthrough(rows: BenchRow[]): void {
  const out = tmp();
  let first: number | null = null;
  for (const n of [100_000, 200_000, 500_000, 1_000_000]) {
    const t = cli('.', ['passthrough', '--mode', 'real', '--pace', 'max', '--engines', 'tuple', '--events', String(n), '--out', out]);
    const r = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as {
      engines: Array<{
        throughput: { spanMs: number };
        ended: { quietAt: number | null };
        correctness: { windows: number; exact: number };
      }>;
    };
    const e = r.engines[0]!;
    const quiet = e.ended.quietAt ?? Number.NaN;
    const perEvent = (quiet * 1000) / n;
    first ??= quiet;
    rows.push({
      name: `passthrough, real mode, max pace, tuple engine — ${n.toLocaleString('en-US')} events`,
      eventsPerSec: n / (quiet / 1000),
      ms: quiet,
      ratios: { 'time vs 100,000 events': quiet / first },
      note:
        `until quiet ${(quiet / 1000).toFixed(2)} s (${perEvent.toFixed(2)} µs per event), fed in ${(e.throughput.spanMs / 1000).toFixed(2)} s; ` +
        `${e.correctness.exact}/${e.correctness.windows} windows exact; whole command ${fmt(t)}`,
    });
  }
  rmSync(out, { recursive: true, force: true });
}

type Result = {
  engines: Array<{
    id: string;
    status: string;
    correctness?: { windows: number; exact: number; missing: number; causes: Record<string, number> };
    series?: { emissionCount: number };
  }>;
};

/** Real mode at max pace against simulated mode: each engine's window count, exact windows and results. */
function realMaxPace(rows: BenchRow[]): void {
  const out = tmp();
  for (const name of ['keyed-tumbling-count', 'passthrough', 'nexmark-q5-count', 'late-data', 'ysb', 'count-windows']) {
    const read = (mode: string[]): Result => {
      cli('.', [name, ...mode, '--out', out]);
      return JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as Result;
    };
    const sim = read(['--mode', 'simulated']);
    const real = read(['--mode', 'real', '--pace', 'max']);
    const cells = real.engines.map((e) => {
      const s = sim.engines.find((x) => x.id === e.id)!;
      if (!e.correctness || !s.correctness) return `${e.id} ${e.status}`;
      const zero = (e.series?.emissionCount ?? 0) === 0 ? ' ZERO RESULTS' : '';
      return `${e.id} ${e.correctness.exact}/${e.correctness.windows} exact (simulated ${s.correctness.exact}/${s.correctness.windows}), ${e.series?.emissionCount} results${zero}`;
    });
    rows.push({ name: `real mode, max pace — ${name}`, note: cells.join('; ') });
  }
  rmSync(out, { recursive: true, force: true });
}

export async function bench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const only = process.env.BENCH_SCALE_ONLY?.split(',');
  const parts: Array<[string, (r: BenchRow[]) => void]> = [
    ['big', bigRuns],
    ['nexmark', nexmark],
    ['keys', manyKeys],
    ['passthrough', passthrough],
    ['real', realMaxPace],
  ];
  for (const [part, f] of parts) {
    if (only && !only.includes(part)) continue;
    process.stderr.write(`  scale: ${part}…\n`);
    f(rows);
  }
  return rows;
}
