// Watermark generators (A2): bounded out-of-orderness `maxTs - delay - 1`, monotonous (delay 0),
// explicit, with idleness (F-IDL). Periodic emission is driven by the caller every `interval` ms of
// processing time; a watermark is forwarded only when it strictly increases (F-D-GW).
import { BoundedDisorder, flinkDisorder } from './bounded-disorder.ts';

export interface WatermarkOutput {
  emitWatermark(wm: number): void;
  markIdle(): void;
  markActive(): void;
}

/**
 * Flink's WatermarkGenerator: `onEvent` sees every record with its timestamp (a punctuated generator emits
 * from here, A2), `onPeriodicEmit` runs every `interval` ms of processing time (a periodic one emits there).
 */
export interface WatermarkGenerator {
  onEvent(ts: number, out: WatermarkOutput, record?: Readonly<Record<string, unknown>>): void;
  onPeriodicEmit(now: number, out: WatermarkOutput): void;
}

/** F-BOO: emits maxTs - delay - 1, and MIN before any record (Flink starts maxTs at MIN + delay + 1). */
export function boundedOutOfOrderness(delay: number): WatermarkGenerator {
  const disorder = new BoundedDisorder(flinkDisorder(delay));
  return {
    onEvent(ts) {
      disorder.observe(ts);
    },
    onPeriodicEmit(_now, out) {
      out.emitWatermark(disorder.watermark());
    },
  };
}

/** F-ASC: forMonotonousTimestamps() is bounded out-of-orderness with delay 0: maxTs - 1. */
export const monotonous = (): WatermarkGenerator => boundedOutOfOrderness(0);

/**
 * F-IDL WatermarksWithIdleness: idleness is judged only at periodic emits. Activity since the last
 * probe resets the countdown; the first quiet probe starts it; idle at the first probe with
 * `now - start > timeout` (strictly). The next record makes the source active again.
 */
export function withIdleness(inner: WatermarkGenerator, timeout: number): WatermarkGenerator {
  let counter = 0;
  let lastCounter = 0;
  let start: number | null = null;
  let idle = false;
  return {
    // A record does not mark the output active: the next watermark emission that advances it does (the
    // emitter ignores one <= the current), so a record that does not raise the watermark leaves it idle (A2).
    onEvent(ts, out, record) {
      counter++;
      idle = false;
      inner.onEvent(ts, out, record);
    },
    onPeriodicEmit(now, out) {
      let isIdle: boolean;
      if (counter !== lastCounter) {
        lastCounter = counter;
        start = null;
        isIdle = false;
      } else if (start === null) {
        start = now;
        isIdle = false;
      } else {
        isIdle = now - start > timeout;
      }
      if (isIdle) {
        if (!idle) {
          idle = true;
          out.markIdle();
        }
      } else inner.onPeriodicEmit(now, out);
    },
  };
}
