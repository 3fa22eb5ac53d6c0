// A keyed aggregation without a window in update output mode (`window: {kind: "global"}`, `outputMode:
// "update"`) as Flink runs it: Flink SQL's GROUP BY key without a window is the GroupAggregate operator
// (GroupAggFunction, facts only), not the DataStream GlobalWindows whose default trigger never fires. Per key
// an accumulator in keyed state; each record is accumulated at once (no watermark, no timer: the operator
// ignores time), and the key's new result is emitted as an update of its row — the first as an insert, a
// result equal to the previous one not at all (GroupAggFunction with no state TTL). Its input is insert-only,
// so nothing is ever retracted. The lab emits each update as the key's new value, as an upsert sink keeps
// Flink's `-U`/`+U` pairs; Spark's update mode emits a key's new value once per batch instead (B6).
import { type AggregateFunction, aggregateFor } from '../core/aggregates.ts';
import type { AggregateSpec } from '../core/job.ts';
import type { KeyedProcessFunction } from './process-operator.ts';

export function groupAggregate(spec: AggregateSpec): KeyedProcessFunction {
  const agg: AggregateFunction = aggregateFor(spec);
  return {
    processElement(record, ctx, out) {
      // The accumulator and its last emitted result (as JSON), to compare the next one with.
      const state = ctx.valueState<{ acc: unknown; last: string }>('group-aggregate');
      const prev = state.value();
      const acc = agg.add(prev === undefined ? agg.create() : prev.acc, record);
      const after = agg.result(acc);
      const last = JSON.stringify(after);
      state.update({ acc, last });
      if (prev !== undefined && prev.last === last) return;
      out(after);
    },
  };
}
