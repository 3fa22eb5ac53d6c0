// One engine's `files` block of result.json (a stateless job with `job.files`, Nexmark q10): the table its
// file sink left, read as a reader of that system reads it (Flink: finished part files; Spark: the files
// `_spark_metadata` lists), against the ground truth rendered the same way — each oracle row as its partition
// directory and CSV line. Rows a reader cannot see are counted apart (`notVisible`), and each difference has
// a cause: a missing row that sits in a hidden file is `not-committed`; a visible second copy of an expected
// row is `replayed-duplicate`. The files themselves are written to disk by the CLI (`files/<engine id>/`).
import { z } from 'zod';
import { csvLine, csvLines, dataColumns, type FilesSpec, type FileTable, partitionPath } from '../engines/core/files/files-spec.ts';

export const filesBlockSchema = z.strictObject({
  /** Where the CLI writes the table, relative to the run's output directory. */
  dir: z.string(),
  /** Data files by state: finished (visible) and the hidden ones. */
  files: z.strictObject({
    total: z.int().nonnegative(),
    visible: z.int().nonnegative(),
    inProgress: z.int().nonnegative(),
    pending: z.int().nonnegative(),
    orphan: z.int().nonnegative(),
  }),
  rows: z.strictObject({
    /** Rows of the ground truth. */
    expected: z.int().nonnegative(),
    /** Rows in visible files: what a reader gets. */
    visible: z.int().nonnegative(),
    /** Rows written to files no reader sees (in-progress, pending, orphaned). */
    notVisible: z.int().nonnegative(),
    matched: z.int().nonnegative(),
    missing: z.int().nonnegative(),
    extra: z.int().nonnegative(),
  }),
  causes: z.partialRecord(z.enum(['not-committed', 'replayed-duplicate', 'unexplained']), z.int().nonnegative()),
  partitions: z.strictObject({
    /** Partition directories with at least one data file. */
    total: z.int().nonnegative(),
    /** Whether the model commits partitions (Flink's success file); Spark's streaming file sink has no such step. */
    commits: z.boolean(),
    /** Committed partitions, in commit order: when (processing time, ms) and the watermark that passed them. */
    committed: z.array(z.strictObject({ partition: z.string(), at: z.number(), watermark: z.number() })),
  }),
});
export type FilesBlock = z.infer<typeof filesBlockSchema>;

/** A row as the table holds it: partition directory and CSV line of the other columns. */
export function tableRow(r: Record<string, unknown>, spec: FilesSpec): string {
  return `${partitionPath(r, spec.partitionBy)}\t${csvLine(r, dataColumns(r, spec.partitionBy))}`;
}

/** The `files` block; `expected` is the oracle's rows. */
export function filesBlock(table: FileTable, spec: FilesSpec, expected: ReadonlyArray<Record<string, unknown>>, dir: string): FilesBlock {
  const want = new Map<string, number>();
  for (const r of expected) {
    const t = tableRow(r, spec);
    want.set(t, (want.get(t) ?? 0) + 1);
  }
  const hidden = new Map<string, number>();
  const counts = { total: 0, visible: 0, inProgress: 0, pending: 0, orphan: 0 };
  const causes: FilesBlock['causes'] = {};
  const cause = (c: keyof FilesBlock['causes']) => void (causes[c] = (causes[c] ?? 0) + 1);
  let visible = 0;
  let notVisible = 0;
  let matched = 0;
  let extra = 0;
  const left = new Map(want);
  for (const f of table.files) {
    counts.total++;
    if (f.state === 'finished') counts.visible++;
    else if (f.state === 'in-progress') counts.inProgress++;
    else if (f.state === 'pending') counts.pending++;
    else counts.orphan++;
    for (const line of csvLines(f.text)) {
      const t = `${f.partition}\t${line}`;
      if (!f.visible) {
        notVisible++;
        hidden.set(t, (hidden.get(t) ?? 0) + 1);
        continue;
      }
      visible++;
      const n = left.get(t) ?? 0;
      if (n > 0) {
        left.set(t, n - 1);
        matched++;
      } else {
        extra++;
        cause(want.has(t) ? 'replayed-duplicate' : 'unexplained');
      }
    }
  }
  let missing = 0;
  for (const [t, n] of left) {
    for (let i = 0; i < n; i++) {
      missing++;
      const h = hidden.get(t) ?? 0;
      if (h > 0) hidden.set(t, h - 1);
      cause(h > 0 ? 'not-committed' : 'unexplained');
    }
  }
  return {
    dir,
    files: counts,
    rows: { expected: expected.length, visible, notVisible, matched, missing, extra },
    causes,
    partitions: {
      total: new Set(table.files.map((f) => f.partition)).size,
      commits: table.partitionCommit,
      committed: table.commits.map((c) => ({ ...c })),
    },
  };
}

/** Where the CLI writes an engine's table, relative to the output directory. */
export function filesDir(engineId: string): string {
  return `files/${engineId}`;
}
