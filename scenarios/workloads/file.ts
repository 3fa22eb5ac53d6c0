// Replay a user's JSONL, CSV or Arrow IPC file (SCENARIOS.md "Replaying a file"): rows arrive in file
// order on the data's own clock (or paced at `rate`, or at an arrival column's times); each row's event
// time comes from its timestamp column in `timestampUnit`, as whole epoch ms. The file streams through
// (file-rows.ts); only the rows replayed are kept. Reading the file is the only I/O here.
import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { InputError } from '../../engines/core/errors.ts';
import { checkFitsInMemory } from '../run-limits.ts';
import type { GeneratedStream } from './event-log.ts';
import { estimateRows, fileRows } from './file-rows.ts';
import type { RateShape } from './rate-shape.ts';
import { type ColumnarRecords, RecordColumns, RecordView, sharedInt32 } from './record-columns.ts';
import { columnArrivals, ownClockArrivals, type ReplayClock } from './replay-clock.ts';
import { type TimestampUnit, toMs, unitWarning } from './timestamps.ts';
import { FILE_REQUIRED, type FileFormat, type Workload } from './workload.ts';

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

/** How many raw timestamps the unit check looks at (the first ones; enough for a median). */
const UNIT_SAMPLE = 10_001;

/**
 * `events: N` replays the first N rows (the file must have them; the rest is never read); `duration: D`
 * the rows whose timestamp is below the file's smallest timestamp + D. Row numbers in errors are 1-based
 * data rows (a CSV header is not counted; blank JSONL lines are skipped).
 */
export function fileWorkload(spec: Workload, shape: RateShape | null, options: FileOptions = {}): GeneratedStream {
  const root = options.root ?? 'workload';
  const file = spec.file;
  if (!file) throw new InputError(`${root}.file`, FILE_REQUIRED);
  const path = resolve(options.baseDir ?? process.cwd(), file.path);
  if (!existsSync(path)) {
    throw new InputError(`${root}.file.path`, `no such file "${file.path}"${path === file.path ? '' : ` (looked for ${path})`}`);
  }
  if (!statSync(path).isFile()) throw new InputError(`${root}.file.path`, `"${file.path}" is not a file`);
  const format = file.format ?? formatOf(path);
  if (!format) {
    throw new InputError(`${root}.file.format`, `cannot tell the format of "${file.path}" from its extension: set jsonl, csv or arrow`);
  }
  const unit: TimestampUnit = file.timestampUnit ?? 'ms';
  // Before reading: would the rows we keep fit in memory?
  const estimate = estimateRows(path, format);
  const keep = spec.events !== undefined ? Math.min(spec.events, estimate.rows) : estimate.rows;
  const perRow = estimate.bytesPerRow * 2 + 400;
  const fits = (rows: number) =>
    checkFitsInMemory(rows, `${root}.file.path`, `replaying about ${rows.toLocaleString('en-US')} rows of "${file.path}"`, perRow);
  fits(keep);

  const source = fileRows(path, format, {
    root,
    timestamp: file.timestamp,
    ...(file.arrival !== undefined ? { arrival: file.arrival } : {}),
    ...(file.key !== undefined ? { key: file.key } : {}),
    iso: unit === 'iso',
  });
  const warnings: string[] = [];
  const typedUnit = (column: string) => source.typedTime.has(column);
  if (unit !== 'ms' && typedUnit(file.timestamp)) {
    warnings.push(
      `${root}.file.timestampUnit: "${unit}" does not apply to column "${file.timestamp}", an Arrow timestamp with its own unit`,
    );
  }
  const timeOf = (row: Record<string, unknown>, n: number, column: string, at: string): number => {
    const raw = row[column];
    if (typedUnit(column) && typeof raw === 'number') return raw;
    if (raw === undefined) throw new InputError(at, `row ${n} has no "${column}" (it has ${fieldList(row)})`);
    const ms = toMs(raw, unit);
    if (typeof ms !== 'number') throw new InputError(at, `row ${n}: "${column}" ${ms.reason}`);
    return ms;
  };

  const rows = new RecordColumns();
  const eventTimes: number[] = [];
  const arrivals: number[] = [];
  const raw: number[] = [];
  for (const { row, n } of source.rows) {
    if (spec.events !== undefined && rows.length >= spec.events) break;
    const t = timeOf(row, n, file.timestamp, `${root}.file.timestamp`);
    const r = row[file.timestamp];
    if (raw.length < UNIT_SAMPLE && typeof r === 'number' && !typedUnit(file.timestamp)) raw.push(r);
    row[file.timestamp] = t;
    if (file.arrival !== undefined) arrivals.push(timeOf(row, n, file.arrival, `${root}.file.arrival`));
    if (file.key !== undefined && (row[file.key] === undefined || row[file.key] === null)) {
      throw new InputError(`${root}.file.key`, `row ${n} has no "${file.key}"${row[file.key] === null ? ' (null)' : ''}`);
    }
    rows.push(row);
    eventTimes.push(t);
    // The estimate came from the file's first MiB: check again as the rows come in.
    if (rows.length % 65_536 === 0) fits(rows.length);
  }
  const unitNote = unitWarning(raw, unit, `${root}.file.timestamp`);
  if (unitNote) warnings.push(unitNote);

  if (rows.length === 0) throw new InputError(`${root}.file.path`, `"${file.path}" has no rows: nothing to replay (0 events)`);
  let records: ColumnarRecords = rows;
  if (spec.events !== undefined) {
    if (rows.length < spec.events) throw new InputError(`${root}.events`, `the file has only ${rows.length} rows`);
  } else if (spec.duration !== undefined) {
    const end = eventTimes.reduce((m, t) => Math.min(m, t), Number.POSITIVE_INFINITY) + spec.duration;
    const keep: number[] = [];
    let j = 0;
    for (let i = 0; i < rows.length; i++) {
      if (eventTimes[i]! >= end) continue;
      keep.push(i);
      eventTimes[j] = eventTimes[i]!;
      if (file.arrival !== undefined) arrivals[j] = arrivals[i]!;
      j++;
    }
    eventTimes.length = j;
    if (file.arrival !== undefined) arrivals.length = j;
    records = new RecordView(rows, sharedInt32(keep));
  }
  if (records.length === 0) throw new InputError(`${root}.duration`, `no row of "${file.path}" falls within the first ${spec.duration} ms`);

  const { scheduled, clock } = schedule(spec, shape, eventTimes, arrivals);
  const stream: GeneratedStream = { scheduled, eventTimes, records, timestampField: file.timestamp, clock };
  if (file.key !== undefined) stream.keyField = file.key;
  if (warnings.length > 0) stream.warnings = warnings;
  return stream;
}

/** Arrival (scheduled) times and the clock mapping, by pacing: arrival column, rate, or the data's own clock. */
function schedule(
  spec: Workload,
  shape: RateShape | null,
  eventTimes: number[],
  arrivals: number[],
): { scheduled: number[]; clock: ReplayClock } {
  if (spec.file?.arrival !== undefined) {
    const { scheduled, origin } = columnArrivals(arrivals);
    return { scheduled, clock: { pacing: 'arrival-column', origin, speed: 1 } };
  }
  if (shape) return { scheduled: eventTimes.map((_, i) => shape.timeOf(i)), clock: { pacing: 'rate', origin: eventTimes[0]!, speed: 1 } };
  const speed = spec.file?.speed ?? 1;
  return { scheduled: ownClockArrivals(eventTimes, speed), clock: { pacing: 'own-clock', origin: eventTimes[0]!, speed } };
}

function fieldList(row: Record<string, unknown>): string {
  const names = Object.keys(row);
  if (names.length === 0) return 'no fields';
  return `fields ${names
    .slice(0, 8)
    .map((n) => `"${n}"`)
    .join(', ')}${names.length > 8 ? ', …' : ''}`;
}
