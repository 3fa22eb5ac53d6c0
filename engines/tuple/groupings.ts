// Stream groupings (C1): which task(s) of a subscribing bolt get each tuple. One grouper per
// (source task, subscription), as Storm prepares one per executor; randomness is the seeded RNG.
import type { Rec } from '../core/aggregates.ts';
import { InputError } from '../core/errors.ts';
import { listHashCode } from '../core/java-hash.ts';
import type { Rng } from '../core/random.ts';
import { floorMod } from '../core/time.ts';

export type Grouping =
  | { readonly type: 'shuffle' }
  | { readonly type: 'fields'; readonly fields: readonly string[] }
  | { readonly type: 'all' }
  | { readonly type: 'global' }
  | { readonly type: 'direct' }
  | { readonly type: 'localOrShuffle' }
  | { readonly type: 'none' };

export interface Grouper {
  /** Direct groupings receive only `emitDirect` tuples. */
  readonly direct: boolean;
  /** The subscribing component's task ids, ascending. */
  readonly targets: readonly number[];
  /** Target task ids for one emitted tuple (the returned array must not be mutated). */
  choose(values: Rec): readonly number[];
}

export interface GrouperContext {
  sourceTask: number;
  rng: Rng;
  /** Worker (process) of a task, for localOrShuffle. */
  workerOf(task: number): number;
}

export function createGrouper(g: Grouping, targets: readonly number[], ctx: GrouperContext): Grouper {
  const sorted = [...targets].sort((a, b) => a - b);
  if (sorted.length === 0) throw new RangeError('a grouping needs at least one target task');
  const singles = sorted.map((t) => [t] as const);
  switch (g.type) {
    case 'shuffle':
    case 'none': // "none: currently the same as shuffle" (C1)
      return { direct: false, targets: sorted, choose: shuffler(singles, ctx.rng) };
    case 'localOrShuffle': {
      // Shuffle among the targets in the emitting task's worker when there are any (C1).
      const local = singles.filter(([t]) => ctx.workerOf(t) === ctx.workerOf(ctx.sourceTask));
      return { direct: false, targets: sorted, choose: shuffler(local.length > 0 ? local : singles, ctx.rng) };
    }
    case 'fields': {
      const fields = g.fields;
      const n = sorted.length;
      const selected: unknown[] = new Array(fields.length);
      return {
        direct: false,
        targets: sorted,
        choose(values) {
          for (let i = 0; i < fields.length; i++) {
            const f = fields[i]!;
            if (!(f in values))
              throw new InputError(f, `fields grouping on "${f}", but the tuple has no such field: ${JSON.stringify(values)}`);
            selected[i] = values[f];
          }
          // Storm: taskIndex = floorMod(listHashCode(selected values), numTasks) (C1, ST-TU).
          return singles[floorMod(listHashCode(selected), n)]!;
        },
      };
    }
    case 'all':
      return { direct: false, targets: sorted, choose: () => sorted };
    case 'global': {
      const lowest = singles[0]!; // the task with the lowest id (C1)
      return { direct: false, targets: sorted, choose: () => lowest };
    }
    case 'direct':
      return {
        direct: true,
        targets: sorted,
        choose() {
          throw new Error('a direct grouping only receives emitDirect tuples');
        },
      };
  }
}

/**
 * Storm's ShuffleGrouping: shuffle the target list once with the seeded RNG, then deal round-robin,
 * so every task gets the same count per round — random order, equal load.
 */
function shuffler(choices: ReadonlyArray<readonly number[]>, rng: Rng): () => readonly number[] {
  const order = [...choices];
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let next = 0;
  return () => {
    const c = order[next]!;
    next = next + 1 === order.length ? 0 : next + 1;
    return c;
  };
}
