// `streamlab run nexmark [--events N] [--mode real|simulated] [--pace max|rate] [--out DIR] [--queries q3,q5,…]`:
// every catalog nexmark-* scenario (or the named ones) run as `streamlab run` runs it, default real mode at
// max pace, each into DIR/<scenario>/ (result.json + report.html); then one table of queries × engines
// (nexmark-table.ts) and DIR/nexmark.json with the same rows. Flags are checked before anything runs.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../engines/core/errors.ts';
import { catalogNames } from '../scenarios/catalog.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { EXIT, reportError } from './errors.ts';
import { FLINK_SOURCE, NEXMARK_QUERIES } from './nexmark-figures.ts';
import { failedRow, type QueryRow, queryName, rowOf } from './nexmark-rows.ts';
import { formatTable } from './nexmark-table.ts';
import { prepareOutDir } from './out-dir.ts';
import { INTERRUPTED, type RunCommandOptions, type RunFlags, runCommand } from './run-command.ts';
import type { Io } from './trace-command.ts';

/** The name `streamlab run` takes for the suite. */
export const NEXMARK_SUITE = 'nexmark';

export interface NexmarkFlags extends RunFlags {
  queries?: string;
}

interface Plan {
  scenarios: string[];
  events: string | undefined;
  mode: 'real' | 'simulated';
  pace: 'max' | 'rate';
}

/** Catalog scenarios of the suite, by query number. */
export function nexmarkScenarios(): string[] {
  const num = (s: string) => Number(queryName(s).slice(1));
  return catalogNames()
    .filter((n) => /^nexmark-q\d+$/.test(n))
    .sort((a, b) => num(a) - num(b));
}

function plan(flags: NexmarkFlags): Plan {
  if (flags.engines !== undefined) {
    throw new InputError('--engines', 'the nexmark suite runs every engine entry of each query; name queries with --queries');
  }
  if (flags.events !== undefined && (!/^\d+$/.test(flags.events) || Number(flags.events) < 1)) {
    throw new InputError('--events', `must be a whole number >= 1, got "${flags.events}"`);
  }
  if (flags.seed !== undefined && !/^-?\d+$/.test(flags.seed)) {
    throw new InputError('--seed', `must be a whole number, got "${flags.seed}"`);
  }
  if (flags.workers !== undefined && !/^\d+$/.test(flags.workers)) {
    throw new InputError('--workers', `must be a whole number >= 0, got "${flags.workers}"`);
  }
  const mode = flags.mode ?? 'real';
  if (mode !== 'real' && mode !== 'simulated') {
    throw new InputError('--mode', `the nexmark suite runs in one mode, real or simulated, got "${mode}"`);
  }
  const pace = flags.pace ?? 'max';
  if (pace !== 'max' && pace !== 'rate') throw new InputError('--pace', `must be rate or max, got "${pace}"`);
  return { scenarios: selected(flags.queries), events: flags.events, mode, pace };
}

function selected(queries: string | undefined): string[] {
  const all = nexmarkScenarios();
  if (queries === undefined) return all;
  const names = queries
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
  if (names.length === 0) throw new InputError('--queries', 'names no query (e.g. q3,q11)');
  const have = all.map(queryName);
  const picked = new Set<string>();
  for (const raw of names) {
    const q = queryName(raw);
    if (!have.includes(q)) {
      const known = NEXMARK_QUERIES.some((x) => x.q === q);
      throw new InputError(
        '--queries',
        known
          ? `"${raw}" is a Nexmark query the catalog does not have (it has ${have.join(', ')})`
          : `unknown query "${raw}" (Nexmark has q0–q22; the catalog has ${have.join(', ')})`,
      );
    }
    picked.add(`nexmark-${q}`);
  }
  // In catalog order, each once.
  return all.filter((s) => picked.has(s));
}

export async function nexmarkCommand(flags: NexmarkFlags, io: Io, options: RunCommandOptions = {}): Promise<number> {
  const debug = flags.debug === true;
  try {
    const p = plan(flags);
    const out = prepareOutDir(flags.out ?? join('out', NEXMARK_SUITE), flags.out !== undefined ? '--out' : null);
    const quiet = flags.quiet === true || flags.json === true;
    const rows: QueryRow[] = [];
    let code: number = EXIT.ok;
    for (const [i, scenario] of p.scenarios.entries()) {
      if (!quiet) io.err(`nexmark: ${scenario} (${i + 1}/${p.scenarios.length}, ${p.mode}${p.mode === 'real' ? `, ${p.pace} pace` : ''})`);
      const warnings: string[] = [];
      const errors: string[] = [];
      // Each scenario as `streamlab run` runs it, quietly: its warnings go into nexmark.json, its errors to
      // stderr and nexmark.json.
      const sub: Io = {
        out: () => {},
        err: (l) => {
          if (l.startsWith('warning: ')) warnings.push(l.slice('warning: '.length));
          else {
            errors.push(l);
            io.err(`${scenario}: ${l}`);
          }
        },
      };
      const dir = join(out.dir, scenario);
      const c = await runCommand(
        scenario,
        {
          mode: p.mode,
          ...(p.mode === 'real' ? { pace: p.pace } : {}),
          ...(p.events !== undefined ? { events: p.events } : {}),
          ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
          ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
          out: dir,
          quiet: true,
          debug,
        },
        sub,
        { ...options, progress: false },
      );
      if (c === INTERRUPTED) return c;
      if (c !== 0) {
        code = code === EXIT.ok ? c : code;
        rows.push(failedRow(scenario, c, errors[0] ?? null, warnings));
        continue;
      }
      rows.push(rowOf(readFileSync(join(dir, 'result.json'), 'utf8'), warnings));
    }
    const inCatalog = new Set(nexmarkScenarios().map(queryName));
    const notInCatalog = NEXMARK_QUERIES.map((q) => q.q).filter((q) => !inCatalog.has(q));
    const machine = p.mode === 'real' ? machineLine() : null;
    const file = join(out.dir, 'nexmark.json');
    const report = {
      schema: 'streamlab/nexmark@1',
      mode: p.mode,
      pace: p.mode === 'real' ? p.pace : null,
      events: p.events !== undefined ? Number(p.events) : null,
      machine,
      flink: FLINK_SOURCE,
      notInCatalog,
      queries: rows,
    };
    writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
    if (flags.json === true) io.out(JSON.stringify(report));
    else if (!quiet) {
      for (const l of formatTable({ mode: p.mode, rows, notInCatalog, machine })) io.out(l);
      io.out(`wrote ${file} (each query's result.json and report.html under ${out.dir}/<scenario>/)`);
    }
    return code;
  } catch (e) {
    return reportError(e, io, debug);
  }
}

function machineLine(): string {
  const c = cpus();
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  return `machine: ${c.length} CPU(s), ${c[0]?.model ?? 'unknown model'}; load average ${load} at the end; Node ${process.version}`;
}
