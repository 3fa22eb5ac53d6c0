// The `streamlab` command line. Every command returns its exit code (errors.ts EXIT: 0 ok, 1 a --check
// mismatch, 2 bad input, 3 internal error, 130 interrupted); every failure reaches one boundary and
// ends as one line `where: reason` on stderr.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { InputError } from '../engines/core/errors.ts';
import { formatConformance, runConformance } from './conformance-table.ts';
import { commanderLine, EXIT, EXIT_CODES_HELP, reportError } from './errors.ts';
import { NEXMARK_SUITE, type NexmarkFlags, nexmarkCommand } from './nexmark-command.ts';
import { LAB_REPORTS_DIR, reportCommand, writeLabIndex } from './report-command.ts';
import { INTERRUPTED, labNames, listCommand, type RunCommandOptions, runCommand } from './run-command.ts';
import { type Io, traceCommand } from './trace-command.ts';

const stdio: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};

const EXAMPLES = `Examples:
  streamlab list                                        the scenario catalog
  streamlab run late-data                               → out/late-data/report.html and result.json
  streamlab run my.json --engines event,tuple --events 50000 --seed 7 --out out/mine
  streamlab run my.json --json --quiet > summary.json   the summary as JSON on stdout
  streamlab run nexmark --events 1000000                the Nexmark suite: queries × engines, per core, vs Flink
  streamlab report out/late-data/result.json            re-render a report
  streamlab trace engines/conformance/flink-lateness-purging.json --check`;

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

interface GlobalFlags {
  debug?: boolean;
  quiet?: boolean;
  json?: boolean;
}

export async function main(argv: string[], io: Io = stdio, options: RunCommandOptions = {}): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('streamlab')
    .description('A laboratory for the Flink, Spark and Storm stream-processing models')
    .version(version(), '--version', 'print the version')
    .option('--debug', 'show the stack of an internal error')
    .option('--quiet', 'print no summary and no progress (warnings and errors still go to stderr)')
    .option('--json', 'print the run summary as JSON on stdout')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
      outputError: (s, write) => write(commanderLine(s)),
    })
    .addHelpText('after', `\n${EXAMPLES}\n\n${EXIT_CODES_HELP}`);
  const globals = (): GlobalFlags => program.opts<GlobalFlags>();

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
        const c = await runCommand(name, { mode: 'simulated', ...globals() }, io, options);
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
      code = reportCommand(file, { ...opts, debug: globals().debug === true }, io);
    });

  program
    .command('list')
    .description('the scenario catalog, one line each: name, engines, question')
    .action(() => {
      code = listCommand(io);
    });

  program
    .command('run')
    .description(
      'run a scenario (catalog name or file) on its engines and the oracle; writes DIR/report.html and DIR/result.json. ' +
        '`run nexmark` runs the Nexmark suite (every catalog nexmark-* scenario, real mode at max pace by default) and prints its table',
    )
    .argument('<scenario>', 'catalog name or scenario file (.json, or a .ts module with user functions), or nexmark')
    .option('--engines <list>', 'comma-separated engine ids or kinds to run')
    .option('--events <n>', 'override workload.events')
    .option('--seed <s>', 'override workload.seed')
    .option('--mode <mode>', "simulated | real | both (default: the scenario's run.mode)")
    .option('--pace <pace>', "real mode: rate (at the scenario's rate, latency from scheduled time) | max (as fast as possible)")
    .option('--out <dir>', 'output directory (default out/<name>/); checked before the run starts')
    .option(
      '--workers <n>',
      'simulated mode: engine entries on n worker threads (0: one thread; default: one per core from 200,000 events)',
    )
    .option('--queries <list>', 'nexmark only: comma-separated queries to run (e.g. q3,q11; default: every one in the catalog)')
    .addHelpText('after', `\n${EXAMPLES}\n\n${EXIT_CODES_HELP}`)
    .action(async (scenario: string, opts: NexmarkFlags) => {
      if (scenario === NEXMARK_SUITE) code = await nexmarkCommand({ ...opts, ...globals() }, io, options);
      else if (opts.queries !== undefined) {
        code = reportError(new InputError('--queries', 'only `streamlab run nexmark` takes it'), io, false);
      } else code = await runCommand(scenario, { ...opts, ...globals() }, io, options);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    return reportError(e, io, argv.includes('--debug'));
  }
  return code;
}
