// A scenario's stateless job (`"job": {"stateless": true, …}`; engines/core/stateless-job.ts): `filter` and
// `map` run on every engine, each at its model's pace; a lookup `join` on a static table of the workload
// (Nexmark q13's side input) is applied once by the runner before them, as the source side of the job. The
// ground truth is the filtered, mapped input, evaluated once here — which is also where a record an
// expression cannot be evaluated on is found, with its event number, before any engine runs.
import { z } from 'zod';
import { InputError } from '../engines/core/errors.ts';
import { type FilesSpec, filesSpecSchema, patternFields } from '../engines/core/files/files-spec.ts';
import { watermarkSpecSchema } from '../engines/core/job.ts';
import { checkExpressions, exprFn, filterMapFn, filterSchema, mapSchema } from '../engines/core/stateless.ts';
import type { StatelessJob } from '../engines/core/stateless-job.ts';
import { parseWith } from '../engines/core/validate.ts';
import type { RunInput } from './run-input.ts';
import { type Join, joinSchema } from './stateless-steps.ts';

const statelessJobSchema = z.strictObject({
  stateless: z.literal(true, { error: 'stateless must be true (a job with a window and an aggregate leaves it out)' }),
  filter: filterSchema.optional(),
  join: joinSchema.optional(),
  map: mapSchema.optional(),
  /** The event-time field (default: the workload's); outputs are stamped with it and latency reads it. */
  timestamp: z.string().min(1).optional(),
  /** The source's watermark: read only by a file sink's partition commit (Flink). */
  watermark: watermarkSpecSchema.optional(),
  /** A partitioned file sink (Nexmark q10; engines/core/files/files-spec.ts). */
  files: filesSpecSchema.optional(),
});

/** A job object written as stateless (validated by parseStatelessJob). */
export function isStatelessScenarioJob(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && 'stateless' in raw;
}

/** Validate a stateless job; the lookup join, if any, is returned apart (the runner applies it). */
export function parseStatelessJob(raw: unknown, root: string, timestamp: string): { job: StatelessJob; join?: Join } {
  const j = parseWith(statelessJobSchema, raw, root);
  for (const f of ['window', 'aggregate', 'key'] as const) {
    if (f in (raw as object)) throw new InputError(`${root}.${f}`, 'a stateless job has no key, window or aggregate');
  }
  checkExpressions(j.filter, j.map, root);
  if (j.join && typeof j.join.on === 'object') exprFn(j.join.on.expr, `${root}.join.on.expr`);
  const steps: StatelessJob['stateless'] = {};
  if (j.filter) steps.filter = j.filter;
  if (j.map) steps.map = j.map;
  const job: StatelessJob = { stateless: steps, timestamp: j.timestamp ?? timestamp };
  if (j.watermark !== undefined) job.watermark = j.watermark;
  if (j.files) {
    checkFiles(j.files, j.map, root);
    job.files = j.files;
  }
  return j.join ? { job, join: j.join } : { job };
}

/** A partition field must be an output field (when the map names them), and the partition time reads partition fields. */
function checkFiles(files: FilesSpec, map: StatelessJob['stateless']['map'], root: string): void {
  const fields = map ? Object.keys(map) : null;
  files.partitionBy.forEach((f, i) => {
    if (fields && !fields.includes(f)) {
      throw new InputError(`${root}.files.partitionBy[${i}]`, `the job's output has no field "${f}" (its fields: ${fields.join(', ')})`);
    }
    if (files.partitionBy.indexOf(f) !== i) throw new InputError(`${root}.files.partitionBy[${i}]`, `"${f}" is named twice`);
  });
  if (fields?.every((f) => files.partitionBy.includes(f))) {
    throw new InputError(`${root}.files.partitionBy`, 'every output field is a partition field: the files would hold no columns');
  }
  if (files.commit) {
    const names = patternFields(files.commit.partitionTime);
    const bad = names.find((f) => !files.partitionBy.includes(f));
    if (names.length === 0 || bad !== undefined) {
      throw new InputError(
        `${root}.files.commit.partitionTime`,
        bad !== undefined
          ? `"$${bad}" is not a partition field (partitionBy: ${files.partitionBy.join(', ')})`
          : 'names no partition field ($field)',
      );
    }
  }
}

/** One output of the ground truth: the accepted record it came from (RunInput index) and the record out. */
export interface StatelessOutput {
  input: number;
  record: Record<string, unknown>;
}

/** The ground truth: each accepted record through filter and map; a record they cannot evaluate is an InputError naming its event. */
export function statelessOracle(job: StatelessJob, input: RunInput): StatelessOutput[] {
  let current = 0;
  const stage = filterMapFn(job.stateless, 'job', () => input.logIndex[current]! + 1);
  const out: StatelessOutput[] = [];
  for (let i = 0; i < input.size; i++) {
    current = i;
    const r = input.records.record(i);
    const t = r[job.timestamp];
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      throw new InputError('job.timestamp', `event ${input.logIndex[i]! + 1} has no numeric "${job.timestamp}" (got ${JSON.stringify(t)})`);
    }
    const o = stage(r);
    if (o === null) continue;
    // Without a map the output's fields are the input's: a partition field is checked on each record.
    const lacking = job.files?.partitionBy.findIndex((f) => o[f] === undefined) ?? -1;
    if (lacking >= 0) {
      throw new InputError(
        `job.files.partitionBy[${lacking}]`,
        `the job's output has no field "${job.files!.partitionBy[lacking]}" (event ${input.logIndex[i]! + 1})`,
      );
    }
    out.push({ input: i, record: o });
  }
  return out;
}
