// The notebook frame's pure parts in Node: URL state, traces built from events, moments over a
// runTrace run, fates and explanations read off emissions, and refusals surfacing as page errors.
import { parseTrace, runTrace } from '../../engines/trace.ts';
import { explainMoment } from './explain.ts';
import { fatesAt } from './fates.ts';
import { cursorOf } from './notebook-cursor.ts';
import { defaults, fromHash, type ParamDefs, toHash } from './params.ts';
import { runFile } from './run.ts';
import { stopTimes, streamingTrace } from './trace-builder.ts';
import { applyMoves, formatMoves, type NbEvent, parseMoves } from './workload.ts';

const defs = {
  engine: {
    type: 'choice',
    label: 'Engine',
    options: [
      ['event', 'Flink'],
      ['tuple', 'Storm'],
    ],
    value: 'event',
  },
  delay: { type: 'range', label: 'Delay', min: 0, max: 3000, step: 100, value: 500 },
  quiet: { type: 'toggle', label: 'Quiet', value: false },
  moved: { type: 'text', value: '' },
} satisfies ParamDefs;

const events: NbEvent[] = [
  { id: 1, ts: 100, arrival: 300 },
  { id: 2, ts: 900, arrival: 1000 },
  { id: 3, ts: 2500, arrival: 2600 },
  { id: 4, ts: 1500, arrival: 3500 },
  { id: 5, ts: 4200, arrival: 4400 },
];

const flink = (job: Record<string, unknown> = {}) =>
  streamingTrace({
    name: 't',
    engine: { kind: 'event' },
    job: {
      window: { kind: 'tumbling', size: 2000 },
      aggregate: { fn: 'collect', field: 'id' },
      watermark: { delay: 0 },
      lateOutput: true,
      ...job,
    },
    events,
    tick: 200,
    until: 6000,
    end: true,
  });

describe('URL state', () => {
  test('every parameter round-trips through the hash', () => {
    const v = { ...defaults(defs), engine: 'tuple', delay: 1200, quiet: true, moved: '3:4500' };
    expect(fromHash(defs, toHash(defs, v))).toEqual(v);
  });

  test('a value out of range snaps to the step and clamps; an unknown choice falls back to the default', () => {
    expect(fromHash(defs, '#delay=1234&engine=spark')).toMatchObject({ delay: 1200, engine: 'event' });
    expect(fromHash(defs, '#delay=99999')).toMatchObject({ delay: 3000 });
    expect(fromHash(defs, '#delay=abc&quiet=maybe')).toMatchObject({ delay: 500, quiet: false });
  });

  test('dragged events are kept as id:arrival pairs and applied to the events', () => {
    const moves = parseMoves('4:9000, 2:1500,x:1');
    expect(formatMoves(moves)).toBe('2:1500,4:9000');
    expect(applyMoves(events, moves).map((e) => e.arrival)).toEqual([300, 1500, 2600, 9000, 4400]);
  });
});

describe('traces built from events', () => {
  test('the clock stops at every arrival and tick; records are added after the clock moved', () => {
    expect(stopTimes(events, 1000, 3000)).toEqual([0, 300, 1000, 2000, 2600, 3000, 3500, 4400]);
    const file = flink();
    expect(file.steps.slice(0, 4)).toEqual([{ advance: 0 }, { advance: 200 }, { advance: 300 }, { add: [{ id: 1, ts: 100 }] }]);
    expect(file.steps[file.steps.length - 1]).toEqual({ end: true });
    expect(() => parseTrace(file)).not.toThrow();
  });

  test('moments group the steps by processing time, and their emissions are runTrace’s', () => {
    const file = flink();
    const run = runFile(file);
    const direct = runTrace(parseTrace(file));
    expect(run.moments.flatMap((m) => m.emissions.map((s) => s.e))).toEqual(direct.steps.flatMap((s) => s.emissions));
    expect(run.moments.map((m) => m.time)).toEqual(stopTimes(events, 200, 6000).concat([6000]));
    expect(run.moments[run.moments.length - 1]!.end).toBe(true);
    expect(cursorOf(run, '2600')).toBe(run.moments.findIndex((m) => m.time === 2600));
    expect(cursorOf(run, 'end')).toBe(run.moments.length - 1);
    expect(cursorOf(run, '')).toBe(-1);
  });

  test('a job the model refuses comes back as the engine’s refusal, path and reason', () => {
    const run = runFile({
      ...flink(),
      engine: { kind: 'microbatch' },
      job: { window: { kind: 'count', size: 3 }, aggregate: { fn: 'count' } },
    });
    expect(run.error).toMatchObject({ refused: true, path: 'job.window' });
    expect(run.error!.reason).toContain('no count windows');
    expect(run.moments).toEqual([]);
  });
});

describe('fates and explanations', () => {
  test('an event behind the watermark goes to the late output; with allowed lateness it re-fires its window', () => {
    const late = runFile(flink());
    const at = (run: typeof late) => fatesAt(run, run.moments.length - 1);
    expect(at(late).get(4)?.fate).toBe('side-output');
    expect(at(late).get(1)?.fate).toBe('on-time');
    const allowed = runFile(flink({ allowedLateness: 2000 }));
    expect(at(allowed).get(4)?.fate).toBe('updated');
  });

  test('an event not yet emitted is waiting; one the model never emits is never-emitted at the end', () => {
    const spark = runFile({
      ...flink(),
      engine: { kind: 'microbatch', interval: 1000 },
      job: { window: { kind: 'tumbling', size: 2000 }, aggregate: { fn: 'collect', field: 'id' }, watermark: { delay: 0 } },
    });
    const arrived = spark.moments.findIndex((m) => m.added.some((r) => r.id === 5));
    expect(fatesAt(spark, arrived).get(5)?.fate).toBe('waiting');
    expect(fatesAt(spark, spark.moments.length - 1).get(5)?.fate).toBe('never-emitted');
  });

  test('each moment is explained with the rule keys that made it', () => {
    const run = runFile(flink());
    const fire = run.moments.findIndex((m) => m.emissions.some((s) => s.e.output === 'main'));
    const sentences = explainMoment(run, fire);
    expect(sentences.some((s) => s.text.includes('[0 s, 2 s) fired with e1 e2') && s.rules.includes('A6'))).toBe(true);
    const late = run.moments.findIndex((m) => m.emissions.some((s) => s.e.output === 'late'));
    expect(explainMoment(run, late).some((s) => s.text.startsWith('e4 (ts 1.5 s) is too late') && s.rules.includes('A6'))).toBe(true);
    const end = explainMoment(run, run.moments.length - 1);
    expect(end[0]).toMatchObject({ rules: ['A3'] });
    const spark = runFile({
      ...flink(),
      engine: { kind: 'microbatch', interval: 1000 },
      job: { window: { kind: 'tumbling', size: 2000 }, aggregate: { fn: 'collect', field: 'id' }, watermark: { delay: 0 } },
    });
    const batch = spark.moments.findIndex((m) => m.batches.length > 0);
    expect(explainMoment(spark, batch).some((s) => s.text.startsWith('Batch 0 ran at 1 s') && s.rules.includes('B2'))).toBe(true);
  });

  test('checkpoints and restarts (steps the later notebooks use) are explained with their rules too', () => {
    const file = flink();
    file.steps.splice(6, 0, { checkpoint: true }, { restart: true });
    const run = runFile(file, { grouping: 'step' });
    expect(explainMoment(run, 6)[0]).toMatchObject({ rules: ['A9'] });
    expect(explainMoment(run, 7)[0]!.text).toContain('restarted from its latest completed checkpoint');
  });
});
