// A scenario's stateless job (`"job": {"stateless": true, …}`; engines/core/stateless-job.ts): `filter` and
// `map` run on every engine, each at its model's pace; a lookup `join` on a static table of the workload
// (Nexmark q13's side input) is applied once by the runner before them, as the source side of the job. The
// ground truth is the filtered, mapped input, evaluated once here — which is also where a record an
// expression cannot be evaluated on is found, with its event number, before any engine runs.
import { z } from 'zod';
import { InputError } from '../engines/core/errors.ts';
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
  return j.join ? { job, join: j.join } : { job };
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
    if (o !== null) out.push({ input: i, record: o });
  }
  return out;
}
