// The keyed operator a pipeline runs, built in one place for the runtime's operator subtasks and the test
// harness alike: a WindowOperator, a KeyedProcessFunction's ProcessOperator, or a join operator (E2, E3).
import type { Rec } from '../core/aggregates.ts';
import type { ChangelogRow } from '../core/rank-job.ts';
import { joinGroupStage } from './join-group-stage.ts';
import { IntervalJoinOperator, RegularJoinOperator } from './join-operators.ts';
import { joinRankStage } from './join-rank-stage.ts';
import type { KeyedOperator } from './keyed-operator.ts';
import type { Pipeline } from './pipeline.ts';
import { ProcessOperator } from './process-operator.ts';
import { isWindowedValue } from './rank-functions.ts';
import { type OperatorServices, WindowOperator } from './window-operator.ts';

/** Where an operator's results go: main results (window null where there is none), late and dropped records. */
export interface OperatorOutput {
  main(key: unknown, window: { start: number; end: number } | null, value: unknown, timestamp: number | null): void;
  late(record: Rec): void;
  dropped(record: Rec): void;
}

export function makeKeyedOperator(o: Pipeline['operator'], svc: OperatorServices, out: OperatorOutput): KeyedOperator {
  switch (o.kind) {
    case 'window':
      return new WindowOperator(o.config, svc, {
        main: (key, w, value, ts) => out.main(key, o.config.assigner.global ? null : w, value, ts),
        late: (record) => out.late(record),
        dropped: (record) => {
          out.dropped(record);
          if (o.lateToJoin) out.main(null, null, { result: null, records: [record] }, null);
        },
      });
    case 'process':
      return new ProcessOperator(o.fn, svc, {
        main: (key, value, ts) => (isWindowedValue(value) ? out.main(key, value.window, value.value, ts) : out.main(key, null, value, ts)),
        side: (tag, record) => (tag === 'late' ? out.late(record) : out.dropped(record)),
      });
    case 'join': {
      const emit = (key: unknown, row: ChangelogRow, ts: number | null) => out.main(key, null, row, ts);
      const ranked = o.rank?.topN
        ? joinRankStage(o.rank.where, o.rank.topN, svc, emit)
        : o.rank?.groupBy
          ? joinGroupStage(o.rank.where, o.rank.groupBy, svc, emit)
          : null;
      const joinOut = {
        main: (key: unknown, value: { left: Rec; right: Rec }, ts: number | null) =>
          ranked ? ranked(key, value, ts) : out.main(key, null, value, ts),
        late: (record: Rec) => out.late(record),
        dropped: (record: Rec) => out.dropped(record),
      };
      return o.spec.kind === 'interval'
        ? new IntervalJoinOperator(o.spec, o.lateOutput, svc, joinOut)
        : new RegularJoinOperator(o.spec, svc, joinOut);
    }
  }
}
