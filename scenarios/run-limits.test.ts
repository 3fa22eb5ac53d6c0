// What a run can afford, estimated before it starts: memory for its events, processing time to span.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../engines/core/errors.ts';
import { BYTES_PER_EVENT, checkFitsInMemory, checkSpan, fmtSpan, heapLimitBytes, MAX_SPAN_MS } from './run-limits.ts';
import { estimateRows } from './workloads/file-rows.ts';

test('events beyond the heap are refused with the estimate, the budget and what to do', () => {
  expect(() => checkFitsInMemory(1000, 'workload.events', '1,000 events')).not.toThrow();
  const fits = Math.floor((heapLimitBytes() * 0.6) / BYTES_PER_EVENT);
  expect(() => checkFitsInMemory(fits, 'workload.events', 'x')).not.toThrow();
  expect(() => checkFitsInMemory(fits * 2, 'workload.events', 'x')).toThrow(InputError);
  expect(() => checkFitsInMemory(1e9, 'workload.events', '1,000,000,000 events')).toThrow(
    /^workload\.events: 1,000,000,000 events would need about 150\.0 GB of memory, more than this process can use .*NODE_OPTIONS=--max-old-space-size=MB\)$/,
  );
});

test('a span over 30 days of processing time is refused; the span reads in days or years', () => {
  expect(() => checkSpan(MAX_SPAN_MS, 'workload.rate', 'x', 'hint')).not.toThrow();
  expect(() => checkSpan(MAX_SPAN_MS + 1, 'workload.rate', '10 events', 'raise the rate')).toThrow(
    'workload.rate: 10 events would span 30.0 days of processing time, more than the 30.0 days a run may take: raise the rate',
  );
  expect(() => checkSpan(Number.POSITIVE_INFINITY, 'workload.rate', 'x', 'h')).toThrow(/span forever/);
  expect([fmtSpan(3_600_000), fmtSpan(86_400_000 * 400), fmtSpan(1e20)]).toEqual(['1.0 hours', '1.1 years', '3.2e+9 years']);
});

test('rows of a text file are estimated from its size and first MiB, without reading the rest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamlab-estimate-'));
  try {
    const line = `${JSON.stringify({ ts: 1, user: 'abc' })}\n`;
    const path = join(dir, 'rows.jsonl');
    writeFileSync(path, line.repeat(100_000));
    const e = estimateRows(path, 'jsonl');
    expect(e.bytesPerRow).toBeCloseTo(line.length, 2);
    expect(Math.abs(e.rows - 100_000)).toBeLessThanOrEqual(2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
