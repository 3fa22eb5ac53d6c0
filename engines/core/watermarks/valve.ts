// The multi-input watermark valve (A3, F-SWV): output = min over active, aligned channels; a channel's
// watermark only increases; idle channels leave the min; when every channel is idle the valve flushes
// the max over all channels (if the last one to go idle was aligned) and goes idle; a channel rejoins the
// min once its watermark >= last output.
import { MIN_TIME } from '../time.ts';

interface Channel {
  watermark: number;
  active: boolean;
  aligned: boolean;
}

export interface ValveOutput {
  /** The combined watermark advanced to `wm`. */
  watermark(wm: number): void;
  /** The valve's overall status changed. */
  status?(idle: boolean): void;
}

export class WatermarkValve {
  private readonly channels: Channel[];
  private last = MIN_TIME;
  private idle = false;

  constructor(n: number) {
    this.channels = Array.from({ length: n }, () => ({ watermark: MIN_TIME, active: true, aligned: true }));
  }

  get current(): number {
    return this.last;
  }

  get isIdle(): boolean {
    return this.idle;
  }

  inputWatermark(channel: number, wm: number, out: ValveOutput): void {
    const c = this.channels[channel]!;
    if (!c.active) return; // F-SWV: watermarks from an idle channel are ignored
    if (wm <= c.watermark) return;
    c.watermark = wm;
    if (!c.aligned && wm >= this.last) c.aligned = true;
    this.findAndOutputNewMin(out);
  }

  inputIdle(channel: number, idle: boolean, out: ValveOutput): void {
    const c = this.channels[channel]!;
    if (idle && c.active) {
      c.active = false;
      c.aligned = false;
      // Only a channel that held the output back can move it when it leaves (F-SWV inputWatermarkStatus).
      const atOutput = c.watermark === this.last;
      if (this.channels.every((x) => !x.active)) {
        // F-SWV: all idle — flush the max over all channels, then go idle; but only when the channel that
        // went idle last was aligned with the output (A3): one that resumed below it and had not caught up
        // leaves the output where it is.
        if (atOutput) {
          const max = Math.max(...this.channels.map((x) => x.watermark));
          if (max > this.last) {
            this.last = max;
            out.watermark(max);
          }
        }
        this.idle = true;
        out.status?.(true);
      } else if (atOutput) {
        this.findAndOutputNewMin(out);
      }
    } else if (!idle && !c.active) {
      c.active = true;
      // Rejoins the min only once its watermark has caught up with the last output.
      c.aligned = c.watermark >= this.last;
      if (this.idle) {
        this.idle = false;
        out.status?.(false);
      }
    }
  }

  private findAndOutputNewMin(out: ValveOutput): void {
    let min = Number.POSITIVE_INFINITY;
    let any = false;
    for (const c of this.channels) {
      if (c.active && c.aligned) {
        any = true;
        if (c.watermark < min) min = c.watermark;
      }
    }
    if (any && min > this.last) {
      this.last = min;
      out.watermark(min);
    }
  }

  snapshotLast(): number {
    return this.last;
  }
}
