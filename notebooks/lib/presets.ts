// Conformance traces (engines/conformance/*.json, bundled into the page) as presets: the page runs
// them through the same runTrace and shows every step, with the upstream test's expectations.
import type { TraceFile } from './trace-builder.ts';
import type { Preset } from './types.ts';

export function presetOf(json: unknown): Preset {
  const file = json as TraceFile;
  return { name: file.name, file };
}
