// Storm's WaterMarkEventGenerator (ST-WMG): per input stream the max ts seen; every interval the
// watermark min over streams(max) - lag is emitted if it increased, and only once every stream has
// data (C3). There is no "-1". A tuple is late iff ts < the last watermark (strictly).

import { BoundedDisorder, combineWatermarks, type DisorderRule, stormDisorder } from '../../core/watermarks/bounded-disorder.ts';
import { streamId } from '../tuple.ts';

export class WaterMarkEventGenerator {
  /** Per input stream, by source component then stream name (no string building per tuple). */
  private readonly streams = new Map<string, Map<string, BoundedDisorder>>();
  /** Storm's `lastWaterMarkTs` starts at 0 (a Java long), so a watermark must exceed 0 to be emitted. */
  private last = 0;
  private emitted = false;
  private readonly rule: DisorderRule;
  /** The input streams as [component, stream]. */
  private readonly inputs: ReadonlyArray<readonly [string, string]>;

  constructor(
    private readonly inputStreams: readonly string[],
    lag: number,
    private readonly emit: (watermark: number) => void,
  ) {
    this.rule = stormDisorder(lag);
    this.inputs = inputStreams.map((id) => {
      const at = id.indexOf(':');
      return [id.slice(0, at), id.slice(at + 1)] as const;
    });
  }

  /** Record a tuple's ts on its stream; false when the tuple is late (ts < last watermark). */
  track(component: string, stream: string, ts: number): boolean {
    let byStream = this.streams.get(component);
    if (byStream === undefined) this.streams.set(component, (byStream = new Map()));
    let d = byStream.get(stream);
    if (d === undefined) {
      if (!this.inputStreams.includes(streamId(component, stream))) throw new Error(`not an input stream: ${streamId(component, stream)}`);
      byStream.set(stream, (d = new BoundedDisorder(this.rule)));
    }
    d.observe(ts);
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

  /** min over every input stream of (max ts − lag); a stream without data counts as 0, so nothing is emitted before all have some. */
  private compute(): number {
    return combineWatermarks(
      this.inputs.map(([component, stream]) => this.streams.get(component)?.get(stream)?.watermark() ?? this.rule.initial),
      'min',
    );
  }
}
