// The shipped catalog (`scenarios/catalog/*.json`) and how a NAME|FILE argument resolves to a scenario:
// a path to an existing file, or else the name of a catalog entry. Reading files is the only I/O here.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../engines/core/errors.ts';
import { parseScenario, type Scenario, type ScenarioOverrides } from './scenario.ts';

export const CATALOG_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'catalog');

export function catalogNames(): string[] {
  return readdirSync(CATALOG_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
}

export interface LoadedScenario {
  scenario: Scenario;
  /** The file it came from; a relative `workload.file.path` resolves against its directory. */
  file: string;
}

/** Resolve NAME|FILE and validate it; InputError (`path: reason`) on anything we cannot run. */
export function loadScenario(nameOrFile: string, overrides: ScenarioOverrides = {}): LoadedScenario {
  const file = resolveScenarioFile(nameOrFile);
  return { scenario: parseScenario(readJson(file), overrides), file };
}

export function resolveScenarioFile(nameOrFile: string): string {
  if (existsSync(nameOrFile) && statSync(nameOrFile).isFile()) return resolve(nameOrFile);
  if (/^[a-z0-9][a-z0-9-]*$/.test(nameOrFile)) {
    const f = resolve(CATALOG_DIR, `${nameOrFile}.json`);
    if (existsSync(f)) return f;
  }
  throw new InputError(nameOrFile, `no such file or catalog scenario (catalog: ${catalogNames().join(', ')})`);
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, `cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(file, `not valid JSON: ${(e as Error).message}`);
  }
}
