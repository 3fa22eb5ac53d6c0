// An Arrow IPC file (file or stream format) read batch by batch: the stream format in fixed-size chunks,
// the file format block by block from its footer, so only one record batch is decoded at a time. The
// schema is checked before any row: the columns the replay reads must exist and have a usable type.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { type DataType, type Field, RecordBatchReader, type Schema, Table, Type, tableToIPC } from 'apache-arrow';
import { Footer } from 'apache-arrow/ipc/metadata/file';

/** What a column is read for: its role decides which Arrow types are accepted. */
export interface ColumnUse {
  name: string;
  role: 'time' | 'key';
  /** JSON path named in errors (`workload.file.timestamp`). */
  at: string;
  /** For a time column: strings are accepted only as ISO-8601 dates. */
  iso?: boolean;
}

/** A column whose schema type or presence the replay cannot use. */
export class ArrowColumnError extends Error {
  readonly at: string;
  constructor(at: string, reason: string) {
    super(reason);
    this.name = 'ArrowColumnError';
    this.at = at;
  }
}

export interface ArrowRows {
  /** Time columns that carry their own unit (Arrow Timestamp / Date): their values are already epoch ms. */
  typedTime: Set<string>;
  rows: Generator<Record<string, unknown>>;
}

const MAGIC = 'ARROW1';
const CHUNK = 1024 * 1024;
const EOS = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0);

/** Open `path`, check the schema against `uses`, and return its rows lazily (plain JS values). */
export function arrowRows(path: string, uses: readonly ColumnUse[]): ArrowRows {
  const fd = openSync(path, 'r');
  let closed = false;
  const close = () => {
    if (!closed) closeSync(fd);
    closed = true;
  };
  try {
    const size = fstatSync(fd).size;
    const head = readAt(fd, 0, Math.min(8, size));
    const isFile = Buffer.from(head.subarray(0, 6)).toString('latin1') === MAGIC;
    const reader = RecordBatchReader.from(isFile ? fileBlocks(fd, size) : chunks(fd, size));
    if (!reader.isSync()) throw new Error('expected a synchronous Arrow reader');
    const first = reader.next();
    const schema: Schema | undefined = reader.schema;
    if (!schema) throw new Error('no schema message');
    const typedTime = checkSchema(schema, uses);
    function* rows(): Generator<Record<string, unknown>> {
      try {
        let next = first;
        while (!next.done) {
          yield* batchRows(next.value);
          next = reader.next();
        }
      } finally {
        close();
      }
    }
    return { typedTime, rows: rows() };
  } catch (e) {
    close();
    throw e;
  }
}

function checkSchema(schema: Schema, uses: readonly ColumnUse[]): Set<string> {
  const typed = new Set<string>();
  for (const use of uses) {
    const field = schema.fields.find((f) => f.name === use.name);
    if (!field) {
      throw new ArrowColumnError(use.at, `no column "${use.name}" (columns: ${schema.fields.map((f) => f.name).join(', ')})`);
    }
    const why = use.role === 'time' ? timeProblem(field.type, use.iso === true) : keyProblem(field.type);
    if (why) throw new ArrowColumnError(use.at, `column "${use.name}" is ${String(field.type)}: ${why}`);
    if (use.role === 'time' && (field.type.typeId === Type.Timestamp || field.type.typeId === Type.Date)) typed.add(use.name);
  }
  return typed;
}

function isString(t: DataType): boolean {
  if (t.typeId === Type.Dictionary) return isString((t as unknown as { dictionary: DataType }).dictionary);
  return t.typeId === Type.Utf8 || t.typeId === Type.LargeUtf8;
}

function timeProblem(t: DataType, iso: boolean): string | null {
  if (t.typeId === Type.Int || t.typeId === Type.Float || t.typeId === Type.Timestamp || t.typeId === Type.Date) return null;
  if (isString(t)) return iso ? null : 'strings are read as times only with timestampUnit "iso" (ISO-8601 dates)';
  return 'a time must be an integer, a float, an Arrow Timestamp or Date (or ISO-8601 strings with timestampUnit "iso")';
}

function keyProblem(t: DataType): string | null {
  if (t.typeId === Type.Int || t.typeId === Type.Float || t.typeId === Type.Bool || isString(t)) return null;
  return 'a key must be a string, a number or a boolean';
}

function* batchRows(batch: { schema: Schema; numRows: number; getChildAt(i: number): { get(i: number): unknown } | null }) {
  const fields: Field[] = batch.schema.fields;
  const columns = fields.map((_, c) => batch.getChildAt(c));
  const typed = fields.map((f) => f.type.typeId === Type.Timestamp || f.type.typeId === Type.Date);
  for (let i = 0; i < batch.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < fields.length; c++) {
      const v = columns[c]?.get(i);
      // Timestamp and Date values come as epoch ms (fractional for µs / ns): whole ms, floored.
      row[fields[c]!.name] = typed[c] && typeof v === 'number' ? Math.floor(v) : plain(v);
    }
    yield row;
  }
}

/** Arrow values as plain JSON-able values: safe int64 → number (else its decimal string), Date → ms. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return v.getTime();
  if (v === undefined) return null;
  if (typeof v === 'object' && v !== null && 'toJSON' in v && typeof v.toJSON === 'function') return v.toJSON();
  return v;
}

function readAt(fd: number, position: number, length: number): Uint8Array {
  const b = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, b, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return b.subarray(0, got);
}

/** The stream format: the file in fixed-size chunks, in order. */
function* chunks(fd: number, size: number): Generator<Uint8Array> {
  for (let pos = 0; pos < size; pos += CHUNK) yield readAt(fd, pos, Math.min(CHUNK, size - pos));
}

/**
 * The file format as a stream the sequential reader accepts: the schema message (from the footer: the
 * file body need not repeat it), every dictionary block, every record-batch block, end-of-stream. Each
 * block is read from disk only when the reader reaches it.
 */
function* fileBlocks(fd: number, size: number): Generator<Uint8Array> {
  if (size < 18) throw new Error('too short for the Arrow file format');
  const footerLength = Buffer.from(readAt(fd, size - 10, 4)).readInt32LE(0);
  if (footerLength <= 0 || footerLength > size - 18) throw new Error('bad footer length');
  const footer = Footer.decode(readAt(fd, size - 10 - footerLength, footerLength));
  const schemaStream = tableToIPC(new Table(footer.schema), 'stream');
  yield schemaStream.subarray(0, schemaStream.length - EOS.length);
  for (const b of footer.dictionaryBatches()) yield readAt(fd, Number(b.offset), b.metaDataLength + Number(b.bodyLength));
  for (const b of footer.recordBatches()) yield readAt(fd, Number(b.offset), b.metaDataLength + Number(b.bodyLength));
  yield EOS;
}
