// Runs every trace in engines/conformance/ and tabulates passed/failed per engine kind; traces for an
// engine that is not built yet are counted as such, never hidden.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../engines/core/errors.ts';
import { ALL_KINDS, engineModule } from '../engines/registry.ts';
import { parseTrace, runTrace } from '../engines/trace.ts';
import { readJsonFile } from '../scenarios/json-file.ts';

export interface ConformanceRow {
  kind: string;
  traces: number;
  passed: number;
  failed: string[];
  notBuilt: number;
}

export function conformanceDir(root = process.cwd()): string {
  return join(root, 'engines', 'conformance');
}

export function runConformance(dir = conformanceDir()): ConformanceRow[] {
  const rows = new Map<string, ConformanceRow>(ALL_KINDS.map((k) => [k, { kind: k, traces: 0, passed: 0, failed: [], notBuilt: 0 }]));
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const raw = readJsonFile(join(dir, file)) as { engine?: { kind?: string }; expectError?: boolean };
    const kind = String(raw.engine?.kind ?? '?');
    let row = rows.get(kind);
    if (!row) rows.set(kind, (row = { kind, traces: 0, passed: 0, failed: [], notBuilt: 0 }));
    row.traces++;
    if (!engineModule(kind)) {
      row.notBuilt++;
      continue;
    }
    let ok: boolean;
    try {
      ok = runTrace(parseTrace(raw)).failures === 0 && !raw.expectError;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      ok = raw.expectError === true;
    }
    if (ok) row.passed++;
    else row.failed.push(file);
  }
  return [...rows.values()];
}

export function formatConformance(rows: ConformanceRow[]): string {
  const lines = ['engine       traces  passed  failed  not built', '-----------  ------  ------  ------  ---------'];
  for (const r of rows) {
    lines.push(
      `${r.kind.padEnd(11)}  ${String(r.traces).padStart(6)}  ${String(r.passed).padStart(6)}  ${String(r.failed.length).padStart(6)}  ${r.notBuilt > 0 ? `${r.notBuilt} (engine not built yet)` : '0'}`,
    );
    for (const f of r.failed) lines.push(`             failed: ${f}`);
  }
  return lines.join('\n');
}
