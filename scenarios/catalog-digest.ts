// The digest of a catalog scenario's simulated result.json with `environment` removed: one SHA-256 of
// the whole text and one per part (each engine's fields and series), so a change names where it lies.
// scenarios/fixtures/catalog-digests.json holds the digests recorded before the lab was scaled (issue 17), re-recorded
// since only for deliberate changes, each named in its commit (new report fields; checkpoint layout bytes);
// catalog-identical.test.ts checks that every catalog scenario still gives exactly those bytes.
import { createHash } from 'node:crypto';
import { loadScenario } from './catalog.ts';
import { buildResult, type Environment, serializeResult } from './result.ts';
import { runScenario } from './runner.ts';

export interface CatalogDigest {
  /** SHA-256 of the result.json text without `environment`. */
  sha256: string;
  /** Part → the first 16 hex digits of its SHA-256: `oracle`, `engines/<id>/correctness`, `engines/<id>/series/latency`, … */
  parts: Record<string, string>;
}

const ENV: Environment = { node: 'digest', commit: null, startedAt: '2026-01-01T00:00:00.000Z', mode: 'simulated' };

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** The result.json text of `name` (catalog size, simulated), `environment` removed. */
export function catalogResultText(name: string): string {
  const { scenario } = loadScenario(name);
  const parsed = JSON.parse(serializeResult(buildResult(scenario, runScenario(scenario, { mode: 'simulated' }), ENV))) as Record<
    string,
    unknown
  >;
  delete parsed.environment;
  return `${JSON.stringify(parsed, null, 2)}\n`;
}

export function digestOf(text: string): CatalogDigest {
  const r = JSON.parse(text) as Record<string, unknown> & { engines: Array<Record<string, unknown>> };
  const parts: Record<string, string> = {};
  const put = (name: string, v: unknown) => {
    parts[name] = sha(JSON.stringify(v) ?? 'undefined').slice(0, 16);
  };
  for (const [k, v] of Object.entries(r)) if (k !== 'engines') put(k, v);
  for (const e of r.engines) {
    for (const [k, v] of Object.entries(e)) {
      if (k === 'series' && v && typeof v === 'object') for (const [s, sv] of Object.entries(v)) put(`engines/${e.id}/series/${s}`, sv);
      else put(`engines/${e.id}/${k}`, v);
    }
  }
  return { sha256: sha(text), parts };
}
