// The child process of the writer's kill tests: writes one result/report pair into DIR exactly as
// `streamlab run` does (run-output.ts writePair), so a test can kill it at any write step with
// STREAMLAB_KILL_AT_WRITE_STEP=k (atomic-write.ts envStepHook). Usage: DIR RESULT_FILE REPORT_FILE.
import { readFileSync } from 'node:fs';
import { pairNames, writePair } from './run-output.ts';

const [dir, resultFile, reportFile] = process.argv.slice(2);
if (!dir || !resultFile || !reportFile) throw new Error('usage: write-pair-child DIR RESULT_FILE REPORT_FILE');
writePair(dir, pairNames(false, false), readFileSync(resultFile, 'utf8'), readFileSync(reportFile, 'utf8'));
