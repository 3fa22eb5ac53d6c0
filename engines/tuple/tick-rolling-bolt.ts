// The pre-1.0 hand-rolled window (storm-starter RollingCountBolt): per key, size/slide slots of arrival
// time; a tick every slide emits each key's aggregate over the slots and wipes the oldest. Inputs are
// acked on arrival and results emitted unanchored: a crash loses the slots, whatever the acking.
import type { AggregateFunction } from '../core/aggregates.ts';
import type { ResultValues } from './compile-job.ts';
import type { Bolt, TaskContext } from './components.ts';
import { isTick } from './tuple.ts';

export function tickRollingBolt(key: string | undefined, agg: AggregateFunction, size: number, slide: number): Bolt {
  const numSlots = size / slide;
  if (!Number.isInteger(numSlots) || numSlots < 1) throw new RangeError(`size ${size} must be a multiple of slide ${slide}`);
  /** Per key, one accumulator per slot (undefined = nothing arrived in that slot). */
  const slots = new Map<unknown, Array<unknown | undefined>>();
  let head = 0;
  let context: TaskContext;
  return {
    prepare(ctx) {
      context = ctx;
    },
    execute(tuple, collector) {
      if (isTick(tuple)) {
        const now = context.now();
        for (const [k, accs] of slots) {
          // RollingCountBolt also emits a key once with count 0 after its last slot expires; we
          // drop such keys without emitting (SlidingWindowCounter's wipeZeros), see the module doc.
          let acc: unknown;
          for (let i = 1; i <= numSlots; i++) {
            const a = accs[(head + i) % numSlots];
            if (a !== undefined) acc = acc === undefined ? agg.merge(agg.create(), a) : agg.merge(acc, a);
          }
          if (acc === undefined) {
            slots.delete(k);
            continue;
          }
          const values: ResultValues = { start: now - size, end: now, value: agg.result(acc) };
          if (key !== undefined) values.key = k;
          collector.emit(null, values);
        }
        const tail = (head + 1) % numSlots;
        for (const accs of slots.values()) accs[tail] = undefined;
        head = tail;
        return;
      }
      const k = key === undefined ? null : tuple.values[key];
      let accs = slots.get(k);
      if (accs === undefined) slots.set(k, (accs = new Array<unknown>(numSlots).fill(undefined)));
      accs[head] = agg.add(accs[head] === undefined ? agg.create() : accs[head], tuple.values);
      collector.ack(tuple);
    },
  };
}
