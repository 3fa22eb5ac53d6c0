// Reading a JSON file given by the user (a scenario, a trace, a catalog entry): the one place that turns
// a missing file or bad JSON into an InputError naming the file. The CLI and the catalog both use it.
import { readFileSync } from 'node:fs';
import { InputError } from '../engines/core/errors.ts';
import { MAX_JSON_DEPTH, tooDeep } from './json-depth.ts';

/** The parsed contents of `file`; InputError (`file: reason`) when it cannot be read or is not JSON. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      file,
      code === undefined || code === 'ERR_ENCODING_INVALID_ENCODED_DATA' ? 'not valid UTF-8 text' : `cannot read file (${code})`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new InputError(file, `not valid JSON: ${(e as Error).message}`);
  }
  // JSON.parse takes any depth; what walks the value afterwards (zod, JSON.stringify) would overflow the stack.
  if (tooDeep(value)) throw new InputError(file, `nested more than ${MAX_JSON_DEPTH} levels deep`);
  return value;
}
