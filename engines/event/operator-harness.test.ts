// One operator subtask driven element by element through the harness, snapshotted mid-test and continued
// in a new harness from the snapshot (Flink's KeyedOneInputStreamOperatorTestHarness pattern): the
// restored operator must emit exactly what the uninterrupted one does.
import { aggregateFor } from '../core/aggregates.ts';
import type { Emission } from '../core/emission.ts';
import { parseJob } from '../core/job.ts';
import { eventTimeSessionWindows, executionEnvironment } from './datastream.ts';
import { type OperatorHarness, operatorHarness } from './operator-harness.ts';
import { compileJob, type Pipeline } from './pipeline.ts';
import type { KeyedProcessFunction } from './process-operator.ts';

type Step = ['el', Record<string, unknown>, number] | ['wm', number] | ['pt', number];

const results = (out: Emission[]) =>
  out.flatMap((e) =>
    e.output === 'main' ? [`${String(e.key)}@${e.window ? `${e.window.start}..${e.window.end}` : '-'}=${JSON.stringify(e.value)}`] : [],
  );
const other = (out: Emission[], kind: 'late' | 'dropped') => out.flatMap((e) => (e.output === kind ? [JSON.stringify(e.record)] : []));

function apply(h: OperatorHarness, steps: readonly Step[]): Emission[] {
  const out: Emission[] = [];
  for (const s of steps) {
    if (s[0] === 'el') h.processElement(s[1], s[2]);
    else if (s[0] === 'wm') h.processWatermark(s[1]);
    else h.setProcessingTime(s[1]);
    out.push(...h.output());
  }
  return out;
}

/** The same steps uninterrupted, and with a snapshot after `cut` steps restored into a new harness. */
function bothWays(pipeline: Pipeline, steps: readonly Step[], cut: number) {
  const straight = apply(operatorHarness(pipeline), steps);
  const first = operatorHarness(pipeline);
  const before = apply(first, steps.slice(0, cut));
  const snapshot = JSON.parse(JSON.stringify(first.snapshot())); // as a checkpoint stores it
  const second = operatorHarness(pipeline, { restore: snapshot, startTime: 0 });
  const after = apply(second, steps.slice(cut));
  return { straight, restored: [...before, ...after], snapshot };
}

describe('operator harness: snapshot and restore mid-test', () => {
  test('window operator: tumbling sums fire at watermark end − 1 after a restore, and a late record is dropped', () => {
    const pipeline = compileJob(
      parseJob({ key: 'k', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'sum', field: 'v' }, watermark: 'explicit' }),
    );
    const steps: Step[] = [
      ['el', { k: 'a', v: 1 }, 100],
      ['el', { k: 'a', v: 2 }, 900],
      ['el', { k: 'b', v: 5 }, 1500],
      ['wm', 998],
      ['el', { k: 'a', v: 4 }, 999],
      ['wm', 999],
      ['el', { k: 'a', v: 8 }, 10],
      ['wm', 1999],
    ];
    const { straight, restored, snapshot } = bothWays(pipeline, steps, 4);
    expect(snapshot.eventTimers.map((t: number[]) => t[1]).sort((x: number, y: number) => x - y)).toEqual([999, 1999]);
    expect(results(restored)).toEqual(['a@0..1000=7', 'b@1000..2000=5']);
    expect(results(restored)).toEqual(results(straight));
    expect(other(restored, 'dropped')).toEqual(['{"k":"a","v":8}']);
  });

  test('process operator: keyed state and an event-time timer survive the snapshot', () => {
    const counter: KeyedProcessFunction = {
      processElement(record, ctx) {
        const n = ctx.valueState<number>('n');
        n.update((n.value() ?? 0) + (record.v as number));
        ctx.timerService().registerEventTimeTimer(1000);
      },
      onTimer(ts, ctx, out) {
        out({ at: ts, total: ctx.valueState<number>('n').value() });
      },
    };
    const pipeline = executionEnvironment()
      .source({ timestamp: (r) => r.ts as number, watermark: 'explicit' })
      .keyBy((r) => r.k)
      .process(counter).pipeline;
    const steps: Step[] = [
      ['el', { k: 'x', v: 1, ts: 10 }, 10],
      ['el', { k: 'y', v: 3, ts: 20 }, 20],
      ['el', { k: 'x', v: 2, ts: 30 }, 30],
      ['wm', 999],
      ['wm', 1000],
    ];
    const { straight, restored } = bothWays(pipeline, steps, 2);
    expect(results(restored).sort()).toEqual(['x@-={"at":1000,"total":3}', 'y@-={"at":1000,"total":3}']);
    expect(results(restored).sort()).toEqual(results(straight).sort());
  });

  test('session windows: a record after the restore bridges two sessions restored from the snapshot into one', () => {
    const pipeline = executionEnvironment()
      .source({ timestamp: (r) => r.ts as number, watermark: 'explicit' })
      .keyBy((r) => r.k)
      .window(eventTimeSessionWindows(1000))
      .aggregate(aggregateFor({ fn: 'count' })).pipeline;
    const steps: Step[] = [
      ['el', { k: 'a', ts: 0 }, 0],
      ['el', { k: 'a', ts: 2500 }, 2500],
      ['wm', 500],
      ['el', { k: 'a', ts: 1200 }, 1200], // [1200, 2200): a third session, touching neither
      ['el', { k: 'a', ts: 1900 }, 1900], // [1900, 2900) bridges [1200, 2200) and the restored [2500, 3500)
      ['wm', 3499],
    ];
    const { straight, restored } = bothWays(pipeline, steps, 3);
    expect(results(restored)).toEqual(['a@0..1000=1', 'a@1200..3500=3']);
    expect(results(restored)).toEqual(results(straight));
  });
});
