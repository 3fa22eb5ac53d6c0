// Trigger executors on the virtual clock (B1), with a runner that records when batches start and end.
import { Scheduler } from '../core/scheduler.ts';
import { type BatchRunner, nextTriggerTime, startTrigger } from './trigger-executor.ts';

/** A runner over a counter of available rows; each batch takes all of them and costs `cost` ms per row. */
function harness(cost: number) {
  const scheduler = new Scheduler(0);
  const log: Array<[string, number, number]> = [];
  let available = 0;
  let consumed = 0;
  const runner: BatchRunner<number> = {
    construct: (_noData, limit = Number.POSITIVE_INFINITY) => {
      const end = Math.min(available, limit);
      if (end === consumed) return null;
      log.push(['start', scheduler.now(), end - consumed]);
      const n = end - consumed;
      consumed = end;
      return n;
    },
    available: () => available,
    cost: (n) => n * cost,
    finish: (n) => log.push(['end', scheduler.now(), n]),
  };
  return { scheduler, log, runner, add: (n: number) => (available += n) };
}

describe('trigger executors', () => {
  test('nextTriggerTime aligns to multiples of the interval: 0 → 1000, 999 → 1000, 1000 → 2000', () => {
    expect([0, 999, 1000, 1001].map((t) => nextTriggerTime(t, 1000))).toEqual([1000, 1000, 2000, 2000]);
  });
  test('ProcessingTime fires at 0, 1000, 2000 and runs a batch only when there is something to run', () => {
    const h = harness(0);
    startTrigger('processingTime', 1000, true, h.scheduler, h.runner);
    h.add(1);
    h.scheduler.advanceTo(1500);
    h.add(2);
    h.scheduler.advanceTo(3000);
    expect(h.log.filter(([e]) => e === 'start')).toEqual([
      ['start', 0, 1],
      ['start', 2000, 2],
    ]);
  });
  test('ProcessingTime(0), Spark’s default trigger: the next batch starts when the previous one ends', () => {
    const h = harness(100); // 100 ms per row
    const t = startTrigger('processingTime', 0, true, h.scheduler, h.runner);
    h.add(3);
    for (const at of [50, 120, 250, 290]) {
      h.scheduler.advanceTo(at);
      h.add(1);
      t.dataArrived();
    }
    h.scheduler.advanceTo(2000);
    // 3 rows at 0 end at 300; the 4 that came meanwhile run at once and end at 700; then it waits.
    expect(h.log).toEqual([
      ['start', 0, 3],
      ['end', 300, 3],
      ['start', 300, 4],
      ['end', 700, 4],
    ]);
  });
  test('ProcessingTime(0) with nothing to do looks again every pollingDelay (10 ms) after its last look', () => {
    const h = harness(0);
    const t = startTrigger('processingTime', 0, true, h.scheduler, h.runner);
    h.scheduler.advanceTo(0); // looks at 0: nothing
    h.scheduler.advanceTo(33);
    h.add(1);
    t.dataArrived(); // looks at 10, 20, 30 found nothing; the next look, at 40, finds it
    h.scheduler.advanceTo(40);
    h.add(1);
    t.dataArrived(); // arrives exactly at a look's time: it waits for the next one, at 50
    h.scheduler.advanceTo(100);
    expect(h.log.filter(([e]) => e === 'start')).toEqual([
      ['start', 40, 1],
      ['start', 50, 1],
    ]);
  });
  test('an overrunning batch is followed at once by one batch, not one per missed tick', () => {
    const h = harness(2500);
    startTrigger('processingTime', 1000, true, h.scheduler, h.runner);
    h.add(1);
    h.scheduler.advanceTo(100);
    h.add(1);
    h.scheduler.advanceTo(10000);
    expect(h.log).toEqual([
      ['start', 0, 1],
      ['end', 2500, 1],
      ['start', 2500, 1],
      ['end', 5000, 1],
    ]);
  });
  test('Once runs a single batch at start and stops for good', () => {
    const h = harness(0);
    h.add(1);
    const t = startTrigger('once', 1000, true, h.scheduler, h.runner);
    h.scheduler.advanceTo(0);
    h.add(1);
    h.scheduler.advanceTo(5000);
    expect(h.log).toEqual([
      ['start', 0, 1],
      ['end', 0, 1],
    ]);
    expect(t.stopped).toBe(true);
  });
  test('AvailableNow stops at the offsets available when it started', () => {
    const h = harness(100);
    h.add(2);
    startTrigger('availableNow', 1000, true, h.scheduler, h.runner);
    h.scheduler.advanceTo(0);
    h.add(5);
    h.scheduler.advanceTo(5000);
    expect(h.log).toEqual([
      ['start', 0, 2],
      ['end', 200, 2],
    ]);
  });
  test('finishNow completes an in-flight batch at the current time and the trigger carries on', () => {
    const h = harness(5000);
    h.add(1);
    const t = startTrigger('processingTime', 1000, true, h.scheduler, h.runner);
    h.scheduler.advanceTo(10);
    expect(t.busy).toBe(true);
    t.finishNow();
    expect(t.busy).toBe(false);
    expect(h.log.at(-1)).toEqual(['end', 10, 1]);
  });
});
