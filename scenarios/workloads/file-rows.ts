// The rows of a JSONL, CSV or Arrow file as one lazy sequence of plain records, each with its 1-based
// row number, and every problem as an InputError naming the row (and the byte offset for bad UTF-8).
// Nothing here holds more than one line or one Arrow batch of the file at a time.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { InputError } from '../../engines/core/errors.ts';
import { MAX_JSON_DEPTH, tooDeep } from '../json-depth.ts';
import { ArrowColumnError, arrowRows, type ColumnUse } from './arrow-rows.ts';
import { CsvError, CsvRecords } from './csv.ts';
import { LineError, type LineReaderOptions, readLines } from './line-reader.ts';
import type { FileFormat } from './workload.ts';

export interface RowColumns {
  /** JSON path of the workload block (`workload`). */
  root: string;
  timestamp: string;
  arrival?: string;
  key?: string;
  /** Time columns hold ISO-8601 strings. */
  iso: boolean;
}

export interface FileRows {
  /** Time columns whose values are already epoch ms (typed Arrow Timestamp / Date columns). */
  typedTime: Set<string>;
  rows: Generator<{ row: Record<string, unknown>; n: number }>;
}

export function fileRows(path: string, format: FileFormat, columns: RowColumns, options: LineReaderOptions = {}): FileRows {
  const at = `${columns.root}.file.path`;
  switch (format) {
    case 'jsonl':
      return { typedTime: new Set(), rows: jsonlRows(path, at, options) };
    case 'csv':
      return { typedTime: new Set(), rows: csvFileRows(path, at, columns, options) };
    case 'arrow':
      return arrowFileRows(path, at, columns);
  }
}

function lineProblem(e: LineError, at: string, row: number): InputError {
  return new InputError(at, `row ${row} (line ${e.line}, byte ${e.offset}) ${e.message}`);
}

function* jsonlRows(path: string, at: string, options: LineReaderOptions): Generator<{ row: Record<string, unknown>; n: number }> {
  let n = 0;
  const lines = readLines(path, options);
  for (;;) {
    let next: IteratorResult<{ text: string; line: number }>;
    try {
      next = lines.next();
    } catch (e) {
      if (e instanceof LineError) throw lineProblem(e, at, n + 1);
      throw e;
    }
    if (next.done) return;
    const { text, line } = next.value;
    if (text.trim() === '') continue;
    n++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new InputError(at, `row ${n} (line ${line}) is not valid JSON: ${(e as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InputError(at, `row ${n} (line ${line}) is not a JSON object`);
    }
    if (tooDeep(value)) throw new InputError(at, `row ${n} (line ${line}) nests more than ${MAX_JSON_DEPTH} levels deep`);
    yield { row: value as Record<string, unknown>, n };
  }
}

function* csvFileRows(
  path: string,
  at: string,
  columns: RowColumns,
  options: LineReaderOptions,
): Generator<{ row: Record<string, unknown>; n: number }> {
  const csv = new CsvRecords();
  let n = 0;
  const lines = readLines(path, options);
  for (;;) {
    let next: IteratorResult<{ text: string }>;
    try {
      next = lines.next();
    } catch (e) {
      if (e instanceof LineError) throw lineProblem(e, at, n + 1);
      throw e;
    }
    if (next.done) break;
    let row: Record<string, unknown> | null;
    const hadHeader = csv.header !== null;
    try {
      row = csv.line(next.value.text);
    } catch (e) {
      if (e instanceof CsvError) throw new InputError(at, `not valid CSV: ${e.message}`);
      throw e;
    }
    if (!hadHeader && csv.header !== null) checkHeader(csv.header, columns);
    if (row === null) continue;
    n++;
    yield { row, n };
  }
  try {
    csv.end();
  } catch (e) {
    if (e instanceof CsvError) throw new InputError(at, `not valid CSV: ${e.message}`);
    throw e;
  }
}

/** The columns the replay reads must be in the header: say so once, not on every row. */
function checkHeader(header: readonly string[], c: RowColumns): void {
  const wanted: Array<[string | undefined, string]> = [
    [c.timestamp, 'timestamp'],
    [c.arrival, 'arrival'],
    [c.key, 'key'],
  ];
  for (const [name, field] of wanted) {
    if (name !== undefined && !header.includes(name)) {
      throw new InputError(`${c.root}.file.${field}`, `no column "${name}" in the CSV header (columns: ${header.join(', ')})`);
    }
  }
}

function arrowFileRows(path: string, at: string, c: RowColumns): FileRows {
  const uses: ColumnUse[] = [{ name: c.timestamp, role: 'time', at: `${c.root}.file.timestamp`, iso: c.iso }];
  if (c.arrival !== undefined) uses.push({ name: c.arrival, role: 'time', at: `${c.root}.file.arrival`, iso: c.iso });
  if (c.key !== undefined) uses.push({ name: c.key, role: 'key', at: `${c.root}.file.key` });
  let opened: ReturnType<typeof arrowRows>;
  try {
    opened = arrowRows(path, uses);
  } catch (e) {
    if (e instanceof ArrowColumnError) throw new InputError(e.at, e.message);
    throw new InputError(at, `not an Arrow IPC file (${(e as Error).message})`);
  }
  function* rows(): Generator<{ row: Record<string, unknown>; n: number }> {
    let n = 0;
    try {
      for (const row of opened.rows) yield { row, n: ++n };
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(at, `not a valid Arrow IPC file after row ${n} (${(e as Error).message})`);
    }
  }
  return { typedTime: opened.typedTime, rows: rows() };
}

/** Rows in the file and bytes per row, estimated from its size and its first MiB (no full read). */
export function estimateRows(path: string, format: FileFormat): { rows: number; bytesPerRow: number } {
  const size = statSync(path).size;
  // Arrow keeps no row count outside its batches: assume 32 bytes a row (a few numeric columns).
  if (format === 'arrow') return { rows: Math.ceil(size / 32), bytesPerRow: 32 };
  const sample = Buffer.allocUnsafe(Math.min(size, 1024 * 1024));
  const fd = openSync(path, 'r');
  let got = 0;
  try {
    got = readSync(fd, sample, 0, sample.length, 0);
  } finally {
    closeSync(fd);
  }
  let lines = 0;
  for (let i = sample.indexOf(0x0a); i >= 0 && i < got; i = sample.indexOf(0x0a, i + 1)) lines++;
  const bytesPerRow = lines > 0 ? got / lines : Math.max(got, 1);
  return { rows: Math.ceil(size / bytesPerRow), bytesPerRow };
}
