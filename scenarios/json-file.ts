// Reading a JSON file given by the user (a scenario, a trace, a catalog entry): the one place that turns
// a missing file or bad JSON into an InputError naming the file. The CLI and the catalog both use it.
import { readFileSync } from 'node:fs';
import { InputError } from '../engines/core/errors.ts';

/** The parsed contents of `file`; InputError (`file: reason`) when it cannot be read or is not JSON. */
export function readJsonFile(file: string): unknown {
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
