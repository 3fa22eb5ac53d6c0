// One micro-batch as an Apache Arrow record batch: `key` Dictionary<Utf8, Int32>, `ts` Float64 (ms),
// `value` Float64, `stream` Int32, `collect` Utf8 (JSON). Operators read the columns' typed arrays only.
import { Dictionary, Float64, Int32, makeData, makeVector, RecordBatch, Utf8, vectorFromArray } from 'apache-arrow';
import { numberField, type Rec } from '../core/aggregates.ts';
import { InputError } from '../core/errors.ts';
import { type AggregateSpec, aggregateFields } from '../core/job.ts';
import { type KeyDictionary, keyValue } from './key-dictionary.ts';
import { MESSAGES } from './messages.ts';
import { type Buffers, FRESH } from './scratch.ts';

export interface BatchSpec {
  /** Key field; absent for un-keyed jobs (every row gets key id 0). */
  readonly key: string | undefined;
  /** Event-time field, a constant stamped on every row (the batch timestamp), or null for no `ts` column. */
  readonly timestamp: string | number | null;
  /** Numeric field of the aggregate (sum/min/max/avg), stored as Float64. */
  readonly value: string | undefined;
  /**
   * Field collected as JSON text (collect), since its values need not be numbers; for a multi aggregate the
   * fields it reads, as one JSON object per row.
   */
  readonly collect: string | readonly string[] | undefined;
  /** Input stream names; a `stream` column is built only when there are several. */
  readonly streams: readonly string[];
}

export interface ArrowBatch {
  readonly batch: RecordBatch;
  readonly rows: number;
  /** Global key id of each entry of this batch's key dictionary (dictionaries are per batch, as in Arrow IPC). */
  readonly keyIdOfEntry: Int32Array;
  /** The key column resolved to global key ids (`keyIdOfEntry[key[i]]`), gathered while building; null without a key. */
  readonly keyIds: Int32Array | null;
  /** Column statistics of `ts` (±Infinity when empty), gathered while building, as Parquet/Arrow writers do. */
  readonly tsMin: number;
  readonly tsMax: number;
}

/**
 * Build the batch in one pass over the records (each record object is touched once: they are scattered in
 * memory, and a second pass would pay the cache misses again). `buffers` may recycle the column memory.
 */
export function buildBatch(records: readonly Rec[], spec: BatchSpec, keys: KeyDictionary, buffers: Buffers = FRESH): ArrowBatch {
  const n = records.length;
  const children: Record<string, ReturnType<typeof makeData>> = {};
  const { idx, ids, ts, values, entryIds, tsMin: min, tsMax: max } = readRecords(records, spec, keys, buffers);
  let tsMin = min;
  let tsMax = max;
  let keyIdOfEntry = new Int32Array(0);
  if (idx !== null) {
    keyIdOfEntry = Int32Array.from(entryIds);
    const dictionary = makeVector(utf8Dictionary(entryIds, keys));
    children.key = makeData({ type: new Dictionary(new Utf8(), new Int32()), length: n, data: idx, dictionary });
  }
  if (ts !== null) {
    if (typeof spec.timestamp === 'number') {
      ts.fill(spec.timestamp);
      if (n > 0) tsMin = tsMax = spec.timestamp;
    }
    children.ts = makeData({ type: new Float64(), length: n, data: ts });
  }
  if (values !== null) children.value = makeData({ type: new Float64(), length: n, data: values });
  if (spec.collect !== undefined) {
    const field = spec.collect;
    const text =
      typeof field === 'string'
        ? (r: Rec) => JSON.stringify(r[field] ?? null)
        : (r: Rec) => JSON.stringify(Object.fromEntries(field.map((f) => [f, r[f] ?? null])));
    children.collect = vectorFromArray(records.map(text), new Utf8()).data[0]!;
  }
  if (spec.streams.length > 1) {
    const s = buffers.int32('stream', n);
    for (let i = 0; i < n; i++) s[i] = streamIndex(records[i]!, spec.streams);
    children.stream = makeData({ type: new Int32(), length: n, data: s });
  }
  return { batch: new RecordBatch(children), rows: n, keyIdOfEntry, keyIds: ids, tsMin, tsMax };
}

/** The batch's dictionary (`String(key)` of each entry) as Utf8 data, from the UTF-8 bytes the key dictionary keeps. */
function utf8Dictionary(entryIds: readonly number[], keys: KeyDictionary) {
  const m = entryIds.length;
  const valueOffsets = new Int32Array(m + 1);
  let total = 0;
  for (let j = 0; j < m; j++) {
    total += keys.utf8Of(entryIds[j]!).length;
    valueOffsets[j + 1] = total;
  }
  const data = new Uint8Array(total);
  for (let j = 0; j < m; j++) data.set(keys.utf8Of(entryIds[j]!), valueOffsets[j]!);
  return makeData({ type: new Utf8(), length: m, valueOffsets, data });
}

/** The columns an aggregate needs beside key and time: `value` (numbers) or `collect` (JSON text). */
export function aggregateColumns(spec: AggregateSpec): Pick<BatchSpec, 'value' | 'collect'> {
  const fn = spec.fn;
  if (fn === 'multi') return { value: undefined, collect: aggregateFields(spec) };
  return { value: fn === 'count' || fn === 'collect' ? undefined : spec.field, collect: fn === 'collect' ? spec.field : undefined };
}

/** The columns of `buildBatch` before they become Arrow data. */
interface RowColumns {
  readonly idx: Int32Array | null;
  readonly ids: Int32Array | null;
  readonly ts: Float64Array | null;
  readonly values: Float64Array | null;
  readonly entryIds: number[];
  readonly tsMin: number;
  readonly tsMax: number;
}

/**
 * The one pass over the record objects, kept apart from the Arrow assembly so that nothing in it (Arrow's
 * builders see arrays of many shapes) can deoptimize this loop, which is most of the cost of ingest.
 */
function readRecords(records: readonly Rec[], spec: BatchSpec, keys: KeyDictionary, buffers: Buffers): RowColumns {
  const n = records.length;
  const keyField = spec.key;
  const tsField = typeof spec.timestamp === 'string' ? spec.timestamp : undefined;
  const valueField = spec.value;
  const idx = keyField === undefined ? null : buffers.int32('key', n);
  // Engine-wide key ids, gathered while the record is at hand (one hash lookup per row, in `keys`), and
  // each id's index in this batch's dictionary (-1 = not in it yet): ids stay below keys.size + n.
  const ids = keyField === undefined ? null : buffers.int32('keyIds', n);
  const localOf = keyField === undefined ? null : buffers.int32('localOf', keys.size + n).fill(-1);
  const ts = spec.timestamp === null ? null : buffers.float64('ts', n);
  const values = valueField === undefined ? null : buffers.float64('value', n);
  const entryIds: number[] = [];
  let tsMin = Number.POSITIVE_INFINITY;
  let tsMax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    if (idx !== null) {
      const k = r[keyField!];
      let g = typeof k === 'string' ? keys.lookupString(k) : keys.lookup(keyValue(r, keyField!));
      if (g === undefined) g = keys.idOf(keyValue(r, keyField!));
      let j = localOf![g]!;
      if (j < 0) {
        j = localOf![g] = entryIds.length;
        entryIds.push(g);
      }
      idx[i] = j;
      ids![i] = g;
    }
    if (tsField !== undefined) {
      const v = r[tsField];
      const t = typeof v === 'number' && Number.isFinite(v) ? v : timestampOf(r, tsField);
      ts![i] = t;
      if (t < tsMin) tsMin = t;
      if (t > tsMax) tsMax = t;
    }
    if (values !== null) values[i] = numberField(r, valueField!);
  }
  return { idx, ids, ts, values, entryIds, tsMin, tsMax };
}

/** The typed arrays behind a batch's columns (no row proxies), with dictionary indices resolved to key ids. */
export interface BatchColumns {
  readonly rows: number;
  readonly keyIds: Int32Array;
  readonly ts: Float64Array | null;
  readonly value: Float64Array | null;
  readonly stream: Int32Array | null;
  readonly collect: unknown[] | null;
  readonly tsMin: number;
  readonly tsMax: number;
}

export function columnsOf(b: ArrowBatch, buffers: Buffers = FRESH): BatchColumns {
  const rb = b.batch;
  let keyIds = b.keyIds;
  if (keyIds === null) {
    keyIds = buffers.int32('keyIds', b.rows);
    const keyCol = rb.getChild('key');
    if (keyCol) {
      const idx = keyCol.data[0]!.values as Int32Array;
      const map = b.keyIdOfEntry;
      for (let i = 0; i < b.rows; i++) keyIds[i] = map[idx[i]!]!;
    } else keyIds.fill(0);
  }
  const collectCol = rb.getChild('collect');
  return {
    rows: b.rows,
    keyIds,
    ts: typed(rb, 'ts') as Float64Array | null,
    value: typed(rb, 'value') as Float64Array | null,
    stream: typed(rb, 'stream') as Int32Array | null,
    collect: collectCol ? (collectCol.toArray() as string[]).map((s) => JSON.parse(s) as unknown) : null,
    tsMin: b.tsMin,
    tsMax: b.tsMax,
  };
}

function typed(rb: RecordBatch, name: string): Float64Array | Int32Array | null {
  const col = rb.getChild(name);
  return col ? (col.data[0]!.values as Float64Array | Int32Array) : null;
}

function timestampOf(r: Rec, field: string): number {
  const v = r[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new InputError(field, MESSAGES.noTimestamp(v, r));
  }
  return v;
}

function streamIndex(r: Rec, streams: readonly string[]): number {
  const s = r.stream;
  const i = typeof s === 'string' ? streams.indexOf(s) : -1;
  if (i < 0) throw new InputError('stream', MESSAGES.unknownStream(streams, r));
  return i;
}
