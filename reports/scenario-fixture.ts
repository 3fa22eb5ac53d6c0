// For the report tests: run a catalog scenario in-process and build its result with a fixed
// environment, so the rendered page depends only on the scenario and the engines.
import { dirname } from 'node:path';
import { loadScenario } from '../scenarios/catalog.ts';
import { buildResult, type Result } from '../scenarios/result.ts';
import { runScenario } from '../scenarios/runner.ts';
import type { ScenarioOverrides } from '../scenarios/scenario.ts';

export const FIXED_ENVIRONMENT = { node: 'v0.0.0', commit: '0000000', startedAt: '2000-01-01T00:00:00.000Z', mode: 'simulated' } as const;

export function catalogResult(name: string, overrides: ScenarioOverrides = {}): Result {
  const { scenario, file } = loadScenario(name, overrides);
  const run = runScenario(scenario, { baseDir: dirname(file) });
  return buildResult(scenario, run, { ...FIXED_ENVIRONMENT });
}
