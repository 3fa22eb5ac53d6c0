// Structured Streaming trigger executors (S-TE, B1) on the discrete-event scheduler: ProcessingTime ticks
// aligned to multiples of the interval, an overrun followed at once by the next batch (no backlog), Once, AvailableNow.
import type { Scheduled, Scheduler } from '../core/scheduler.ts';

export type TriggerKind = 'processingTime' | 'once' | 'availableNow';

/** What the executor drives: MicroBatchExecution's construct / run / commit of one batch. */
export interface BatchRunner<B> {
  /** offsets/N for the next batch, or null when nothing is due; `limit` caps the end offset (AvailableNow). */
  construct(noDataBatches: boolean, limit?: number): B | null;
  /** The source's latest offset now. */
  available(): number;
  /** Simulated processing time of the batch, ms (0 = instantaneous). */
  cost(batch: B): number;
  /** Execute the batch, emit to the sink and write commits/N; runs at the batch's completion time. */
  finish(batch: B): void;
}

export interface TriggerHandle {
  /** A batch has started and not finished (only with a cost model). */
  readonly busy: boolean;
  /** The query stopped (Once and AvailableNow stop after their run). */
  readonly stopped: boolean;
  /** Finish the in-flight batch now (a manual `batch` step waits for it), then continue as the trigger would. */
  finishNow(): void;
  /** Stop without firing again (manual runs of Once/AvailableNow, crashes). */
  stop(): void;
  /** New rows reached the source: a default trigger waiting for data looks again at its next poll (B1). */
  dataArrived(): void;
}

/** spark.sql.streaming.pollingDelay: how long MicroBatchExecution sleeps when a trigger finds no data. */
export const POLLING_DELAY = 10;

/** Spark's ProcessingTimeExecutor.nextBatchTime: `now / i * i + i`, and `now` for ProcessingTime(0). */
export function nextTriggerTime(now: number, interval: number): number {
  return interval === 0 ? now : Math.floor(now / interval) * interval + interval;
}

export function startTrigger<B>(
  kind: TriggerKind,
  interval: number,
  noDataBatches: boolean,
  scheduler: Scheduler,
  runner: BatchRunner<B>,
): TriggerHandle {
  let stopped = false;
  let timer: Scheduled | null = null;
  let inFlight: { batch: B; done: Scheduled; then: () => void } | null = null;
  /** ProcessingTime(0) only: when it last looked and found nothing to run (null while it runs or is due). */
  let idleSince: number | null = null;

  const schedule = (at: number, fn: () => void) => {
    timer = scheduler.at(at, () => {
      timer = null;
      if (!stopped) fn();
    });
  };
  const run = (batch: B, then: () => void) => {
    const c = runner.cost(batch);
    if (c <= 0) {
      runner.finish(batch);
      then();
      return;
    }
    const done = scheduler.at(scheduler.now() + c, () => {
      inFlight = null;
      runner.finish(batch);
      then();
    });
    inFlight = { batch, done, then };
  };
  const stop = () => {
    stopped = true;
    timer?.cancel();
    timer = null;
  };

  const tick = () => {
    const start = scheduler.now();
    const next = nextTriggerTime(start, interval);
    const batch = runner.construct(noDataBatches);
    if (interval === 0) {
      // The default trigger (ProcessingTime(0)): the next batch as soon as this one ends (B1). With nothing
      // to run, Spark sleeps pollingDelay and looks again; the lab waits for data, then looks at the next
      // poll time a sleeping driver would (the same batches, without a wake-up every 10 ms while idle).
      if (batch === null) idleSince = start;
      else run(batch, () => schedule(scheduler.now(), tick));
      return;
    }
    // Spark: an overrunning batch ends after `next`, so waitTillTime(next) returns at once; missed ticks are not replayed (B1).
    if (batch === null) schedule(next, tick);
    else run(batch, () => schedule(Math.max(next, scheduler.now()), tick));
  };
  const once = () => {
    // Trigger.Once: exactly one batch and no no-data batch; its watermark waits for the next run (B1).
    const batch = runner.construct(false);
    stopped = true;
    if (batch !== null) run(batch, () => {});
  };
  const availableNow = () => {
    const limit = runner.available();
    const loop = () => {
      const batch = runner.construct(noDataBatches, limit);
      if (batch === null) stopped = true;
      else run(batch, loop);
    };
    loop();
  };

  schedule(scheduler.now(), kind === 'processingTime' ? tick : kind === 'once' ? once : availableNow);
  return {
    get busy() {
      return inFlight !== null;
    },
    get stopped() {
      return stopped;
    },
    finishNow() {
      if (inFlight === null) return;
      const { batch, done, then } = inFlight;
      inFlight = null;
      done.cancel();
      runner.finish(batch);
      then();
    },
    stop() {
      stop();
      inFlight?.done.cancel();
      inFlight = null;
    },
    dataArrived() {
      if (idleSince === null || stopped) return;
      const now = scheduler.now();
      const at = idleSince + POLLING_DELAY * Math.max(1, Math.ceil((now - idleSince) / POLLING_DELAY));
      idleSince = null;
      schedule(at, tick);
    },
  };
}
