// A GROUP BY over a join's pairs, and a second GROUP BY over the first one's updating rows (Nexmark q4:
// auctions ⋈ bids, `where` the bid is inside the auction's lifetime, MAX(price) per auction, then AVG of
// those maxima per category). Each stage is Flink SQL's non-windowed GroupAggregate (GroupAggFunction,
// facts only): per group key an accumulator in keyed state, and for each input row
// - a retraction (-U/-D) for a key without an accumulator is ignored (the first message, or after cleanup);
// - `+I`/`+U` accumulate, `-U`/`-D` retract; then, if the group still holds rows, the first result is `+I`,
//   a result equal to the previous one emits nothing (no state TTL), a changed one `-U` old, `+U` new;
// - a group whose rows were all retracted emits `-D` of its previous result and clears its state.
// The first stage reads an inner join's append-only pairs, so it only accumulates; the second reads the
// first's changelog, so its functions retract: count / sum / avg by subtraction, min / max from the multiset
// of values they hold (Flink's MaxWithRetractAggFunction keeps a MapView of value → count). SQL aggregates
// skip NULL; a group whose values are all NULL has a NULL min / max / sum / avg. AVG is the exact mean (a
// double, as Spark's and DuckDB's); Flink SQL's AVG of a BIGINT column is a BIGINT (truncated).
import * as z from 'zod';
import type { Rec } from './aggregates.ts';
import { InputError } from './errors.ts';
import { fieldReader } from './field-path.ts';
import type { ChangelogRow } from './rank-job.ts';
import { compareRankValues } from './rank-job.ts';

export const groupFns = ['count', 'sum', 'min', 'max', 'avg'] as const;

export const groupStageSchema = z.strictObject({
  /** The group key: `left.<field>` / `right.<field>` of the pairs (first stage), or the first stage's output names. */
  keys: z.array(z.string().min(1)).min(1, 'keys names at least one field'),
  aggregate: z.strictObject({
    fn: z.enum(groupFns, { error: `fn must be one of ${groupFns.join(', ')}` }),
    /** The value aggregated (count without one counts rows). */
    field: z.string().min(1).optional(),
  }),
  /** The result's name in the output row (default `value`); a key is named by its last path segment. */
  as: z.string().min(1).default('value'),
});
export type GroupStage = z.infer<typeof groupStageSchema>;

export const groupBySchema = z
  .array(groupStageSchema, { error: 'groupBy must be a list of one or two stages {keys, aggregate, as?}' })
  .min(1, 'groupBy has one or two stages')
  .max(2, 'groupBy has one or two stages (a GROUP BY, and a GROUP BY over its result)');

/** The name a key path has in a stage's output row: its last segment (`left.category` → `category`). */
export function keyName(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

/** The names the output rows of a `groupBy` are keyed by: its last stage's key names. */
export function outputKeyNames(stages: readonly GroupStage[]): string[] {
  return stages[stages.length - 1]!.keys.map(keyName);
}

/** The fields of a stage's output row, in order: its key names, then its result. */
export function outputNames(stage: GroupStage): string[] {
  return [...stage.keys.map(keyName), stage.as];
}

/** Rules of `groupBy` on a join job (`root`: the job's path). */
export function checkGroupBy(stages: readonly GroupStage[], root: string): void {
  const side = (f: string) => /^(left|right)\.[^.]+$/.test(f);
  for (const [i, s] of stages.entries()) {
    const at = `${root}.groupBy[${i}]`;
    const readable = i === 0 ? side : (f: string) => outputNames(stages[i - 1]!).includes(f);
    const what =
      i === 0
        ? "must name a side's field: left.<field> or right.<field>"
        : `must be one of the first stage's outputs (${outputNames(stages[0]!).join(', ')})`;
    for (const [k, f] of s.keys.entries()) if (!readable(f)) throw new InputError(`${at}.keys[${k}]`, `"${f}" ${what}`);
    const f = s.aggregate.field;
    if (f === undefined && s.aggregate.fn !== 'count') throw new InputError(`${at}.aggregate.field`, `${s.aggregate.fn} needs a field`);
    if (f !== undefined && !readable(f)) throw new InputError(`${at}.aggregate.field`, `"${f}" ${what}`);
    // The later of the two names is the one at fault: the result's `as` when it repeats a key's name.
    const names = outputNames(s);
    const j = names.findIndex((n, at) => names.indexOf(n) !== at);
    if (j >= 0) {
      throw new InputError(`${at}.${j === names.length - 1 ? 'as' : 'keys'}`, `the output would have two fields named "${names[j]}"`);
    }
  }
}

/** A group's accumulator: the rows it holds, and the state its function needs (plain data: it is checkpointed). */
export interface GroupAcc {
  rows: number;
  /** count: non-NULL values; sum / avg: their count and sum; min / max: [value, count] sorted by value (insert-only: the extreme alone). */
  n: number;
  sum: number;
  values?: Array<[unknown, number]>;
}

interface Readers {
  keys: Array<{ name: string; read: (r: Rec) => unknown }>;
  field: ((r: Rec) => unknown) | null;
}
const readers = new WeakMap<GroupStage, Readers>();
/** A stage's field readers, made once per stage (its paths are read on every row). */
function readersOf(stage: GroupStage): Readers {
  let r = readers.get(stage);
  if (!r) {
    const f = stage.aggregate.field;
    r = { keys: stage.keys.map((k) => ({ name: keyName(k), read: fieldReader(k) })), field: f === undefined ? null : fieldReader(f) };
    readers.set(stage, r);
  }
  return r;
}

/** A stage's group key of a row (its key values as JSON text) and its key values by name. */
export function groupKey(stage: GroupStage, row: Rec): { id: string; named: Rec } {
  const named: Rec = {};
  const values: unknown[] = [];
  for (const k of readersOf(stage).keys) values.push((named[k.name] = k.read(row) ?? null));
  return { id: values.length === 1 ? JSON.stringify(values[0]) : JSON.stringify(values), named };
}

/** The value a stage aggregates of a row; a non-number for sum / avg is an InputError naming the stage's field. */
function aggregatedValue(stage: GroupStage, row: Rec, path: string): unknown {
  const f = stage.aggregate.field;
  const read = readersOf(stage).field;
  if (f === undefined || read === null) return 1;
  const v = read(row) ?? null;
  if (v === null) return null;
  const fn = stage.aggregate.fn;
  if ((fn === 'sum' || fn === 'avg') && (typeof v !== 'number' || !Number.isFinite(v))) {
    throw new InputError(
      `${path}.aggregate.field`,
      `${fn} of "${f}" needs a finite number, got ${JSON.stringify(v)} in ${JSON.stringify(row).slice(0, 160)}`,
    );
  }
  return v;
}

function accumulate(stage: GroupStage, acc: GroupAcc, v: unknown, sign: 1 | -1, appendOnly: boolean): GroupAcc {
  const next: GroupAcc = { ...acc, rows: acc.rows + sign };
  if (v === null) return next;
  next.n += sign;
  const fn = stage.aggregate.fn;
  if (fn === 'sum' || fn === 'avg') next.sum += sign * (v as number);
  if ((fn === 'min' || fn === 'max') && appendOnly) {
    // An insert-only input needs the extreme alone (Flink plans MaxAggFunction, not MaxWithRetract): one value.
    const x = acc.values?.[0]?.[0];
    const better = x === undefined || (fn === 'max' ? compareRankValues(v, x) > 0 : compareRankValues(v, x) < 0);
    if (better) next.values = [[v, 1]];
  } else if (fn === 'min' || fn === 'max') {
    const values = [...(acc.values ?? [])];
    const i = values.findIndex(([x]) => compareRankValues(x, v) >= 0);
    if (i >= 0 && compareRankValues(values[i]![0], v) === 0) {
      const c = values[i]![1] + sign;
      if (c === 0) values.splice(i, 1);
      else values[i] = [v, c];
    } else if (sign === 1) values.splice(i < 0 ? values.length : i, 0, [v, 1]);
    next.values = values;
  }
  return next;
}

/** A stage's result of an accumulator. */
export function groupResult(stage: GroupStage, acc: GroupAcc): unknown {
  switch (stage.aggregate.fn) {
    case 'count':
      return acc.n;
    case 'sum':
      return acc.n === 0 ? null : acc.sum;
    case 'avg':
      return acc.n === 0 ? null : acc.sum / acc.n;
    case 'min':
      return acc.values && acc.values.length > 0 ? acc.values[0]![0] : null;
    case 'max':
      return acc.values && acc.values.length > 0 ? acc.values[acc.values.length - 1]![0] : null;
  }
}

/**
 * One input row through a stage (GroupAggFunction.processElement): the group's new accumulator (null: its
 * state is cleared) and the changelog rows it emits, each `{...key names, [as]: result}`. `appendOnly`: the
 * stage's input has no retractions (the first stage, over an inner join's pairs), so min / max keep the
 * extreme alone.
 */
export function groupStep(
  stage: GroupStage,
  acc: GroupAcc | undefined,
  input: ChangelogRow,
  named: Rec,
  path: string,
  appendOnly = false,
): { acc: GroupAcc | null | undefined; out: ChangelogRow[] } {
  const retract = input.op === '-U' || input.op === '-D';
  if (retract && appendOnly) throw new Error(`${path}: a retraction into a stage whose input is insert-only`);
  if (acc === undefined && retract) return { acc: undefined, out: [] };
  const first = acc === undefined;
  const before = acc ?? { rows: 0, n: 0, sum: 0 };
  const after = accumulate(stage, before, aggregatedValue(stage, input.row, path), retract ? -1 : 1, appendOnly);
  const row = (a: GroupAcc) => ({ ...named, [stage.as]: groupResult(stage, a) });
  if (after.rows <= 0) return { acc: null, out: first ? [] : [{ op: '-D', row: row(before) }] };
  if (first) return { acc: after, out: [{ op: '+I', row: row(after) }] };
  const [old, now] = [row(before), row(after)];
  if (old[stage.as] === now[stage.as]) return { acc: after, out: [] };
  return {
    acc: after,
    out: [
      { op: '-U', row: old },
      { op: '+U', row: now },
    ],
  };
}

/**
 * The final rows of a GROUP BY over rows (the oracle's batch evaluation: every row in once, no changelog):
 * `{...key names, [as]: result}` per group, in first-seen order.
 */
export function groupAll(stage: GroupStage, rows: Iterable<Rec>, path: string): Rec[] {
  const groups = new Map<string, { named: Rec; acc: GroupAcc }>();
  for (const r of rows) {
    const { id, named } = groupKey(stage, r);
    const g = groups.get(id) ?? { named, acc: { rows: 0, n: 0, sum: 0 } };
    g.acc = accumulate(stage, g.acc, aggregatedValue(stage, r, path), 1, true);
    groups.set(id, g);
  }
  return [...groups.values()].map((g) => ({ ...g.named, [stage.as]: groupResult(stage, g.acc) }));
}
