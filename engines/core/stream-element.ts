// The closed set of what flows on a stream between tasks (timely dataflow's and Arroyo's small message
// set): records, watermarks, idleness status, checkpoint barriers. Handled by exhaustive `switch` on `kind`.
// Flink's channels carry all four (A3, A9); Storm's window manager sees records and watermarks (C3).

/** A record with its key (null for un-keyed streams) and its timestamp (event, ingestion or processing time). */
export interface RecordElement<R> {
  readonly kind: 'record';
  readonly key: unknown;
  readonly record: R;
  readonly ts: number;
}

/** No more records with timestamp <= `watermark` should arrive (A1). */
export interface WatermarkElement {
  readonly kind: 'watermark';
  readonly watermark: number;
}

/** The sender went idle (it leaves the downstream minimum) or active again (A2, A3). */
export interface StatusElement {
  readonly kind: 'status';
  readonly idle: boolean;
}

/** Checkpoint barrier `id`: everything before it belongs to checkpoint `id` (A9). */
export interface BarrierElement {
  readonly kind: 'barrier';
  readonly id: number;
}

export type StreamElement<R> = RecordElement<R> | WatermarkElement | StatusElement | BarrierElement;

export function watermarkElement(watermark: number): WatermarkElement {
  return { kind: 'watermark', watermark };
}
