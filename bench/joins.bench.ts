// Stream joins at scale: Nexmark q3 and q20 (regular joins, whose state only grows) on Flink's and Spark's
// engines, and what only Flink's model chains after a join — q9 (a top-1 per auction), q4 (a GROUP BY, and a
// retracting GROUP BY of that) and q7 (a window max joined back to the bids) — real mode at max pace, each run
// in a child process. q4 went from 60.5 to 99 K/s/core at 10^6 events when its first stage stopped keeping a
// multiset of maxima it never retracts. The figure is result.json's
// `throughput.perCpuSecWithDrain` (events per CPU second, the drain after the last arrival included), the
// Nexmark table's K/s/core. Spark's join once scanned the other side's whole state for each row and deep-copied
// it every batch: q20 at 10^6 events took 564 s to drain (3.5 K/s/core); keyed, copy-on-write state fixed it.
// BENCH_JOIN_EVENTS sets the size (default 300,000).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow } from './bench-row.ts';

const EVENTS = Number(process.env.BENCH_JOIN_EVENTS ?? 300_000);

interface EngineThroughput {
  id: string;
  throughput?: { perCpuSecWithDrain?: number };
}

export async function bench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const queries: Array<[string, string]> = [
    ['nexmark-q3', 'event,microbatch'],
    ['nexmark-q20', 'event,microbatch'],
    ['nexmark-q9', 'event'],
    ['nexmark-q4', 'event'],
    ['nexmark-q7', 'event'],
    // Not a join: the updating GROUP BY day (Flink's GroupAggregate, Spark's update mode), whose row every bid
    // updates on Flink; count(DISTINCT) once recounted its set at each result: 1.9 K/s/core at 10^5 events.
    ['nexmark-q15', 'event,microbatch'],
  ];
  for (const [query, engines] of queries) {
    const out = mkdtempSync(join(tmpdir(), 'streamlab-bench-joins-'));
    try {
      const t0 = process.hrtime.bigint();
      const args = ['bin/streamlab.mjs', 'run', query, '--engines', engines, '--events', String(EVENTS)];
      const r = spawnSync('node', [...args, '--mode', 'real', '--pace', 'max', '--out', out, '--quiet'], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
      if (r.status !== 0) throw new Error(`streamlab run ${query}: exit ${r.status}\n${r.stderr}`);
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { engines: EngineThroughput[] };
      for (const e of result.engines) {
        const perCore = e.throughput?.perCpuSecWithDrain;
        if (perCore === undefined) continue;
        rows.push({
          name: `${query} ${e.id}, ${EVENTS.toLocaleString('en')} events, real, max pace`,
          eventsPerSec: perCore,
          note: `per CPU second with the drain (whole command ${(wallMs / 1000).toFixed(1)} s wall)`,
        });
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return rows;
}
