// Simulated results are byte-identical to those recorded before the lab was scaled (issue 17): every
// catalog scenario at its own size, result.json without `environment`, against
// scenarios/fixtures/catalog-digests.json. A mismatch names the parts that differ.
import { readFileSync } from 'node:fs';
import { catalogNames } from './catalog.ts';
import { type CatalogDigest, catalogResultText, digestOf } from './catalog-digest.ts';

const recorded = JSON.parse(readFileSync(new URL('./fixtures/catalog-digests.json', import.meta.url), 'utf8')) as Record<
  string,
  CatalogDigest
>;

describe('simulated results are byte-identical to the recorded ones', () => {
  test('the fixture covers every catalog scenario', () => {
    expect(Object.keys(recorded).sort()).toEqual(catalogNames());
  });

  test.each(catalogNames())('%s: result.json (environment removed) has the recorded SHA-256', (name) => {
    const now = digestOf(catalogResultText(name));
    const before = recorded[name]!;
    const differ = Object.keys({ ...before.parts, ...now.parts }).filter((p) => before.parts[p] !== now.parts[p]);
    expect(differ).toEqual([]);
    expect(now.sha256).toBe(before.sha256);
  });
});
