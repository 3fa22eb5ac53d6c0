// What a structured query keeps outside its process (StructuredEngine's runtime): the checkpoint directory's
// file system, the sink and the replayable source, injected so a second engine can resume the first one's query.
import type { FileIO } from '../core/checkpoint-storage.ts';
import type { SourceLog } from '../core/source-log.ts';
import type { StreamingSink } from './streaming-sinks.ts';

/** What lives outside the query process, injected so a second engine can resume the first one's query. */
export interface StructuredRuntime {
  /** The file system of the checkpoint directory and of the `file` sink (default: in memory, per engine). */
  readonly io?: FileIO;
  /** The checkpoint directory in `io` (default `checkpoint`). */
  readonly checkpointDir?: string;
  /** Overrides the sink `options.sink` names. */
  readonly sink?: StreamingSink;
  /** The `file` sink's directory in `io` (default `<checkpointDir>-sink`). */
  readonly outputDir?: string;
  /** The replayable source (Kafka, a file source): give the same one to a new engine to resume. */
  readonly source?: SourceLog;
  /** Written to `metadata` on the query's first start; a directory that has one keeps its own. */
  readonly queryId?: string;
}
