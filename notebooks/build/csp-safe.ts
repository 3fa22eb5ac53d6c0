// What lets the notebooks run under a Content-Security-Policy without 'unsafe-eval' (issue 14/15 follow-up):
// nothing in the bundle may compile code from strings. Two libraries would:
// - Apache Arrow's builders compile their null check with `new Function` (builder/valid.mjs,
//   createIsValidFunction); the plugin below swaps that one module for the same check as a closure — the same
//   answers (a value is invalid when it is === one of the null values, or is NaN when NaN is one of them).
// - zod compiles object parsers with `new Function` unless told not to; the prelude sets `jitless` before
//   any schema is built (zod then also never probes `new Function`, which a CSP would report).
import type { Plugin } from 'esbuild';

/** The CSP-safe createIsValidFunction, as a module in place of apache-arrow/builder/valid.mjs. */
export const VALID_MODULE = `
export function createIsValidFunction(nullValues) {
  if (!nullValues || nullValues.length <= 0) return function isValid() { return true; };
  const values = nullValues.filter((x) => x === x);
  const nan = values.length !== nullValues.length;
  return function isValid(x) {
    if (nan && x !== x) return false;
    for (let i = 0; i < values.length; i++) if (x === values[i]) return false;
    return true;
  };
}
`;

export const cspSafe: Plugin = {
  name: 'csp-safe',
  setup(b) {
    b.onLoad({ filter: /apache-arrow[\\/]builder[\\/]valid\.m?js$/ }, () => ({ contents: VALID_MODULE, loader: 'js' }));
  },
};
