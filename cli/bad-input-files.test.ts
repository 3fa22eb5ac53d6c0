// Bad input, a stateless job's partitioned file sink (`job.files`, Nexmark q10): a partition field the output
// lacks, a format other than csv, a bad rollover or commit, a partition-time pattern reading a non-partition
// field, and an output directory where the tables cannot be written. Each exits 2 with one line naming the
// JSON path (or --out) and leaves the earlier result alone (bad-input-harness.ts).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BadCase, expectRefused, type Harness, harness } from './bad-input-harness.ts';
import { main } from './main.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness('streamlab-bad-files-');
});
afterAll(() => h.done());

type Json = Record<string, unknown>;
const FILES = { partitionBy: ['dt', 'hm'], format: 'csv', commit: { delay: 60_000, partitionTime: '$dt $hm:00' } };
const valid = (files: Json = FILES, job: Json = {}): Json => ({
  name: 'bad-files',
  title: 'Bad files',
  question: 'Are they refused?',
  workload: { generator: 'nexmark', events: 300, rate: 100, seed: 1 },
  job: {
    stateless: true,
    filter: { expr: "kind = 'bid'" },
    map: {
      auction: 'auction',
      dateTime: 'dateTime',
      dt: { expr: "date_format(dateTime, 'yyyy-MM-dd')" },
      hm: { expr: "date_format(dateTime, 'HH:mm')" },
    },
    files,
    ...job,
  },
  engines: [{ kind: 'event', checkpoint: { interval: 1000 } }, { kind: 'microbatch' }],
});
let n = 0;
const bad = (name: string, files: Json, where: string, reason: string | RegExp, job: Json = {}): BadCase => ({
  name,
  argv: (out) => ['run', h.write(`f-${++n}.json`, valid(files, job)), '--out', out],
  where,
  reason,
});

const cases: BadCase[] = [
  bad(
    'a partition field the output lacks',
    { ...FILES, partitionBy: ['dt', 'zone'] },
    'job.files.partitionBy[1]',
    'the job\'s output has no field "zone" (its fields: auction, dateTime, dt, hm)',
  ),
  bad(
    'a partition field the records lack (no map)',
    { partitionBy: ['zone'], format: 'csv' },
    'job.files.partitionBy[0]',
    /^the job's output has no field "zone" \(event \d+\)/,
    { map: undefined },
  ),
  bad('a partition field twice', { ...FILES, partitionBy: ['dt', 'dt'] }, 'job.files.partitionBy[1]', '"dt" is named twice'),
  bad('no partition field', { ...FILES, partitionBy: [] }, 'job.files.partitionBy', 'partitionBy needs at least one field'),
  bad(
    'every field a partition',
    { partitionBy: ['auction', 'dateTime', 'dt', 'hm'], format: 'csv' },
    'job.files.partitionBy',
    'the files would hold no columns',
  ),
  bad('format parquet', { ...FILES, format: 'parquet' }, 'job.files.format', 'format must be "csv"'),
  bad('rollover 0', { ...FILES, rollover: 0 }, 'job.files.rollover', 'rollover must be > 0 ms'),
  bad(
    'a negative commit delay',
    { ...FILES, commit: { delay: -1, partitionTime: '$dt' } },
    'job.files.commit.delay',
    'commit.delay must be >= 0',
  ),
  bad(
    'a partition time reading a non-partition field',
    { ...FILES, commit: { delay: 0, partitionTime: '$dt $auction:00' } },
    'job.files.commit.partitionTime',
    '"$auction" is not a partition field (partitionBy: dt, hm)',
  ),
  bad(
    'an unknown files field',
    { ...FILES, path: '/tmp/x' },
    'job.files.path',
    'unknown field (allowed: partitionBy, format, rollover, commit)',
  ),
  {
    name: 'a sink setting on an engine entry of a job with files',
    argv: (out) => [
      'run',
      h.write('f-sink.json', { ...valid(), engines: [{ kind: 'event', checkpoint: { interval: 1000 }, sink: 'transactional' }] }),
      '--out',
      out,
    ],
    where: 'engines[0].sink',
    reason: /^the job writes through its file sink \(job\.files/,
  },
  {
    name: 'a scenario sink setting on a job with files',
    argv: (out) => ['run', h.write('f-sink2.json', { ...valid(), sink: 'plain' }), '--out', out],
    where: 'sink',
    reason: /^the job writes through its file sink/,
  },
];

describe('bad files: exit 2, one line naming the JSON path, the earlier result untouched', () => {
  test.each(cases)('$name', async (c) => {
    await expectRefused(h, c);
  });

  test('an output directory whose files/ cannot be written: exit 2, one line, nothing already written lost', async () => {
    const out = join(h.dir, 'blocked');
    mkdirSync(out);
    writeFileSync(join(out, 'result.json'), '{"earlier": true}');
    writeFileSync(join(out, 'files'), 'a file where the tables would go');
    const err: string[] = [];
    const code = await main(
      ['run', h.write('blocked.json', valid()), '--out', out],
      { out: () => {}, err: (l) => err.push(l) },
      { progress: false },
    );
    expect(code).toBe(2);
    expect(err).toEqual([`--out: ${join(out, 'files')} is a file, not a directory (the file sink's tables go there)`]);
    expect(readdirSync(out).sort()).toEqual(['files', 'result.json']);
    expect(readFileSync(join(out, 'result.json'), 'utf8')).toBe('{"earlier": true}');
    expect(readFileSync(join(out, 'files'), 'utf8')).toBe('a file where the tables would go');
  });

  test('a good run writes each engine table under files/<id>/ beside the result', async () => {
    const out = join(h.dir, 'good');
    const code = await main(
      ['run', h.write('good.json', valid()), '--out', out, '--quiet'],
      { out: () => {}, err: () => {} },
      { progress: false },
    );
    expect(code).toBe(0);
    expect(readdirSync(join(out, 'files')).sort()).toEqual(['event', 'microbatch']);
    expect(readdirSync(join(out, 'files', 'microbatch'))).toContain('_spark_metadata');
  });
});
