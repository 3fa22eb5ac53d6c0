// Engine entries on worker threads give exactly what the sequential path gives (results byte-identical
// once the machine's `environment` is removed); a stop request lets the running entries finish and skips
// the rest; a refused entry is the same row.
import { loadScenario } from './catalog.ts';
import { workerCount } from './engine-pool.ts';
import { buildResult, type Environment, serializeResult } from './result.ts';
import { runScenario, runScenarioAsync, setup } from './runner.ts';
import { parseScenario } from './scenario.ts';

const env: Environment = { node: 'test', commit: null, startedAt: '2026-01-01T00:00:00.000Z', mode: 'simulated' };
const text = (r: ReturnType<typeof buildResult>) => {
  const o = JSON.parse(serializeResult(r)) as Record<string, unknown>;
  delete o.environment;
  return JSON.stringify(o);
};

describe('engine entries on worker threads', () => {
  test.each(['nexmark-q5-count', 'crash-recovery', 'late-data-heavy'])('%s: the same result.json as in one thread', async (name) => {
    const { scenario } = loadScenario(name);
    const one = text(buildResult(scenario, runScenario(scenario), env));
    const run = await runScenarioAsync(scenario, { workers: 2 });
    expect(run.engines.map((e) => e.entry.id)).toEqual(scenario.engines.map((e) => e.id));
    expect(text(buildResult(scenario, run, env))).toBe(one);
  });

  test('a stop request finishes the entries running and skips the others (interrupted)', async () => {
    const { scenario } = loadScenario('late-data', { events: 4000 });
    let started = 0;
    const run = await runScenarioAsync(scenario, { workers: 2, onEngineStart: () => started++, shouldStop: () => started >= 2 });
    expect(run.interrupted).toBe(true);
    expect(run.engines.map((e) => e.entry.id)).toEqual(scenario.engines.slice(0, 2).map((e) => e.id));
  });

  test('an entry the model refuses is the same "not supported" row from a worker', async () => {
    const s = parseScenario({
      name: 'count-on-spark',
      title: 'Count windows on Spark',
      question: 'Does a worker report a refused job as a row?',
      workload: { generator: 'sensors', events: 500, rate: 1000 },
      job: { key: 'sensor', window: { kind: 'count', size: 5 }, aggregate: { fn: 'count' } },
      engines: [{ kind: 'event' }, { kind: 'microbatch' }],
    });
    const par = await runScenarioAsync(s, { workers: 2 });
    const row = par.engines[1]!;
    expect(row.supported).toBe(false);
    expect(text(buildResult(s, par, env))).toBe(text(buildResult(s, runScenario(s), env)));
  });

  test('small inputs, real mode and wrapped engines stay in this thread; large simulated ones use the cores', () => {
    const { scenario } = loadScenario('keyed-tumbling-count', { events: 1000 });
    const input = setup(scenario).input;
    expect(workerCount(scenario, input, 'simulated', {})).toBe(0);
    expect(workerCount(scenario, input, 'real', { workers: 2 })).toBe(0);
    expect(workerCount(scenario, input, 'simulated', { workers: 2, wrap: (e) => e })).toBe(0);
    expect(workerCount(scenario, input, 'simulated', { workers: 8 })).toBe(3);
  });
});
