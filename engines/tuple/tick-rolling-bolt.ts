// The pre-1.0 hand-rolled window (storm-starter RollingCountBolt): per key, size/slide slots of arrival
// time; a tick every slide emits each key's aggregate over the slots and wipes the oldest. Inputs are
// acked on arrival and results emitted unanchored: a crash loses the slots, whatever the acking.
// As SlidingWindowCounter.getCountsThenAdvanceWindow: read every key's total, then wipe keys whose total
// is empty, then the tail slot — so a key whose slots have just emptied is emitted once with the empty
// aggregate (a count of 0) before it disappears (C3, ST-SWC: "if only this one, we need to report zero").
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
          let acc: unknown;
          for (let i = 1; i <= numSlots; i++) {
            const a = accs[(head + i) % numSlots];
            if (a !== undefined) acc = acc === undefined ? agg.merge(agg.create(), a) : agg.merge(acc, a);
          }
          const values: ResultValues = { start: now - size, end: now, value: agg.result(acc ?? agg.create()) };
          if (key !== undefined) values.key = k;
          collector.emit(null, values);
          // wipeZeros: the key's total is empty now, so it is emitted this once and then forgotten.
          if (acc === undefined) slots.delete(k);
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
    // Ticks change the output while some key still has a slot (or its last, zero, report to make).
    quiet() {
      return slots.size === 0;
    },
  };
}
