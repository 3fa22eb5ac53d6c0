// `streamlab trace FILE --check` exit codes (TRACE.md): 0 all expectations hold, 1 a mismatch with
// expected vs actual on stderr, 2 an invalid file or refused job with the JSON path on stderr.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.ts';
import type { Io } from './trace-command.ts';

const CONFORMANCE = join(process.cwd(), 'engines', 'conformance', 'flink-tumbling-sum.json');

type Json = Record<string, unknown>;
type Step = Json & { expect?: Json[] };

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => void stdout.push(l), err: (l) => void stderr.push(l) };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'streamlab-cli-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeTrace(name: string, content: unknown): string {
  const f = join(dir, name);
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
}

const baseTrace = (): Json & { steps: Step[]; job: Json; engine: Json } =>
  JSON.parse(readFileSync(CONFORMANCE, 'utf8')) as Json & { steps: Step[]; job: Json; engine: Json };

/** A small valid explicit-watermark trace to break in one place at a time. */
const small = () => ({
  name: 'small',
  engine: { kind: 'event' },
  job: { key: 'key', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'sum', field: 'value' }, watermark: 'explicit' },
  steps: [{ add: [{ key: 'a', value: 1, ts: 0 }] }, { watermark: 999, expect: [{ key: 'a', value: 1 }] }] as Step[],
});

async function run(file: string, ...extra: string[]) {
  const io = capture();
  const code = await main(['trace', file, ...extra], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('streamlab trace --check', () => {
  test('a conformance trace passes --check with exit 0 and prints nothing', async () => {
    const r = await run(CONFORMANCE, '--check');
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toBe('');
  });

  test('without --check a trace prints JSONL emissions and exits 0', async () => {
    const r = await run(writeTrace('small.json', small()));
    expect(r.code).toBe(0);
    const lines = r.out.split('\n').map((l) => JSON.parse(l) as Json);
    expect(lines).toContainEqual({ step: 1, output: 'main', key: 'a', window: { start: 0, end: 1000 }, value: 1, timestamp: 999 });
  });

  test('a copy with one expected value changed exits 1, showing expected and actual', async () => {
    const t = baseTrace();
    const step = t.steps.find((s) => Array.isArray(s.expect) && s.expect.length > 0)!;
    const first = step.expect![0]!;
    first.value = (first.value as number) + 100;
    const r = await run(writeTrace('changed.json', t), '--check');
    expect(r.code).toBe(1);
    expect(r.err).toContain('expected');
    expect(r.err).toContain('actual');
  });

  test('a wrong expectWatermark exits 1', async () => {
    const t = small();
    t.steps[1]!.expectWatermark = 998;
    const r = await run(writeTrace('wm.json', t), '--check');
    expect(r.code).toBe(1);
    expect(r.err).toContain('expectWatermark');
  });
});

describe('invalid trace files exit 2 naming the JSON path', () => {
  test('bad JSON', async () => {
    const f = writeTrace('bad.json', '{"name": "x", ');
    const r = await run(f, '--check');
    expect(r.code).toBe(2);
    expect(r.err).toContain(f);
    expect(r.err).toContain('not valid JSON');
  });

  test('an unknown top-level field is reported at its path', async () => {
    const r = await run(writeTrace('unknown.json', { ...small(), colour: 'red' }), '--check');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^colour: unknown field/);
  });

  test('an unknown field inside job.window is reported as job.window.<field>', async () => {
    const t = small();
    const r = await run(
      writeTrace('unknown2.json', { ...t, job: { ...t.job, window: { kind: 'tumbling', size: 1000, sise: 5 } } }),
      '--check',
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('job.window.sise');
  });

  test('a wrong type (window size as a string) names job.window.size', async () => {
    const t = small();
    const r = await run(writeTrace('type.json', { ...t, job: { ...t.job, window: { kind: 'tumbling', size: '1000' } } }), '--check');
    expect(r.code).toBe(2);
    expect(r.err).toContain('job.window.size');
  });

  test('a wrong type (name as a number) names name', async () => {
    const r = await run(writeTrace('name.json', { ...small(), name: 5 }), '--check');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^name: /);
  });

  test('a step with two actions names steps[0]', async () => {
    const t = small();
    t.steps[0] = { add: [{ key: 'a', value: 1, ts: 0 }], watermark: 5 };
    const r = await run(writeTrace('two.json', t), '--check');
    expect(r.code).toBe(2);
    expect(r.err).toContain('steps[0]');
    expect(r.err).toContain('exactly one action');
  });

  test('a watermark step without job.watermark "explicit" names steps[1].watermark', async () => {
    const t = small();
    const job: Json = { ...t.job };
    delete job.watermark;
    const r = await run(writeTrace('wm-step.json', { ...t, job }), '--check');
    expect(r.code).toBe(2);
    expect(r.err).toContain('steps[1].watermark: explicit watermarks need job.watermark = "explicit"');
  });

  test('a watermark step while a stream overrides job.watermark with a periodic one names steps[1].watermark (TRACE.md exit 2)', async () => {
    const t = small();
    const job = { ...t.job, streams: { s1: { watermark: { delay: 0 } }, s2: {} } };
    const steps: Step[] = [{ add: [{ key: 'a', value: 1, ts: 0, stream: 's1' }] }, { watermark: 999 }];
    const r = await run(writeTrace('stream-wm.json', { ...t, job, steps }), '--check');
    expect(r.code).toBe(2);
    expect(r.err).toContain('steps[1].watermark');
  });

  test('an unknown engine kind names engine.kind', async () => {
    const r = await run(writeTrace('engine.json', { ...small(), engine: { kind: 'beam' } }), '--check');
    expect(r.code).toBe(2);
    expect(r.err).toContain('engine.kind');
  });

  test('an event-time record without a timestamp names steps[0].add[0].ts', async () => {
    const t = small();
    t.steps[0] = { add: [{ key: 'a', value: 1 }] };
    const r = await run(writeTrace('nots.json', t), '--check');
    expect(r.code).toBe(2);
    expect(r.err).toContain('steps[0].add[0].ts');
  });

  test.each([
    ['without the key field', { value: 1, ts: 0 }, 'steps[0].add[1].key: the job is keyed by "key"'],
    ['with a string where sum needs a number', { key: 'a', value: '3', ts: 0 }, 'steps[0].add[1].value: sum needs a finite number'],
    ['without the summed field', { key: 'a', ts: 0 }, 'steps[0].add[1].value: sum needs a finite number in every record, got nothing'],
  ])('a record %s is named by its path, on every engine', async (_, bad, message) => {
    for (const kind of ['event', 'microbatch', 'tuple']) {
      const t = { ...small(), engine: { kind } };
      t.steps = [{ add: [{ key: 'a', value: 1, ts: 0 }, bad] }];
      const r = await run(writeTrace(`bad-record-${kind}.json`, t), '--check');
      expect({ kind, code: r.code, err: r.err }).toEqual({ kind, code: 2, err: expect.stringContaining(message) });
    }
  });

  test('a null key fails a Flink job ("Assigned key must not be null!"); Spark groups it as null', async () => {
    const steps = [{ add: [{ key: null, value: 1, ts: 0 }] }, { watermark: 999 }];
    const flink = await run(writeTrace('null-key.json', { ...small(), steps }), '--check');
    expect(flink.code).toBe(2);
    expect(flink.err).toContain('Assigned key must not be null!');
    const spark = {
      name: 'null-key-spark',
      engine: { kind: 'microbatch' },
      job: { key: 'key', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'sum', field: 'value' }, watermark: { delay: 0 } },
      steps: [
        { add: [{ key: null, value: 1, ts: 0 }] },
        { batch: true, expect: [] },
        { add: [{ key: 'b', value: 1, ts: 5000 }] },
        { batch: true, expect: [{ key: null, value: 1 }] },
      ],
    };
    const r = await run(writeTrace('null-key-spark.json', spark), '--check');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  test('a count-window trace whose records carry no ts runs and passes --check (A4: GlobalWindows ignore timestamps)', async () => {
    const trace = {
      name: 'count-no-ts',
      engine: { kind: 'event' },
      job: { key: 'key', window: { kind: 'count', size: 2 }, aggregate: { fn: 'count' } },
      steps: [{ add: [{ key: 'a' }, { key: 'a' }], expect: [{ key: 'a', window: null, value: 2 }] }],
    };
    const r = await run(writeTrace('count.json', trace), '--check');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  test('a missing file exits 2 and names the file', async () => {
    const f = join(dir, 'does-not-exist.json');
    const r = await run(f, '--check');
    expect(r.code).toBe(2);
    expect(r.err).toContain(f);
  });

  test('a file with expectError that the engine refuses passes --check with 0', async () => {
    const countWindow = { ...small().job, window: { kind: 'count', size: 2 }, watermark: { delay: 0 } };
    const refused = { ...small(), engine: { kind: 'microbatch' }, job: countWindow, steps: [{ add: [{ key: 'a', value: 1, ts: 0 }] }] };
    const r = await run(writeTrace('refused.json', { ...refused, expectError: true }), '--check');
    expect(r.err).toMatch(/count/);
    expect(r.code).toBe(0);
  });

  test('expectError does not excuse an invalid file: an unknown field or engine kind still exits 2', async () => {
    const typo = await run(
      writeTrace('typo.json', { ...small(), job: { ...small().job, outptMode: 'update' }, expectError: true }),
      '--check',
    );
    expect(typo.err).toMatch(/job\.outptMode/);
    expect(typo.code).toBe(2);
    const beam = await run(writeTrace('beam.json', { ...small(), engine: { kind: 'beam' }, expectError: true }), '--check');
    expect(beam.code).toBe(2);
  });
});
