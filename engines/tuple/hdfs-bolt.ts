// storm-hdfs's HdfsBolt as the sink of a stateless Storm job with `job.files` (Nexmark q10), as its users wire
// it: a Partitioner giving each tuple's directory (`dt=…/hm=…`), DelimitedRecordFormat (csv lines), a
// CountSyncPolicy, a TimedRotationPolicy (`rollover`) and tick tuples that force a sync (AbstractHdfsBolt's
// tickTupleInterval). Invariant, as in AbstractHdfsBolt.execute: a tuple is acked only after the sync that
// makes its row durable and visible; until then its row sits in the writer's buffer, lost if the worker dies
// (the tuple times out and the spout replays it) — and a tuple whose timeout fires while it waits for a sync
// is replayed although its first copy is still buffered, so both copies reach the file (at-least-once, C2).
// File names: DefaultFileNameFormat, `<componentId>-<taskId>-<rotation>-<timestamp>.csv`, timestamp on
// the virtual clock.

import type { Rec } from '../core/aggregates.ts';
import type { FileIO } from '../core/checkpoint-storage.ts';
import type { MainEmission } from '../core/emission.ts';
import { csvLine, dataColumns, type FilesSpec, type FileTable, partitionOf, partitionPath, walkFiles } from '../core/files/files-spec.ts';
import type { Bolt, OutputCollector, TaskContext } from './components.ts';
import { TICK_STREAM, type Tuple } from './tuple.ts';

/** CountSyncPolicy(count) as storm-hdfs's README configures it. */
export const HDFS_SYNC_COUNT = 1000;
/** The tick tuple interval that forces a sync of a part-filled batch, ms. */
export const HDFS_TICK = 1000;

export interface HdfsSink {
  bolt(): Bolt;
  table(): FileTable;
}

export function hdfsSink(spec: FilesSpec, io: FileIO, dir: string, visible: (e: MainEmission) => void): HdfsSink {
  io.mkdirp(dir);
  return {
    bolt() {
      let ctx: TaskContext;
      let out: OutputCollector;
      let rotation = 0;
      let openedAt = 0;
      /** Per partition: the file being written and its synced lines (what is in HDFS). */
      let writers = new Map<string, { path: string; lines: string[] }>();
      let batch: Array<{ tuple: Tuple; partition: string; line: string; e: MainEmission }> = [];
      const sync = () => {
        const touched = new Set<string>();
        for (const b of batch) {
          let w = writers.get(b.partition);
          if (!w) {
            w = { path: `${dir}/${b.partition}/${ctx.componentId}-${ctx.taskId}-${rotation}-${openedAt}.csv`, lines: [] };
            writers.set(b.partition, w);
            io.mkdirp(`${dir}/${b.partition}`);
          }
          w.lines.push(b.line);
          touched.add(b.partition);
        }
        for (const p of touched) {
          const w = writers.get(p)!;
          io.writeFile(w.path, `${w.lines.join('\n')}\n`); // hsync: the rows are durable and readable
        }
        const done = batch;
        batch = [];
        for (const b of done) {
          visible(b.e);
          out.ack(b.tuple);
        }
      };
      const rotate = () => {
        sync();
        writers = new Map();
        rotation++;
        openedAt = ctx.now();
      };
      return {
        prepare(context, collector) {
          ctx = context;
          out = collector;
          openedAt = context.now();
          if (spec.rollover !== undefined) context.every(spec.rollover, rotate); // TimedRotationPolicy
        },
        execute(t, collector) {
          out = collector;
          if (t.stream === TICK_STREAM) {
            if (batch.length > 0) sync();
            return;
          }
          const r = (t.values as { value: Rec }).value;
          const partition = partitionPath(r, spec.partitionBy);
          const e: MainEmission = { output: 'main', window: null, value: r, timestamp: null };
          batch.push({ tuple: t, partition, line: csvLine(r, dataColumns(r, spec.partitionBy)), e });
          if (batch.length >= HDFS_SYNC_COUNT) sync();
        },
        // Rows still waiting for a sync: the next tick tuple writes them.
        quiet: () => batch.length === 0,
      };
    },
    table() {
      const files: FileTable['files'] = [];
      for (const { path, text } of walkFiles(io, dir)) {
        if (path.endsWith('.csv')) files.push({ path, partition: partitionOf(path), visible: true, state: 'finished', text });
      }
      return { files, tree: walkFiles(io, dir), partitionCommit: false, commits: [] };
    },
  };
}
