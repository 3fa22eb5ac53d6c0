// Bad input, part 1: scenario files and what they say (workload, faults, delivery, job). Each case exits
// 2 with one line `where: reason` naming the field or file, and leaves a complete earlier result in the
// output directory byte-identical (bad-input-harness.ts).
import { join } from 'node:path';
import { type BadCase, badScenario, expectRefused, type Harness, harness } from './bad-input-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness('streamlab-bad-scenario-');
});
afterAll(() => h.done());

type Json = Record<string, unknown>;
const valid = (): Json => ({
  name: 'bad',
  title: 'Bad input',
  question: 'Is it refused?',
  workload: { generator: 'sensors', events: 200, rate: 1000, seed: 1 },
  job: { key: 'sensor', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' } },
  engines: [{ kind: 'event' }],
});
/** A scenario file: the valid one with `patch` applied at the top level (null deletes a field). */
const scenario = (patch: Json) => () => {
  const s = { ...valid(), ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === null) delete s[k];
  return h.write(`s-${JSON.stringify(patch).replace(/\W+/g, '-').slice(0, 60)}.json`, s);
};
const raw = (name: string, content: string | Uint8Array) => () => h.write(name, content);
const at = (name: string) => () => join(h.dir, name);
const workload = (extra: Json) => ({ workload: { ...(valid().workload as Json), ...extra } });
const job = (extra: Json) => ({ job: { ...(valid().job as Json), ...extra } });
const bad = badScenario;

const cases: BadCase[] = [
  // The file itself.
  bad('missing scenario file', at('nope.json'), at('nope.json'), 'no such file or catalog scenario'),
  bad('malformed JSON', raw('broken.json', '{"name": "x",'), at('broken.json'), /^not valid JSON: /),
  bad('a JSON array, not an object', raw('array.json', '[1, 2]'), at('array.json'), /expected object/),
  bad('invalid UTF-8', raw('latin1.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d])), at('latin1.json'), 'not valid UTF-8 text'),
  bad(
    '100,000 nested arrays',
    raw('deep.json', `{"name": ${'['.repeat(1e5)}${']'.repeat(1e5)}}`),
    at('deep.json'),
    'nested more than 64 levels',
  ),
  bad('missing name', scenario({ name: null }), 'name', /expected string/),
  bad('name not kebab-case', scenario({ name: 'My Scenario' }), 'name', 'name must be kebab-case'),
  bad('unknown top-level field', scenario({ colour: 'red' }), 'colour', /^unknown field \(allowed: name, title/),
  bad(
    'typo next to a required field',
    scenario({ workload: { generater: 'sensors', events: 10 } }),
    'workload.generater',
    'did you mean "generator"',
  ),
  bad(
    'typo in the job',
    scenario({ job: { key: 'k', windw: { kind: 'tumbling', size: 1 }, aggregate: { fn: 'count' } } }),
    'job.windw',
    'did you mean "window"',
  ),
  // Engines.
  bad('engines: []', scenario({ engines: [] }), 'engines', 'no engine entries'),
  bad('engines not an array', scenario({ engines: { kind: 'event' } }), 'engines', 'engines must be an array of objects'),
  bad('unknown engine kind', scenario({ engines: [{ kind: 'flink' }] }), 'engines[0].kind', 'unknown engine kind "flink"'),
  bad(
    'duplicate engine ids',
    scenario({ engines: [{ kind: 'event' }, { kind: 'event' }] }),
    'engines[1].id',
    'duplicate engine id "event"',
  ),
  bad(
    'every engine refused',
    scenario({ ...job({ window: { kind: 'count', size: 10 } }), engines: [{ kind: 'microbatch' }] }),
    'engines',
    /^no engine can run this scenario, nothing written — microbatch: .*count/,
  ),
  // The workload.
  bad('unknown generator', scenario(workload({ generator: 'kafka' })), 'workload.generator', 'unknown generator'),
  bad('negative rate', scenario(workload({ rate: -1 })), 'workload.rate', /expected number to be >0/),
  bad('rate 1e-9: the run would not end', scenario(workload({ rate: 1e-9 })), 'workload.rate', /would span .* years of processing time/),
  bad(
    'events that would not fit in memory',
    scenario(workload({ events: 1e12, rate: 1e9 })),
    'workload.events',
    /would need about .* of memory/,
  ),
  bad('events and duration together', scenario(workload({ duration: 1000 })), 'workload.duration', 'give either events or duration'),
  bad('events: 0', scenario(workload({ events: 0 })), 'workload.events', '0 events: nothing to run'),
  bad('a duration with no event in it', scenario({ workload: { generator: 'sensors', duration: 0 } }), 'workload.duration', 'has 0 events'),
  bad('zero keys', scenario(workload({ keys: { count: 0 } })), 'workload.keys.count', /expected number to be >=1/),
  bad('disorder fraction above 1', scenario(workload({ disorder: { fraction: 2, maxDelay: 9 } })), 'workload.disorder.fraction', /<=1/),
  bad(
    'idle on the wrong generator',
    scenario({ workload: { generator: 'clicks', events: 9, idle: [] } }),
    'workload.idle',
    'only for generator',
  ),
  // Faults and delivery.
  bad('a fault after the end of input', scenario({ faults: [{ at: 90_000, kind: 'crash' }] }), 'faults[0].at', 'is after the input ends'),
  bad(
    'faults out of order',
    scenario({
      faults: [
        { at: 100, kind: 'crash' },
        { at: 50, kind: 'crash' },
      ],
    }),
    'faults[1].at',
    'increasing time',
  ),
  bad('a fault before time 0', scenario({ faults: [{ at: -5, kind: 'crash' }] }), 'faults[0].at', 'at must be >= 0'),
  bad('slow-task without cost', scenario({ faults: [{ at: 10, kind: 'slow-task', duration: 10 }] }), 'faults[0].cost', 'needs cost'),
  bad('faults in real mode', scenario({ faults: [{ at: 10, kind: 'crash' }], run: { mode: 'real' } }), 'run.mode', 'virtual clock only'),
  bad(
    'crash-during-checkpoint, no checkpoint',
    scenario({ faults: [{ at: 10, kind: 'crash-during-checkpoint' }] }),
    'faults[0].kind',
    'needs checkpointing',
  ),
  bad('a 2PC sink without checkpoints', scenario({ sink: 'transactional' }), 'sink', 'a transactional (2PC) sink commits'),
  bad('checkpoint interval 0', scenario({ checkpoint: { interval: 0 } }), 'checkpoint.interval', 'interval must be > 0'),
  // The job.
  bad('negative window size', scenario(job({ window: { kind: 'tumbling', size: -1000 } })), 'job.window.size', /./),
  bad('unknown aggregate', scenario(job({ aggregate: { fn: 'median' } })), 'job.aggregate.fn', /./),
  bad('a key field the records lack', scenario(job({ key: 'user' })), 'job.key', /^event 1 \(.*\): the job is keyed by "user"/),
  bad(
    'a missing timestamp',
    scenario(job({ timestamp: 'when' })),
    'job.timestamp',
    /^event 1 \(.*\): an event-time job needs a numeric timestamp/,
  ),
];

describe('bad scenarios: exit 2, one line naming the field or file, the earlier result untouched', () => {
  test.each(cases)('$name', async (c) => {
    await expectRefused(h, c);
  });
});
