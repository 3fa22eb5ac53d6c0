// Structured Streaming sinks (B7): where a batch's result rows become visible, outside the query's crash
// domain. `memory` appends whatever addBatch receives, so a re-run batch shows twice; `file` is FileStreamSink,
// idempotent by batch id through its `_spark_metadata` log; `foreachBatch` hands each call to a user function.
import { type FileIO, writeAtomically } from '../core/checkpoint-storage.ts';
import type { MainEmission } from '../core/emission.ts';

export type StreamingSinkKind = 'memory' | 'file' | 'foreachBatch' | 'noop';

/** One addBatch call that made rows visible. */
export interface SinkBatch {
  readonly batchId: number;
  readonly rows: readonly MainEmission[];
}

export interface StreamingSink {
  readonly kind: StreamingSinkKind;
  /** Sink.addBatch(batchId, data); returns the rows this call made visible (none when a sink skips the batch). */
  addBatch(batchId: number, rows: readonly MainEmission[]): readonly MainEmission[];
  /** What a reader of the sink sees now, call by call in write order. */
  contents(): readonly SinkBatch[];
}

/**
 * Appends every call, so it is at-least-once across a crash between addBatch and commits/N. Spark's
 * MemorySink skips a batch id it already holds, but it lives in the driver and is empty after a restart;
 * the lab's sink outlives the crash, so it behaves like the console sink, which B7 lists as non-idempotent.
 */
export function memorySink(): StreamingSink {
  const batches: SinkBatch[] = [];
  return {
    kind: 'memory',
    addBatch(batchId, rows) {
      batches.push({ batchId, rows });
      return rows;
    },
    contents: () => batches,
  };
}

/** foreachBatch(fn): called with (rows, batchId) for every run of a batch, re-runs included (at-least-once, B7). */
export function foreachBatchSink(fn: (rows: readonly MainEmission[], batchId: number) => void = () => {}): StreamingSink {
  const calls: SinkBatch[] = [];
  return {
    kind: 'foreachBatch',
    addBatch(batchId, rows) {
      fn(rows, batchId);
      calls.push({ batchId, rows });
      return rows;
    },
    contents: () => calls,
  };
}

/**
 * Spark's `format("noop")` (NoopDataSource, Spark 3.0): the query runs whole and every batch's rows are
 * written nowhere; what benchmarks use to time a query without a sink's cost. The rows are still handed
 * back, as the query's output (a re-run batch repeats, as with foreachBatch), but nothing is kept:
 * `contents()` is always empty.
 */
export function noopSink(): StreamingSink {
  return { kind: 'noop', addBatch: (_batchId, rows) => rows, contents: () => [] };
}

/**
 * FileStreamSink: batch N's rows go to `part-N.jsonl` (one JSON row per line), then `_spark_metadata/N`
 * records the batch, both written to a temporary name and renamed. A batch id at or below the latest in
 * `_spark_metadata` is skipped, so a batch re-run after a crash is written once (end-to-end exactly-once).
 * Readers see only batches listed in the log; a part file without its log entry is invisible.
 */
export function fileSink(io: FileIO, dir: string): StreamingSink {
  const log = `${dir}/_spark_metadata`;
  io.mkdirp(log);
  const committed = (): number[] =>
    io
      .list(log)
      .filter((f) => /^\d+$/.test(f))
      .map(Number)
      .sort((a, b) => a - b);
  let latest: number | null = null;
  const write = (path: string, text: string) => writeAtomically(io, path, text);
  return {
    kind: 'file',
    addBatch(batchId, rows) {
      latest ??= committed().at(-1) ?? -1;
      if (batchId <= latest) return [];
      const part = `part-${batchId}.jsonl`;
      write(`${dir}/${part}`, rows.map((r) => JSON.stringify(r)).join('\n'));
      write(`${log}/${batchId}`, `v1\n${JSON.stringify({ path: part, rows: rows.length, action: 'add' })}`);
      latest = batchId;
      return rows;
    },
    contents: () =>
      committed().map((batchId) => {
        const entry = JSON.parse(io.readFile(`${log}/${batchId}`)!.split('\n')[1]!) as { path: string; rows: number };
        const text = entry.rows === 0 ? '' : io.readFile(`${dir}/${entry.path}`)!;
        return { batchId, rows: text === '' ? [] : text.split('\n').map((l) => JSON.parse(l) as MainEmission) };
      }),
  };
}

/** The sink an engine option names (memory by default). */
export function sinkFor(kind: 'memory' | 'file' | 'foreachBatch' | 'noop', io: FileIO, outputDir: string): StreamingSink {
  switch (kind) {
    case 'memory':
      return memorySink();
    case 'file':
      return fileSink(io, outputDir);
    case 'foreachBatch':
      return foreachBatchSink();
    case 'noop':
      return noopSink();
  }
}
