// A stateless job's partitioned file sink (`job.files`, Nexmark q10): the table definition every model's file
// sink shares — partition columns, format, rolling and partition commit — and the pieces every model writes
// the same way: Hive-style partition paths (`dt=…/hm=…`, escaped as Flink's PartitionPathUtils and Spark's
// ExternalCatalogUtils escape them), CSV lines of the non-partition columns, and the partition time that
// Flink's DefaultPartTimeExtractor reads from the values through a `$field` pattern (UTC).
import * as z from 'zod';
import type { Rec } from '../aggregates.ts';
import type { FileIO } from '../checkpoint-storage.ts';

export const filesSpecSchema = z.strictObject({
  /** Partition columns, in directory order: `dt=…/hm=…`. They are not written into the files. */
  partitionBy: z.array(z.string().min(1, 'a partition field name is a non-empty string')).min(1, 'partitionBy needs at least one field'),
  format: z.literal('csv', { error: 'format must be "csv" (the only format the lab writes)' }),
  /** Flink `sink.rolling-policy.rollover-interval`, ms of processing time: a part file older than this is rolled. */
  rollover: z.number().int('rollover must be a whole number of ms').positive('rollover must be > 0 ms').optional(),
  /** Flink partition commit: trigger `partition-time`, policy `success-file` (absent: partitions are never committed). */
  commit: z
    .strictObject({
      /** `sink.partition-commit.delay`, ms: a partition commits once the watermark passes its time + delay. */
      delay: z.number().int('commit.delay must be a whole number of ms').nonnegative('commit.delay must be >= 0'),
      /** `partition.time-extractor.timestamp-pattern`, e.g. "$dt $hm:00": `yyyy-MM-dd HH:mm:ss` after substitution. */
      partitionTime: z.string().min(1, 'commit.partitionTime is a pattern such as "$dt $hm:00"'),
    })
    .optional(),
});
export type FilesSpec = z.infer<typeof filesSpecSchema>;

/** Characters Hive-style partition paths escape as %XX (Flink PartitionPathUtils, Spark ExternalCatalogUtils). */
const ESCAPED = new Set(['"', '#', '%', "'", '*', '/', ':', '=', '?', '\\', '\x7f', '{', '[', ']', '^']);

function escapePathName(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    out += code < 0x20 || ESCAPED.has(ch) ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : ch;
  }
  return out;
}

/** The value as a partition directory shows it; null is Hive's default partition name. */
function partitionValue(v: unknown): string {
  return v === null || v === undefined || v === '' ? '__HIVE_DEFAULT_PARTITION__' : escapePathName(String(v));
}

/** `dt=1970-01-01/hm=00%3A01`: the record's partition directory. */
export function partitionPath(r: Rec, partitionBy: readonly string[]): string {
  return partitionBy.map((f) => `${escapePathName(f)}=${partitionValue(r[f])}`).join('/');
}

/** The columns a file holds: the record's fields, in order, without the partition columns. */
export function dataColumns(r: Rec, partitionBy: readonly string[]): string[] {
  return Object.keys(r).filter((f) => !partitionBy.includes(f));
}

/** RFC 4180 CSV: a field with a comma, quote or line break is quoted, quotes doubled; null is an empty field. */
export function csvLine(r: Rec, columns: readonly string[]): string {
  return columns
    .map((c) => {
      const v = r[c];
      if (v === null || v === undefined) return '';
      const s = typeof v === 'string' ? v : JSON.stringify(v);
      return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
    })
    .join(',');
}

/** The lines of a CSV file as written by csvLine (one record per line; quoted fields hold no line breaks here). */
export function csvLines(text: string): string[] {
  return text === '' ? [] : text.split('\n').filter((l) => l !== '');
}

/** A partition directory's values, unescaped: `dt=1970-01-01/hm=00%3A01` → {dt: '1970-01-01', hm: '00:01'}. */
export function partitionValues(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of path.split('/')) {
    const eq = part.indexOf('=');
    out[decodeURIComponent(part.slice(0, eq))] = decodeURIComponent(part.slice(eq + 1));
  }
  return out;
}

/**
 * The partition's time, epoch ms (UTC), as DefaultPartTimeExtractor reads it: `$field` replaced by the value,
 * then `yyyy-MM-dd HH:mm:ss` (or `yyyy-MM-dd`). null when the result is no such timestamp.
 */
export function partitionTime(pattern: string, values: Record<string, string>): number | null {
  const text = pattern.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, f: string) => values[f] ?? '');
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
}

/** The `$field` names a partition-time pattern reads. */
export function patternFields(pattern: string): string[] {
  return [...pattern.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
}

/** One partition commit: the partition, when (processing time) and the watermark that allowed it. */
export interface PartitionCommit {
  partition: string;
  at: number;
  watermark: number;
}

/**
 * What a model's file sink leaves for a reader of the table: each data file with whether a reader sees
 * it, and why not (`in-progress`, `pending`: Flink files not yet committed by a checkpoint; `orphan`: a file
 * no commit lists — Spark's re-run batch, Flink's in-progress file of a failed attempt).
 */
export interface FileTable {
  files: Array<{
    path: string;
    partition: string;
    visible: boolean;
    state: 'finished' | 'in-progress' | 'pending' | 'orphan';
    text: string;
  }>;
  /** Every file under the table's directory (data, markers, logs), for writing the tree out. */
  tree: Array<{ path: string; text: string }>;
  /** Whether the sink commits partitions (Flink's partition commit, when configured); Spark's has no such step. */
  partitionCommit: boolean;
  /** Partitions committed (Flink's success files), in commit order; [] where there is no partition commit. */
  commits: PartitionCommit[];
}

/** Every file under `dir` (paths relative to it, sorted), walking the FileIO's directories. */
export function walkFiles(io: FileIO, dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  const visit = (rel: string) => {
    for (const name of io.list(rel === '' ? dir : `${dir}/${rel}`)) {
      const path = rel === '' ? name : `${rel}/${name}`;
      let text: string | undefined;
      try {
        text = io.readFile(`${dir}/${path}`);
      } catch {
        text = undefined; // a directory (Node's readFile throws EISDIR)
      }
      if (text === undefined) visit(path);
      else out.push({ path, text });
    }
  };
  visit('');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The partition directory of a data file's path (relative to the table): everything before the file name. */
export function partitionOf(path: string): string {
  return path.slice(0, Math.max(0, path.lastIndexOf('/')));
}
