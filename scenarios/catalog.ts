// The shipped catalog (`scenarios/catalog/*.json`) and how a NAME|FILE argument resolves to a scenario:
// a path to an existing file (JSON, or a `.ts`/`.js` module exporting the same shape with user
// functions), or else the name of a catalog entry. Reading files is the only I/O here.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../engines/core/errors.ts';
import { readJsonFile } from './json-file.ts';
import { parseScenario, type Scenario, type ScenarioOverrides } from './scenario.ts';
import { importScenarioModule, isScenarioModule, type ModuleImporter } from './scenario-module.ts';

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

/** Resolve NAME|FILE (a JSON file or catalog name) and validate it; InputError (`path: reason`) on anything we cannot run. */
export function loadScenario(nameOrFile: string, overrides: ScenarioOverrides = {}): LoadedScenario {
  const file = resolveScenarioFile(nameOrFile);
  if (isScenarioModule(file)) throw new InputError(file, 'a scenario module is imported asynchronously: load it with loadScenarioAsync');
  return { scenario: named(file, () => parseScenario(readJsonFile(file), overrides)), file };
}

/** A problem with the scenario as a whole (no field to name) is named by its file. */
function named<T>(file: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof InputError && e.path === '') throw new InputError(file, e.reason);
    throw e;
  }
}

/** The same for any NAME|FILE, including a `.ts` / `.js` scenario module (what `streamlab run` uses). */
export async function loadScenarioAsync(
  nameOrFile: string,
  overrides: ScenarioOverrides = {},
  importer?: ModuleImporter,
): Promise<LoadedScenario> {
  const file = resolveScenarioFile(nameOrFile);
  const raw = isScenarioModule(file) ? await importScenarioModule(file, importer) : readJsonFile(file);
  return { scenario: named(file, () => parseScenario(raw, overrides)), file };
}

export function resolveScenarioFile(nameOrFile: string): string {
  if (existsSync(nameOrFile) && statSync(nameOrFile).isFile()) return resolve(nameOrFile);
  if (/^[a-z0-9][a-z0-9-]*$/.test(nameOrFile)) {
    const f = resolve(CATALOG_DIR, `${nameOrFile}.json`);
    if (existsSync(f)) return f;
  }
  throw new InputError(nameOrFile, `no such file or catalog scenario (catalog: ${catalogNames().join(', ')})`);
}
