// The `streamlab` command line. Every command returns its exit code: 0 ok, 1 a --check mismatch,
// 2 bad input (invalid file, refused job), with `path: reason` on stderr.

import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { InputError } from '../engines/core/errors.ts';
import { formatConformance, runConformance } from './conformance-table.ts';
import { LAB_REPORTS_DIR, reportCommand, writeLabIndex } from './report-command.ts';
import { INTERRUPTED, labNames, listCommand, type RunFlags, runCommand } from './run-command.ts';
import { type Io, traceCommand } from './trace-command.ts';

const stdio: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  let code = 0;
  const program = new Command('streamlab')
    .description('A laboratory for the Flink, Spark and Storm stream-processing models')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  program
    .command('trace')
    .description('run a trace file step by step (TRACE.md); prints emissions as JSONL')
    .argument('<file>', 'trace file (.json)')
    .option('--check', 'compare with the expectations in the file; exit 1 on a mismatch')
    .action((file: string, opts: { check?: boolean }) => {
      code = traceCommand(file, opts.check === true, io);
    });

  program
    .command('lab')
    .description('run the default comparison: every conformance trace on its engine, then every catalog scenario')
    .action(async () => {
      const rows = runConformance();
      io.out('Conformance traces (engines/conformance), per engine:');
      io.out(formatConformance(rows));
      code = rows.some((r) => r.failed.length > 0) ? 1 : 0;
      // Then the default suite: every catalog scenario not marked `"default": false`, simulated, on every engine it lists.
      for (const name of labNames()) {
        io.out(`\n== scenario ${name}`);
        const c = await runCommand(name, { mode: 'simulated' }, io);
        if (c !== 0) code = c;
        if (c === INTERRUPTED) break;
      }
      // The teaching notebooks beside the reports (reports/out/notebooks/), linked from the index.
      const { buildNotebooks } = await import('../notebooks/build/build.ts');
      const pages = await buildNotebooks(join(LAB_REPORTS_DIR, 'notebooks'));
      io.out(`\nwrote ${pages.length} notebook pages to ${join(LAB_REPORTS_DIR, 'notebooks')}`);
      // Every scenario's report and the index linking them: reports/out/index.html.
      writeLabIndex(labNames(), io);
    });

  program
    .command('report')
    .description('re-render the HTML report of a result.json (default: report.html beside it)')
    .argument('<result>', 'result.json written by run')
    .option('--out <file>', 'output file')
    .action((file: string, opts: { out?: string }) => {
      code = reportCommand(file, opts, io);
    });

  program
    .command('list')
    .description('the scenario catalog, one line each: name, engines, question')
    .action(() => {
      code = listCommand(io);
    });

  program
    .command('run')
    .description('run a scenario (catalog name or file) on its engines and the oracle; writes DIR/result.json')
    .argument('<scenario>', 'catalog name or scenario file (.json, or a .ts module with user functions)')
    .option('--engines <list>', 'comma-separated engine ids or kinds to run')
    .option('--events <n>', 'override workload.events')
    .option('--seed <s>', 'override workload.seed')
    .option('--mode <mode>', "simulated | real | both (default: the scenario's run.mode)")
    .option('--pace <pace>', "real mode: rate (at the scenario's rate, latency from scheduled time) | max (as fast as possible)")
    .option('--out <dir>', 'output directory (default out/<name>/)')
    .action(async (scenario: string, opts: RunFlags) => {
      code = await runCommand(scenario, opts, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof InputError) {
      io.err(e.message);
      return 2;
    }
    throw e;
  }
  return code;
}
