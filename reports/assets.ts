// The browser libraries a report inlines (Vega, Vega-Lite, Vega-Embed), read once per process from
// node_modules. This is the only I/O in reports/: renderReport stays a function of its inputs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The packages' `exports` hide their build folders from require.resolve: read them from the project's node_modules.
const NODE_MODULES = fileURLToPath(new URL('../node_modules/', import.meta.url));

/** In the order they must load: vega-embed expects the `vega` and `vegaLite` globals. */
export const LIBRARIES = [
  { name: 'vega', file: 'vega/build/vega.min.js' },
  { name: 'vega-lite', file: 'vega-lite/build/vega-lite.min.js' },
  { name: 'vega-embed', file: 'vega-embed/build/vega-embed.min.js' },
] as const;

export interface Library {
  name: string;
  version: string;
  code: string;
}

let cache: Library[] | undefined;

/** The minified builds with their versions; cached after the first call. */
export function libraries(): Library[] {
  cache ??= LIBRARIES.map(({ name, file }) => {
    const pkg = JSON.parse(readFileSync(`${NODE_MODULES}${name}/package.json`, 'utf8')) as { version: string };
    return { name, version: pkg.version, code: readFileSync(`${NODE_MODULES}${file}`, 'utf8') };
  });
  return cache;
}

/** Inline-script-safe code: a literal `</script` inside the library would end the element early. */
export function scriptSafe(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1');
}
