// Replay a user's JSONL, CSV or Arrow IPC file: rows in file order, paced at `rate` (with bursts),
// each row's event time read from its `timestamp` column. Reading the file is the only I/O here.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { InputError } from '../../engines/core/errors.ts';
import { CsvError, csvRecords } from './csv.ts';
import type { GeneratedStream } from './event-log.ts';
import type { RateShape } from './rate-shape.ts';
import type { FileFormat, Workload } from './workload.ts';

export interface FileOptions {
  /** Directory a relative `file.path` is resolved against (default: the working directory). */
  baseDir?: string;
  /** JSON path of the workload block in error messages (default `workload`). */
  root?: string;
}

const EXTENSIONS: Record<string, FileFormat> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
  '.arrow': 'arrow',
  '.arrows': 'arrow',
  '.ipc': 'arrow',
  '.feather': 'arrow',
};

/** The format named by a path's extension, if it names one. */
export function formatOf(path: string): FileFormat | undefined {
  return EXTENSIONS[extname(path).toLowerCase()];
}

/**
 * `events: N` replays the first N rows (the file must have them); `duration: D` the rows whose timestamp
 * is below the file's smallest timestamp + D. Row numbers in errors are 1-based data rows (a CSV header
 * is not counted; blank JSONL lines are skipped).
 */
export function fileWorkload(spec: Workload, shape: RateShape, options: FileOptions = {}): GeneratedStream {
  const root = options.root ?? 'workload';
  const file = spec.file;
  if (!file) throw new InputError(`${root}.file`, 'required for generator "file" ({path, timestamp})');
  const path = resolve(options.baseDir ?? process.cwd(), file.path);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new InputError(`${root}.file.path`, `no such file "${file.path}"${path === file.path ? '' : ` (looked for ${path})`}`);
  }
  const format = file.format ?? formatOf(path);
  if (!format) {
    throw new InputError(`${root}.file.format`, `cannot tell the format of "${file.path}" from its extension: set jsonl, csv or arrow`);
  }
  let rows = readRows(path, format, `${root}.file.path`);

  rows.forEach((row, i) => {
    const ts = row[file.timestamp];
    if (typeof ts !== 'number' || !Number.isFinite(ts)) {
      throw new InputError(`${root}.file.timestamp`, `row ${i + 1} has no numeric "${file.timestamp}"`);
    }
    if (file.key !== undefined && (row[file.key] === undefined || row[file.key] === null)) {
      throw new InputError(`${root}.file.key`, `row ${i + 1} has no "${file.key}"`);
    }
  });
  const timeOf = (row: Record<string, unknown>) => row[file.timestamp] as number;
  if (spec.events !== undefined) {
    if (rows.length < spec.events) throw new InputError(`${root}.events`, `the file has only ${rows.length} rows`);
    rows = rows.slice(0, spec.events);
  } else if (spec.duration !== undefined) {
    const end = rows.reduce((m, r) => Math.min(m, timeOf(r)), Number.POSITIVE_INFINITY) + spec.duration;
    rows = rows.filter((r) => timeOf(r) < end);
  }
  const stream: GeneratedStream = {
    scheduled: rows.map((_, i) => shape.timeOf(i)),
    eventTimes: rows.map(timeOf),
    records: rows,
    timestampField: file.timestamp,
  };
  if (file.key !== undefined) stream.keyField = file.key;
  return stream;
}

function readRows(path: string, format: FileFormat, at: string): Record<string, unknown>[] {
  switch (format) {
    case 'jsonl':
      return readJsonl(readFileSync(path, 'utf8'), at);
    case 'csv':
      try {
        return csvRecords(readFileSync(path, 'utf8'));
      } catch (e) {
        if (e instanceof CsvError) throw new InputError(at, `not valid CSV: ${e.message}`);
        throw e;
      }
    case 'arrow':
      return readArrow(path, at);
  }
}

function readJsonl(text: string, at: string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new InputError(at, `row ${rows.length + 1} is not valid JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InputError(at, `row ${rows.length + 1} is not a JSON object`);
    }
    rows.push(value as Record<string, unknown>);
  }
  return rows;
}

function readArrow(path: string, at: string): Record<string, unknown>[] {
  let table: ReturnType<typeof tableFromIPC>;
  try {
    table = tableFromIPC(readFileSync(path));
  } catch (e) {
    throw new InputError(at, `not an Arrow IPC file (${(e as Error).message})`);
  }
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((_, c) => table.getChildAt(c));
  const rows: Record<string, unknown>[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    names.forEach((name, c) => {
      row[name] = plain(columns[c]?.get(i));
    });
    rows[i] = row;
  }
  return rows;
}

/** Arrow values as plain JSON-able values: safe int64 → number (else its decimal string), Date → ms. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return v.getTime();
  if (v === undefined) return null;
  if (typeof v === 'object' && v !== null && 'toJSON' in v && typeof v.toJSON === 'function') return v.toJSON();
  return v;
}
