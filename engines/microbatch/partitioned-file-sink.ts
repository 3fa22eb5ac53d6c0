// Spark's FileStreamSink with partitionBy (`df.writeStream.format("csv").partitionBy("dt", "hm")`, B7): batch
// N writes one file per partition it has rows for, `dt=…/hm=…/part-00000-<job uuid>.c000.csv` (FileFormatWriter,
// a fresh uuid per write job), then commits by writing `_spark_metadata/N` (FileStreamSinkLog) listing them.
// Invariant: a reader (Spark's MetadataLogFileIndex) sees exactly the files the log lists — so a batch that
// died after its files but before its log entry leaves orphans no reader sees, and its re-run writes new
// files under a new uuid; a batch already in the log is skipped on re-run (exactly-once). Spark has no
// per-partition commit or success file in streaming. The log compacts (CompactibleFileStreamLog,
// spark.sql.streaming.fileSink.log.compactInterval = 10): batch N with (N + 1) % 10 = 0 is written as
// `N.compact`, every entry so far, and a reader reads the latest compact file and the deltas after it. The
// older delta files stay (Spark deletes them only after fileSink.log.cleanupDelay, 10 minutes).
import { type FileIO, writeAtomically } from '../core/checkpoint-storage.ts';
import type { MainEmission } from '../core/emission.ts';
import { csvLine, dataColumns, type FilesSpec, type FileTable, partitionOf, partitionPath, walkFiles } from '../core/files/files-spec.ts';
import { createRng } from '../core/random.ts';
import type { StreamingSink } from './streaming-sinks.ts';

const LOG = '_spark_metadata';
/** spark.sql.streaming.fileSink.log.compactInterval (default 10). */
export const COMPACT_INTERVAL = 10;
const isCompactBatch = (batchId: number) => (batchId + 1) % COMPACT_INTERVAL === 0;

export interface PartitionedFileSink extends StreamingSink {
  /** The table as a reader finds it: files in `_spark_metadata` visible, any other data file an orphan. */
  table(): FileTable;
}

/** `seed` makes the write jobs' uuids (random in Spark) the same on every run. */
export function partitionedFileSink(io: FileIO, dir: string, spec: FilesSpec, seed = 0): PartitionedFileSink {
  const rng = createRng(seed);
  const uuid = () => {
    const hex = (n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${hex(4)}-${hex(12)}`;
  };
  /** Rows of each committed batch, for contents() (the files hold them as CSV lines). */
  const rowsOf = new Map<number, readonly MainEmission[]>();
  let latest: number | null = null;
  io.mkdirp(`${dir}/${LOG}`);
  /** The log file of a batch: `N`, or `N.compact` for a compaction batch. */
  const logFile = (batchId: number) => `${dir}/${LOG}/${batchId}${isCompactBatch(batchId) ? '.compact' : ''}`;
  const logged = (): number[] =>
    io
      .list(`${dir}/${LOG}`)
      .filter((f) => /^\d+(\.compact)?$/.test(f))
      .map((f) => Number.parseInt(f, 10))
      .sort((a, b) => a - b);
  /** The entries of one log file (after its version line). */
  const entriesOf = (batchId: number): string[] =>
    io
      .readFile(logFile(batchId))!
      .split('\n')
      .slice(1)
      .filter((line) => line !== '');
  /** What a reader sees (FileStreamSinkLog.allFiles): the latest compact file's entries and the deltas after it. */
  const listed = (): Set<string> => {
    const ids = logged();
    const from = ids.findLastIndex(isCompactBatch);
    const paths = new Set<string>();
    for (const id of ids.slice(Math.max(0, from))) for (const line of entriesOf(id)) paths.add((JSON.parse(line) as { path: string }).path);
    return paths;
  };
  const write = (path: string, text: string) => writeAtomically(io, path, text);
  return {
    kind: 'file',
    addBatch(batchId, rows) {
      // FileStreamSink.addBatch: a batch id the log already has was committed before the crash. The latest id
      // is read from the log once, then kept (this sink is the log's only writer).
      latest ??= logged().at(-1) ?? -1;
      if (batchId <= latest) return [];
      const job = uuid();
      const byPartition = new Map<string, string[]>();
      for (const e of rows) {
        const r = e.value as Record<string, unknown>;
        const p = partitionPath(r, spec.partitionBy);
        const lines = byPartition.get(p) ?? [];
        lines.push(csvLine(r, dataColumns(r, spec.partitionBy)));
        byPartition.set(p, lines);
      }
      const entries: string[] = [];
      for (const [p, lines] of [...byPartition].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const path = `${p}/part-00000-${job}.c000.csv`;
        io.mkdirp(`${dir}/${p}`);
        write(`${dir}/${path}`, `${lines.join('\n')}\n`);
        entries.push(JSON.stringify({ path, size: lines.length, action: 'add' }));
      }
      // The commit: the log entry names the files; until it exists none of them is visible. A compaction batch's
      // entry holds every file so far (the previous compact file's and the deltas' since), its own last.
      if (isCompactBatch(batchId)) {
        const ids = logged();
        const from = ids.findLastIndex(isCompactBatch);
        entries.unshift(...ids.slice(Math.max(0, from)).flatMap(entriesOf));
      }
      write(logFile(batchId), ['v1', ...entries].join('\n'));
      rowsOf.set(batchId, rows);
      latest = batchId;
      return rows;
    },
    contents() {
      return logged().map((batchId) => ({ batchId, rows: rowsOf.get(batchId) ?? [] }));
    },
    table() {
      const visible = listed();
      const files: FileTable['files'] = [];
      for (const { path, text } of walkFiles(io, dir)) {
        if (path.startsWith(`${LOG}/`) || !path.endsWith('.csv')) continue;
        const v = visible.has(path);
        files.push({ path, partition: partitionOf(path), visible: v, state: v ? 'finished' : 'orphan', text });
      }
      return { files, tree: walkFiles(io, dir), partitionCommit: false, commits: [] };
    },
  };
}
