// Storm's WaterMarkEventGenerator (ST-WMG): per input stream the max ts seen; every interval the
// watermark min over streams(max) - lag is emitted if it increased, and only once every stream has
// data (C3). There is no "-1". A tuple is late iff ts < the last watermark (strictly).

import { streamId } from '../tuple.ts';

export class WatermarkGenerator {
  /** Max ts per input stream, by source component then stream name (no string building per tuple). */
  private readonly maxTs = new Map<string, Map<string, number>>();
  private seenStreams = 0;
  /** Storm's `lastWaterMarkTs` starts at 0 (a Java long), so a watermark must exceed 0 to be emitted. */
  private last = 0;
  private emitted = false;

  constructor(
    private readonly inputStreams: readonly string[],
    private readonly lag: number,
    private readonly emit: (watermark: number) => void,
  ) {}

  /** Record a tuple's ts on its stream; false when the tuple is late (ts < last watermark). */
  track(component: string, stream: string, ts: number): boolean {
    let byStream = this.maxTs.get(component);
    if (byStream === undefined) this.maxTs.set(component, (byStream = new Map()));
    const cur = byStream.get(stream);
    if (cur === undefined) {
      if (!this.inputStreams.includes(streamId(component, stream))) throw new Error(`not an input stream: ${streamId(component, stream)}`);
      this.seenStreams++;
    }
    if (cur === undefined || ts > cur) byStream.set(stream, ts);
    return ts >= this.last;
  }

  /** The periodic step (every watermark interval of processing time). */
  run(): void {
    const wm = this.compute();
    if (wm > this.last) {
      this.last = wm;
      this.emitted = true;
      this.emit(wm);
    }
  }

  /** Whether the next periodic step would emit a higher watermark. */
  wouldAdvance(): boolean {
    return this.compute() > this.last;
  }

  /** The last emitted watermark, or null before the first. */
  lastWatermark(): number | null {
    return this.emitted ? this.last : null;
  }

  private compute(): number {
    let ts = 0;
    if (this.seenStreams >= this.inputStreams.length) {
      ts = Number.POSITIVE_INFINITY;
      for (const byStream of this.maxTs.values()) for (const v of byStream.values()) ts = Math.min(ts, v);
    }
    return ts - this.lag;
  }
}
