// A scenario written as a module (`.ts`, `.mts`, `.js`, `.mjs`): its default export — or an export named
// `scenario` — is the scenario object, which may carry user functions (user-functions.ts). Importing
// runs the user's code, so every failure to load becomes an InputError naming the file.
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { InputError } from '../engines/core/errors.ts';

const MODULE_EXTENSIONS = new Set(['.ts', '.mts', '.js', '.mjs']);

export function isScenarioModule(file: string): boolean {
  return MODULE_EXTENSIONS.has(extname(file).toLowerCase());
}

/** Imports a module by file URL and resolves to its namespace. */
export type ModuleImporter = (url: string) => Promise<unknown>;

/**
 * tsx's `tsImport`: a `.ts` file anywhere, including outside an ESM package (`"type": "module"`), where
 * the plain `import()` of the CLI (bin/streamlab.mjs registers only tsx's ESM hooks) would load it as
 * CommonJS without compiling it. Jest refuses loader hooks, so tests inject their own `import()`.
 */
export const tsxImporter: ModuleImporter = (url) => tsImport(url, import.meta.url);

/** The scenario a module exports (not yet validated); InputError when it cannot be imported or exports none. */
export async function importScenarioModule(file: string, importer: ModuleImporter = tsxImporter): Promise<unknown> {
  let mod: Record<string, unknown>;
  try {
    mod = exportsOf((await importer(pathToFileURL(file).href)) as Record<string, unknown>);
  } catch (e) {
    throw new InputError(file, `cannot load the scenario module: ${e instanceof Error ? e.message : String(e)}`);
  }
  const scenario = mod.default ?? mod.scenario;
  if (scenario === undefined) {
    const names = Object.keys(mod);
    throw new InputError(
      file,
      `the module exports no scenario: give it a default export or an export named "scenario" (it exports ${names.length > 0 ? names.join(', ') : 'nothing'})`,
    );
  }
  return scenario;
}

/** A module compiled to CommonJS arrives as `{default: exports}` with `exports.__esModule`: its own exports are inside. */
function exportsOf(ns: Record<string, unknown>): Record<string, unknown> {
  const inner = ns.default;
  if (typeof inner === 'object' && inner !== null && (inner as { __esModule?: unknown }).__esModule === true) {
    return inner as Record<string, unknown>;
  }
  return ns;
}
