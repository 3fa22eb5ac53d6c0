// Nexmark q10 at the scenario level: a stateless job with a partitioned file sink. What a reader of the
// table sees is read here from the tree each engine left, with each system's reader rule applied by hand
// (Flink: part files not hidden by a leading dot; Spark: the files `_spark_metadata` lists) — independently
// of files-result.ts — and compared with the oracle's rows; then the result.json block is checked against it.
import { csvLine, dataColumns, partitionPath } from '../engines/core/files/files-spec.ts';
import { buildResult, type Environment } from './result.ts';
import { type EngineRun, runScenario } from './runner.ts';
import { parseScenario } from './scenario.ts';

const env: Environment = { node: 'test', commit: null, startedAt: '2026-01-01T00:00:00.000Z', mode: 'simulated' };
type Json = Record<string, unknown>;
type Ok = Extract<EngineRun, { supported: true }>;
const FILES = { partitionBy: ['dt', 'hm'], format: 'csv', rollover: 60_000, commit: { delay: 60_000, partitionTime: '$dt $hm:00' } };
const q10 = {
  stateless: true,
  filter: { expr: "kind = 'bid'" },
  map: {
    auction: 'auction',
    bidder: 'bidder',
    price: 'price',
    dateTime: 'dateTime',
    dt: { expr: "date_format(dateTime, 'yyyy-MM-dd')" },
    hm: { expr: "date_format(dateTime, 'HH:mm')" },
  },
  watermark: { delay: 4000 },
  files: FILES,
};

function run(engines: Json[], top: Json = {}, job: Json = q10) {
  const scenario = parseScenario({
    name: 'q10-test',
    title: 'q10 test',
    question: 'What does a reader see?',
    workload: { generator: 'nexmark', events: 3000, rate: 20, seed: 7 },
    job,
    engines,
    ...top,
  });
  const r = runScenario(scenario, { mode: 'simulated' });
  return { run: r, result: buildResult(scenario, r, env) };
}

const ok = (r: EngineRun): Ok => {
  if (!r.supported) throw new Error(r.reason);
  return r;
};
/** The oracle's rows as the table holds them: partition directory + CSV line, sorted. */
const expectedRows = (outputs: ReadonlyArray<{ record: Record<string, unknown> }>) =>
  outputs.map(({ record: r }) => `${partitionPath(r, FILES.partitionBy)}\t${csvLine(r, dataColumns(r, FILES.partitionBy))}`).sort();
/** Rows of the files a reader sees: `visible(path, tree)` is the system's rule. */
function readerRows(r: Ok, visible: (path: string, tree: Set<string>) => boolean): string[] {
  const tree = r.files!.tree;
  const paths = new Set(tree.map((f) => f.path));
  const rows: string[] = [];
  for (const f of tree) {
    if (!f.path.endsWith('.csv') || !visible(f.path, paths)) continue;
    const dir = f.path.slice(0, f.path.lastIndexOf('/'));
    for (const line of f.text.split('\n')) if (line !== '') rows.push(`${dir}\t${line}`);
  }
  return rows.sort();
}
const flinkReader = (path: string) => path.slice(path.lastIndexOf('/') + 1).startsWith('part-');
function sparkReader(r: Ok): (path: string) => boolean {
  const listed = new Set<string>();
  for (const f of r.files!.tree) {
    if (!f.path.startsWith('_spark_metadata/')) continue;
    for (const line of f.text.split('\n').slice(1)) listed.add((JSON.parse(line) as { path: string }).path);
  }
  return (path) => listed.has(path);
}

describe('Nexmark q10: partitioned files', () => {
  test('Flink with checkpoints and Spark SS: a reader sees exactly the oracle rows; Flink commits every partition with _SUCCESS', () => {
    const { run: r, result } = run([
      { id: 'flink', kind: 'event', checkpoint: { interval: 10_000 } },
      { id: 'spark', kind: 'microbatch' },
    ]);
    const want = expectedRows(r.outputs!);
    expect(want.length).toBeGreaterThan(2000);
    const [flink, spark] = r.engines.map(ok);
    expect(readerRows(flink!, flinkReader)).toEqual(want);
    expect(readerRows(spark!, sparkReader(spark!))).toEqual(want);
    const partitions = new Set(want.map((w) => w.split('\t')[0]));
    expect(partitions.size).toBe(3); // 150 s of event time: minutes 00, 01, 02
    const success = flink!.files!.tree.filter((f) => f.path.endsWith('/_SUCCESS')).map((f) => f.path.slice(0, -'/_SUCCESS'.length));
    expect(new Set(success)).toEqual(partitions);
    expect(spark!.files!.tree.some((f) => f.path.endsWith('_SUCCESS'))).toBe(false);
    const [fb, sb] = result.engines.map((e) => ('files' in e ? e.files : undefined));
    expect(fb!.rows).toEqual({ expected: want.length, visible: want.length, notVisible: 0, matched: want.length, missing: 0, extra: 0 });
    expect(sb!.rows.matched).toBe(want.length);
    expect(sb!.partitions.commits).toBe(false);
    // Partition 00:00 (time 0) commits at the first checkpoint whose watermark is past 0 + 60 s.
    const first = fb!.partitions.committed[0]!;
    expect(first.partition).toBe('dt=1970-01-01/hm=00%3A00');
    expect(first.watermark).toBeGreaterThan(60_000);
    expect(first.at % 10_000).toBe(0);
  });

  test('Flink without checkpoints: no row is ever visible, and the result says why (not-committed)', () => {
    const { run: r, result } = run([{ id: 'flink', kind: 'event' }]);
    const flink = ok(r.engines[0]!);
    expect(readerRows(flink, flinkReader)).toEqual([]);
    const b = (result.engines[0] as { files?: { rows: { visible: number; notVisible: number }; causes: Json } }).files!;
    expect(b.rows.visible).toBe(0);
    expect(b.rows.notVisible).toBe(r.outputs!.length);
    expect(b.causes).toEqual({ 'not-committed': r.outputs!.length });
    const e = result.engines[0] as { stateless?: { emitted: number; causes: Json } };
    expect(e.stateless!.emitted).toBe(0);
    expect(e.stateless!.causes).toEqual({ 'not-committed': r.outputs!.length });
  });

  test('a crash: Flink restarts from its checkpoint and Spark re-runs the batch; a reader still sees each row once', () => {
    const { run: r } = run(
      [
        { id: 'flink', kind: 'event', checkpoint: { interval: 10_000 } },
        { id: 'spark', kind: 'microbatch' },
      ],
      { faults: [{ at: 45_500, kind: 'crash' }] },
    );
    const want = expectedRows(r.outputs!);
    const [flink, spark] = r.engines.map(ok);
    expect(flink!.recovery!.restarts.length).toBe(1);
    expect(readerRows(flink!, flinkReader)).toEqual(want);
    // The rows written after the checkpoint stay behind in the failed attempt's in-progress files, hidden.
    expect(flink!.files!.files.filter((f) => f.state === 'orphan').length).toBeGreaterThan(0);
    expect(readerRows(spark!, sparkReader(spark!))).toEqual(want);
  });

  test('a crash before the commit: Flink commits the pending files of the checkpoint on recovery, Spark skips the logged batch; rows once, and the result says exactly-once', () => {
    const { run: r, result } = run(
      [
        { id: 'flink', kind: 'event', checkpoint: { interval: 10_000 } },
        { id: 'spark', kind: 'microbatch' },
      ],
      { faults: [{ at: 45_500, kind: 'crash-before-commit' }] },
    );
    const want = expectedRows(r.outputs!);
    const [flink, spark] = r.engines.map(ok);
    expect(flink!.recovery!.restarts.length).toBe(1);
    expect(readerRows(flink!, flinkReader)).toEqual(want);
    expect(readerRows(spark!, sparkReader(spark!))).toEqual(want);
    expect(result.engines.map((e) => ('model' in e ? e.model?.delivery : null))).toEqual(['exactly-once', 'exactly-once']);
  });

  test('Storm HdfsBolt: rows visible once synced; a crash loses only unsynced rows, which the replay writes once', () => {
    const { run: r, result } = run([{ id: 'storm', kind: 'tuple' }], { faults: [{ at: 45_500, kind: 'crash' }] });
    const want = expectedRows(r.outputs!);
    const storm = ok(r.engines[0]!);
    expect(storm.recovery!.faults.length).toBe(1);
    const rows = readerRows(storm, () => true); // HDFS: whatever a sync wrote is readable
    const counts = new Map<string, number>();
    for (const w of rows) counts.set(w, (counts.get(w) ?? 0) + 1);
    expect([...new Set(want)].every((w) => counts.has(w))).toBe(true); // nothing lost
    const b = (result.engines[0] as { files?: { rows: { missing: number; extra: number }; causes: Json } }).files!;
    expect(b.rows.missing).toBe(0);
    expect(b.causes.unexplained).toBeUndefined();
  });

  test('Storm HdfsBolt: a message timeout shorter than the wait for a sync replays buffered tuples, and both copies reach the file', () => {
    const { run: r, result } = run([{ id: 'storm', kind: 'tuple', messageTimeout: 300 }]);
    const want = expectedRows(r.outputs!);
    const storm = ok(r.engines[0]!);
    const rows = readerRows(storm, () => true);
    expect(rows.length).toBeGreaterThan(want.length);
    const b = (result.engines[0] as { files?: { rows: { missing: number; extra: number }; causes: Json } }).files!;
    expect(b.rows.missing).toBe(0);
    expect(b.causes).toEqual({ 'replayed-duplicate': b.rows.extra });
    expect(b.rows.extra).toBe(rows.length - want.length);
  });

  test('DStreams refuse a file sink with the reason', () => {
    const { run: r } = run([{ kind: 'microbatch', flavor: 'dstream' }]);
    expect(r.engines.map((e) => (e.supported ? 'ran' : e.reason))).toEqual([
      expect.stringMatching(/^job\.files: DStreams have no partitioned file sink: saveAsTextFiles/),
    ]);
  });
});
